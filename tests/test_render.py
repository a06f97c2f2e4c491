"""Templates: rendering into the model, parameters, and template errors with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from nqp_report.errors import TemplateError
from nqp_report.model import Heading, Paragraph, Ref
from nqp_report.pipeline import BuildRequest, build_model

from conftest import MINI


# The front matter below takes lines 1-4, so body line 1 is file line 5.
def model_for(tmp_path: Path, body: str, front: str = "target: 甲市\npeers: [乙市, 丙市]\n"):
    path = tmp_path / "t.md"
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    doc, result, _ = build_model(BuildRequest(data=MINI, template=str(path)))
    return doc, path


def template_error(tmp_path: Path, body: str) -> TemplateError:
    with pytest.raises(TemplateError) as info:
        model_for(tmp_path, body)
    return info.value


def test_values_carry_unit_qualifier_and_year(tmp_path):
    doc, _ = model_for(tmp_path, "乙市高企{{ value('firms', '乙市') }}，甲市{{ value('rd') }}，位次{{ rank('rd') }}。\n")
    # 丙市's value is of 2022 while 甲市's is of 2023: the rank says the years differ
    assert doc.blocks[0].text == "乙市高企超2400家（2023年），甲市3.00%（2023年），位次第3位（3个有数据地区中，各地年份不一）。"


def test_precision_derived_values_bounds_and_predicates():
    from nqp_report.data.records import Indicator, Observation
    from nqp_report.formatting import as_predicate, fmt_observation

    share = Indicator(id="s", name="比重", unit="%", dimension="d", definition="d", direction="higher", decimals="1")
    cars = Indicator(id="c", name="产量", unit="万辆", dimension="d", definition="d", direction="higher", decimals="1")
    obs = Observation(region="甲", indicator="s", year="2023", value="90", qualifier="以上", source="A")
    assert fmt_observation(obs, share) == "90%以上（2023年）"  # the source's precision, 以上 after the value
    derived = Observation(region="甲", indicator="c", year="2023", value="约18.9", source="A",
                          note="据乙市为甲市3.6倍推算")
    assert fmt_observation(derived, cars) == "约18.9万辆（2023年，推算）"
    assert as_predicate(fmt_observation(derived, cars, year=False)) == "约为18.9万辆（推算）"
    assert as_predicate("2.52%") == "为2.52%"


def test_headings_lists_refs_and_directives(tmp_path):
    body = (
        "# 基础\n\n## 科技\n\n见{{ ref('t1') }}和{{ ref('f1') }}。\n\n"
        "{{ comparison_table('科技创新', id='t1') }}\n\n{{ bar_chart('rd', id='f1') }}\n\n"
        "1. 第一\n2. 第二\n\n# *附录\n"
    )
    doc, _ = model_for(tmp_path, body)
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Heading", "Heading", "Paragraph", "Table", "Figure", "BulletList", "Heading"]
    assert [h.title for h in doc.headings()] == ["一、基础", "（一）科技", "附录"]
    refs = [i for i in doc.blocks[2].inlines if isinstance(i, Ref)]
    assert [r.label for r in refs] == ["表1", "图1"]
    table = doc.blocks[3]
    assert table.title == "表1 科技创新指标对比"
    assert [c.header for c in table.columns] == ["指标（单位）", "甲市", "乙市", "丙市", "甲市位次", "与最优差距"]
    assert [c.text for c in table.rows[0].cells] == ["研发投入强度（%）", "3.00", "6.00", "4.50（2022）", "—", "3.00个百分点"]  # years differ: no rank
    assert "资料来源：《甲文》" in table.source
    fig = doc.blocks[4]
    assert fig.chart.kind == "bar" and fig.chart.data["missing"] == []
    assert [b["region"] for b in fig.chart.data["bars"]] == ["乙市", "丙市", "甲市"]


def test_conflict_and_qualifier_notes(tmp_path):
    doc, _ = model_for(tmp_path, "{{ comparison_table(indicators=['firms']) }}\n", front="target: 甲市\npeers: [乙市]\n")
    table = doc.tables()[0]
    assert table.rows[0].cells[2].text == "超2400"
    notes = " ".join(table.notes)
    assert "“超”为原文限定词，表示约数或界值" in notes


def test_missing_value_is_dash_not_zero(tmp_path):
    doc, _ = model_for(tmp_path, "{{ comparison_table(indicators=['rank', 'rd', 'sei_a']) }}\n",
                       front="target: 甲市\npeers: [乙市, 丁市]\n")
    table = doc.tables()[0]
    headers = [c.header for c in table.columns]
    assert "丁市" not in headers  # no values at all: left out, not zero
    sei = next(r for r in table.rows if r.cells[0].text.startswith("战新产业占比（增加值）"))
    peer = sei.cells[headers.index("乙市")]  # 乙市 has other values but none for sei_a
    assert (peer.text, peer.missing) == ("—", True)
    assert [c.text for c in sei.cells[1:]] == ["25.2", "—", "—", "—"]


@pytest.mark.parametrize("body,line,words", [
    ("第一行\n\n{{ nosuch }}\n", 7, "未知的名称“nosuch”"),
    ("{{ value('gdp') }}\n", 5, "未知的指标“gdp”"),
    ("行\n{{ value('rd', '火星') }}\n", 6, "未知的地区“火星”"),
    ("{% for x in %}\n", 5, "模板语法错误"),
    ("\n{{ comparison_table('太空') }}\n", 6, "未知的维度“太空”"),
    ("{{ ''.__class__.__mro__ }}\n", 5, "不允许"),
])
def test_template_errors_name_file_and_line(tmp_path, body, line, words):
    err = template_error(tmp_path, body)
    assert words in str(err)
    assert err.file.endswith("t.md") and err.line == line, str(err)
    assert str(err).startswith("模板错误：") and f"第{line}行" in str(err)


def test_unknown_reference(tmp_path):
    err = template_error(tmp_path, "见{{ ref('nope') }}。\n")
    assert "引用了不存在的表或图“nope”" in str(err)


def test_bad_front_matter(tmp_path):
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: [unclosed\n---\n正文\n", encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        build_model(BuildRequest(data=MINI, template=str(path)))
    assert "前置参数" in str(info.value) and info.value.file.endswith("bad.md")


def test_unknown_template_name():
    with pytest.raises(TemplateError) as info:
        build_model(BuildRequest(data=MINI, template="nosuch"))
    assert "briefing" in str(info.value) and "brief" in str(info.value)


def test_overrides_and_unknown_target():
    doc, result, _ = build_model(BuildRequest(data=MINI, template="brief", target="乙市", peers=["甲市"],
                                              title="测试标题", date="2026-11-24"))
    assert doc.meta.title == "测试标题" and doc.meta.date == "2026年11月24日"
    assert result.target == "乙市" and result.peers == ["甲市"]
    with pytest.raises(TemplateError) as info:
        build_model(BuildRequest(data=MINI, template="brief", target="火星"))
    assert "目标地区“火星”不在数据中" in str(info.value)


@pytest.mark.parametrize("template", ["briefing", "brief"])
@pytest.mark.parametrize("target", ["甲市", "乙市", "丙市"])
def test_bundled_templates_are_generic_over_the_target(template, target):
    doc, result, _ = build_model(BuildRequest(data=MINI, template=template, target=target))
    text = " ".join(b.text for b in doc.blocks if isinstance(b, (Heading, Paragraph)))
    assert target in doc.meta.title
    assert "宁波" not in text + doc.meta.title
    assert result.target == target and target not in result.peers
    assert doc.tables() or template == "brief"


def test_inferred_years_are_stated_in_the_table_and_the_appendix(mini_copy, tmp_path):
    obs = mini_copy / "observations.csv"
    text = obs.read_text(encoding="utf-8").replace(",note,preferred", ",note,preferred,year_basis")
    text = text.replace("乙市,rd,2023,6.00,,A,,", "乙市,rd,2023,6.00,,A,,,原文未注明统计年份，按发表时间记为2023年")
    obs.write_text(text, encoding="utf-8")
    path = tmp_path / "t.md"
    path.write_text("---\ntarget: 甲市\npeers: [乙市]\n---\n{{ comparison_table(indicators=['rd']) }}\n\n"
                    "{{ conflicts_table() }}\n", encoding="utf-8")
    doc, _, _ = build_model(BuildRequest(data=mini_copy, template=str(path)))
    table, appendix = doc.tables()
    assert any("未注明统计年份" in n for n in table.notes)
    assert table.rows[0].cells[2].text == "6.00*"  # the value whose year was inferred carries the mark
    row = next(r for r in appendix.rows if r.cells[1].text == "年份推定")
    assert row.cells[0].text == "乙市·研发投入强度（2023*）"
    assert row.cells[2].text == "原文未注明统计年份，按发表时间记为2023年（A）。"
