"""Interval comparison, worked by hand: each qualifier, both directions, ties and chains of three."""

from __future__ import annotations

import pytest

from nqp_report.analysis import CellValue, rank_regions
from nqp_report.analysis.intervals import Interval, gap_interval, gap_kind, interval_of, order
from nqp_report.data.records import Indicator, Observation

HIGHER = Indicator(id="h", name="比重", unit="%", dimension="d", definition="d", direction="higher", decimals="0")
LOWER = Indicator(id="l", name="位次", unit="位", dimension="d", definition="d", direction="lower", decimals="0")


def cells(indicator: Indicator, **values: str) -> dict[str, CellValue]:
    out = {}
    for region, text in values.items():
        obs = Observation(region=region, indicator=indicator.id, year="2023", value=text, source="S")
        out[region] = CellValue(region, obs)
    return out


def ranks(indicator: Indicator, **values: str) -> dict[str, int | None]:
    return dict(rank_regions(indicator, cells(indicator, **values)))


@pytest.mark.parametrize("value, qualifier, low, high", [
    (90, "", 90, 90),
    (100, "约", 95, 105),        # ±5%
    (90, "超", 90, None),
    (90, "以上", 90, None),
    (50, "近", None, 50),
    (50, "不足", None, 50),
])
def test_each_qualifier_is_an_interval(value, qualifier, low, high):
    got = interval_of(value, qualifier)
    assert (got.low, got.high) == (pytest.approx(low) if low is not None else None,
                                   pytest.approx(high) if high is not None else None)


@pytest.mark.parametrize("a, b, direction, expected", [
    (("6", ""), ("5", ""), "higher", 1),
    (("6", ""), ("5", ""), "lower", -1),
    (("5", ""), ("5", ""), "higher", 0),       # two equal exact values tie
    (("90", ""), ("90", "以上"), "higher", None),  # 90 against 90以上: undetermined, not a tie
    (("89", ""), ("90", "超"), "higher", -1),   # below the floor: determined
    (("89", ""), ("90", "超"), "lower", 1),
    (("104", ""), ("100", "约"), "higher", None),  # inside 95-105
    (("106", ""), ("100", "约"), "higher", 1),     # outside it
    (("100", "约"), ("100", "约"), "higher", None),  # two approximations never tie
    (("51", ""), ("50", "近"), "higher", 1),
    (("50", ""), ("50", "近"), "higher", None),
    (("49", ""), ("50", "不足"), "lower", None),
    (("60", "超"), ("50", "不足"), "higher", 1),
])
def test_order_only_where_intervals_do_not_overlap(a, b, direction, expected):
    assert order(interval_of(float(a[0]), a[1]), interval_of(float(b[0]), b[1]), direction) == expected


def test_ties_share_a_rank_in_both_directions():
    assert ranks(HIGHER, 甲="5", 乙="5", 丙="3") == {"甲": 1, "乙": 1, "丙": 3}
    assert ranks(LOWER, 甲="5", 乙="5", 丙="3") == {"丙": 1, "甲": 2, "乙": 2}


def test_chain_of_three_fully_determined():
    assert ranks(HIGHER, 甲="10", 乙="8", 丙="近7") == {"甲": 1, "乙": 2, "丙": 3}


def test_chain_of_three_with_an_overlap_at_the_bottom():
    # 乙 8 and 丙 近9 overlap; 甲 10 is above both, so only 甲's rank is determined
    assert ranks(HIGHER, 甲="10", 乙="8", 丙="近9") == {"甲": 1, "乙": None, "丙": None}


def test_chain_of_three_where_a_bound_blocks_every_rank():
    # 乙 超5 overlaps 甲 10 and 丙 6: neither 甲 nor 乙 nor 丙 has a determined rank
    assert ranks(HIGHER, 甲="10", 乙="超5", 丙="6") == {"甲": None, "乙": None, "丙": None}


def test_chain_of_three_lower_is_better_with_a_bound():
    # ranks: 甲 第2位, 乙 不足5位 (at most 5th), 丙 第9位; 甲 and 乙 overlap
    assert ranks(LOWER, 甲="2", 乙="不足5", 丙="9") == {"甲": None, "乙": None, "丙": 3}


@pytest.mark.parametrize("target, best, direction, kind, low", [
    (("2", ""), ("5", "超"), "higher", "at_least", 3),
    (("50", "近"), ("60", ""), "higher", "at_least", 10),
    (("10", "约"), ("20", ""), "higher", "about", 9.5),
    (("9", ""), ("2", ""), "lower", "exact", 7),
    (("9", ""), ("2", "不足"), "lower", "at_least", 7),
])
def test_gaps_against_bounds_are_bounds(target, best, direction, kind, low):
    gap = gap_interval(interval_of(float(target[0]), target[1]), interval_of(float(best[0]), best[1]), direction)
    assert gap_kind(gap) == kind and gap.low == pytest.approx(low)


def test_exact_interval():
    assert Interval(3, 3).exact and not Interval(3, None).exact
