"""The priority of a recommendation, computed from the gaps of the indicators that measure it.

The rule, stated in every briefing that shows a priority (``PRIORITY_RULE``):
each linked indicator's severity is the target's shortfall relative to the best
comparable value (higher-is-better: (best − target) / best; lower-is-better:
(target − best) / target); a recommendation's severity is the largest among its
linked indicators with comparable values. 高 at 40% or more, 中 from 15%, 低
below 15%; 待评估 when no linked indicator has comparable values.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data import Recommendation
from .comparison import Comparisons, IndicatorComparison

HIGH, MEDIUM = 0.40, 0.15
PRIORITY_RULE = (
    "注：优先级按关联指标与对标最优的相对差距计算：越高越好的指标取（最优值−现值）÷最优值，"
    "越低越好的指标取（现值−最优值）÷现值；取各关联指标中最大者，≥40%为“高”，15%～40%为“中”，"
    "<15%为“低”；关联指标均无可比数据的为“待评估”。"
)


@dataclass
class Link:
    """One linked indicator's comparison and its severity (None when not comparable)."""

    item: IndicatorComparison
    severity: float | None


@dataclass
class Priority:
    """A recommendation's linked indicators, its severity and priority level."""

    links: list[Link]
    severity: float | None
    level: str


def indicator_severity(item: IndicatorComparison) -> float | None:
    """Return the target's relative shortfall to the best comparable value, 0 when it leads."""
    if not item.comparable or item.best is None:
        return None
    t, b = item.target_cell.value, item.cells[item.best].value
    if item.indicator.direction == "higher":
        return max(b - t, 0.0) / b if b > 0 else None
    return max(t - b, 0.0) / t if t > 0 else None


def level_for(severity: float | None) -> str:
    """Return 高, 中, 低 or 待评估 for a severity."""
    if severity is None:
        return "待评估"
    if severity >= HIGH:
        return "高"
    return "中" if severity >= MEDIUM else "低"


def recommendation_priority(rec: Recommendation, comps: Comparisons) -> Priority:
    """Return the priority of one recommendation under the stated rule."""
    links = []
    for ind_id in rec.indicators:
        try:
            item = comps.by_id(ind_id)
        except KeyError:
            continue
        links.append(Link(item, indicator_severity(item)))
    known = [link.severity for link in links if link.severity is not None]
    severity = max(known) if known else None
    return Priority(links, severity, level_for(severity))
