"""Comparisons on the mini dataset, checked by hand."""

from __future__ import annotations

import pytest

from nqp_report.analysis import compare, peers_with_data, rank_regions
from nqp_report.data import load_dataset

from conftest import MINI


@pytest.fixture(scope="module")
def comps():
    return compare(load_dataset(MINI), "甲市", ["乙市", "丙市", "丁市"])


def test_higher_is_better(comps):
    rd = comps.by_id("rd")
    # 甲 3.00 (2023), 乙 6.00 (2023), 丙 4.50 (2022, latest it has)
    assert rd.ranking == ["乙市", "丙市", "甲市"]
    assert rd.rank == 3 and rd.best == "乙市"
    assert rd.gap_to_best == pytest.approx(3.0)
    assert rd.gap_to_best_rel == pytest.approx(0.5)
    assert rd.median_peer == pytest.approx(5.25)
    assert rd.gap_to_median == pytest.approx(2.25)
    assert rd.multiple == pytest.approx(2.0)
    assert rd.coverage == (3, 4)
    assert rd.cells["丁市"] is None
    assert rd.mixed_years and rd.year_differs("丙市") and not rd.year_differs("乙市")


def test_lower_is_better(comps):
    rank = comps.by_id("rank")
    # 乙 3 < 甲 6 < 丙 9
    assert rank.ranking == ["乙市", "甲市", "丙市"]
    assert rank.rank == 2
    assert rank.gap_to_best == pytest.approx(3)
    assert rank.gap_to_median == pytest.approx(0)


def test_ties_share_a_rank_and_qualifiers_are_flagged(comps):
    firms = comps.by_id("firms")
    # 乙 超2400, 甲 1200, 丙 1200
    assert rank_regions(firms.indicator, firms.cells) == [("乙市", 1), ("甲市", 2), ("丙市", 2)]
    assert firms.rank == 2 and firms.qualified


def test_reference_year_and_preferred_conflict():
    ds = load_dataset(MINI)
    rd = compare(ds, "甲市", ["乙市", "丙市"], reference_year=2022).by_id("rd")
    cell = rd.cells["甲市"]
    assert (cell.year, cell.value) == (2022, 2.52)
    assert [o.value for o in cell.alternatives] == [2.54]
    # 乙 has no value in 2022 or before: the cell is missing, never the 2023 value
    assert rd.cells["乙市"] is None and not rd.year_differs("乙市")


def test_concept_siblings_are_not_ranked_together(comps):
    a = comps.by_id("sei_a")
    assert a.concept_siblings == ["sei_b"]
    assert a.coverage == (1, 4) and a.rank is None and not a.comparable


def test_peers_with_data():
    assert peers_with_data(load_dataset(MINI), "甲市") == ["乙市", "丙市"]


def test_one_preferred_observation_rule():
    from nqp_report.analysis import ObservationIndex

    index = ObservationIndex(load_dataset(MINI))
    # 甲市 rd: 3.00 (2023), 2.54 and 2.52 (2022, the latter preferred)
    assert index.by_year("甲市", "rd")[2022].value == 2.52
    assert index.latest("甲市", "rd").value == 3.00
    assert index.latest("甲市", "rd", not_after=2022).value == 2.52
    assert index.latest("丁市", "rd") is None
    # 丙市 rd has only 2022: nothing at or before 2021, and never the later year
    assert index.latest("丙市", "rd", not_after=2021) is None
    assert ObservationIndex(load_dataset(MINI), not_after=2022).latest("甲市", "rd").value == 2.52
    assert ObservationIndex(load_dataset(MINI), not_after=2022).latest("乙市", "rd") is None


def test_chosen_year_is_a_cap_only_when_explicit():
    from nqp_report.analysis.index import chosen_year

    assert chosen_year([2020, 2022, 2023], 2022) == 2022
    assert chosen_year([2020, 2023], 2022) == 2020
    assert chosen_year([2023, 2024], 2022) is None
    assert chosen_year([2023, 2024], 2022, strict=False) == 2024
    assert chosen_year([2023, 2024], None) == 2024
    assert chosen_year([], None, strict=False) is None
