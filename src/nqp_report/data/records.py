"""The dataset's record types and the schema every row is checked against.

Each class validates one row of one table. Cell values arrive as text (from CSV
or a workbook); validators normalise them (full-width digits, thousands
separators, a trailing %) and raise ``ValueError`` with a Chinese message,
which :mod:`nqp_report.data.loader` turns into a problem naming file, row and
column.
"""

from __future__ import annotations

import re
import unicodedata

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from .cells import foreign_digit_problem

QUALIFIERS = ("约", "超", "近", "以上", "不足")
LEVELS = ("城市", "省", "国家", "园区", "国际")
DIRECTIONS = ("higher", "lower")
HORIZONS = ("近期", "中期", "长期")
KINDS = ("实际值", "目标值")
PRIORITIES = ("高", "中", "低")
INFERRED_YEAR_WORDS = ("未注明统计年份", "年份按上下文", "年份推定")
PERCENT_UNITS = ("%", "％")
RANK_UNIT = "位"

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$", re.ASCII)
_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def normalise_text(value: object) -> str:
    """Return a cell as stripped text (Chinese punctuation is kept as written)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\u200b", "").replace("\ufeff", "").strip()


def fold_width(value: object) -> str:
    """Return a cell as text with full-width digits, letters and signs folded to ASCII (NFKC)."""
    return unicodedata.normalize("NFKC", normalise_text(value)).strip()


def parse_number(text: str) -> float:
    """Return the number in ``text``; accepts thousands separators and a trailing %."""
    if (why := foreign_digit_problem(text)) is not None:
        raise ValueError(why)
    s = fold_width(text)
    if re.search(r"[\d.,]\s+[\d.,]", s):
        raise ValueError(f"“{text}”的数字之间有空格，无法确定数值；请删去空格后重填")
    s = s.replace(" ", "").removesuffix("%")
    if _THOUSANDS.match(s):
        s = s.replace(",", "")
    if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+", s):
        raise ValueError(f"“{text}”是科学计数法，请写成普通小数（如 0.0025、12000）")
    if not _NUMBER.match(s) or len(s) > 20:
        raise ValueError(f"“{text}”不是数字" + ("（不超过 20 位）" if _NUMBER.match(s) else ""))
    return float(s)


def decimal_places(text: str) -> int:
    """Return how many digits follow the decimal point in a number as written ("2.52%" → 2, "90" → 0)."""
    s = fold_width(text).replace(" ", "").removesuffix("%")
    _, dot, frac = s.partition(".")
    return len(frac) if dot and frac.isdigit() else 0


def split_qualifier(text: str) -> tuple[str, str]:
    """Return (qualifier, rest) when ``text`` starts with a qualifier such as 超 or 约."""
    s = normalise_text(text)
    for q in sorted(QUALIFIERS, key=len, reverse=True):
        if s.startswith(q):
            return q, s[len(q):].strip()
    return "", s


def plausibility_problem(value: float, indicator: Indicator) -> str | None:
    """Return why ``value`` is implausible for ``indicator`` (unit range, integer rank), or None when it is fine."""
    low, high = indicator.allowed_range()
    unit = indicator.unit or "无单位"
    if indicator.unit == RANK_UNIT and not float(value).is_integer():
        return f"数值{value:g}不是整数：位次类指标（单位“位”）应为不小于1的整数"
    if (low is not None and value < low) or (high is not None and value > high):
        allowed = f"{_g(low) if low is not None else '不限'}～{_g(high) if high is not None else '不限'}"
        origin = "indicators.csv 中该指标的 min/max" if (indicator.min, indicator.max) != (None, None) else f"单位“{unit}”"
        return f"数值{value:g}超出允许范围{allowed}（按{origin}；确有例外请在 indicators.csv 填写 min/max 列）"
    return None


def _g(x: float) -> str:
    return f"{x:g}"


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise ValueError(f"{what}“{value}”无效，应为：{'、'.join(allowed)}")
    return value


def _id_list(value: str) -> tuple[str, ...]:
    parts = re.split(r"[;；]", normalise_text(value))
    return tuple(p.strip() for p in parts if p.strip())


class Record(BaseModel):
    """Common configuration: immutable, extra columns ignored, text normalised."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    @field_validator("*", mode="before")
    @classmethod
    def _normalise(cls, value: object) -> object:
        if value is None or isinstance(value, str):
            return normalise_text(value)
        return value


