"""The recommendation and practice columns an editor fills: lead, target, priority, explicit practice links."""

from __future__ import annotations

from pathlib import Path

import pytest

from nqp_report.data import load_dataset
from nqp_report.errors import DataError

PRACTICES = "id,region,dimension,title,text,source\nP01,乙市,科技创新,建设实验室,乙市建设了一批实验室。,A\n"
HEADER = "id,dimension,title,text,horizon,benchmarks,indicators,source,lead,target_value,target_year,priority,practices\n"


def write(folder: Path, rec: str, practices: str = PRACTICES) -> Path:
    (folder / "practices.csv").write_text(practices, encoding="utf-8")
    (folder / "recommendations.csv").write_text(HEADER + rec + "\n", encoding="utf-8")
    return folder


def problems(folder: Path) -> list[tuple]:
    with pytest.raises(DataError) as info:
        load_dataset(folder)
    return [(p.file, p.row, p.column, p.message) for p in info.value.problems]


def test_a_full_row_loads(mini_copy):
    ds = load_dataset(write(mini_copy, "R01,科技创新,提升研发投入,加大研发投入。,近期,乙市,rd,A,市科技局（市财政局）,3.5,2027,高,P01"))
    rec = ds.recommendations[0]
    assert (rec.lead, rec.target_value, rec.target_year, rec.priority, rec.practices) == \
        ("市科技局（市财政局）", 3.5, 2027, "高", ("P01",))
    assert ds.practices[0].id == "P01"


def test_blank_editor_columns_are_allowed(mini_copy):
    rec = load_dataset(write(mini_copy, "R01,科技创新,提升研发投入,加大研发投入。,近期,乙市,rd,A,,,,,")).recommendations[0]
    assert (rec.lead, rec.target_value, rec.target_year, rec.priority, rec.practices) == ("", None, None, "", ())


@pytest.mark.parametrize("cells, column, words", [
    ("市科技局,,,高,P09", "practices", "典型经验编号（practices.csv 的 id 列）“P09”不存在"),
    ("市科技局,,,急,P01", "priority", "优先级（priority）“急”无效，应为：高、中、低"),
    ("市科技局,,2027,高,P01", "target_year", "填写了目标年份（target_year）却没有目标值（target_value）"),
    ("市科技局,三成,,高,P01", "target_value", "“三成”不是数字"),
    ("市科技局,30,27,高,P01", "target_year", "目标年份“27”无效"),
])
def test_bad_editor_columns_are_named_in_chinese(mini_copy, cells, column, words):
    found = problems(write(mini_copy, f"R01,科技创新,提升研发投入,加大研发投入。,近期,乙市,rd,A,{cells}"))
    assert [(f, r, c) for f, r, c, _ in found] == [("recommendations.csv", 2, column)], found
    assert words in found[0][3]


def test_duplicate_practice_ids_are_reported(mini_copy):
    twice = PRACTICES + "P01,乙市,科技创新,再建实验室,乙市又建了实验室。,A\n"
    found = problems(write(mini_copy, "R01,科技创新,提升研发投入,加大研发投入。,近期,乙市,rd,A,,,,,P01", twice))
    assert [(f, r, c) for f, r, c, _ in found] == [("practices.csv", 3, "id")]


def test_the_editor_priority_wins_and_a_blank_one_shows_the_marked_suggestion(mini_copy):
    from nqp_report.model import Table
    from nqp_report.templating.namespace import BriefingContext

    ds = load_dataset(write(mini_copy, "R01,科技创新,提升研发投入,加大研发投入。,近期,乙市,rd;firms,A,,,,低,P01\n"
                                       "R02,产业结构,培育战新产业,培育战略性新兴产业。,长期,乙市,rd,B,,,,,"))
    ctx = BriefingContext(ds, "甲市", ["乙市", "丙市"])
    ctx.recommendation_matrix()
    table = next(b for blocks in ctx.blocks_by_marker.values() for b in blocks if isinstance(b, Table))
    levels = {row.cells[0].text: row.cells[5].text for row in table.rows}
    # 甲 rd 3.00 vs 乙 6.00 (50%): 高 computed for the blank R02, while the editor set R01 to 低
    assert levels == {"培育战新产业": "高（测算）", "提升研发投入": "低"}
    # 借鉴 names only regions with a linked practice: R02 lists 乙市 as a benchmark but links none
    assert [row.cells[2].text for row in table.rows] == ["", "乙市"]
