"""How numbers read in a briefing: value with unit, qualifier and year; gaps; ranks; sources.

Every number a template prints goes through these functions, so a qualifier
(超, 约, 近 …) or a year is never dropped on the way.
"""

from __future__ import annotations

from .analysis.comparison import CellValue, IndicatorComparison
from .data import Indicator, Observation, Source

MISSING = "—"
PERCENT_UNITS = ("%", "％")
INFERRED_MARK = "*"
INFERRED_NOTE = "标*的数值原文未注明统计年份，年份为推定。"
INFERRED_WORDS = "年份推定"


def fmt_number(value: float, decimals: int) -> str:
    """Return ``value`` with a fixed number of decimals ("2.52", "71")."""
    text = f"{value:.{decimals}f}"
    return "0" if text in ("-0", "-0.0", "-0.00") else text


SCALES = {"万元": (("亿元", 1e4), ("万亿元", 1e8)), "亿元": (("万亿元", 1e4),),
          "元": (("万元", 1e4), ("亿元", 1e8))}


def scale_amount(value: float, unit: str, decimals: int) -> tuple[float, str, int]:
    """Return ``value`` in the unit a reader writes it in (14500亿元 -> 1.45万亿元) with the decimals it needs.

    Only money units scale; the scaled value keeps every digit the unscaled one showed, at most four decimals.
    """
    for bigger, factor in reversed(SCALES.get(unit, ())):
        if abs(value) >= factor:
            scaled = value / factor
            digits = fmt_number(scaled, decimals + 4).rstrip("0").split(".")
            return scaled, bigger, min(4, len(digits[1]) if len(digits) > 1 else 0)
    return value, unit, decimals


def fmt_amount(value: float, unit: str, decimals: int, *, show_unit: bool = True) -> str:
    """Return a number scaled to 万/亿/万亿 as a reader writes it, with its unit when asked."""
    value, unit, decimals = scale_amount(value, unit, decimals)
    number = fmt_number(value, decimals)
    return with_unit(number, unit) if show_unit else number


def with_unit(number: str, unit: str) -> str:
    """Return a formatted number joined with its unit: "2.52%", "第6位", "71家"."""
    if unit == "位":
        return f"第{number}位"
    return f"{number}{unit}"


SUFFIX_QUALIFIERS = ("以上",)


def qualify(qualifier: str, text: str) -> str:
    """Return a value with its qualifier where Chinese puts it: "超2.4万家", "90%以上"."""
    return text + qualifier if qualifier in SUFFIX_QUALIFIERS else qualifier + text


def fmt_observation(obs: Observation, indicator: Indicator, *, year: bool = True, unit: bool = True) -> str:
    """Return one value as printed in prose: "超2.4万家（2023年）", "约18.9万辆（2023年，推算）".

    An inferred year reads "（2023年，年份推定）".

    Prose keeps the precision the source gave (90%, not 90.0%), never more
    than the indicator's decimals; a derived value says so.
    """
    text = qualify(obs.qualifier, fmt_amount(obs.value, indicator.unit, min(indicator.decimals, obs.places),
                                             show_unit=unit))
    marks = ([f"{obs.year}年"] if year else []) + ([INFERRED_WORDS] if year and obs.year_inferred else []) \
        + (["推算"] if obs.derived else [])
    return f"{text}（{'，'.join(marks)}）" if marks else text


def as_predicate(value_text: str) -> str:
    """Return "为" joined with a value as Chinese puts it: "为2.52%", "约为18.9万辆"."""
    return "约为" + value_text[1:] if value_text.startswith("约") else "为" + value_text


def fmt_value(value: float, qualifier: str, indicator: Indicator, *, unit: bool = True) -> str:
    """Return a value at the indicator's decimals with its qualifier (and unit): "超2.4万家", "90.0%以上"."""
    return qualify(qualifier, fmt_amount(value, indicator.unit, indicator.decimals, show_unit=unit))


def fmt_cell(cell: CellValue | None, indicator: Indicator, reference_year: int | None) -> str:
    """Return a table cell: number with qualifier, no unit, its year shown when it differs, * for an inferred year."""
    if cell is None:
        return MISSING
    text = fmt_value(cell.value, cell.qualifier, indicator, unit=False)
    mark = INFERRED_MARK if cell.observation.year_inferred else ""
    if reference_year is not None and cell.year != reference_year:
        return text + f"（{cell.year}{mark}）"
    return text + mark


def fmt_year(obs: Observation) -> str:
    """Return the year as a table shows it: "2023", "2023*" when the year was inferred."""
    return f"{obs.year}{INFERRED_MARK if obs.year_inferred else ''}"


