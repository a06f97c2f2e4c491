"""Questions the briefing asks of the comparisons and the data: peers, strengths, weaknesses, series, caveats."""

from __future__ import annotations

from dataclasses import dataclass

from ..data import Dataset, Observation
from .comparison import Comparisons, IndicatorComparison
from .index import ObservationIndex


def peers_with_data(dataset: Dataset, target: str, minimum: int = 1) -> list[str]:
    """Return regions sharing at least ``minimum`` indicators with the target, most shared first."""
    mine = {o.indicator for o in dataset.observations if o.region == target}
    shared: dict[str, set[str]] = {}
    for o in dataset.observations:
        if o.region != target and o.indicator in mine:
            shared.setdefault(o.region, set()).add(o.indicator)
    order = {name: n for n, name in enumerate(dataset.regions)}
    ranked = sorted(shared, key=lambda r: (-len(shared[r]), order[r]))
    return [r for r in ranked if len(shared[r]) >= minimum]


def strengths(comps: Comparisons, n: int = 3) -> list[IndicatorComparison]:
    """Return up to ``n`` comparable indicators where the target's first place is determined, in file order.

    A first place whose order against some region is undetermined (the target's
    90% against another region's "90%以上") has no rank and is left out, and so is
    one among values of different years.
    """
    return [i for i in comps.items if i.comparable and i.rank == 1 and not i.mixed_years][:n]


def weaknesses(comps: Comparisons, n: int = 3) -> list[IndicatorComparison]:
    """Return up to ``n`` comparable indicators with the largest relative shortfall to the best."""
    items = [i for i in comps.items if i.comparable and not i.mixed_years and (i.gap_to_best_rel or 0) > 0]
    items.sort(key=lambda i: -(i.gap_to_best_rel or 0))
    return items[:n]


def measured_gap(comps: Comparisons) -> IndicatorComparison | None:
    """Return the comparable indicator with the largest determined shortfall whose values are all measured.

    Left out: a target value derived (推算) or of an inferred year, a best value derived, and values of
    different years; None when no indicator qualifies. A leader's summary may open with it.
    """
    for item in weaknesses(comps, len(comps.items)):
        t = item.target_cell.observation
        if item.best in (None, item.target) or t.derived or t.year_inferred:
            continue
        if not item.cells[item.best].observation.derived:
            return item
    return None


def key_indicators(comps: Comparisons, n: int = 6) -> list[str]:
    """Return up to ``n`` comparable indicator ids: largest gaps first, then leads, in file order."""
    chosen = [i.indicator.id for i in weaknesses(comps, n)] + [i.indicator.id for i in strengths(comps, n)]
    chosen += [i.indicator.id for i in comps.items if i.comparable]
    keep = list(dict.fromkeys(chosen))[:n]
    return [i.indicator.id for i in comps.items if i.indicator.id in keep]


def series(index: ObservationIndex, indicator: str, regions: list[str]) -> dict[str, dict[int, Observation]]:
    """Return, per region with values, the preferred observation of each year (oldest first)."""
    out = {}
    for region in regions:
        by_year = index.by_year(region, indicator)
        if by_year:
            out[region] = dict(sorted(by_year.items()))
    return out


def has_series(index: ObservationIndex, indicator: str) -> bool:
    """Return True when some region has values for several years of an indicator."""
    years: dict[str, set[int]] = {}
    for o in index.of_indicator(indicator):
        years.setdefault(o.region, set()).add(o.year)
    return any(len(y) > 1 for y in years.values())


def latest_by_region(index: ObservationIndex, indicator: str) -> list[Observation]:
    """Return each region's latest preferred observation of an indicator, regions in first-seen order."""
    regions = list(dict.fromkeys(o.region for o in sorted(index.of_indicator(indicator),
                                                          key=lambda o: (o.year, o.preferred))))
    return [index.latest(r, indicator) for r in regions]


def source_counts(dataset: Dataset) -> dict[str, int]:
    """Return how many observations cite each source."""
    counts: dict[str, int] = {}
    for o in dataset.observations:
        counts[o.source] = counts.get(o.source, 0) + 1
    return counts


@dataclass
class Caveat:
    """A value the appendix explains: a conflict of sources, a qualified value or a derived value."""

    kind: str
    observation: Observation
    others: list[Observation]


def caveats(dataset: Dataset, index: ObservationIndex) -> list[Caveat]:
    """Return, in file order, every conflicting, qualified or derived value."""
    out = []
    for o in dataset.observations:
        if o.preferred:
            others = [x for x in index.rows(o.region, o.indicator) if x.year == o.year and x is not o]
            out.append(Caveat("conflict", o, others))
        elif o.qualifier and not o.derived:
            out.append(Caveat("qualified", o, []))
        if o.derived:
            out.append(Caveat("derived", o, []))
    return out


def inferred_by_source(dataset: Dataset) -> dict[str, list[Observation]]:
    """Return the observations whose year was inferred, grouped by source id in id order."""
    inferred: dict[str, list[Observation]] = {}
    for o in dataset.observations:
        if o.year_inferred:
            inferred.setdefault(o.source, []).append(o)
    return dict(sorted(inferred.items()))
