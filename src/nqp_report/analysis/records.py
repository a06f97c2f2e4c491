"""The comparisons as plain records (what ``nqp-report compare --json`` prints), and peer choice."""

from __future__ import annotations

from ..data import Dataset, Observation
from ..errors import TemplateError
from .comparison import IndicatorComparison, compare, region_gap
from .intervals import interval_of
from .queries import peers_with_data

DEFAULT_MAX_PEERS = 6


def choose_peers(dataset: Dataset, target: str, peers=None, max_peers: int = DEFAULT_MAX_PEERS) -> list[str]:
    """Return the peers: the given list (even empty), or for None/"auto" regions of the target's level sharing most indicators."""
    if isinstance(peers, (list, tuple)):
        return [p for p in peers if p != target]
    level = dataset.regions[target].level if target in dataset.regions else None
    same_level = [r for r in peers_with_data(dataset, target) if dataset.regions[r].level == level]
    return same_level[:max_peers]


def _row(region: str, obs: Observation, rank: int | None, gap: tuple[float | None, str | None] = (None, None)) -> dict:
    interval = interval_of(obs.value, obs.qualifier)
    return {"region": region, "value": obs.value, "qualifier": obs.qualifier, "low": interval.low,
            "high": interval.high, "year": obs.year, "year_inferred": obs.year_inferred, "source": obs.source,
            "rank": rank, "gap": gap[0], "gap_kind": gap[1]}


def _actual_record(item: IndicatorComparison) -> dict:
    ind = item.indicator
    rows = [_row(r, item.cells[r].observation, item.ranks.get(r) if item.coverage[0] >= 2 else None,
                 region_gap(item, r)) for r in item.ranking]
    return {"indicator": ind.id, "concept": ind.concept or None, "direction": ind.direction, "kind": "实际值",
            "rows": rows, "target_rank": item.rank, "best": item.best if item.coverage[0] >= 2 else None}


def _target_record(item: IndicatorComparison) -> dict:
    ind = item.indicator
    rows = [_row(r, item.targets[r], None) for r in item.regions if r in item.targets]
    return {"indicator": ind.id, "concept": ind.concept or None, "direction": ind.direction, "kind": "目标值",
            "rows": rows, "target_rank": None, "best": None}


def comparison_records(dataset: Dataset, target: str, peers: list[str] | None = None,
                       reference_year: int | None = None) -> list[dict]:
    """Return one record per indicator compared (and per kind), as ``compare --json`` prints them.

    An indicator is compared when the target or a peer has a value; targets
    (目标值) get a record of their own and are never ranked. ``rank`` is None where
    the order is undetermined; ``low``/``high`` are the interval bounds (None for
    infinite). TemplateError for an unknown region.
    """
    for region in [target] + list(peers or []):
        if region not in dataset.regions:
            raise TemplateError(f"地区“{region}”不在数据中；数据中的地区有：{'、'.join(dataset.regions)}")
    chosen = choose_peers(dataset, target, peers)
    out = []
    for item in compare(dataset, target, chosen, reference_year).items:
        if item.coverage[0]:
            out.append(_actual_record(item))
        if item.targets:
            out.append(_target_record(item))
    return out