class Region(Record):
    """A region compared in the briefing: a city, province, park or foreign city."""

    name: str
    level: str
    note: str = ""

    @field_validator("level")
    @classmethod
    def _level(cls, v: str) -> str:
        return _choice(v, LEVELS, "级别")


class Indicator(Record):
    """An indicator with its unit, dimension, 口径 (definition) and better direction."""

    id: str
    name: str
    unit: str = ""
    dimension: str
    definition: str
    direction: str
    decimals: int = 1
    concept: str = ""
    min: float | None = None
    max: float | None = None

    @field_validator("min", "max", mode="plain")
    @classmethod
    def _bound(cls, v: object) -> float | None:
        s = fold_width(v)
        return None if s == "" else parse_number(s)

    @model_validator(mode="after")
    def _bounds_in_order(self) -> "Indicator":
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min（{self.min:g}）大于 max（{self.max:g}）")
        return self

    def allowed_range(self) -> tuple[float | None, float | None]:
        """Return the plausible (min, max) of a value: declared bounds, else by unit (None = unbounded)."""
        low, high = (0.0, 100.0) if self.unit in PERCENT_UNITS else ((1.0, None) if self.unit == RANK_UNIT else (0.0, None))
        return (self.min if self.min is not None else low, self.max if self.max is not None else high)

    @field_validator("id", mode="before")
    @classmethod
    def _slug(cls, v: object) -> str:
        v = fold_width(v)
        if not _SLUG.match(v):
            raise ValueError(f"指标编号“{v}”无效，应为小写英文字母开头、只含小写字母、数字和下划线")
        return v

    @field_validator("direction")
    @classmethod
    def _direction(cls, v: str) -> str:
        return _choice(fold_width(v).lower(), DIRECTIONS, "方向")

    @field_validator("decimals", mode="before")
    @classmethod
    def _decimals(cls, v: object) -> int:
        s = fold_width(v)
        if s == "":
            return 1
        if not s.isdigit() or int(s) > 6:
            raise ValueError(f"小数位数“{s}”无效，应为0到6的整数")
        return int(s)


class Observation(Record):
    """One value of one indicator for one region and year, with its qualifier and source."""

    region: str
    indicator: str
    year: int
    value: float
    qualifier: str = ""
    kind: str = "实际值"
    source: str
    note: str = ""
    year_basis: str = ""
    preferred: bool = False
    row: int = 0
    places: int = 0
    percent: bool = Field(default=False, exclude=True)

    @model_validator(mode="before")
    @classmethod
    def _qualifier_in_value(cls, data: object) -> object:
        """Move a qualifier written into the value cell (超2.4) to the qualifier column; keep the precision given."""
        if isinstance(data, dict):
            q, rest = split_qualifier(normalise_text(data.get("value")))
            if q and split_qualifier(rest)[0]:
                return data  # two qualifiers: the value validator names the column
            given = normalise_text(data.get("qualifier"))
            if q and given and q != given:
                raise ValueError(f"数值中的限定词“{q}”与“qualifier”列的“{given}”不一致")
            data = {**data, "places": decimal_places(rest), "percent": fold_width(rest).endswith("%")}
            if q:
                data = {**data, "value": rest, "qualifier": given or q}
        return data

    @property
    def year_inferred(self) -> bool:
        """Return True when the year was inferred (``year_basis`` says how), not stated in the source."""
        return bool(self.year_basis)

    @property
    def is_target(self) -> bool:
        """Return True for a policy target or floor (目标值), which is never ranked with actual values."""
        return self.kind == "目标值"

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, v: object) -> str:
        s = normalise_text(v)
        return "实际值" if s == "" else _choice(s, KINDS, "数值类型（kind）")

    @field_validator("year_basis")
    @classmethod
    def _inferred_year_is_declared(cls, v: str, info: ValidationInfo) -> str:
        note = info.data.get("note", "")
        words = [w for w in INFERRED_YEAR_WORDS if w in note]
        if words and not v:
            raise ValueError(f"备注写有“{words[0]}”，但 year_basis 列为空：推定的年份须在 year_basis 列写明推定依据")
        return v

    @property
    def derived(self) -> bool:
        """Return True when the note says the value was derived (推算) rather than reported."""
        return "推算" in self.note

    @field_validator("year", mode="before")
    @classmethod
    def _year(cls, v: object) -> int:
        if (why := foreign_digit_problem(normalise_text(v))) is not None:
            raise ValueError(why)
        s = fold_width(v).removesuffix("年")
        if not s.isdigit() or not 1949 <= int(s) <= 2100:
            raise ValueError(f"年份“{s}”无效，应为四位数年份，如2023")
        return int(s)

    @field_validator("value", mode="before")
    @classmethod
    def _value(cls, v: object) -> float:
        text = normalise_text(v)
        first, rest = split_qualifier(text)
        second = split_qualifier(rest)[0] if first else ""
        if second:
            raise ValueError(f"数值“{text}”含两个限定词（{first}、{second}），只能有一个：约、超、近、以上、不足选其一")
        return parse_number(text)

    @field_validator("qualifier")
    @classmethod
    def _qualifier(cls, v: str) -> str:
        return v if v == "" else _choice(v, QUALIFIERS, "限定词")

    @field_validator("preferred", mode="before")
    @classmethod
    def _preferred(cls, v: object) -> bool:
        s = fold_width(v).lower()
        if s in ("", "no", "否"):
            return False
        if s in ("yes", "是", "y", "true", "1"):
            return True
        raise ValueError(f"“{s}”无效，应为 yes 或留空")

    @field_validator("row", mode="before")
    @classmethod
    def _row(cls, v: object) -> int:
        return int(v) if v else 0


