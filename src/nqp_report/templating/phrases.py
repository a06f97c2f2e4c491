"""Prose phrases built from comparisons: gaps with the qualifier they inherit, "低于深圳…", year bases."""

from __future__ import annotations

from ..analysis import IndicatorComparison
from ..formatting import MISSING, fmt_gap, fmt_position, fmt_undetermined, quoted

CHART_TARGET_NOTE = "深色为{target}。"
CHART_YEAR_NOTE = "年份与参照年份不同的数值已标注年份。"


GAP_WORDS = {"exact": "", "at_least": "至少", "about": "约"}


def qualified_gap(item: IndicatorComparison) -> str:
    """Return the gap to the best as the intervals allow: "3.29个百分点", "至少1200家", "约3位"; "—" when unknown."""
    text = fmt_gap(item.gap_to_best, item.indicator)
    return text if text == MISSING else GAP_WORDS[item.gap_kind] + text


def behind_phrase(item: IndicatorComparison) -> str:
    """Return the target's shortfall as a phrase: "比深圳低2.55个百分点（深圳数值年份为推定）", "比深圳至少低…",
    "落后深圳3位", "低于常州，宁波数值为推算，未计算差距".

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
    word = "低" if ind.direction == "higher" else "高"
    estimate = estimate_note(item)
    if estimate:
        return f"{word}于{item.best}，{estimate}"
    gap = fmt_gap(item.gap_to_best, ind)
    if ind.unit == "位":
        return f"落后{item.best}{GAP_WORDS[item.gap_kind]}{gap}{year_caveat(item)}"
    return f"比{item.best}{GAP_WORDS[item.gap_kind]}{word}{gap}{year_caveat(item)}"


def estimate_note(item: IndicatorComparison) -> str:
    """Return why no gap is given when a compared value is an estimate: "宁波数值为推算，未计算差距"; "" otherwise."""
    derived = [r for r in (item.target, item.best) if r and item.cells[r].observation.derived]
    if not derived:
        return ""
    who = "两地数值均" if len(derived) == 2 else f"{derived[0]}数值"
    return f"{who}为推算，未计算差距"


def year_caveat(item: IndicatorComparison) -> str:
    """Return the best region's year caveat, printed after the gap: "（深圳为2023年数值，年份为推定）", "" when none."""
    best = item.cells[item.best].observation
    parts = [f"{item.best}为{best.year}年数值"] if item.year_differs(item.best) else []
    if best.year_inferred:
        parts.append("年份为推定" if parts else f"{item.best}数值年份为推定")
    return f"（{'，'.join(parts)}）" if parts else ""


def years_differ_phrase(item: IndicatorComparison) -> str:
    """Return why values with no common year are not ordered, the one order of reasons for every document.

    Overlapping intervals come first, because they leave the order open whatever the years:
    "与深圳（90%以上）相比高低难以判定". The remaining regions get the year reason,
    "年份不同（宁波2022年，深圳2023年），不比较高低", worded as a guess when every year named is inferred:
    "年份均为推定且不同（宁波2022年，深圳2023年），不比较高低".
    """
    open_order = item.undetermined_regions
    reasons = [fmt_undetermined(item)] if open_order else []
    dated = [r for r, c in item.cells.items() if c is not None and r not in open_order]
    if len(dated) > 1 and len({item.cells[r].year for r in dated}) > 1:
        years = "，".join(f"{r}{item.cells[r].year}年" for r in dated)
        guessed = all(item.cells[r].observation.year_inferred for r in dated)
        reasons.append(f"{'年份均为推定且不同' if guessed else '年份不同'}（{years}），不比较高低")
    return "；".join(reasons) or fmt_undetermined(item) or "暂无可比数据"


def ahead_regions(item: IndicatorComparison) -> list[str]:
    """Return the regions determined to be better than the target, best first."""
    mine = item.ranks.get(item.target)
    return [r for r in item.ranking if r != item.target and mine is not None
            and item.ranks.get(r) is not None and item.ranks[r] < mine]


