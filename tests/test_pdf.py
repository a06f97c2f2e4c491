"""The PDF writer: page setup, outline, fonts, text, Chinese line breaking, tables, reproducibility."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest

from nqp_report.inspect import inspect_pdf

from conftest import require_tool
from sample_model import sample_document

CREATED = dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.timezone.utc)
FORBIDDEN_LINE_START = "，。、；：？！）》”’"


def render(doc) -> bytes:
    from nqp_report.writers.pdf import pdf_fonts_for
    from nqp_report.writers.pdf import PdfWriter

    return PdfWriter(pdf_fonts_for(doc), created=CREATED).write(doc)


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    path.write_bytes(render(sample_document()))
    return path


@pytest.fixture(scope="module")
def structure(sample_pdf):
    return inspect_pdf(sample_pdf)


def squash(s: str) -> str:
    return "".join(s.split())


def pages_text(path) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() or "" for p in PdfReader(str(path)).pages]


def poppler_text(path, layout: bool = False) -> str:
    tool = require_tool("pdftotext")
    args = [tool] + (["-layout"] if layout else []) + [str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


# ---------------------------------------------------------------- the PDF
def test_pages_are_a4(structure):
    assert structure["page_count"] >= 3
    assert {(p["width_mm"], p["height_mm"]) for p in structure["pages"]} == {(210.0, 297.0)}


def test_outline_titles_and_levels_equal_the_headings(structure):
    def flatten(nodes):
        for node in nodes:
            yield node["level"], node["title"]
            yield from flatten(node.get("children", []))

    expected = [(h.level, h.title) for h in sample_document().headings()]
    assert list(flatten(structure["outline"])) == expected


def test_every_font_is_embedded_and_subset_and_none_is_helvetica(structure, sample_pdf):
    assert structure["fonts"]
    for font in structure["fonts"]:
        assert font["embedded"] and font["subset"], font
        assert "Helvetica" not in font["name"]
    out = subprocess.run([require_tool("pdffonts"), str(sample_pdf)], capture_output=True, text=True,
                         check=True).stdout
    for line in out.splitlines()[2:]:
        cols = line.split()
        assert (cols[-5], cols[-4]) == ("yes", "yes"), line
        assert "Helvetica" not in line


def test_document_info(structure):
    info = structure["info"]
    assert info["Title"] == "宁波市新质生产力对标分析报告"
    assert info["Author"] == "宁波市某研究院"
    assert info["Subject"] == "新质生产力对标分析"
    assert "新质生产力" in info["Keywords"]
    assert info["Creator"] == "nqp-report"


def test_creation_date_comes_from_created(sample_pdf):
    from pypdf import PdfReader

    assert str(PdfReader(str(sample_pdf)).metadata["/CreationDate"]).startswith("D:20261124093000")


def test_text_contains_headings_captions_and_cells(sample_pdf):
    doc = sample_document()
    for text in (squash(" ".join(pages_text(sample_pdf))), squash(poppler_text(sample_pdf))):
        for heading in doc.headings():
            assert squash(heading.title) in text
        for table in doc.tables():
            assert squash(table.title) in text
            assert squash(table.source) in text
            for column in table.columns:
                assert squash(column.header) in text
            for row in table.rows:
                for cell in row.cells:
                    assert squash(cell.text) in text
        for figure in doc.figures():
            assert squash(figure.title) in text
        assert "［图2尚未绘制］" in text
        assert squash(doc.meta.title) in text
        assert "2.52%" in text


def test_no_line_starts_with_forbidden_punctuation(sample_pdf):
    for layout in (False, True):
        lines = [ln.strip() for ln in poppler_text(sample_pdf, layout).splitlines() if ln.strip()]
        bad = [ln for ln in lines if ln[0] in FORBIDDEN_LINE_START]
        assert not bad, bad[:5]


def test_page_numbers_are_printed(sample_pdf):
    texts = pages_text(sample_pdf)
    for n, text in enumerate(texts, start=1):
        assert re.search(rf"—\s*{n}\s*—", text), (n, text[-40:])


def test_long_table_repeats_its_header(sample_pdf):
    texts = [squash(t) for t in pages_text(sample_pdf)]
    first = next(i for i, t in enumerate(texts) if "表2" in t)
    last = next(i for i, t in enumerate(texts) if "指标30" in t)
    assert last > first, "the long table should run over a page break"
    for t in texts[first + 1:last + 1]:
        assert "指标数值对标值位次" in t


def test_caption_stays_with_its_table(sample_pdf):
    pages = [t for t in (squash(t) for t in pages_text(sample_pdf)) if "表1研发投入强度对比" in t]
    assert len(pages) == 1, "the caption of 表1 should be printed once"
    assert "宁波3.03" in pages[0]


def test_references_link_to_captions(sample_pdf):
    from pypdf import PdfReader

    reader = PdfReader(str(sample_pdf))
    page_index = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    texts = [squash(t) for t in pages_text(sample_pdf)]
    targets = []
    for page in reader.pages:
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link":
                targets.append(page_index[annot["/Dest"][0].idnum])
    assert len(targets) == 2  # （见表1） and 详见图1
    assert "表1研发投入强度对比" in texts[targets[0]]
    assert "图1研发投入强度对比" in texts[targets[1]]


def test_same_document_gives_identical_bytes():
    assert render(sample_document()) == render(sample_document())


def test_text_by_role_lists_fixed_strings():
    from nqp_report.writers.pdf import text_by_role

    roles = text_by_role(sample_document())
    assert set("— 0123456789［］尚未绘制") <= set(roles["table"])
    assert set("表图") <= set(roles["heading"])
    assert set("资料来源：注") <= set(roles["kai"])
    assert set("宁波市新质生产力对标分析报告") <= set(roles["title"])
    assert {"1", ".", "%"} <= set(roles["latin"])  # ASCII of body, kai and table text is set in the Latin face
    assert not set("0123456789%") & set(roles["body"])


def test_missing_font_role_is_an_error():
    from nqp_report.writers.pdf import PdfWriter

    with pytest.raises(ValueError, match="missing: table"):
        PdfWriter({"title": "x", "heading": "x", "kai": "x", "body": "x"}, created=CREATED)


def test_a_second_document_in_the_same_process_gets_its_own_glyphs(sample_pdf, tmp_path):
    """ReportLab keeps one TrueType font per PostScript name, so every subset needs a face name of its own."""
    from nqp_report.model import Paragraph, Text

    doc = sample_document()
    doc.meta.title = "少见字测试：熊猫老虎"
    doc.blocks.append(Paragraph([Text("显著差距：骆驼、孔雀与白鹤。")]))
    path = tmp_path / "second.pdf"
    path.write_bytes(render(doc))
    text = squash(poppler_text(path))
    assert "少见字测试：熊猫老虎" in text
    assert "显著差距：骆驼、孔雀与白鹤。" in text


def test_a_font_without_a_needed_character_is_an_error_not_a_box():
    from nqp_report.errors import FontError
    from nqp_report.writers.pdf import pdf_fonts_for
    from nqp_report.model import Paragraph, Text
    from nqp_report.writers.pdf import PdfWriter

    doc = sample_document()
    fonts = pdf_fonts_for(doc)
    doc.blocks.append(Paragraph([Text("未收录的字：鼷")]))
    with pytest.raises(FontError, match="鼷"):
        PdfWriter(fonts, created=CREATED).write(doc)


def test_fonts_and_texts_give_the_writers_own_pass_and_the_same_bytes():
    from nqp_report.writers.pdf import PdfWriter, pdf_fonts_for, text_by_role
    from nqp_report.writers.pdf.register import pdf_fonts_and_texts

    doc = sample_document()
    fonts, texts = pdf_fonts_and_texts(doc)
    assert fonts == pdf_fonts_for(doc) and texts == text_by_role(doc)
    assert PdfWriter(fonts, created=CREATED, texts=texts).write(doc) == PdfWriter(fonts, created=CREATED).write(doc)


@pytest.mark.parametrize("fillers", range(22))
def test_no_page_ends_with_a_heading(tmp_path, fillers):
    from nqp_report.model import Heading, Paragraph, Text

    doc = sample_document()
    # Push 二、对策建议 (followed by the long table) down the page, line by line.
    at = next(i for i, b in enumerate(doc.blocks) if isinstance(b, Heading) and b.text == "对策建议")
    doc.blocks[at:at] = [Paragraph([Text("宁波研发投入强度对比。")]) for _ in range(fillers)]
    path = tmp_path / "x.pdf"
    path.write_bytes(render(doc))
    texts = [squash(re.sub(r"—\s*\d+\s*—\s*$", "", t.strip())) for t in pages_text(path)]
    for heading in doc.headings():
        for t in texts:
            assert not t.endswith(squash(heading.title)), heading.title


def test_a_figure_that_does_not_fit_lets_the_following_text_fill_the_page(tmp_path):
    from nqp_report.model import Document, Figure, FrontMatter, Paragraph, Text
    from nqp_report.transforms import apply_all
    from sample_model import tiny_png

    filler = "新质生产力对标分析的正文段落，用于填满页面的大部分版心。" * 6
    blocks = [Paragraph([Text(f"{n}{filler}")]) for n in range(2)]
    blocks.append(Figure(id="fig-big", caption="较高的图", image=tiny_png(), height_mm=120.0))
    blocks.append(Paragraph([Text("紧随图后的段落甲。")]))
    doc = apply_all(Document(meta=FrontMatter(title="浮动图测试"), blocks=blocks))
    path = tmp_path / "float.pdf"
    path.write_bytes(render(doc))
    pages = [squash(t) for t in pages_text(path)]
    assert len(pages) == 2
    assert "紧随图后的段落甲" in pages[0]  # the paragraph fills page 1 ...
    assert "图1较高的图" in pages[1]  # ... and the figure starts page 2


def test_italic_text_is_set_in_the_kai_face_not_dropped(tmp_path):
    from nqp_report.model import Paragraph, Text
    from nqp_report.writers.pdf import text_by_role

    doc = sample_document()
    doc.blocks.append(Paragraph([Text("正文里"), Text("强调蝶", italic=True)]))
    roles = text_by_role(doc)
    assert "蝶" in roles["kai"] and "蝶" not in roles["body"]
    path = tmp_path / "italic.pdf"
    path.write_bytes(render(doc))
    assert "正文里强调蝶" in squash(poppler_text(path))


def test_an_unknown_inline_kind_fails_loudly():
    from dataclasses import dataclass

    from nqp_report.model import Paragraph
    from nqp_report.writers.pdf import text_by_role

    @dataclass
    class Footnote:
        text: str

    doc = sample_document()
    doc.blocks.append(Paragraph([Footnote("脚注")]))
    with pytest.raises(TypeError, match="cannot write inline Footnote"):
        text_by_role(doc)


def test_page_numbers_sit_on_the_outer_side_one_character_in(sample_pdf):
    from nqp_report.writers.pdf.page import MARGIN_LEFT, TEXT_W, page_number_x

    assert page_number_x(1, 40.0) == pytest.approx(MARGIN_LEFT + TEXT_W - 14.0 - 40.0)
    assert page_number_x(2, 40.0) == pytest.approx(MARGIN_LEFT + 14.0)
    lines = [ln for ln in poppler_text(sample_pdf, layout=True).splitlines() if re.fullmatch(r"\s*—\s*\d+\s*—\s*", ln)]
    indents = {int(re.search(r"\d+", ln).group()) % 2: len(ln) - len(ln.lstrip()) for ln in lines}
    assert indents[1] > indents[0] + 20  # odd pages right, even pages left


def test_body_lines_hold_28_characters():
    from nqp_report.writers.pdf.page import TEXT_W
    from nqp_report.writers.pdf.paragraph import CJKParagraph, Run
    from nqp_report.writers.pdf.styles import PARAGRAPH_STYLES

    doc = sample_document()
    style = PARAGRAPH_STYLES["body"]
    para = CJKParagraph([Run("国" * 84, "body", style.size)], style, pdf_fonts_for_doc(doc))
    para.wrap(TEXT_W, 1000)
    assert [b - a for a, b in para.lines] == [26, 28, 28, 2]  # the first line is indented two characters


def pdf_fonts_for_doc(doc):
    from nqp_report.writers.pdf import pdf_fonts_for

    return pdf_fonts_for(doc)


def test_a_missing_character_is_named_with_its_role_font_file_and_the_text_around_it():
    from nqp_report.errors import FontError
    from nqp_report.model import Paragraph, Text
    from nqp_report.writers.pdf import pdf_fonts_for

    doc = sample_document()
    doc.blocks.append(Paragraph([Text("全球动力电池与🔋鹦鹉螺号潜艇产业对比。")]))
    with pytest.raises(FontError) as err:
        pdf_fonts_for(doc)
    text = str(err.value)
    assert "补缺字（自带字体没有的字）所用字体" in text
    assert "“🔋”(U+1F50B)" in text and "“🔋”出现在：“全球动力电池与🔋鹦鹉螺号潜艇产业”" in text


def test_characters_beyond_the_shipped_faces_are_drawn_in_the_fallback_face(tmp_path):
    from nqp_report.model import Heading, Paragraph, Text

    doc = sample_document()
    doc.blocks.append(Heading(1, [Text("饕餮纹样")]))
    doc.blocks.append(Paragraph([Text("鹦鹉螺号2.5%（见表1）。")]))
    path = tmp_path / "rare.pdf"
    path.write_bytes(render(doc))
    text = squash(poppler_text(path))
    assert "饕餮纹样" in text and "鹦鹉螺号2.5%" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Fandol" in fonts and len(re.findall(r"\+\S*(Noto\S*CJK|NotoSerifSC)", fonts)) >= 1


def test_a_document_ending_in_a_heading_is_written_with_the_heading_last(tmp_path):
    from nqp_report.model import Document, FrontMatter, Heading, Paragraph, Text

    doc = Document(FrontMatter(title="标题"), [Paragraph([Text("正文。")]), Heading(1, [Text("资料来源")])])
    from nqp_report.transforms import apply_all

    path = tmp_path / "x.pdf"
    path.write_bytes(render(apply_all(doc)))
    assert squash(poppler_text(path)).endswith("资料来源—1—")


@pytest.mark.parametrize("target", ["上海", "浙江省", "旧金山湾区"])
def test_targets_without_comparisons_build_both_templates(tmp_path, target):
    from nqp_report.pipeline import BuildRequest, build
    from nqp_report.resources import bundled_data_dir

    for template in ("briefing", "brief"):
        result = build(BuildRequest(data=bundled_data_dir(), template=template, target=target, out=tmp_path,
                                    date="2026-11-24", formats=("pdf",)))
        assert [p.suffix for p in result.outputs] == [".pdf"]
