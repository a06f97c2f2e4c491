"""The second senior-editor reading (editor-report-2.md): each test fails if its defect comes back."""

from __future__ import annotations

import shutil

from nqp_report.analysis import compare
from nqp_report.data import load_dataset
from nqp_report.resources import bundled_data_dir
from nqp_report.templating.phrases import behind_phrase, standing_phrase, verdict_phrase

from bundled_models import DATE, abstract, model


def test_overlapping_values_of_different_years_give_the_overlap_as_the_reason():
    item = compare(load_dataset(bundled_data_dir()), "宁波", ["深圳"]).by_id("rd_funds_from_ent")
    assert item.mixed_years
    for text in (standing_phrase(item), verdict_phrase(item), behind_phrase(item)):
        assert text == "与深圳（90%以上）相比高低难以判定", text
    for template in ("brief", "briefing"):
        _, text = model(template)
        assert "年份不同（宁波2022年，深圳2023年）" not in text, template


def test_a_year_difference_between_two_guessed_years_is_worded_as_a_guess(tmp_path):
    data = shutil.copytree(bundled_data_dir(), tmp_path / "data")
    obs = data / "observations.csv"
    text = obs.read_text(encoding="utf-8")
    obs.write_text(text.replace("深圳,rd_funds_from_ent,2023,90,以上,", "深圳,rd_funds_from_ent,2023,95,,"),
                   encoding="utf-8")
    item = compare(load_dataset(data), "宁波", ["深圳"]).by_id("rd_funds_from_ent")
    assert standing_phrase(item) == "年份均为推定且不同（宁波2022年，深圳2023年），不比较高低"


def test_the_summary_leads_with_the_measured_gap_and_words_estimates_and_years_for_a_reader():
    doc, _ = model("briefing")
    gaps = abstract(doc).split("差距方面，")[1].split("优先行动方面")[0]
    assert gaps.startswith("R&D经费投入强度为2.94%（2022年），比深圳低2.55个百分点（深圳数值年份为推定）"), gaps
    assert "低于常州，宁波数值为推算，未计算差距" in gaps
    assert "（推算值，不计差距）" not in gaps and "深圳（年份推定）" not in gaps


def test_the_matrix_note_describes_only_what_its_rows_show_and_unset_targets_read_alike():
    doc, _ = model("briefing")
    table = next(b for b in doc.blocks if getattr(b, "kind", "") == "matrix")
    note = " ".join(table.notes)
    cells = [r.cells[1].text for r in table.rows]
    if not any("（测算）" in r.cells[5].text for r in table.rows):
        assert "测算" not in note, note
    assert "有目标年份的写年份" not in note and "目标待定" in note
    assert all("→" in c or c == "（无量化指标）" for c in cells), cells
    assert sum("目标待定" in c for c in cells) == sum("→" in c for c in cells) - 1