def standing_phrase(item: IndicatorComparison) -> str:
    """Return the target's standing: "居第3位（4个有数据地区中）", "低于深圳、苏州、杭州" for the last place,
    "高于苏州、杭州、宁波" for a determined first place,
    "与深圳（90%以上）相比高低难以判定", or "年份不同（…），不比较高低" when the years share none."""
    if item.comparable and item.mixed_years:
        return years_differ_phrase(item)
    n, _ = item.coverage
    if item.rank is not None and item.rank >= n > 1 and not item.tied_regions:
        word = "低于" if item.indicator.direction == "higher" else "高于"
        return word + "、".join(ahead_regions(item))
    if item.rank == 1 and n > 1 and not item.tied_regions and None not in item.ranks.values():
        word = "高于" if item.indicator.direction == "higher" else "低于"
        return word + "、".join(r for r in item.ranking if r != item.target)
    return fmt_position(item) or "暂无可比数据"


def verdict_phrase(item: IndicatorComparison) -> str:
    """Return a comparison table's verdict: the standing, then the gap to the best when it is measured.

    No gap is printed when the target's or the best region's value is derived (推算): a difference
    taken from an estimate would read as a measurement.
    """
    verdict = standing_phrase(item)
    if item.best in (None, item.target) or item.mixed_years:
        return verdict
    if estimate_note(item):
        return verdict + "，" + estimate_note(item)
    if verdict.startswith(("低于", "高于")):
        return verdict + "，与" + item.best + "差" + qualified_gap(item) + year_caveat(item)
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


def year_choice_note(target: str, common_years: list[tuple[str, int]], rows: int) -> str:
    """Return how the target's years were chosen, from the comparison's actual choice: "深圳取最新年份", or
    "R&D经费投入强度按各地区都有数值的共同年份2022年比较（深圳数值后标注年份），其余指标深圳取最新年份"."""
    if not common_years:
        return f"{target}取最新年份"
    by_year: dict[int, list[str]] = {}
    for name, year in common_years:
        by_year.setdefault(year, []).append(name)
    moved = "；".join(f"{'、'.join(names)}按各地区都有数值的共同年份{year}年比较" for year, names in by_year.items())
    rest = f"，其余指标{target}取最新年份" if rows > len(common_years) else ""
    return f"{moved}（{target}数值后标注年份）{rest}"


def year_basis(target: str, reference_year: int | None) -> str:
    """Return how a table's values were chosen by year, as a note's opening clause."""
    if reference_year:
        return f"各地区取{reference_year}年或此前最近年份的数值"
    return f"各指标以{target}最新数据的年份为准，其他地区取同年或此前最近年份的数值"


LESSON_FRAMES = (
    "{region}的做法可为{target}{measures}提供借鉴。",
    "{target}推进{measures}，可参考{region}{practice}的经验。",
    "{region}{practice}的经验，可用于{target}{measures}。",
    "{target}落实{measures}时，可吸收{region}的上述做法。",
)


def measures_phrase(titles: list[str]) -> str:
    """Return the measures a lesson serves: "“甲”", "“甲”和“乙”", "“甲”等3项建议"."""
    q = [quoted(t) for t in titles]
    if len(q) <= 2:
        return "和".join(q)
    return f"{q[0]}等{len(q)}项建议"


def lesson_sentence(target: str, region: str, practice: str, titles: list[str], position: int) -> str:
    """Return the closing sentence of a region's experience, naming the measures its practice supports.

    ``position`` (the section's place among the experience sections) picks the framing, so neighbouring
    sections never close with the same sentence pattern.
    """
    frame = LESSON_FRAMES[position % len(LESSON_FRAMES)]
    return frame.format(target=target, region=region, practice=practice.rstrip("。"),
                        measures=measures_phrase(titles))
