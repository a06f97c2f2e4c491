"""Validate raw tables into records, check references across tables, and build a Dataset."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ..errors import DataError, DataProblem
from .records import (PERCENT_UNITS, fold_width, Indicator, Observation, Practice, Recommendation, Region, Source,
                      plausibility_problem)
from .limits import DEFAULT_LIMITS, Limits
from .tables import RawTable, hidden_rows_note, read_tables

SCHEMAS: dict[str, type[BaseModel]] = {
    "regions": Region,
    "indicators": Indicator,
    "observations": Observation,
    "sources": Source,
    "practices": Practice,
    "recommendations": Recommendation,
}


@dataclass
class Dataset:
    """All records of a valid dataset, in file order, with lookups by key; ``notes`` are 提示 texts from reading."""

    path: Path
    regions: dict[str, Region]
    indicators: dict[str, Indicator]
    observations: list[Observation]
    sources: dict[str, Source]
    practices: list[Practice] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def observations_for(self, region: str, indicator: str) -> list[Observation]:
        """Return the observations of one region and indicator, oldest year first."""
        return sorted(
            (o for o in self.observations if o.region == region and o.indicator == indicator),
            key=lambda o: (o.year, not o.preferred, o.row),
        )

    def dimensions(self) -> list[str]:
        """Return the indicator dimensions in first-seen order."""
        return list(dict.fromkeys(i.dimension for i in self.indicators.values()))

    def as_of_year(self) -> int | None:
        """Return the latest observation year, the dataset's as-of year."""
        return max((o.year for o in self.observations), default=None)

    def coverage(self) -> dict[str, int]:
        """Return, per region in file order, how many indicators have at least one value."""
        seen: dict[str, set[str]] = defaultdict(set)
        for o in self.observations:
            seen[o.region].add(o.indicator)
        return {name: len(seen[name]) for name in self.regions}


_TYPE_MESSAGES = {
    "missing": "缺少该列",
    "int_parsing": "应为整数",
    "float_parsing": "应为数字",
}


def _problem_from_error(table: RawTable, row: int, err: dict) -> DataProblem:
    column = str(err["loc"][0]) if err.get("loc") else None
    if err["type"] == "value_error":
        message = str(err["ctx"]["error"])
    else:
        message = _TYPE_MESSAGES.get(err["type"], err["msg"])
    return DataProblem(table.file, row, column, message)


def _validate_rows(table: RawTable, schema: type[BaseModel], problems: list[DataProblem]) -> list[tuple[int, BaseModel]]:
    required = [n for n, f in schema.model_fields.items() if f.is_required()]
    missing = [c for c in required if c not in table.header]
    for column in missing:
        problems.append(DataProblem(table.file, 1, column, "缺少必需的列"))
    if missing:
        return []
    records = []
    for row, cells in table.rows:
        for column in required:
            if column != "row" and not cells.get(column, "").strip():
                problems.append(DataProblem(table.file, row, column, "必填单元格为空"))
        if any(not cells.get(c, "").strip() for c in required):
            continue
        data = dict(cells, row=row) if "row" in schema.model_fields else cells
        try:
            records.append((row, schema.model_validate(data)))
        except ValidationError as exc:
            problems.extend(_problem_from_error(table, row, e) for e in exc.errors())
    return records


def _unique(table: str, records, key, column: str, problems: list[DataProblem]) -> dict:
    by_key: dict = {}
    for row, rec in records:
        k = key(rec)
        if k in by_key:
            problems.append(DataProblem(table, row, column, f"“{k}”重复（第{by_key[k][0]}行已有）"))
        else:
            by_key[k] = (row, rec)
    return {k: rec for k, (row, rec) in by_key.items()}


def _referable(tables: dict[str, RawTable], recs: dict, name: str, column: str, valid: dict | None) -> set[str] | None:
    """Return the keys a reference may name without a problem: valid rows' keys, plus those of rows
    refused for their own problem (already reported once; a reference to them is not a second cause)."""
    if valid is None:
        return None
    accepted = {row for row, _ in recs[name]}
    refused = {cells.get(column, "") for row, cells in tables[name].rows if row not in accepted}
    return set(valid) | {k.strip() for k in refused} | {fold_width(k) for k in refused}


def _check_refs(file: str, row: int, column: str, ids, known, what: str, problems: list[DataProblem]) -> None:
    if known is None:  # the referenced table could not be read: its problem is already reported
        return
    for i in ids:
        if i and i not in known:
            problems.append(DataProblem(file, row, column, f"{what}“{i}”不存在"))


def _check_practice_regions(file: str, row: int, rec, practices: dict, problems: list[DataProblem]) -> None:
    """Report each linked practice whose region is neither among the benchmarks nor the recommendation's own region."""
    for pid in rec.practices:
        p = practices.get(pid)
        if p is not None and p.region not in rec.benchmarks and p.region != rec.region:
            problems.append(DataProblem(file, row, "practices", f"典型经验“{pid}”的地区“{p.region}”不在本行 benchmarks 列中；"
                                        "请把该地区加入 benchmarks，或去掉这条经验"))


def _value_problem(o: Observation, indicator: Indicator) -> str | None:
    """Return why a value does not fit its indicator (a % on a non-% unit, implausible), or None."""
    if o.percent and indicator.unit not in PERCENT_UNITS:
        return (f"单位是“{indicator.unit}”，但数值带百分号（或 Excel 单元格是百分比格式），"
                f"读作 {o.value:g}% 会把数值放大 100 倍；请去掉百分号或把单元格改为“常规”格式后填写原数")
    return plausibility_problem(o.value, indicator)


