"""Values as intervals, and the order of two values only where their intervals do not overlap.

An exact value v is [v, v]; 约v is [v − 5%·|v|, v + 5%·|v|]; 超v and v以上 are
[v, +∞); 近v and 不足v are (−∞, v]. One value is better than another only when
the two intervals do not overlap (respecting the indicator's direction); two
exact, equal values tie; every other pair is undetermined.
"""

from __future__ import annotations

from dataclasses import dataclass

APPROX_TOLERANCE = 0.05
LOWER_BOUND_QUALIFIERS = ("超", "以上")
UPPER_BOUND_QUALIFIERS = ("近", "不足")
METHOD_NOTE = (
    "数值按区间比较：精确值v即[v, v]；“约v”按v上下浮动5%处理，即[0.95v, 1.05v]；“超v”“v以上”为[v, +∞)，"
    "即至少为v；“近v”“不足v”为(−∞, v]，即至多为v。两地区只有在区间互不重叠时才判定高低（按指标方向），"
    "两个相等的精确值为并列；区间重叠的（如90%与“90%以上”）不判定高低，不给位次，也不计为领先或最优。"
    "与最优值的差距只对判定了的最优值计算；若最优值或本地数值是界值，差距也是界值，写作“至少……”。"
    "各地区数值年份不同时，取各地区都有数值的最近年份比较；没有共同年份的，不排位次、不比较高低。"
    "推算值（如由倍数或分数换算的数值）不计算差距。标*的数值原文未注明统计年份，年份为推定，依据见附录。"
)


@dataclass(frozen=True)
class Interval:
    """A closed interval; None for an infinite bound."""

    low: float | None
    high: float | None

    @property
    def exact(self) -> bool:
        """Return True for a single point [v, v]."""
        return self.low is not None and self.low == self.high


def interval_of(value: float, qualifier: str) -> Interval:
    """Return the interval a value with its qualifier stands for."""
    if qualifier in LOWER_BOUND_QUALIFIERS:
        return Interval(value, None)
    if qualifier in UPPER_BOUND_QUALIFIERS:
        return Interval(None, value)
    if qualifier == "约":
        d = abs(value) * APPROX_TOLERANCE
        return Interval(value - d, value + d)
    return Interval(value, value)


def _above(a: Interval, b: Interval) -> bool:
    """Return True when every point of ``a`` is greater than every point of ``b``."""
    return a.low is not None and b.high is not None and a.low > b.high


def order(a: Interval, b: Interval, direction: str) -> int | None:
    """Return 1 when ``a`` is better than ``b``, -1 when worse, 0 for a tie, None when undetermined."""
    if a.exact and b.exact and a.low == b.low:
        return 0
    higher, lower = (_above(a, b), _above(b, a))
    if direction == "lower":
        higher, lower = lower, higher
    if higher:
        return 1
    return -1 if lower else None


def gap_interval(target: Interval, best: Interval, direction: str) -> Interval:
    """Return the interval of the target's shortfall to the best (best − target, or target − best for lower)."""
    hi_side, lo_side = (best, target) if direction == "higher" else (target, best)
    low = None if hi_side.low is None or lo_side.high is None else hi_side.low - lo_side.high
    high = None if hi_side.high is None or lo_side.low is None else hi_side.high - lo_side.low
    return Interval(low, high)


def gap_kind(gap: Interval) -> str:
    """Return "exact", "at_least" (no upper end) or "about" (a finite range) for a gap interval."""
    if gap.exact:
        return "exact"
    if gap.high is None and gap.low is not None:
        return "at_least"
    return "about"
