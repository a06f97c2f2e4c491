"""The readable dump of the document model (pseudo-XML) and ``build --model``."""

from __future__ import annotations

from click.testing import CliRunner

from nqp_report.cli import cli
from nqp_report.model import (
    BulletList, Cell, ChartSpec, Column, Document, Figure, FrontMatter, Heading, Paragraph, Ref, Row, Table, Text,
)
from nqp_report.modeldump import dump

from conftest import MINI


def small_document() -> Document:
    return Document(FrontMatter(title="标题", date="2026年11月24日", keywords=["甲", "乙"]), [
        Heading(1, [Text("基础")], number="一、"),
        Paragraph([Text("见"), Ref("t1", "表1"), Text("强调", bold=True), Text("。")]),
        BulletList([[Text("第一")], [Text("第二")]], ordered=True),
        Table("t1", "对比", [Column("指标"), Column("甲市", align="right")],
              [Row([Cell("研发"), Cell("—", missing=True)], kind="highlight")], notes=['注："引号"。'], number=1),
        Figure("f1", "图题", chart=ChartSpec("bar", {"unit": "%", "bars": [{"region": "甲市", "value": 3.0}]}),
               image=b"\x89PNG", number=1),
    ])


EXPECTED = """\
<document>
    <front_matter title="标题" date="2026年11月24日">
        <keyword>
            甲
        <keyword>
            乙
    <heading level="1" number="一、">
        基础
    <paragraph>
        见
        <ref target="t1" label="表1">
        <text bold="True">
            强调
        。
    <bullet_list ordered="True">
        <item>
            第一
        <item>
            第二
    <table id="t1" caption="对比" number="1">
        <column header="指标">
        <column header="甲市" align="right">
        <row kind="highlight">
            <cell>
                研发
            <cell missing="True">
                —
        <note>
            注："引号"。
    <figure id="f1" caption="图题" image="4 bytes, sha256 0f4636c78f65" number="1">
        <chart_spec kind="bar">
            <data>
                bars: [{"region": "甲市", "value": 3.0}]
                unit: "%"
"""


def test_dump_is_pseudo_xml_with_non_default_attributes_and_text_on_its_own_lines():
    assert dump(small_document()) == EXPECTED


def test_attribute_quotes_backslashes_and_newlines_are_escaped():
    heading = Heading(2, [Text("x")], id='a"b\\c\nd')
    assert dump(heading).splitlines()[0] == '<heading level="2" id="a\\"b\\\\c\\nd">'


def test_multiline_text_keeps_each_line_indented():
    assert dump(Paragraph([Text("一\n二")])) == "<paragraph>\n    一\n    二\n"


def test_build_model_prints_the_dump_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "--data", str(MINI), "--target", "甲市", "--template", "brief",
                                      "--date", "2026-11-24", "--out", str(out), "--model"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("<document>\n    <front_matter ")
    assert '    <heading level="1" number="一、">\n        主要发现\n' in result.output
    assert not out.exists()


def test_build_model_reports_template_errors_like_build(tmp_path):
    template = tmp_path / "t.md"
    template.write_text("---\ntarget: 甲市\n---\n{{ nosuch }}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--data", str(MINI), "--template", str(template), "--model"])
    assert result.exit_code == 1
    assert "模板错误" in result.output and "第4行" in result.output and "Traceback" not in result.output
