"""Markdown the model cannot hold is refused with the template file and the line that wrote it."""

from __future__ import annotations

from pathlib import Path

import pytest

from nqp_report.errors import TemplateError
from nqp_report.pipeline import BuildRequest, build_model

from conftest import MINI

FRONT = "---\ntarget: 甲市\npeers: [乙市, 丙市]\n---\n"  # four lines: body line 1 is file line 5


def refusal(tmp_path: Path, body: str) -> TemplateError:
    path = tmp_path / "t.md"
    path.write_text(FRONT + body, encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        build_model(BuildRequest(data=MINI, template=str(path)))
    assert caught.value.file == str(path)
    return caught.value


@pytest.mark.parametrize("hashes", ["#####", "######"])
def test_a_heading_deeper_than_four_levels_names_its_line(tmp_path, hashes):
    err = refusal(tmp_path, f"# 一\n\n正文。\n\n{hashes} 太深\n")
    assert err.line == 9 and "标题最多4级" in err.detail and "太深" in err.detail


def test_a_nested_list_after_lines_a_loop_adds_still_names_its_line(tmp_path):
    body = "{% for n in range(3) %}\n段落{{ n }}。\n{% endfor %}\n导语。\n\n1. 第一\n   1. 第一之一\n2. 第二\n"
    err = refusal(tmp_path, body)
    assert err.line == 10 and "列表中不能再嵌套列表" in err.detail and "第一之一" in err.detail


def test_a_second_paragraph_in_an_ordered_item_is_refused_with_the_list_line(tmp_path):
    err = refusal(tmp_path, "导语。\n\n1. 第一\n\n   第一的第二段。\n2. 第二\n")
    assert err.line == 7 and "列表项中不能有第二段" in err.detail and "第一的第二段。" in err.detail
