"""The comparison records every Excel feature and the pandas API read: the objects of ``compare --json``.

``comparison_records`` is the only place that turns the analysis into these dicts::

    {"indicator", "concept", "direction", "kind",
     "rows": [{"region", "value", "qualifier", "low", "high", "year", "year_inferred", "source", "rank"}],
     "target_rank", "best"}

Callers depend on this shape only, so the analysis behind it can change without touching them.
"""

from __future__ import annotations

from ..errors import NqpError

LOWER_BOUND = ("超", "以上")
UPPER_BOUND = ("近", "不足")
INFERRED_YEAR_NOTES = ("未注明统计年份", "年份推定", "年份按上下文")
ACTUAL = "实际值"


def resolve_peers(dataset, target: str, peers: list[str] | None) -> list[str]:
    """Return the peers to compare with: the given list, else the briefing's automatic choice.

    Raise NqpError naming the region when the target or a peer is not in the dataset.
    """
    from ..pipeline import choose_peers
    from ..render import Params

    for role, name in [("目标地区", target)] + [("对标地区", p) for p in peers or ()]:
        if name not in dataset.regions:
            raise NqpError(f"{role}“{name}”不在数据的 regions 表中；可选：{'、'.join(dataset.regions)}")
    chosen = choose_peers(dataset, target, peers or None, Params.max_peers)
    return list(dict.fromkeys(p for p in chosen if p != target))


def interval(value: float, qualifier: str) -> tuple[float | None, float | None]:
    """Return (low, high) of a value: 超/以上 -> [v, None], 近/不足 -> [None, v], otherwise [v, v]."""
    if qualifier in LOWER_BOUND:
        return value, None
    if qualifier in UPPER_BOUND:
        return None, value
    return value, value


def year_inferred(observation) -> bool:
    """Return True when the observation's year was inferred (a flag if the data has one, else its note)."""
    flag = getattr(observation, "year_inferred", None)
    if isinstance(flag, bool) and flag:
        return True
    return any(mark in observation.note for mark in INFERRED_YEAR_NOTES)


def _row(region: str, cell, rank: int | None) -> dict:
    if cell is None:
        return {"region": region, "value": None, "qualifier": None, "low": None, "high": None, "year": None,
                "year_inferred": False, "source": None, "rank": None}
    obs = cell.observation
    low, high = interval(obs.value, obs.qualifier)
    return {"region": region, "value": obs.value, "qualifier": obs.qualifier, "low": low, "high": high,
            "year": obs.year, "year_inferred": year_inferred(obs), "source": obs.source, "rank": rank}


def comparison_records(dataset, target: str, peers: list[str] | None = None,
                       reference_year: int | None = None) -> list[dict]:
    """Return one dict per indicator with at least one value among the target and its peers.

    Rows list the target, then each peer, in that order; a region without a value has ``value``
    None. Ranks are those of :func:`nqp_report.analysis.compare`, given only where the target
    and at least one peer have values.
    """
    from ..analysis import compare, rank_regions

    comps = compare(dataset, target, resolve_peers(dataset, target, peers), reference_year)
    records = []
    for item in comps.items:
        if item.coverage[0] == 0:
            continue
        ranks = dict(rank_regions(item.indicator, item.cells)) if item.comparable else {}
        records.append({
            "indicator": item.indicator.id,
            "concept": item.indicator.concept or None,
            "direction": item.indicator.direction,
            "kind": getattr(item, "kind", ACTUAL),
            "rows": [_row(r, item.cells[r], ranks.get(r)) for r in item.regions],
            "target_rank": item.rank,
            "best": item.best if item.comparable else None,
        })
    return records


def applies_to(recommendation, target: str) -> bool:
    """Return True when a recommendation is addressed to the target (or to any target)."""
    return recommendation.region in ("", target)


def recommendation_priorities(dataset, target: str, peers: list[str] | None = None,
                              reference_year: int | None = None) -> dict[str, str]:
    """Return recommendation id -> priority level (高/中/低/待评估) under the briefing's own rule."""
    from ..analysis import compare
    from ..priority import recommendation_priority

    comps = compare(dataset, target, resolve_peers(dataset, target, peers), reference_year)
    return {r.id: recommendation_priority(r, comps).level
            for r in dataset.recommendations if applies_to(r, target)}


def is_comparable(record: dict, target: str) -> bool:
    """Return True when a record compares actual values of the target and at least one peer."""
    if record["kind"] != ACTUAL:
        return False
    valued = {row["region"] for row in record["rows"] if row["value"] is not None}
    return target in valued and len(valued) >= 2


def comparison_pairs(record: dict, target: str) -> int:
    """Return how many peers a record compares the target with (0 when it is not comparable)."""
    if not is_comparable(record, target):
        return 0
    return sum(1 for row in record["rows"] if row["region"] != target and row["value"] is not None)
