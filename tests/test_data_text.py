"""Data text is text: Markdown and HTML in data cells print literally; numbering past 99; appendix scope."""

from __future__ import annotations

import pytest

from nqp_report.model import Heading
from nqp_report.pipeline import BuildRequest, build_model
from nqp_report.transforms import chinese_numeral

from test_validate import replace_in

HOSTILE = "先做**试点**<script>alert(1)</script>\n---\n# 不是标题 [链接](http://x) `代码` 1. 不是列表"


def test_markdown_and_html_in_data_cells_print_literally(mini_copy, tmp_path):
    practices = mini_copy / "practices.csv"
    lines = practices.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[3] = '"' + HOSTILE.replace('"', '""') + '"'
    practices.write_text("\n".join([lines[0], ",".join(cells)]) + "\n", encoding="utf-8")
    path = tmp_path / "t.md"
    path.write_text("---\ntarget: 甲市\npeers: [乙市]\n---\n# 经验\n\n{% for p in practices() %}"
                    "**{{ p.title }}**。{{ p.text }}\n{% endfor %}\n", encoding="utf-8")
    doc, _, _ = build_model(BuildRequest(data=mini_copy, template=str(path)))
    assert [type(b).__name__ for b in doc.blocks] == ["Heading", "Paragraph"]
    para = doc.blocks[1]
    assert para.text.endswith(HOSTILE.replace("\n", " "))
    assert [t.text for t in para.inlines if t.bold] == [cells[2]]  # only the template's own ** makes bold


@pytest.mark.parametrize("n, text", [(1, "一"), (10, "十"), (19, "十九"), (99, "九十九"), (100, "一百"),
                                     (101, "一百零一"), (110, "一百一十"), (1010, "一千零一十"), (9999, "九千九百九十九")])
def test_chinese_numerals_beyond_99(n, text):
    assert chinese_numeral(n) == text


def test_headings_beyond_99_are_numbered(mini_copy, tmp_path):
    path = tmp_path / "t.md"
    path.write_text("---\ntarget: 甲市\npeers: [乙市]\n---\n{% for i in range(120) %}# 标题{{ i }}\n\n{% endfor %}",
                    encoding="utf-8")
    doc, _, _ = build_model(BuildRequest(data=mini_copy, template=str(path)))
    headings = [b for b in doc.blocks if isinstance(b, Heading)]
    assert headings[99].number == "一百、" and headings[119].number == "一百二十、"


def test_appendix_lists_only_target_and_peers_one_value_per_row(mini_copy, tmp_path):
    obs = mini_copy / "observations.csv"
    replace_in(obs, "丙市,rd,2022,4.50,,A,,", "丙市,rd,2022,约4.50,,A,,")
    replace_in(obs, "乙市,firms,2023,超2400,,A,,", "乙市,firms,2023,超2400,,A,,")
    path = tmp_path / "t.md"
    path.write_text("---\ntarget: 甲市\npeers: [乙市]\n---\n{{ conflicts_table() }}\n", encoding="utf-8")
    doc, _, _ = build_model(BuildRequest(data=mini_copy, template=str(path)))
    labels = [r.cells[0].text for r in doc.tables()[0].rows]
    assert labels == ["乙市·高新技术企业数（2023）", "甲市·研发投入强度（2022）"]  # 丙市 is not compared
