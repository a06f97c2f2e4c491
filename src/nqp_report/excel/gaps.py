"""``nqp-report gaps``: the missing cells that would let the target be compared on more indicators.

For each indicator compared (actual values only): when the target has a value, each peer
without one is a cell that adds one comparison; when the target has none but peers do, the
target's own cell adds one comparison per such peer. Cells are ranked by the comparisons they
add, then by whether they make the indicator comparable at all, then by how many of the
target's recommendations cite the indicator.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .records import ACTUAL, applies_to, comparison_pairs, comparison_records, is_comparable, resolve_peers


@dataclass(frozen=True)
class GapCell:
    """One missing (region, indicator, year) cell and what filling it would add."""

    region: str
    indicator: str
    year: int
    adds: int
    makes_comparable: bool
    cited_by: int


@dataclass
class IndicatorGaps:
    """One indicator's missing cells and the regions that already have values."""

    indicator: str
    valued: list[str]
    cells: list[GapCell]

    @property
    def adds(self) -> int:
        """Return the comparisons filling every listed cell would add."""
        return sum(c.adds for c in self.cells)


@dataclass
class GapReport:
    """The gaps of one target against its peers."""

    target: str
    peers: list[str]
    cells: list[GapCell]
    by_indicator: list[IndicatorGaps]
    comparable: int
    pairs: int


def _cells_of(record: dict, target: str, peers: list[str], cited_by: int) -> list[GapCell]:
    values = {row["region"]: row for row in record["rows"] if row["value"] is not None}
    before = is_comparable(record, target)
    ind = record["indicator"]
    if target in values:
        return [GapCell(peer, ind, values[target]["year"], 1, not before, cited_by)
                for peer in peers if peer not in values]
    valued = [values[peer] for peer in peers if peer in values]
    if not valued:
        return []
    year = max(row["year"] for row in valued)
    return [GapCell(target, ind, year, len(valued), True, cited_by)]


def find_gaps(dataset, target: str, peers: list[str] | None = None,
              reference_year: int | None = None) -> GapReport:
    """Return every missing cell that would add a comparison for the target, most useful first."""
    peers = resolve_peers(dataset, target, peers)
    records = comparison_records(dataset, target, peers, reference_year)
    mine = [r for r in dataset.recommendations if applies_to(r, target)]
    cited = Counter(i for r in mine for i in dict.fromkeys(r.indicators))
    order = {ind: n for n, ind in enumerate(dataset.indicators)}
    regions = {name: n for n, name in enumerate([target] + peers)}
    groups = []
    for record in records:
        if record["kind"] != ACTUAL:
            continue
        cells = _cells_of(record, target, peers, cited[record["indicator"]])
        if cells:
            have = {row["region"] for row in record["rows"] if row["value"] is not None}
            valued = sorted(have, key=lambda name: regions.get(name, len(regions)))
            groups.append(IndicatorGaps(record["indicator"], valued, cells))
    cells = sorted((c for g in groups for c in g.cells), key=lambda c: (
        -c.adds, not c.makes_comparable, -c.cited_by, order[c.indicator], regions[c.region]))
    groups.sort(key=lambda g: (-g.adds, -g.cells[0].cited_by, order[g.indicator]))
    return GapReport(target, peers, cells, groups,
                     comparable=sum(is_comparable(r, target) for r in records),
                     pairs=sum(comparison_pairs(r, target) for r in records))
