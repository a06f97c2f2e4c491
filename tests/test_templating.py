"""The template layer: registry, markers, front matter in the strict sandbox, node builders without Jinja."""

from __future__ import annotations

import pytest

from nqp_report.data import load_dataset
from nqp_report.errors import TemplateError
from nqp_report.model import Table
from nqp_report.templating import BriefingContext
from nqp_report.templating import appendix, figures, tables
from nqp_report.templating.registry import exported_methods, template_function
from nqp_report.templating.scope import Scope

from conftest import MINI
from test_render import model_for


@pytest.fixture(scope="module")
def scope():
    return Scope.of(load_dataset(MINI), "甲市", ["乙市", "丙市", "丁市"])


def test_every_public_method_is_offered_to_templates():
    ctx = BriefingContext(load_dataset(MINI), "甲市", ["乙市"])
    names = ctx.globals()
    public = {n for n in dir(BriefingContext) if not n.startswith("_") and callable(getattr(BriefingContext, n))}
    assert public - set(names) == {"globals"}
    assert {"comparison_table", "value", "behind", "ref", "page_break"} <= set(names)


def test_an_unregistered_public_method_is_an_error():
    class Extra(BriefingContext):
        def forgotten(self):
            return ""

        @template_function
        def offered(self):
            return ""

    ctx = Extra(load_dataset(MINI), "甲市", ["乙市"])
    with pytest.raises(RuntimeError, match="forgotten"):
        exported_methods(ctx)


def test_comparison_table_builder_without_jinja(scope):
    items = [scope.item("rd")]
    table = tables.comparison_table(scope, items, "科技创新", "科技创新指标对比", "tab-x")
    assert isinstance(table, Table) and table.id == "tab-x"
    assert [c.header for c in table.columns][:4] == ["指标（单位）", "甲市", "乙市", "丙市"]
    row = table.rows[0]
    # 甲 3.00 (2023), 乙 6.00 (2023), 丙 4.50 (2022): 甲 third of three, 3 points behind 乙
    assert [c.text for c in row.cells] == ["研发投入强度（%）", "3.00", "6.00", "4.50（2022）", "—", "3.00个百分点"]  # years differ: no rank


def test_appendix_and_figure_builders_without_jinja(scope):
    definitions = appendix.definitions_table(scope, "口径", "tab-def")
    assert definitions.rows[0].kind == "group"
    bar = figures.bar_figure(scope, scope.item("rd"), None, "fig-rd")
    assert [b["region"] for b in bar.chart.data["bars"]] == ["乙市", "丙市", "甲市"]
    assert bar.chart.data["missing"] == ["丁市"]


@pytest.mark.parametrize("level", [5, 6])
def test_deep_headings_are_a_template_error_naming_the_line(tmp_path, level):
    with pytest.raises(TemplateError) as info:
        model_for(tmp_path, f"# 一\n\n{'#' * level} 太深\n")
    assert info.value.line == 7 and f"此处为{level}级" in info.value.detail


def test_four_levels_are_fine(tmp_path):
    doc, _ = model_for(tmp_path, "# 一\n\n## 二\n\n### 三\n\n#### 四\n")
    assert [h.level for h in doc.headings()] == [1, 2, 3, 4]


def test_duplicate_table_or_figure_id_is_an_error_naming_the_line(tmp_path):
    body = "{{ comparison_table('科技创新', id='t1') }}\n\n{{ bar_chart('rd', id='t1') }}\n"
    with pytest.raises(TemplateError) as info:
        model_for(tmp_path, body)
    assert "“t1”重复" in info.value.detail and info.value.line == 7


def test_front_matter_uses_the_strict_sandbox(tmp_path):
    front = "target: 甲市\ntitle: \"{{ targte }}对标\"\npeers: [乙市]\n"
    with pytest.raises(TemplateError) as info:
        model_for(tmp_path, "正文\n", front=front)
    assert "targte" in info.value.detail and "title" in info.value.detail and info.value.line == 3


def test_front_matter_expressions_render(tmp_path):
    doc, _ = model_for(tmp_path, "正文\n", front="target: 甲市\ntitle: \"{{ target }}对标{{ peers | length }}地\"\npeers: [乙市]\n")
    assert doc.meta.title == "甲市对标1地"
