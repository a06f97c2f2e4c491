"""Comparisons of a target region with its peers: pure functions over records, no I/O.

For each indicator: the value compared for each region (the reference year
when given, else the target's latest year, each region taking that year or the
nearest earlier one, and each cell keeping its own year, qualifier and
source; when the years then differ, the latest year all of them share;
``mixed_years`` is left set only when they share none, and the documents
then print no rank), the target's rank among the regions with values
(direction-aware),
gaps to the best and to the median peer, the multiple of the best over the
target, coverage (n of N) and flags for mixed years and sibling 口径.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from ..data import Dataset, Indicator, Observation
from .index import ObservationIndex, chosen_year, preferred_observation
from .intervals import Interval, gap_interval, gap_kind, interval_of, order


@dataclass(frozen=True)
class CellValue:
    """The value shown for one region: the chosen observation and any conflicting alternatives."""

    region: str
    observation: Observation
    alternatives: tuple[Observation, ...] = ()

    @property
    def value(self) -> float:
        """Return the numeric value."""
        return self.observation.value

    @property
    def year(self) -> int:
        """Return the year the value refers to."""
        return self.observation.year

    @property
    def qualifier(self) -> str:
        """Return the qualifier (超, 约, …) or ""."""
        return self.observation.qualifier

    @property
    def interval(self) -> Interval:
        """Return the interval the value stands for (see :mod:`nqp_report.analysis.intervals`)."""
        return interval_of(self.value, self.qualifier)


@dataclass
class IndicatorComparison:
    """How the target stands on one indicator against its peers."""

    indicator: Indicator
    target: str
    peers: list[str]
    cells: dict[str, CellValue | None]
    reference_year: int | None
    ranking: list[str] = field(default_factory=list)
    rank: int | None = None
    best: str | None = None
    median_peer: float | None = None
    gap_to_best: float | None = None
    gap_to_best_rel: float | None = None
    gap_to_median: float | None = None
    gap_to_median_rel: float | None = None
    multiple: float | None = None
    mixed_years: bool = False
    qualified: bool = False
    concept_siblings: list[str] = field(default_factory=list)
    ranks: dict[str, int | None] = field(default_factory=dict)
    gap_kind: str = "exact"
    targets: dict[str, Observation] = field(default_factory=dict)

    @property
    def regions(self) -> list[str]:
        """Return the target followed by the peers."""
        return [self.target] + self.peers

    @property
    def coverage(self) -> tuple[int, int]:
        """Return (regions with a value, regions compared)."""
        return sum(1 for c in self.cells.values() if c is not None), len(self.cells)

    @property
    def target_cell(self) -> CellValue | None:
        """Return the target's cell, or None when it has no value."""
        return self.cells.get(self.target)

    @property
    def comparable(self) -> bool:
        """Return True when the target and at least one peer have values."""
        return self.target_cell is not None and self.coverage[0] >= 2

    @property
    def tied_regions(self) -> list[str]:
        """Return the other regions whose value ties with the target's (both exact and equal)."""
        t = self.target_cell
        if t is None:
            return []
        return [r for r, c in self.cells.items()
                if r != self.target and c is not None and order(t.interval, c.interval, self.indicator.direction) == 0]

    @property
    def undetermined_regions(self) -> list[str]:
        """Return the regions with values whose order against the target cannot be determined."""
        t = self.target_cell
        if t is None:
            return []
        return [r for r, c in self.cells.items()
                if r != self.target and c is not None and order(t.interval, c.interval, self.indicator.direction) is None]

    def year_differs(self, region: str) -> bool:
        """Return True when ``region``'s value is not of the reference year."""
        cell = self.cells.get(region)
        return cell is not None and self.reference_year is not None and cell.year != self.reference_year


@dataclass
class Comparisons:
    """All indicator comparisons of one target with its peers, in indicator file order."""

    target: str
    peers: list[str]
    reference_year: int | None
    items: list[IndicatorComparison]
    index: ObservationIndex | None = None

    def by_id(self, indicator_id: str) -> IndicatorComparison:
        """Return the comparison of one indicator; KeyError if unknown."""
        for item in self.items:
            if item.indicator.id == indicator_id:
                return item
        raise KeyError(indicator_id)

    def by_dimension(self) -> dict[str, list[IndicatorComparison]]:
        """Return the comparisons grouped by dimension, in first-seen order."""
        groups: dict[str, list[IndicatorComparison]] = {}
        for item in self.items:
            groups.setdefault(item.indicator.dimension, []).append(item)
        return groups