def fmt_target(obs: Observation, indicator: Indicator, *, unit: bool = True) -> str:
    """Return a target (目标值) as printed: "目标：不低于60%", "目标：30%"."""
    number = fmt_number(obs.value, min(indicator.decimals, obs.places))
    text = with_unit(number, indicator.unit) if unit else number
    words = {"超": "高于", "以上": "不低于", "近": "接近", "不足": "低于", "约": "约"}.get(obs.qualifier, "")
    return f"目标：{words}{text}"


def gap_unit(indicator: Indicator) -> str:
    """Return the unit a gap is measured in: 个百分点 for shares, else the indicator's unit."""
    return "个百分点" if indicator.unit in PERCENT_UNITS else indicator.unit


def fmt_gap(amount: float | None, indicator: Indicator) -> str:
    """Return a gap as printed: "3.29个百分点", "2位", "1.2万家"; "—" when unknown."""
    if amount is None:
        return MISSING
    if indicator.unit in PERCENT_UNITS:
        return f"{fmt_number(abs(amount), indicator.decimals)}{gap_unit(indicator)}"
    return fmt_amount(abs(amount), indicator.unit, indicator.decimals).removeprefix("第").removesuffix("位") \
        + ("位" if indicator.unit == "位" else "")


def fmt_multiple(multiple: float | None) -> str:
    """Return a multiple as "1.9倍"; "—" when unknown."""
    return MISSING if multiple is None else f"{multiple:.1f}倍"


def fmt_percent(ratio: float | None, decimals: int = 0) -> str:
    """Return a ratio as a percentage: 0.478 → "47.8%" with decimals=1."""
    return MISSING if ratio is None else f"{ratio * 100:.{decimals}f}%"


def fmt_undetermined(item: IndicatorComparison) -> str:
    """Return in plain words with whom the target's order is undetermined: "与深圳（90%以上）相比高低难以判定"."""
    ind = item.indicator
    others = "、".join(f"{r}（{fmt_value(item.cells[r].value, item.cells[r].qualifier, ind)}）"
                       for r in item.undetermined_regions)
    return f"与{others}相比高低难以判定" if others else ""


def fmt_rank(item: IndicatorComparison) -> str:
    """Return the target's rank with its basis: "第3位（4个有数据地区中）"; "—" when not comparable.

    When the order against some region is undetermined: "位次难以判定（与深圳（90%以上）相比高低难以判定）".
    """
    if item.rank is None:
        undetermined = fmt_undetermined(item) if item.comparable else ""
        return f"位次难以判定（{undetermined}）" if undetermined else MISSING
    n, _ = item.coverage
    years = "，各地年份不一" if item.mixed_years else ""
    return f"{'并列' if item.tied_regions else ''}第{item.rank}位（{n}个有数据地区中{years}）"


def fmt_position(item: IndicatorComparison) -> str:
    """Return the target's standing in words, never a fraction: "居第2位（4个有数据地区中）", "在4个有数据地区中最低".

    "居第N位" only when N is below the number of regions with values; the last place reads "最低" ("最高"
    for a lower-is-better indicator); ties name the regions; an undetermined order says so.
    """
    if item.rank is None:
        return fmt_undetermined(item) if item.comparable else ""
    n, _ = item.coverage
    tied = "、".join(item.tied_regions) if item.tied_regions else ""
    if item.rank == 1:
        return f"与{tied}并列最优" if tied else f"在{n}个有数据地区中居首位"
    if item.rank >= n and not tied:
        return f"在{n}个有数据地区中{'最低' if item.indicator.direction == 'higher' else '最高'}"
    return (f"与{tied}并列" if tied else "居") + f"第{item.rank}位（{n}个有数据地区中）"


def fmt_year_span(years: list[int]) -> str:
    """Return "2023年" or "2022—2023年" for a list of years."""
    ys = sorted(set(years))
    if not ys:
        return ""
    return f"{ys[0]}年" if len(ys) == 1 else f"{ys[0]}—{ys[-1]}年"


def fmt_source(source: Source) -> str:
    """Return a source as cited: 《title》，author，publisher，date，locator."""
    parts = [f"《{source.title}》"]
    parts += [p for p in (source.author, source.publisher, fmt_date(source.date), source.locator) if p]
    return "，".join(parts)


def fmt_date(date: str) -> str:
    """Return an ISO-like date in Chinese: 2024-03 → 2024年3月."""
    parts = [int(p) for p in date.split("-") if p]
    units = ["年", "月", "日"]
    return "".join(f"{p}{u}" for p, u in zip(parts, units))


def source_line(sources: list[Source], prefix: str = "资料来源：") -> str:
    """Return a 资料来源 line citing the given sources (deduplicated, in the order given)."""
    seen: dict[str, Source] = {}
    for s in sources:
        seen.setdefault(s.id, s)
    if not seen:
        return ""
    return prefix + "；".join(fmt_source(s) for s in seen.values()) + "。"


def quoted(text: str) -> str:
    """Return data text wrapped in “…”, its own double quotes turned into ‘…’ so quotes never nest alike."""
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"
