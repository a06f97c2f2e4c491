"""Prose phrases built from comparisons: gaps with the qualifier they inherit, "低于深圳…", year bases."""

from __future__ import annotations

from ..analysis import IndicatorComparison
from ..formatting import MISSING, fmt_gap, fmt_position, fmt_undetermined

CHART_TARGET_NOTE = "深色为{target}。"
CHART_YEAR_NOTE = "年份与参照年份不同的数值已标注年份。"


GAP_WORDS = {"exact": "", "at_least": "至少", "about": "约"}


def qualified_gap(item: IndicatorComparison) -> str:
    """Return the gap to the best as the intervals allow: "3.29个百分点", "至少1200家", "约3位"; "—" when unknown."""
    text = fmt_gap(item.gap_to_best, item.indicator)
    return text if text == MISSING else GAP_WORDS[item.gap_kind] + text


def behind_phrase(item: IndicatorComparison) -> str:
    """Return the target's shortfall as a phrase: "低于深圳3.29个百分点", "比深圳至少低3.29个百分点", "落后深圳3位".

    "处于领先" only for a determined first place; "与深圳（90%以上）相比高低难以判定"
    when the order against the best candidate is undetermined.
    """
    if not item.comparable:
        return "暂无可比数据"
    if item.mixed_years:
        return years_differ_phrase(item)
    if item.best is None or (item.best == item.target and item.rank is None):
        return fmt_undetermined(item) or "暂无可比数据"
    if item.best == item.target:
        return "与对标地区并列最优" if item.tied_regions else "处于领先"
    ind = item.indicator
    if item.target_cell.observation.derived or item.cells[item.best].observation.derived:
        return f"{'低' if ind.direction == 'higher' else '高'}于{item.best}（推算值，不计差距）"
    best = item.cells[item.best].observation
    inferred = "，年份推定" if best.year_inferred else ""
    year = f"（{best.year}年{inferred}）" if item.year_differs(item.best) else f"（{inferred[1:]}）" if inferred else ""
    gap = fmt_gap(item.gap_to_best, ind)
    if ind.unit == "位":
        return f"落后{item.best}{year}{GAP_WORDS[item.gap_kind]}{gap}"
    word = "低" if ind.direction == "higher" else "高"
    if item.gap_kind == "at_least":
        return f"比{item.best}{year}至少{word}{gap}"
    return f"{word}于{item.best}{year}{GAP_WORDS[item.gap_kind]}{gap}"


def years_differ_phrase(item: IndicatorComparison) -> str:
    """Return "年份不同（宁波2022年，深圳2023年），不比较高低" for values of different years with no common year."""
    years = "，".join(f"{r}{c.year}年" for r, c in item.cells.items() if c is not None)
    return f"年份不同（{years}），不比较高低"


def ahead_regions(item: IndicatorComparison) -> list[str]:
    """Return the regions determined to be better than the target, best first."""
    mine = item.ranks.get(item.target)
    return [r for r in item.ranking if r != item.target and mine is not None
            and item.ranks.get(r) is not None and item.ranks[r] < mine]


def standing_phrase(item: IndicatorComparison) -> str:
    """Return the target's standing: "居第3位（4个有数据地区中）", "低于深圳、苏州、杭州" for the last place,
    "与深圳（90%以上）相比高低难以判定", or "年份不同（…），不比较高低" when the years share none."""
    if item.comparable and item.mixed_years:
        return years_differ_phrase(item)
    n, _ = item.coverage
    if item.rank is not None and item.rank >= n > 1 and not item.tied_regions:
        word = "低于" if item.indicator.direction == "higher" else "高于"
        return word + "、".join(ahead_regions(item))
    return fmt_position(item) or "暂无可比数据"


def verdict_phrase(item: IndicatorComparison) -> str:
    """Return a comparison table's verdict: the standing, then the gap to the best when it is measured.

    No gap is printed when the target's or the best region's value is derived (推算): a difference
    taken from an estimate would read as a measurement.
    """
    verdict = standing_phrase(item)
    if item.best in (None, item.target) or item.mixed_years:
        return verdict
    if item.target_cell.observation.derived or item.cells[item.best].observation.derived:
        return verdict + "（推算值，不计差距）"
    if verdict.startswith(("低于", "高于")):
        return verdict + "，与" + item.best + "差" + qualified_gap(item)
    return verdict + "，" + behind_phrase(item)


def rank_cell(item: IndicatorComparison) -> str:
    """Return a table's rank cell in words: "第2位", "并列第1位", "最低"; "—" when undetermined or of mixed years."""
    if item.rank is None or item.mixed_years:
        return MISSING
    n, _ = item.coverage
    if item.rank >= n > 1 and not item.tied_regions:
        return "最低" if item.indicator.direction == "higher" else "最高"
    return ("并列" if item.tied_regions else "") + f"第{item.rank}位"


def median_gap_phrase(item: IndicatorComparison) -> str:
    """Return the gap to the median peer: "1.20个百分点", "约…" when a value is qualified."""
    text = fmt_gap(item.gap_to_median, item.indicator)
    return "约" + text if item.qualified and text != MISSING else text


def year_basis(target: str, reference_year: int | None) -> str:
    """Return how a table's values were chosen by year, as a note's opening clause."""
    if reference_year:
        return f"各地区取{reference_year}年或此前最近年份的数值"
    return f"各指标以{target}最新数据的年份为准，其他地区取同年或此前最近年份的数值"