def _future_year_problem(o: Observation, source: Source) -> str | None:
    """Return why an actual value's year is impossible: after the year its source was published; else None."""
    published = int(source.date[:4])
    if o.is_target or o.year <= published:
        return None
    return (f"年份 {o.year} 晚于来源“{source.id}”的发布年份 {published}：统计数值不可能来自来源发布之后的年份；"
            f"请核对年份或来源日期，规划目标请在 kind 列写“目标值”")


def _check_conflicts(file: str, observations: list[tuple[int, Observation]], problems: list[DataProblem]) -> None:
    groups: dict[tuple, list[tuple[int, Observation]]] = defaultdict(list)
    for row, o in observations:
        groups[(o.region, o.indicator, o.year)].append((row, o))
    for (region, indicator, year), rows in groups.items():
        if len(rows) < 2:
            continue
        lines = "、".join(f"第{r}行" for r, _ in rows)
        values = {(o.value, o.qualifier) for _, o in rows}
        if len(values) < len(rows):
            problems.append(DataProblem(file, rows[-1][0], None,
                f"{region}“{indicator}”{year}年的同一数值重复出现（{lines}）"))
            continue
        preferred = [r for r, o in rows if o.preferred]
        if len(preferred) != 1:
            problems.append(DataProblem(file, rows[0][0], "preferred",
                f"{region}“{indicator}”{year}年有 {len(rows)} 个不同数值（{lines}），"
                f"须恰好一行标为 preferred=yes，现有 {len(preferred)} 行"))


def validate_tables(tables: dict[str, RawTable], problems: list[DataProblem]) -> dict[str, list]:
    """Return validated records per table; every problem found is appended."""
    return {
        name: _validate_rows(tables[name], SCHEMAS[name], problems) if name in tables else []
        for name in SCHEMAS
    }


def load_dataset(path: str | Path, limits: Limits | None = None) -> Dataset:
    """Return the dataset at ``path`` (folder of CSV or .xlsx); raise DataError listing all problems.

    ``limits`` bounds file size, rows and cell length (DEFAULT_LIMITS when None).
    """
    path = Path(path)
    problems: list[DataProblem] = []
    if not path.exists():
        raise DataError([DataProblem(str(path), None, None, "数据路径不存在")])
    tables = read_tables(path, problems, limits or DEFAULT_LIMITS)
    recs = validate_tables(tables, problems)
    files = {name: (tables[name].file if name in tables else f"{name}.csv") for name in SCHEMAS}

    regions = _unique(files["regions"], recs["regions"], lambda r: r.name, "name", problems)
    indicators = _unique(files["indicators"], recs["indicators"], lambda r: r.id, "id", problems)
    sources = _unique(files["sources"], recs["sources"], lambda r: r.id, "id", problems)
    _unique(files["recommendations"], recs["recommendations"], lambda r: r.id, "id", problems)

    regions, indicators, sources = (d if n in tables else None for n, d in
                                    (("regions", regions), ("indicators", indicators), ("sources", sources)))
    region_keys, indicator_keys, source_keys = (
        _referable(tables, recs, name, column, valid) for name, column, valid in
        (("regions", "name", regions), ("indicators", "id", indicators), ("sources", "id", sources)))
    f = files["observations"]
    for row, o in recs["observations"]:
        _check_refs(f, row, "region", [o.region], region_keys, "地区", problems)
        _check_refs(f, row, "indicator", [o.indicator], indicator_keys, "指标", problems)
        _check_refs(f, row, "source", [o.source], source_keys, "来源", problems)
        if indicators and o.indicator in indicators and (why := _value_problem(o, indicators[o.indicator])):
            problems.append(DataProblem(f, row, "value", f"指标“{o.indicator}”的{why}"))
        if sources and o.source in sources and (why := _future_year_problem(o, sources[o.source])):
            problems.append(DataProblem(f, row, "year", why))
    _check_conflicts(f, recs["observations"], problems)
    f = files["practices"]
    practice_ids = _unique(f, [(row, p) for row, p in recs["practices"] if p.id], lambda p: p.id, "id", problems)
    for row, p in recs["practices"]:
        _check_refs(f, row, "region", [p.region], region_keys, "地区", problems)
        _check_refs(f, row, "source", [p.source], source_keys, "来源", problems)
    f = files["recommendations"]
    for row, r in recs["recommendations"]:
        _check_refs(f, row, "benchmarks", r.benchmarks, region_keys, "地区", problems)
        _check_refs(f, row, "region", [r.region], region_keys, "地区", problems)
        _check_refs(f, row, "indicators", r.indicators, indicator_keys, "指标", problems)
        _check_refs(f, row, "source", [r.source], source_keys, "来源", problems)
        _check_refs(f, row, "practices", r.practices,
                    practice_ids if "practices" in tables else None, "典型经验编号（practices.csv 的 id 列）", problems)
        _check_practice_regions(f, row, r, {p.id: p for _, p in recs["practices"] if p.id}, problems)

    if problems:
        raise DataError(problems)
    assert regions is not None and indicators is not None and sources is not None
    return Dataset(
        path=path,
        regions=regions,
        indicators=indicators,
        observations=[o for _, o in recs["observations"]],
        sources=sources,
        practices=[p for _, p in recs["practices"]],
        recommendations=[r for _, r in recs["recommendations"]],
        notes=[hidden_rows_note(tables[n]) for n in SCHEMAS if n in tables and tables[n].hidden_rows],
    )