def choose_cell(observations: list[Observation], reference_year: int | None,
                strict: bool = False) -> CellValue | None:
    """Return the cell for one region's observations of one indicator, None when there is none.

    The latest year not after ``reference_year`` (see :func:`chosen_year`; with
    ``strict`` no later year is ever used); among rows of one year, the preferred
    row, the others kept as alternatives.
    """
    year = chosen_year({o.year for o in observations}, reference_year, strict)
    if year is None:
        return None
    rows = [o for o in observations if o.year == year]
    chosen = preferred_observation(rows)
    return CellValue(chosen.region, chosen, tuple(o for o in rows if o is not chosen))


def common_year_cells(
    observations: dict[str, list[Observation]], cells: dict[str, CellValue | None], basis: int | None,
) -> dict[str, CellValue | None]:
    """Return the cells moved to the latest year every region with a value has, when their years differ.

    Values of different years should not be ranked against each other: when the chosen
    cells differ in year and some year (not after ``basis``) is held by every region
    with a value, all cells take that year; otherwise the cells are returned
    unchanged, the comparison is flagged ``mixed_years`` and no document prints its rank.
    """
    valued = [r for r, c in cells.items() if c is not None]
    if len({cells[r].year for r in valued}) <= 1:
        return cells
    shared = set.intersection(*({o.year for o in observations[r]} for r in valued))
    eligible = sorted(y for y in shared if basis is None or y <= basis)
    if not eligible:
        return cells
    return {r: choose_cell([o for o in observations[r] if o.year == eligible[-1]], None) if r in valued else None
            for r in cells}


def rank_regions(indicator: Indicator, cells: dict[str, CellValue | None]) -> list[tuple[str, int | None]]:
    """Return (region, rank) for the regions with values, by point value best first.

    A rank is 1 + the number of regions determined better; it is None when the
    region's order against some other region is undetermined (overlapping
    intervals). Ties share a rank (1, 2, 2, 4).
    """
    valued = [(r, c) for r, c in cells.items() if c is not None]
    valued.sort(key=lambda rc: rc[1].value, reverse=indicator.direction == "higher")
    ranked: list[tuple[str, int | None]] = []
    for region, cell in valued:
        orders = [order(other.interval, cell.interval, indicator.direction) for r, other in valued if r != region]
        ranked.append((region, None if None in orders else 1 + orders.count(1)))
    return ranked


def shortfall(indicator: Indicator, target: float, other: float) -> float:
    """Return how far ``target`` falls short of ``other`` (0 when it is as good or better)."""
    gap = other - target if indicator.direction == "higher" else target - other
    return max(gap, 0.0)


def compare_indicator(
    dataset: Dataset, indicator: Indicator, target: str, peers: list[str], reference_year: int | None = None,
    index: ObservationIndex | None = None, siblings: dict[str, list[str]] | None = None,
) -> IndicatorComparison:
    """Return the comparison of ``target`` with ``peers`` on one indicator."""
    index = index or ObservationIndex(dataset)
    regions = list(dict.fromkeys([target, *peers]))
    actual = {r: [o for o in index.rows(r, indicator.id) if not o.is_target] for r in regions}
    basis = reference_year
    if basis is None:
        own = choose_cell(actual[target], None)
        basis = own.year if own is not None else None
    cells = common_year_cells(actual, {r: choose_cell(actual[r], basis, strict=reference_year is not None)
                                       for r in regions}, basis)
    valued = {r: c for r, c in cells.items() if c is not None}
    ref_year = reference_year
    if ref_year is None and cells.get(target) is not None:
        ref_year = cells[target].year
    elif ref_year is None and valued:
        ref_year = max(c.year for c in valued.values())
    result = IndicatorComparison(
        indicator=indicator, target=target, peers=regions[1:], cells=cells, reference_year=ref_year,
        concept_siblings=[i for i in (siblings or concept_siblings(dataset)).get(indicator.concept, [])
                          if i != indicator.id] if indicator.concept else [],
        targets=_targets(index, indicator.id, regions, basis),
    )
    result.mixed_years = len({c.year for c in valued.values()}) > 1
    result.qualified = any(c.qualifier for c in valued.values())
    ranked = rank_regions(indicator, cells)
    result.ranking = [r for r, _ in ranked]
    result.ranks = dict(ranked)
    if not ranked:
        return result
    result.best = next((r for r, rank in ranked if rank == 1), None)
    peer_values = [valued[p].value for p in result.peers if p in valued]
    if peer_values:
        result.median_peer = median(peer_values)
    t = cells.get(target)
    if t is None or len(valued) < 2:
        return result
    result.rank = result.ranks[target]
    if result.median_peer is not None:
        gap = result.median_peer - t.value if indicator.direction == "higher" else t.value - result.median_peer
        result.gap_to_median = gap
        result.gap_to_median_rel = gap / abs(result.median_peer) if result.median_peer else None
    if result.best is not None:
        _gaps_to_best(result, t, valued[result.best])
    return result


