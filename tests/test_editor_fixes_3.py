"""Leftovers of the second editor reading (editor-report-2.md): each test fails if its defect comes back."""

from __future__ import annotations

from nqp_report.model import Table
from nqp_report.pipeline import BuildRequest, build_model
from nqp_report.resources import bundled_data_dir

from bundled_models import DATE, model


def table(doc, table_id: str) -> Table:
    return next(b for b in doc.blocks if isinstance(b, Table) and b.id == table_id)


def test_the_concept_table_does_not_repeat_what_the_gap_table_compares():
    doc, text = model("briefing")
    gaps, concepts = table(doc, "tab-gaps"), table(doc, "tab-concepts")
    compared = {r.cells[0].text for r in gaps.rows}
    groups: list[list[tuple[str, str]]] = []
    for r in concepts.rows:
        if r.kind == "group":
            groups.append([])
        else:
            groups[-1].append((r.cells[0].text, r.cells[1].text))
            if r.cells[0].text in compared:
                assert r.cells[1].text == "宁波", r.cells[0].text
    assert ("研发资金来源于企业的比重（%）", "宁波") in groups[-1]
    assert all(len({ind for ind, _ in g}) == len(g) > 1 for g in groups), groups
    assert concepts.notes[0] == "注：同组各行口径不同，只并列列出，不排序、不比较高低。"
    assert "其中研发资金来源于企业的比重已在" in text and "中该项只列宁波的数值" in text


def test_a_concept_group_with_a_single_koujing_is_not_a_koujing_table(tmp_path):
    import shutil

    data = shutil.copytree(bundled_data_dir(), tmp_path / "data")
    obs = data / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace("深圳,future_industries,", "浙江省,future_tracks,"),
                   encoding="utf-8")
    doc, _, _ = build_model(BuildRequest(data=data, template="briefing", target="宁波", date=DATE))
    groups = [r.cells[0].text for r in table(doc, "tab-concepts").rows if r.kind == "group"]
    assert groups and not any("未来产业" in g for g in groups), groups


def chapter_text(doc, number: str) -> str:
    """Return the prose of a level-1 chapter ("一、"), up to its first table."""
    from nqp_report.model import Heading, Paragraph

    out, inside = [], False
    for b in doc.blocks:
        if isinstance(b, Heading) and b.level == 1:
            inside = b.number == number
        elif inside and isinstance(b, Table):
            break
        elif inside and isinstance(b, Paragraph):
            out.append(b.text)
    return "".join(out)


def test_chapter_one_introduces_the_profile_table_without_repeating_the_summary_ranks():
    doc, _ = model("briefing")
    prose = chapter_text(doc, "一、")
    profile = table(doc, "tab-profile")
    ranked = sum("第" in r.cells[1].text for r in profile.rows)
    assert f"表1列出宁波{len(profile.rows)}项主要指标2022—2023年的数值，其中{ranked}项附全国城市或副省级城市中的位次。" in prose
    assert "居" not in prose and "第1位" not in prose, prose


def experience_closings(doc) -> list[str]:
    """Return the last paragraph of each second-level section of chapter 三."""
    from nqp_report.model import Heading, Paragraph

    sections: list[list[str]] = []
    chapter = ""
    for b in doc.blocks:
        if isinstance(b, Heading):
            chapter = b.number if b.level == 1 else chapter
            if chapter == "三、" and b.level == 2:
                sections.append([])
        elif chapter == "三、" and sections and isinstance(b, Paragraph):
            sections[-1].append(b.text)
    return [s[-1] for s in sections if s]


def test_each_experience_section_closes_with_the_measures_its_practice_supports_in_varied_words():
    import re

    doc, text = model("briefing")
    closings = experience_closings(doc)[:-1]
    assert len(closings) == 6, closings
    assert "可借鉴上述做法" not in text and "对宁波的启示" not in text
    assert "深圳的做法可为宁波“提高规上工业企业研发投入强度”等4项建议提供借鉴。" in closings
    assert "北京强化通用人工智能顶层设计的经验，可用于宁波“打造未来产业先导区”和“强化人工智能创新应用”。" in closings
    regions = "深圳|合肥|北京|常州|苏州|上海"
    skeletons = [re.sub(rf"“[^”]*”|\d+|{regions}", "", c) for c in closings]
    assert all(a != b for a, b in zip(skeletons, skeletons[1:])), skeletons
    assert len(set(skeletons)) >= 4, skeletons


def test_docx_and_pdf_print_the_same_lines_under_tables_and_figures(tmp_path):
    import docx
    from pypdf import PdfReader

    from nqp_report.model import Figure
    from nqp_report.pipeline import build
    from nqp_report.writers.base import note_lines

    build(BuildRequest(data=bundled_data_dir(), template="briefing", target="宁波", date=DATE, out=tmp_path))
    doc, _ = model("briefing")
    expected = [line for b in doc.blocks if isinstance(b, (Table, Figure)) for line in note_lines(b.notes, b.source)]
    assert "注：标*的数值原文未注明统计年份，年份为推定。" in expected and "注：深色为宁波。" in expected
    printed = [p.text for p in docx.Document(tmp_path / "briefing-宁波.docx").paragraphs
               if p.style.name == "Source Note"]
    assert printed[:len(expected)] == expected
    pdf = "".join(page.extract_text() for page in PdfReader(tmp_path / "briefing-宁波.pdf").pages)
    pdf = "".join(pdf.split())
    for line in expected:
        assert "".join(line.split())[:12] in pdf, line
