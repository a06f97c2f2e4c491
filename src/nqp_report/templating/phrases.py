"""Prose phrases built from comparisons: gaps with the qualifier they inherit, "低于深圳…", year bases."""

from __future__ import annotations

from ..analysis import IndicatorComparison
from ..formatting import MISSING, fmt_gap

CHART_TARGET_NOTE = "深色为{target}；年份与参照年份不同的数值已标注年份。"
BOUNDS_ABOVE = ("超", "以上")


def gap_qualifier(item: IndicatorComparison) -> str:
    """Return the qualifier a gap inherits from its two values: 超 when the best is a lower bound, 约 otherwise."""
    t = item.target_cell
    b = item.cells.get(item.best) if item.best else None
    if t is None or b is None or not (t.qualifier or b.qualifier):
        return ""
    if b.qualifier in BOUNDS_ABOVE and t.qualifier in ("", "不足", "近"):
        return "超"
    return "约"


def qualified_gap(item: IndicatorComparison) -> str:
    """Return the gap to the best with the qualifier it inherits: "1200家以上", "约3位"."""
    q = gap_qualifier(item)
    text = fmt_gap(item.gap_to_best, item.indicator)
    if q == "超":
        return text + "以上"
    return q + text


def behind_phrase(item: IndicatorComparison) -> str:
    """Return the target's shortfall as a phrase: "低于深圳3.29个百分点", "落后深圳3位", "处于领先"."""
    if not item.comparable or item.best in (None, item.target):
        return "处于领先" if item.rank == 1 else "暂无可比数据"
    ind = item.indicator
    verb = "落后" if ind.unit == "位" else ("低于" if ind.direction == "higher" else "高于")
    year = f"（{item.cells[item.best].year}年）" if item.year_differs(item.best) else ""
    return f"{verb}{item.best}{year}{qualified_gap(item)}"


def median_gap_phrase(item: IndicatorComparison) -> str:
    """Return the gap to the median peer: "1.20个百分点", "约…" when a value is qualified."""
    text = fmt_gap(item.gap_to_median, item.indicator)
    return "约" + text if item.qualified and text != MISSING else text


def year_basis(target: str, reference_year: int | None) -> str:
    """Return how a table's values were chosen by year, as a note's opening clause."""
    if reference_year:
        return f"各地区取{reference_year}年或此前最近年份的数值"
    return f"各指标以{target}最新数据的年份为准，其他地区取同年或此前最近年份的数值"
