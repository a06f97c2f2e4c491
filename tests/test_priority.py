"""The matrix's priorities follow the stated rule, on the mini dataset checked by hand."""

from __future__ import annotations

import pytest

from nqp_report.analysis import compare
from nqp_report.data import load_dataset
from nqp_report.templating import BriefingContext
from nqp_report.model import Table
from nqp_report.analysis.priority import PRIORITY_RULE, level_for, recommendation_priority


def _set(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def dataset(mini_copy):
    # rd: 甲 3.00, 乙 3.30, 丙 4.50 (2022) → best 丙, severity (4.5 − 3) / 4.5 = 33.3% → 中
    _set(mini_copy / "observations.csv", "乙市,rd,2023,6.00", "乙市,rd,2023,3.30")
    # rank (lower is better): 甲 6, 乙 5, 丙 9 → best 乙, severity (6 − 5) / 6 = 16.7% → 中
    _set(mini_copy / "observations.csv", "乙市,rank,2023,3", "乙市,rank,2023,5")
    # firms: 甲 1200, 乙 超2400, 丙 1200 → severity (2400 − 1200) / 2400 = 50% → 高
    return load_dataset(mini_copy)


@pytest.mark.parametrize("severity,level", [
    (None, "待评估"), (0.0, "低"), (0.149, "低"), (0.15, "中"), (0.399, "中"), (0.40, "高"), (0.9, "高"),
])
def test_thresholds(severity, level):
    assert level_for(severity) == level


def test_priority_is_the_largest_linked_severity(dataset):
    comps = compare(dataset, "甲市", ["乙市", "丙市"])
    recs = {r.id: r for r in dataset.recommendations}
    r01 = recommendation_priority(recs["R01"], comps)  # rd 33.3% and firms 50% → 高
    assert [round(link.severity, 3) for link in r01.links] == [0.333, 0.5]
    assert r01.severity == pytest.approx(0.5) and r01.level == "高"
    r02 = recommendation_priority(recs["R02"], comps)  # rank 16.7% → 中
    assert r02.severity == pytest.approx(1 / 6) and r02.level == "中"


def test_a_leading_target_is_low_and_no_data_is_pending(dataset):
    comps = compare(dataset, "乙市", ["甲市", "丙市"])
    r02 = recommendation_priority(next(r for r in dataset.recommendations if r.id == "R02"), comps)
    assert r02.severity == 0 and r02.level == "低"  # 乙 leads on rank
    comps = compare(dataset, "丁市", ["甲市", "乙市"])
    for rec in dataset.recommendations:
        assert recommendation_priority(rec, comps).level == "待评估"


def test_matrix_table_states_the_rule_and_prints_the_levels(dataset):
    ctx = BriefingContext(dataset, "甲市", ["乙市", "丙市"])
    ctx.recommendation_matrix()
    table = next(b for blocks in ctx.blocks_by_marker.values() for b in blocks if isinstance(b, Table))
    assert table.caption == "对策建议矩阵"
    assert PRIORITY_RULE in table.notes
    levels = {row.cells[0].text: row.cells[5].text for row in table.rows if row.kind == "body"}
    assert levels == {"提升研发投入": "高（测算）", "培育战新产业": "中（测算）"}