def test_a_linked_practice_outside_the_benchmarks_is_reported_in_chinese_with_file_row_and_column(tmp_path):
    import pytest

    from nqp_report.errors import DataError

    data = shutil.copytree(bundled_data_dir(), tmp_path / "data")
    recs = data / "recommendations.csv"
    recs.write_text(recs.read_text(encoding="utf-8").replace(",中,P23\n", ",中,P23;P21\n"), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_dataset(data)
    assert "recommendations.csv，第11行，“practices”列：典型经验“P21”的地区“上海”不在本行 benchmarks 列中" in str(err.value)


def test_measures_are_paired_with_indicators_and_practices_that_fit_them():
    ds = load_dataset(bundled_data_dir())
    recs = {r.id: r for r in ds.recommendations}
    assert "nat_ent_tech_centers" not in recs["R04"].indicators
    assert "above_scale_firms_rank" not in recs["R21"].indicators
    assert "P21" not in recs["R10"].practices and "P19" not in recs["R22"].practices
    doc, _ = model("briefing")
    table = next(b for b in doc.blocks if getattr(b, "kind", "") == "matrix")
    rows = {r.cells[0].text: r for r in table.rows}
    assert "国家企业技术中心数" not in rows["强化科创策源力量，争创全国重点实验室和大科学装置"].cells[1].text
    assert "规上工业企业数" not in rows["重视中小企业并发展总部经济"].cells[1].text
    assert rows["抓住大规模设备更新机遇改造提升传统产业"].cells[2].text == "苏州"


def test_the_shenzhen_gap_table_note_and_year_follow_the_common_year_actually_used():
    doc, _ = model("briefing", "深圳")
    table = next(b for b in doc.blocks if getattr(b, "kind", "") == "comparison" and "可比指标" in (b.caption or ""))
    row = next(r for r in table.rows if r.cells[0].text.startswith("R&D经费投入强度"))
    assert row.cells[1].text == "5.49（2022）*" and row.cells[3].text == "高于苏州、杭州、宁波"
    assert table.notes[0].startswith("注：R&D经费投入强度按各地区都有数值的共同年份2022年比较"), table.notes[0]
    assert not table.notes[0].startswith("注：深圳取最新年份")
    doc, _ = model("briefing")
    table = next(b for b in doc.blocks if getattr(b, "kind", "") == "comparison" and "可比指标" in (b.caption or ""))
    assert table.notes[0].startswith("注：宁波取最新年份，") and "共同年份" not in table.notes[0]


def test_quoted_titles_never_nest_double_quotes():
    import re

    _, text = model("briefing")
    from nqp_report.formatting import quoted

    assert quoted("组建创新联合体，健全“企业出题”攻关模式") == "“组建创新联合体，健全‘企业出题’攻关模式”"
    assert "“培育‘新物种’企业梯队”" in text
    assert not re.search(r"“[^”]*“[^”]*”[^“]*”", text.replace("”、“", "")), "nested “…“…”…”"


def test_sources_print_as_a_reader_expects_and_curation_remarks_stay_in_the_data():
    ds = load_dataset(bundled_data_dir())
    assert "原文未见题名" in ds.sources["S002"].note
    for template, target in (("briefing", "宁波"), ("brief", "宁波"), ("briefing", "深圳"), ("briefing", "合肥")):
        _, text = model(template, target)
        assert "《宁波因地制宜以新质生产力驱动新型工业化的对策》，2025年，期刊第6卷第3期，第4页起" in text, target
        assert "Viser" not in text and "原文未见题名" not in text, (template, target)


def test_rankings_without_a_named_list_say_they_are_reported():
    doc, text = model("briefing", "合肥")
    table = next(b for b in doc.blocks if isinstance(getattr(b, "rows", None), list))
    labels = {r.cells[0].text: r.cells[1].text for r in table.rows if len(r.cells) > 1}
    assert labels.get("全球科研城市（据报道）") == "第13位*" and labels.get("全球科技集群（据报道）") == "第40位*", labels


def _pdf_pages(tmp_path, target: str) -> list[str]:
    from pypdf import PdfReader

    from nqp_report.pipeline import BuildRequest, build

    result = build(BuildRequest(data=bundled_data_dir(), template="briefing", target=target, out=tmp_path,
                                date=DATE, formats=("pdf",)))
    return [p.extract_text().replace(" ", "").replace("\n", "") for p in PdfReader(result.outputs[0]).pages]


def test_short_documents_leave_no_lone_table_row_or_source_line_on_a_page(tmp_path):
    pages = _pdf_pages(tmp_path / "sz", "深圳")
    tail = next(p for p in pages if "高新技术企业密度" in p)
    assert "研发资金来源于企业的比重" in tail.split("高新技术企业密度")[0], "one table row carried on alone"
    pages = _pdf_pages(tmp_path / "hf", "合肥")
    last = next(p for p in pages if "[2]《" in p)
    assert "[1]《" in last, "the last source entry alone on a page"