def gap_to(indicator: Indicator, cell: CellValue, best: CellValue) -> tuple[float, str]:
    """Return (shortfall of ``cell`` to ``best`` by point values, its kind "exact", "at_least" or "about").

    The kind comes from the two intervals (:func:`gap_interval`): against a bound the
    gap is itself a bound ("至少"); the best itself is 0, exact. The amount is rounded
    to 9 places so that float artefacts (2.5500000000000003) do not reach the records.
    """
    if cell is best:
        return 0.0, "exact"
    return (round(shortfall(indicator, cell.value, best.value), 9),
            gap_kind(gap_interval(cell.interval, best.interval, indicator.direction)))


def region_gap(item: IndicatorComparison, region: str) -> tuple[float | None, str | None]:
    """Return (gap of ``region`` to the determined best, its kind); (None, None) when no gap is given.

    No gap without a determined best among at least two values, for a region without
    a value, or when the region's or the best's value is derived (推算).
    """
    cell = item.cells.get(region)
    best = item.cells.get(item.best) if item.best is not None else None
    if cell is None or best is None or item.coverage[0] < 2:
        return None, None
    if cell.observation.derived or best.observation.derived:
        return None, None
    return gap_to(item.indicator, cell, best)


def _gaps_to_best(result: IndicatorComparison, t: CellValue, b: CellValue) -> None:
    """Set the gap, relative gap, its kind (exact, at least, about) and the multiple against a determined best."""
    indicator, best_value = result.indicator, b.value
    result.gap_to_best, result.gap_kind = gap_to(indicator, t, b)
    result.gap_to_best_rel = result.gap_to_best / abs(best_value) if best_value else None
    if indicator.direction == "higher" and t.value > 0:
        result.multiple = best_value / t.value
    elif indicator.direction == "lower" and best_value > 0:
        result.multiple = t.value / best_value


def _targets(index: ObservationIndex, indicator: str, regions: list[str], basis: int | None) -> dict[str, Observation]:
    """Return each region's target (目标值) for the indicator, the latest not after ``basis`` when there is one."""
    out = {}
    for r in regions:
        rows = [o for o in index.rows(r, indicator) if o.is_target]
        cell = choose_cell(rows, basis)
        if cell is not None:
            out[r] = cell.observation
    return out


def compare(
    dataset: Dataset, target: str, peers: list[str], reference_year: int | None = None,
    indicators: list[str] | None = None,
) -> Comparisons:
    """Return the comparisons of ``target`` with ``peers`` over all (or the listed) indicators."""
    chosen = [dataset.indicators[i] for i in indicators] if indicators else list(dataset.indicators.values())
    index = ObservationIndex(dataset, reference_year)
    siblings = concept_siblings(dataset)
    items = [compare_indicator(dataset, ind, target, peers, reference_year, index, siblings) for ind in chosen]
    return Comparisons(target, [p for p in dict.fromkeys(peers) if p != target], reference_year, items, index)


def concept_siblings(dataset: Dataset) -> dict[str, list[str]]:
    """Return the indicator ids of each concept group, in file order."""
    groups: dict[str, list[str]] = {}
    for ind in dataset.indicators.values():
        if ind.concept:
            groups.setdefault(ind.concept, []).append(ind.id)
    return groups
