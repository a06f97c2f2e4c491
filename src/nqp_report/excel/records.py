"""The comparison records every Excel feature and the pandas API read: the objects of ``compare --json``.

``comparison_records`` is the only place that turns the analysis into these dicts::

    {"indicator", "concept", "direction", "kind",
     "rows": [{"region", "value", "qualifier", "low", "high", "year", "year_inferred", "source", "rank",
               "gap", "gap_kind"}],
     "target_rank", "best"}

Callers depend on this shape only, so the analysis behind it can change without touching them.
"""

from __future__ import annotations

from ..analysis import comparison_records  # noqa: F401  (re-exported: the one producer of the records)
from ..errors import NqpError

ACTUAL = "实际值"


def resolve_peers(dataset, target: str, peers: list[str] | None) -> list[str]:
    """Return the peers to compare with: the given list, else the briefing's automatic choice.

    Raise NqpError naming the region when the target or a peer is not in the dataset.
    """
    from ..pipeline import choose_peers
    from ..templating.template import Params

    for role, name in [("目标地区", target)] + [("对标地区", p) for p in peers or ()]:
        if name not in dataset.regions:
            raise NqpError(f"{role}“{name}”不在数据的 regions 表中；可选：{'、'.join(dataset.regions)}")
    chosen = choose_peers(dataset, target, peers or None, Params.max_peers)
    return list(dict.fromkeys(p for p in chosen if p != target))


def applies_to(recommendation, target: str) -> bool:
    """Return True when a recommendation is addressed to the target (or to any target)."""
    return recommendation.region in ("", target)


def recommendation_priorities(dataset, target: str, peers: list[str] | None = None,
                              reference_year: int | None = None) -> dict[str, str]:
    """Return recommendation id -> priority level (高/中/低/待评估) under the briefing's own rule."""
    from ..analysis import compare
    from ..analysis.priority import recommendation_priority

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
