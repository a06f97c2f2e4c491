"""The senior editor's content defects (editor-report.md): each test fails if its defect comes back."""

from __future__ import annotations

import csv
import re

from nqp_report.analysis import compare
from nqp_report.data import load_dataset
from nqp_report.resources import bundled_data_dir

from bundled_models import abstract, model


def test_the_brief_opens_with_a_measured_gap_never_an_estimate_or_a_superlative():
    doc, text = model("brief")
    lead = abstract(doc).split("。")[0]
    assert "推算" not in lead and "年份推定" not in lead and "最突出" not in text
    assert lead.startswith("2022年宁波R&D经费投入强度为2.94%"), lead
    assert "低于浙江省（3.1%），更低于深圳、苏州、杭州" in lead


def test_two_region_comparisons_never_read_as_a_ranking_nor_a_gap_from_an_estimate():
    for template in ("brief", "briefing"):
        _, text = model(template)
        assert "在2个有数据地区中" not in text and "低于常州约49万辆" not in text, template
        assert "低于常州，宁波数值为推算，未计算差距" in text, template


def test_actions_without_any_target_say_once_that_targets_are_to_be_set_and_the_date_is_printed_once():
    _, text = model("brief")
    actions = re.findall(r"。牵头单位：[^；]+；时限：", text)
    assert len(actions) == 3 and "目标待定" not in text.split("优先行动")[1], actions
    assert text.count("以上行动的量化目标有待确定。") == 1
    assert text.count("新质生产力研究课题组") == 1


def test_ranks_are_given_only_among_values_of_one_year():
    ds = load_dataset(bundled_data_dir())
    item = compare(ds, "深圳", ["苏州", "杭州", "宁波"]).by_id("rd_intensity")
    assert {c.year for c in item.cells.values() if c is not None} == {2022}
    assert item.rank == 1 and item.cells["深圳"].value == 5.49
    mixed = compare(ds, "宁波", ["深圳"]).by_id("rd_funds_from_ent")
    assert mixed.mixed_years and mixed.rank is None and mixed.best is None
    _, text = model("briefing", "深圳")
    assert "与宁波（90%）相比高低难以判定" in text and "年份不同（深圳2023年" not in text


def test_values_of_years_with_none_in_common_get_no_rank(tmp_path):
    import shutil

    data = shutil.copytree(bundled_data_dir(), tmp_path / "data")
    obs = data / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace("苏州,rd_intensity,2022,", "苏州,rd_intensity,2021,"),
                   encoding="utf-8")
    from nqp_report.analysis import strengths
    from nqp_report.templating.phrases import rank_cell, standing_phrase, verdict_phrase

    comps = compare(load_dataset(data), "深圳", ["苏州", "杭州", "宁波"])
    item = comps.by_id("rd_intensity")
    assert item.mixed_years and {c.year for c in item.cells.values()} == {2021, 2022, 2023}
    assert rank_cell(item) == "—" and item not in strengths(comps, 99)
    for text in (standing_phrase(item), verdict_phrase(item)):
        assert text == "年份不同（深圳2023年，苏州2021年，杭州2022年，宁波2022年），不比较高低", text


def test_december_2023_flow_statistics_are_not_recorded_as_full_year_2023():
    rows = list(csv.DictReader((bundled_data_dir() / "observations.csv").open(encoding="utf-8")))
    for indicator in ("rd_funds_from_ent", "digital_retrofit_coverage"):
        row = next(r for r in rows if r["region"] == "宁波" and r["indicator"] == indicator)
        assert row["source"] == "S004" and row["year"] == "2022" and "2022" in row["year_basis"], row


def test_the_one_seventh_share_is_marked_as_derived_at_honest_precision():
    _, text = model("briefing", "深圳")
    assert "约14*" in text and "14.3" not in text
    assert "智能手机全球份额为推算值：原文为“全球1/7的智能手机……来自深圳”，由1/7推算为约14%。" in text
    ds = load_dataset(bundled_data_dir())
    assert next(o for o in ds.observations if o.indicator == "global_share_smartphones").derived


def test_hefei_big_science_facilities_keep_the_source_qualifier():
    _, text = model("briefing", "合肥")
    assert "已建、在建和预研的大科学装置数" in text


def test_sources_are_numbered_in_order_of_first_citation_without_gaps():
    for template, target in (("brief", "宁波"), ("briefing", "宁波"), ("briefing", "深圳"), ("briefing", "合肥")):
        _, text = model(template, target)
        cited = [int(n) for n in re.findall(r"\[(\d+)\]", text)]
        first = list(dict.fromkeys(cited))
        assert first == list(range(1, len(first) + 1)), (template, target, first)
    _, text = model("briefing")
    s004 = re.search(r"\[(\d)\]《对标对表", text).group(1)
    assert f"年份推定[{s004}]：原文未注明统计年份；该文2023年12月发表时" in text


def test_the_inferred_year_note_is_printed_once_in_the_body():
    for template, target in (("brief", "宁波"), ("briefing", "宁波")):
        doc, _ = model(template, target)
        notes = [n for b in doc.tables() + doc.figures() for n in b.notes if "年份为推定" in n]
        assert len(notes) == 1, (template, notes)


def test_the_concept_table_note_says_every_row_differs_only_when_it_does():
    doc, _ = model("briefing")
    table = next(t for t in doc.tables() if t.id == "tab-concepts")
    groups: list[list[str]] = []
    for r in table.rows:
        if r.kind == "group":
            groups.append([])
        else:
            groups[-1].append(r.cells[0].text)
    distinct = all(len(set(g)) == len(g) for g in groups)
    rule = "同组各行口径不同" if distinct else "同组中指标不同的行口径不同"
    assert table.notes[0] == f"注：{rule}，只并列列出，不排序、不比较高低。"


def test_the_matrix_borrows_only_from_regions_whose_practice_it_links():
    doc, _ = model("briefing")
    matrix = next(t for t in doc.tables() if t.columns and t.columns[2].header == "借鉴")
    borrowed = {r.cells[0].text: r.cells[2].text for r in matrix.rows}
    assert borrowed["提升全社会R&D经费投入强度"] == "深圳"
    assert "（无）" not in borrowed.values()
    firsts = [r.cells[1].text.split(" ")[0] for r in matrix.rows if r.cells[1].text != "（无量化指标）"]
    assert len(firsts) == len(set(firsts)), firsts


def test_the_rank_chart_plots_one_field_and_marks_inferred_years():
    from nqp_report.templating.editorial import profile_rows
    from nqp_report.templating.figures import rank_figure
    from nqp_report.templating.scope import Scope

    ds = load_dataset(bundled_data_dir())
    scope = Scope.of(ds, "宁波", ["深圳", "常州", "苏州", "杭州"])
    fig = rank_figure(scope, profile_rows(scope, 12), None, "fig-ranks")
    assert "全国城市" in fig.caption
    labels = [i["label"] for i in fig.chart.data["items"]]
    assert not any("绿色工厂" in label for label in labels), labels
    assert any(label.endswith("*") for label in labels) and fig.notes


def test_the_shenzhen_data_gaps_say_the_remedy_once():
    _, text = model("briefing", "深圳")
    assert text.count("即可与宁波比较") == 1


def test_a_gap_to_a_value_of_inferred_year_says_so():
    _, text = model("briefing")
    assert "R&D经费投入强度为2.94%（2022年），比深圳低2.55个百分点（深圳数值年份为推定）" in text