class Source(Record):
    """A source document; every observation, practice and recommendation cites one."""

    id: str
    title: str
    author: str = ""
    publisher: str = ""
    date: str
    locator: str = ""
    url: str = ""
    note: str = ""  # the editor's remark on the source; kept in the data, never printed

    @field_validator("date")
    @classmethod
    def _date(cls, v: str) -> str:
        v = fold_width(v).replace("/", "-").replace(".", "-")
        if not _DATE.match(v):
            raise ValueError(f"日期“{v}”无效，应为 YYYY、YYYY-MM 或 YYYY-MM-DD")
        return v


class Practice(Record):
    """What a benchmark region did (典型经验); ``id`` lets a recommendation cite it."""

    id: str = ""
    region: str
    dimension: str
    title: str
    text: str
    source: str


class Recommendation(Record):
    """An ask (对策建议) with its horizon, inspiring regions and measuring indicators.

    ``region`` (optional) is the region the ask is addressed to; blank means any target.
    """

    id: str
    dimension: str
    title: str
    text: str
    horizon: str
    benchmarks: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    source: str = ""
    region: str = ""
    lead: str = ""
    target_value: float | None = None
    target_year: int | None = None
    priority: str = ""
    practices: tuple[str, ...] = ()

    @field_validator("horizon")
    @classmethod
    def _horizon(cls, v: str) -> str:
        return _choice(v, HORIZONS, "期限")

    @field_validator("benchmarks", "indicators", "practices", mode="before")
    @classmethod
    def _lists(cls, v: object) -> tuple[str, ...]:
        return _id_list(normalise_text(v))

    @field_validator("priority")
    @classmethod
    def _priority(cls, v: str) -> str:
        return v if v == "" else _choice(v, PRIORITIES, "优先级（priority）")

    @model_validator(mode="before")
    @classmethod
    def _blank_targets(cls, data: object) -> object:
        """Drop blank target cells so that they take their default (no target)."""
        if isinstance(data, dict):
            return {k: v for k, v in data.items()
                    if not (k in ("target_value", "target_year") and normalise_text(v) == "")}
        return data

    @field_validator("target_value", mode="before")
    @classmethod
    def _target_value(cls, v: object) -> float:
        return parse_number(normalise_text(v))

    @field_validator("target_year", mode="before")
    @classmethod
    def _target_year(cls, v: object) -> int:
        text = fold_width(normalise_text(v))
        if not re.fullmatch(r"\d{4}", text) or not 1949 <= int(text) <= 2100:
            raise ValueError(f"目标年份“{text}”无效，应为1949～2100之间的四位年份")
        return int(text)

    @field_validator("target_year")
    @classmethod
    def _year_needs_value(cls, v: int | None, info: ValidationInfo) -> int | None:
        if v is not None and "target_value" in info.data and info.data["target_value"] is None:
            raise ValueError("填写了目标年份（target_year）却没有目标值（target_value）")
        return v

