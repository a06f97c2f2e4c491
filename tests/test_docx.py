"""The DOCX writer, read back through python-docx and nqp_report.inspect."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from sample_model import sample_document

from nqp_report.inspect import inspect_docx
from nqp_report.model import Cell, Column, Document, FrontMatter, Paragraph, Row, Table, Text
from nqp_report.transforms import apply_all
from nqp_report.writers.docx import DocxWriter

CREATED = dt.datetime(2026, 11, 24, tzinfo=dt.timezone.utc)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def sample_bytes() -> bytes:
    return DocxWriter(created=CREATED).write(sample_document())


@pytest.fixture(scope="module")
def sample_path(sample_bytes, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "sample.docx"
    path.write_bytes(sample_bytes)
    return path


@pytest.fixture(scope="module")
def word(sample_path):
    return docx.Document(str(sample_path))


@pytest.fixture(scope="module")
def structure(sample_path) -> dict:
    return inspect_docx(sample_path)


def east_asian_font(style) -> str | None:
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


# ------------------------------------------------------------------ styles
@pytest.mark.parametrize("name,font,size,bold", [
    ("Normal", "仿宋_GB2312", 16, False),
    ("Title", "方正小标宋简体", 22, False),
    ("Subtitle", "楷体_GB2312", 16, False),
    ("Heading 1", "黑体", 16, False),
    ("Heading 2", "楷体_GB2312", 16, False),
    ("Heading 3", "仿宋_GB2312", 16, True),
    ("Heading 4", "仿宋_GB2312", 16, False),
    ("Abstract", "楷体_GB2312", 16, False),
    ("Note", "仿宋_GB2312", 12, False),
    ("Caption", "黑体", 14, False),
    ("Table Text", "宋体", 10.5, False),
    ("Source Note", "楷体_GB2312", 10.5, False),
    ("Footer", "宋体", 14, False),
])
def test_defines_each_style_with_east_asian_and_latin_fonts(word, name, font, size, bold):
    style = word.styles[name]
    assert east_asian_font(style) == font
    assert style.font.name == "Times New Roman"
    assert style.font.size.pt == size
    assert bool(style.font.bold) is bold
    rfonts = style.element.rPr.rFonts
    assert not [a for a in rfonts.attrib if a.endswith("Theme") or a.endswith("theme")]


def test_sets_body_text_to_fixed_28_95pt_lines_justified_with_a_two_character_indent(word):
    fmt = word.styles["Normal"].paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert fmt.line_spacing.pt == pytest.approx(28.95, abs=0.05)
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert fmt.first_line_indent.pt == 32
    ind = word.styles["Normal"].element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"
    assert fmt.widow_control is True


def test_gives_centred_and_table_styles_no_first_line_indent(word):
    for name in ("Title", "Caption", "Table Text", "Table Header", "Source Note", "Center", "Footer"):
        ind = word.styles[name].element.pPr.find(qn("w:ind"))
        assert ind.get(qn("w:firstLineChars")) == "0", name
    assert word.styles["Title"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert word.styles["Signature"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_keeps_headings_and_captions_with_the_next_paragraph(word):
    for name in ("Heading 1", "Heading 2", "Heading 3", "Heading 4", "Caption", "Title"):
        assert word.styles[name].paragraph_format.keep_with_next is True, name


def test_leaves_no_japanese_font_or_language_anywhere_in_the_package(sample_bytes):
    with zipfile.ZipFile(io.BytesIO(sample_bytes)) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                text = z.read(name).decode("utf-8")
                assert "ja-JP" not in text, name
                assert "ＭＳ" not in text, name
                assert "Jpan" not in text, name
        settings = z.read("word/settings.xml").decode()
        assert re.search(r'<w:themeFontLang [^>]*w:eastAsia="zh-CN"', settings)
        theme = z.read("word/theme/theme1.xml").decode()
        assert 'script="Hans" typeface="仿宋_GB2312"' in theme
        styles = z.read("word/styles.xml").decode()
        assert "eastAsiaTheme" not in styles and "asciiTheme" not in styles


def test_sets_the_document_language_and_default_fonts_to_chinese(sample_bytes):
    with zipfile.ZipFile(io.BytesIO(sample_bytes)) as z:
        styles = z.read("word/styles.xml").decode()
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles).group(0)
    assert 'w:eastAsia="zh-CN"' in defaults
    assert 'w:eastAsia="仿宋_GB2312"' in defaults


# ------------------------------------------------------------------ page
def test_lays_out_a4_with_official_margins_and_a_22_line_grid(structure, word):
    assert structure["page"]["width_mm"] == 210.0
    assert structure["page"]["height_mm"] == 297.0
    assert structure["page"]["margins_mm"] == {"top": 37.0, "bottom": 35.0, "left": 28.0, "right": 26.0}
    grid = word.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    assert grid.get(qn("w:linePitch")) == "579"


def test_puts_a_page_field_between_dashes_in_the_footer(structure, word):
    assert structure["footer_fields"] == ["PAGE"]
    footer = word.sections[0].footer.paragraphs[0]
    assert footer.text == "— 1 —"
    assert footer.alignment == WD_ALIGN_PARAGRAPH.CENTER or footer.style.paragraph_format.alignment == \
        WD_ALIGN_PARAGRAPH.CENTER


def test_records_core_properties_at_the_given_time(word):
    props = word.core_properties
    assert props.title == "宁波市新质生产力对标分析报告"
    assert props.author == "宁波市某研究院"
    assert props.last_modified_by == "宁波市某研究院"
    assert props.subject == "新质生产力对标分析"
    assert props.keywords == "新质生产力；对标分析；宁波"
    assert props.language == "zh-CN"
    assert props.created == CREATED
    assert props.modified == CREATED
    assert props.revision == 1


# ------------------------------------------------------------------ determinism
def test_writes_identical_bytes_for_the_same_document_and_time(sample_bytes):
    assert DocxWriter(created=CREATED).write(sample_document()) == sample_bytes


def test_stamps_every_zip_entry_with_the_creation_date_in_a_fixed_order(sample_bytes):
    with zipfile.ZipFile(io.BytesIO(sample_bytes)) as z:
        infos = z.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(2026, 11, 24, 0, 0, 0)}
    rest = [i.filename for i in infos[2:]]
    assert rest == sorted(rest)


def test_writers_have_no_default_creation_time_to_take_from_the_wall_clock():
    from nqp_report.writers.pdf import PdfWriter

    with pytest.raises(TypeError, match="created"):
        DocxWriter()
    with pytest.raises(TypeError, match="created"):
        PdfWriter({"title": "x", "heading": "x", "kai": "x", "body": "x", "table": "x"})


def test_the_creation_time_given_is_the_one_written():
    later = dt.datetime(2031, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc)
    word = docx.Document(io.BytesIO(DocxWriter(created=later).write(sample_document())))
    assert word.core_properties.created == later


# ------------------------------------------------------------------ content
def test_writes_the_title_block_from_the_front_matter(word):
    paragraphs = [p for p in word.paragraphs if p.text]
    assert [p.text for p in paragraphs[:4]] == ["第1期", "宁波市新质生产力对标分析报告", "——基于深圳、合肥、苏州等城市的比较",
                                                "宁波市某研究院　2026年11月"]
    assert paragraphs[1].style.name == "Title"
    assert paragraphs[2].style.name == "Subtitle"


def test_writes_headings_with_their_numbers_and_levels(structure):
    assert structure["headings"] == [
        {"level": 0, "text": "宁波市新质生产力对标分析报告"},
        {"level": 1, "text": "内容提要"},
        {"level": 1, "text": "一、宁波发展新质生产力的基础"},
        {"level": 2, "text": "（一）工业基础雄厚"},
        {"level": 3, "text": "1.创新能力提升快"},
        {"level": 4, "text": "（1）企业研发投入"},
        {"level": 1, "text": "二、对策建议"},
        {"level": 1, "text": "附录"},
    ]


def test_writes_paragraph_kinds_in_their_styles(word):
    by_text = {p.text: p for p in word.paragraphs}
    abstract = next(p for t, p in by_text.items() if t.startswith("核心观点"))
    assert abstract.style.name == "Abstract"
    assert abstract.runs[0].bold is True
    assert by_text["数据来源见上。"].style.name == "Note"


def test_writes_refs_as_their_labels_linked_to_the_captions(word):
    body = word.element.body
    anchors = {h.get(qn("w:anchor")) for h in body.iter(W + "hyperlink")}
    bookmarks = {b.get(qn("w:name")) for b in body.iter(W + "bookmarkStart")}
    assert anchors == {"_RefTable1", "_RefFigure1"}
    assert anchors <= bookmarks
    assert any(p.text.endswith("（见表1）。") for p in word.paragraphs)
    assert any("详见图1" in p.text for p in word.paragraphs)


def test_writes_superscripts(word):
    runs = [r for p in word.paragraphs for r in p.runs if r.text == "1" and r.font.superscript]
    assert runs


def test_prefixes_ordered_list_items_with_numbers(word):
    texts = [p.text for p in word.paragraphs]
    assert "1. 提升研发投入强度；" in texts
    assert "2. 培育创新型企业。" in texts


def test_starts_a_new_page_without_an_empty_paragraph(word):
    heading = next(p for p in word.paragraphs if p.text == "二、对策建议")
    assert heading.paragraph_format.page_break_before is True


# ------------------------------------------------------------------ tables
def test_writes_tables_with_captions_above_and_repeated_header_rows(structure):
    tables = structure["tables"]
    assert [t["caption"] for t in tables] == ["表1 研发投入强度对比", "表2 长表：跨页重复表头"]
    assert [t["header_rows"] for t in tables] == [1, 1]
    assert tables[0]["header"] == ["地区", "研发投入强度（%）", "年份", "位次"]
    assert (tables[0]["rows"], tables[0]["cols"]) == (4, 4)
    assert tables[1]["rows"] == 32


def test_shows_missing_cells_as_a_dash(structure):
    assert structure["tables"][0]["cells"][3] == ["合肥", "—", "—", "—"]


def test_draws_three_rules_and_no_vertical_lines(word):
    table = word.tables[0]._tbl
    borders = table.tblPr.find(qn("w:tblBorders"))
    sides = {child.tag.split("}")[1]: (child.get(qn("w:val")), child.get(qn("w:sz"))) for child in borders}
    assert sides["top"] == ("single", "12")
    assert sides["bottom"] == ("single", "12")
    for side in ("left", "right", "insideH", "insideV"):
        assert sides[side][0] == "nil"
    header_cells = table.findall(qn("w:tr"))[0].findall(qn("w:tc"))
    for tc in header_cells:
        bottom = tc.tcPr.find(qn("w:tcBorders")).find(qn("w:bottom"))
        assert bottom.get(qn("w:sz")) == "6"


def test_keeps_every_row_on_one_page(word):
    for table in word.tables:
        for tr in table._tbl.findall(qn("w:tr")):
            assert tr.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None


def test_sizes_columns_over_the_text_width_and_aligns_them(word):
    table = word.tables[0]
    widths = [c.width.mm for c in table.columns]
    assert sum(widths) == pytest.approx(156, abs=0.5)
    row = table.rows[2]  # 深圳
    assert row.cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert row.cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert row.cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_takes_column_widths_from_their_proportions(tmp_path):
    table = Table("t", "宽度", [Column("甲", width=3), Column("乙", width=1)], [Row([Cell("a"), Cell("b")])])
    doc = apply_all(Document(FrontMatter("题"), [table]))
    path = tmp_path / "w.docx"
    path.write_bytes(DocxWriter(created=CREATED).write(doc))
    widths = [c.width.mm for c in docx.Document(str(path)).tables[0].columns]
    assert widths == [pytest.approx(117, abs=0.2), pytest.approx(39, abs=0.2)]


def test_spans_group_rows_across_the_table_in_bold(word):
    table = word.tables[1]
    group = table.rows[1]
    assert len({id(c._tc) for c in group.cells}) == 1
    assert group.cells[0].text == "科技创新"
    assert all(r.bold for r in group.cells[0].paragraphs[0].runs)


def test_marks_highlight_rows_bold_and_shaded(word):
    row = word.tables[0].rows[1]
    assert row.cells[0].text == "宁波"
    for cell in row.cells:
        assert all(r.bold for r in cell.paragraphs[0].runs)
        assert cell._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == "F2F2F2"
    plain = word.tables[0].rows[2]
    assert not any(r.bold for c in plain.cells for r in c.paragraphs[0].runs)


def test_merges_cells_with_a_span(tmp_path):
    table = Table("t", "合并", [Column("甲"), Column("乙"), Column("丙")],
                  [Row([Cell("跨两列", span=2), Cell("c")])])
    doc = apply_all(Document(FrontMatter("题"), [table]))
    path = tmp_path / "span.docx"
    path.write_bytes(DocxWriter(created=CREATED).write(doc))
    assert inspect_docx(path)["tables"][0]["cells"][1] == ["跨两列", "跨两列", "c"]


def test_puts_notes_and_source_below_the_table(word):
    texts = [p.text for p in word.paragraphs]
    note = texts.index("注：深圳2022年为5.49%。")
    assert texts[note + 1] == "资料来源：《发展新质生产力别忽视“新物种”》，2024年3月。"
    assert word.paragraphs[note].style.name == "Source Note"


# ------------------------------------------------------------------ figures
def test_places_the_picture_with_its_caption_below_and_a_placeholder_for_a_missing_one(structure, word):
    figures = structure["figures"]
    assert figures[0]["caption"] == "图1 研发投入强度对比"
    assert figures[0]["width_mm"] == pytest.approx(150, abs=0.1)
    assert figures[1]["caption"] == "图2 尚未绘制的图"
    assert figures[1].get("placeholder") is True
    texts = [p.text for p in word.paragraphs]
    placeholder = texts.index("［图2 尚未绘制］")
    assert texts[placeholder + 1] == "图2 尚未绘制的图"
    caption = texts.index("图1 研发投入强度对比")
    assert texts[caption + 1] == "资料来源：同表1。"
    picture = word.paragraphs[caption - 1]
    assert picture._p.findall(".//" + W + "drawing")
    assert picture.paragraph_format.keep_with_next or picture.style.paragraph_format.keep_with_next


def test_numbers_captions_with_seq_fields(word):
    instructions = [i.text.strip() for i in word.element.body.iter(W + "instrText")]
    assert instructions == ["SEQ 表 \\* ARABIC", "SEQ 图 \\* ARABIC", "SEQ 图 \\* ARABIC", "SEQ 表 \\* ARABIC"]


def test_renders_italic_chinese_in_kaiti_rather_than_slanted(tmp_path):
    doc = apply_all(Document(FrontMatter("题"), [Paragraph([Text("强调", italic=True)])]))
    path = tmp_path / "i.docx"
    path.write_bytes(DocxWriter(created=CREATED).write(doc))
    run = next(p for p in docx.Document(str(path)).paragraphs if p.text == "强调").runs[0]
    assert run._r.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    assert not run.italic


def test_writes_every_block_kind_through_the_pipeline_entry_point():
    from nqp_report.pipeline import render_formats

    out = render_formats(sample_document(), ["docx"], CREATED)
    assert out["docx"][:2] == b"PK"


def test_stores_creation_times_in_utc(tmp_path):
    china = dt.timezone(dt.timedelta(hours=8))
    path = tmp_path / "tz.docx"
    path.write_bytes(DocxWriter(created=dt.datetime(2026, 11, 24, 8, 0, tzinfo=china)).write(sample_document()))
    assert docx.Document(str(path)).core_properties.created == CREATED


def test_boxes_the_abstract_inside_the_text_block(word):
    style = word.styles["Abstract"]
    borders = style.element.pPr.find(qn("w:pBdr"))
    assert [b.tag.split("}")[1] for b in borders] == ["top", "left", "bottom", "right"]
    assert style.paragraph_format.left_indent.pt > 4


def test_an_unknown_inline_kind_fails_loudly():
    from dataclasses import dataclass

    from nqp_report.model import Paragraph

    @dataclass
    class Footnote:
        text: str

    doc = sample_document()
    doc.blocks.append(Paragraph([Footnote("脚注")]))
    with pytest.raises(TypeError, match="cannot write inline Footnote"):
        DocxWriter(created=CREATED).write(doc)


def test_page_numbers_are_right_on_odd_pages_and_left_on_even_pages_one_character_in(word):
    section = word.sections[0]
    assert word.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT and odd.paragraph_format.right_indent.pt == 14
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT and even.paragraph_format.left_indent.pt == 14
    for footer in (odd, even):
        assert "PAGE" in footer._p.xml and footer.text.startswith("— ") and footer.text.endswith(" —")
