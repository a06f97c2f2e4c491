"""The DOCX writer: the document model → a Word file in the Chinese official-document layout.

Styles are defined once (fonts, sizes, spacing) and paragraphs only name
them. The writer uses python-docx's API; raw XML tweaks live in
:mod:`nqp_report.writers.oxml`. The same document and the same ``created``
time always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.shared import Mm, Pt, RGBColor

from ..house import BODY_SIZE as BODY_PT, LINE_PITCH as LINE_PITCH_PT, MARGINS_MM, PAGE_HEIGHT_MM, PAGE_WIDTH_MM
from ..house import PAGE_NUMBER_SIZE, TEXT_WIDTH_MM, page_number_label
from ..model import BulletList, Document, Figure, Heading, PageBreak, Paragraph, Ref, Table, Text
from . import oxml
from .base import Writer

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph as DocxParagraph
    from docx.text.run import Run

LATIN = "Times New Roman"
SONG, HEI, FANGSONG, KAI, XIAOBIAOSONG = "宋体", "黑体", "仿宋_GB2312", "楷体_GB2312", "方正小标宋简体"


# Characters that Latin and CJK fonts share; in Chinese text they take the CJK (full-width) form.
AMBIGUOUS = set("“”‘’—…·–")
HIGHLIGHT_FILL = "F2F2F2"
BLOCK_GAP_PT = 8
CELL_PADDING_TWIPS = 57  # 1 mm left and right
KEEP_WHOLE_ROWS = 12  # tables with at most this many body rows are kept on one page
RULE_THICK, RULE_THIN = 12, 6  # eighths of a point: 1.5 pt and 0.75 pt


@dataclass(frozen=True)
class StyleSpec:
    """One paragraph style: East Asian font, size, weight, alignment, indent and line spacing."""

    font: str
    size: float
    bold: bool = False
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY
    indent_chars: int = 0  # first-line indent, 100 = one character
    line_pt: float | None = LINE_PITCH_PT  # exact line spacing; None = single
    keep_with_next: bool = False
    snap_to_grid: bool = True
    space_before: float = 0
    space_after: float = 0
    right_indent_pt: float = 0
    left_indent_pt: float = 0


# style name → spec. Names that python-docx's template already has keep their
# built-in meaning (Heading N for the outline, Title, Caption, Footer);
# the rest are added as custom styles.
STYLES: dict[str, StyleSpec] = {
    "Normal": StyleSpec(FANGSONG, BODY_PT, indent_chars=200),
    "Title": StyleSpec(XIAOBIAOSONG, 22, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=36, keep_with_next=True),
    "Subtitle": StyleSpec(KAI, BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True),
    "Heading 1": StyleSpec(HEI, BODY_PT, indent_chars=200, keep_with_next=True),
    "Heading 2": StyleSpec(KAI, BODY_PT, indent_chars=200, keep_with_next=True),
    "Heading 3": StyleSpec(FANGSONG, BODY_PT, bold=True, indent_chars=200, keep_with_next=True),
    "Heading 4": StyleSpec(FANGSONG, BODY_PT, indent_chars=200, keep_with_next=True),
    # boxed; the side indents keep the box (drawn 4 pt outside the text) inside the text block
    "Abstract": StyleSpec(KAI, BODY_PT, indent_chars=200, left_indent_pt=6, right_indent_pt=6),
    "Note": StyleSpec(FANGSONG, 12, indent_chars=200, line_pt=20, snap_to_grid=False),
    "Center": StyleSpec(FANGSONG, BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER),
    "Signature": StyleSpec(FANGSONG, BODY_PT, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent_pt=2 * BODY_PT),
    "Caption": StyleSpec(HEI, 14, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=22, keep_with_next=True,
                         snap_to_grid=False, space_before=6, space_after=3),
    "Figure": StyleSpec(FANGSONG, BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=None, keep_with_next=True,
                        snap_to_grid=False, space_before=6),
    "Table Text": StyleSpec(SONG, 10.5, align=WD_ALIGN_PARAGRAPH.LEFT, line_pt=15, snap_to_grid=False),
    "Table Header": StyleSpec(HEI, 10.5, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=15, snap_to_grid=False),
    "Source Note": StyleSpec(KAI, 10.5, align=WD_ALIGN_PARAGRAPH.LEFT, line_pt=16, snap_to_grid=False),
    "Footer": StyleSpec(SONG, 14, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=None, snap_to_grid=False),
}
PARAGRAPH_STYLES = {"body": "Normal", "abstract": "Abstract", "note": "Note", "center": "Center",
                    "signature": "Signature"}
FONT_TABLE = (LATIN, SONG, HEI, FANGSONG, KAI, XIAOBIAOSONG)


def _utc_naive(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value


class DocxWriter(Writer):
    """Write a numbered document as DOCX bytes (A4, GB/T 9704-style fonts, three-line tables)."""

    name = "docx"
    suffix = ".docx"

    def __init__(self, created: dt.datetime):
        self.created = _utc_naive(created)

    # ------------------------------------------------------------ setup
    def start(self, doc: Document) -> None:
        """Create the Word document, its styles, page setup, footer and title block."""
        self.docx = docx.Document()
        self._break_before = False
        self._space_before = False
        self._anchors: dict[str, str] = {}
        self._style_ids: dict[str, str] = {}
        for table in doc.tables():
            self._anchors[table.id] = f"_RefTable{table.number}"
        for figure in doc.figures():
            self._anchors[figure.id] = f"_RefFigure{figure.number}"
        self._bookmark_id = 0
        self._define_styles()
        self._set_up_page()
        self._add_footer()
        self._add_front_matter(doc)

    def _define_styles(self) -> None:
        styles = self.docx.styles
        styles_element = styles.element
        oxml.set_doc_defaults(styles_element, LATIN, FANGSONG, BODY_PT)
        oxml.strip_theme_fonts(styles_element)
        for name, spec in STYLES.items():
            try:
                style = styles[name]
                oxml.reset_style_formatting(style.element)
            except KeyError:
                style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
                style.base_style = styles["Normal"]
                style.quick_style = True
            if name == "Footer":
                style.base_style = styles["Normal"]
            font = style.font
            font.name = LATIN
            oxml.set_fonts(style.element, LATIN, spec.font)
            font.size = Pt(spec.size)
            font.bold = spec.bold
            font.italic = False
            font.color.rgb = RGBColor(0, 0, 0)
            fmt = style.paragraph_format
            fmt.alignment = spec.align
            oxml.set_first_line_chars(style.element, spec.indent_chars, spec.size * spec.indent_chars / 100)
            fmt.left_indent = Pt(spec.left_indent_pt)
            fmt.right_indent = Pt(spec.right_indent_pt)
            if spec.line_pt is None:
                fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
            else:
                fmt.line_spacing = Pt(spec.line_pt)
                fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.space_before = Pt(spec.space_before)
            fmt.space_after = Pt(spec.space_after)
            fmt.keep_with_next = spec.keep_with_next
            fmt.widow_control = True
            oxml.set_snap_to_grid(style.element, spec.snap_to_grid)
        styles["Heading 1"].next_paragraph_style = styles["Normal"]
        oxml.set_box_border(styles["Abstract"].element)
        oxml.use_chinese_theme_fonts(self.docx, LATIN, FANGSONG, HEI)
        oxml.replace_font_table(self.docx, FONT_TABLE)
        oxml.set_theme_font_lang(self.docx, "zh-CN")
        oxml.remove_template_leftovers(self.docx)

    def _set_up_page(self) -> None:
        section = self.docx.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
        section.header_distance = Mm(15)
        section.footer_distance = Mm(22)
        section.gutter = Mm(0)
        oxml.set_doc_grid(section, LINE_PITCH_PT)

    def _add_footer(self) -> None:
        """Put "— n —" in the footers, n a PAGE field: odd pages right and even pages left, one character
        in from the text block's edge (GB/T 9704)."""
        section = self.docx.sections[0]
        self.docx.settings.odd_and_even_pages_header_footer = True
        for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                              (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph.style = self.docx.styles["Footer"]
            paragraph.paragraph_format.alignment = align
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                paragraph.paragraph_format.right_indent = Pt(PAGE_NUMBER_SIZE)
            else:
                paragraph.paragraph_format.left_indent = Pt(PAGE_NUMBER_SIZE)
            self._add_page_number(paragraph)

    def _add_page_number(self, paragraph: DocxParagraph) -> None:
        def song(run: Run) -> None:
            run.font.name = LATIN
            oxml.set_fonts(run._r, LATIN, SONG)

        before, _, after = page_number_label(0).partition("0")
        self._add_run(paragraph, before)
        oxml.add_page_field(paragraph, song)
        self._add_run(paragraph, after)

    def _add_front_matter(self, doc: Document) -> None:
        meta = doc.meta
        if meta.issue_no:
            self._paragraph(meta.issue_no, "Center")
        self._paragraph(meta.title, "Title")
        if meta.subtitle:
            self._paragraph(meta.subtitle, "Subtitle")
        byline = "　".join(p for p in (meta.issuer, meta.date) if p)
        if byline:
            p = self._paragraph(byline, "Center")
            p.paragraph_format.space_after = Pt(LINE_PITCH_PT)
        props = self.docx.core_properties
        props.title = meta.title
        props.subject = meta.subject
        props.author = meta.issuer
        props.last_modified_by = meta.issuer
        props.keywords = "；".join(meta.keywords)
        props.comments = ""
        props.category = ""
        props.language = "zh-CN"
        props.created = self.created
        props.modified = self.created
        props.revision = 1
        oxml.set_app_properties(self.docx, "nqp-report", meta.issuer)

    # ------------------------------------------------------------ helpers
    def _new_paragraph(self, style: str) -> DocxParagraph:
        """Return a new body paragraph in ``style``, starting a page if a page break is pending."""
        p = self.docx.add_paragraph()
        oxml.set_paragraph_style(p, self._style_id(style))
        if self._break_before:
            p.paragraph_format.page_break_before = True
            self._break_before = False
        if self._space_before:
            p.paragraph_format.space_before = Pt(BLOCK_GAP_PT)
            self._space_before = False
        return p

    def _end_block(self, last: DocxParagraph | None) -> None:
        """Leave a small gap after a table or figure block (after ``last``, or before what follows)."""
        if last is not None:
            last.paragraph_format.space_after = Pt(BLOCK_GAP_PT)
        else:
            self._space_before = True

    def _paragraph(self, text: str, style: str) -> DocxParagraph:
        p = self._new_paragraph(style)
        self._add_run(p, text)
        return p

    @staticmethod
    def _add_run(paragraph: DocxParagraph, text: str, bold: bool = False) -> Run:
        run = paragraph.add_run(text)
        if bold:
            run.bold = True
        if AMBIGUOUS.intersection(text):
            oxml.set_east_asian_hint(run)
        return run

    def _add_inlines(self, paragraph: DocxParagraph, inlines) -> None:
        for inline in inlines:
            if isinstance(inline, Text):
                run = self._add_run(paragraph, inline.text, bold=inline.bold)
                if inline.italic:
                    # CJK text is never slanted: emphasis takes 楷体 instead.
                    oxml.set_fonts(run._r, None, KAI)
                if inline.superscript:
                    run.font.superscript = True
            elif isinstance(inline, Ref):
                run = self._add_run(paragraph, inline.label)
                anchor = self._anchors.get(inline.target)
                if anchor:
                    oxml.add_internal_link(paragraph, anchor, run)
            else:
                raise TypeError(f"cannot write inline {type(inline).__name__}")

    def _caption(self, label: str, number: int, caption: str, anchor: str) -> DocxParagraph:
        """Return a caption paragraph "表N caption", N a SEQ field, bookmarked as ``anchor``."""
        p = self._new_paragraph("Caption")
        self._add_run(p, label[0])
        oxml.add_seq_field(p, label[0], number)
        self._add_run(p, " " + caption)
        self._bookmark_id += 1
        oxml.add_bookmark(p, anchor, self._bookmark_id)
        return p

    # ------------------------------------------------------------ blocks
    def visit_Heading(self, node: Heading) -> None:
        """Write a heading in the "Heading N" style, its number in the text."""
        p = self._new_paragraph(f"Heading {node.level}")
        if node.level == 1 and not node.numbered:  # 内容提要, 附录: centred, as in the PDF
            p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            oxml.set_first_line_chars(p._p, 0, 0)
        if node.number:
            self._add_run(p, node.number)
        self._add_inlines(p, node.inlines)

    def visit_Paragraph(self, node: Paragraph) -> None:
        """Write a paragraph in the style its kind names."""
        p = self._new_paragraph(PARAGRAPH_STYLES[node.style])
        self._add_inlines(p, node.inlines)

    def visit_BulletList(self, node: BulletList) -> None:
        """Write list items as body paragraphs prefixed "1. " (ordered) or "——" (unordered)."""
        for i, item in enumerate(node.items, start=1):
            p = self._new_paragraph("Normal")
            self._add_run(p, f"{i}. " if node.ordered else "——")
            self._add_inlines(p, item)

    def visit_Table(self, node: Table) -> None:
        """Write caption, three-line table, notes and source."""
        self._caption(node.label, node.number, node.caption, self._anchors[node.id])
        ncols = len(node.columns)
        table = self.docx.add_table(rows=1 + len(node.rows), cols=ncols)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        total = sum(max(c.width, 0.01) for c in node.columns)
        widths = [Mm(TEXT_WIDTH_MM * max(c.width, 0.01) / total) for c in node.columns]
        oxml.set_fixed_layout(table, round(TEXT_WIDTH_MM / 25.4 * 1440))
        oxml.set_three_line_borders(table, RULE_THICK)
        oxml.set_cell_margins(table, CELL_PADDING_TWIPS)
        for column, width in zip(table.columns, widths):
            column.width = width
        for row in table.rows:
            oxml.keep_row_on_one_page(row)
            for cell, width in zip(row.cells, widths):
                cell.width = width
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        header = table.rows[0]
        oxml.repeat_as_header_row(header)
        for cell, column in zip(header.cells, node.columns):
            self._fill_cell(cell, column.header, "Table Header", WD_ALIGN_PARAGRAPH.CENTER)
            oxml.set_cell_borders(cell, bottom=RULE_THIN)
        for model_row, row in zip(node.rows, table.rows[1:]):
            self._write_row(node, model_row, row)
        self._keep_rows_together(node, table)
        lines = node.notes + ([node.source] if node.source else [])
        last = None
        for line in lines:
            last = self._paragraph(line, "Source Note")
            last.paragraph_format.keep_with_next = False
        self._end_block(last)

    @staticmethod
    def _keep_rows_together(node: Table, table) -> None:
        """Keep the header and group rows with the row after them; keep a short table whole.

        Word keeps a row with the next one when its paragraphs are kept with
        next, so a header or a group label never ends a page alone, and a
        table of a few rows moves to the next page with its caption instead
        of breaking.
        """
        short = len(node.rows) <= KEEP_WHOLE_ROWS
        kinds = ["header"] + [r.kind for r in node.rows]
        rows = list(table.rows)
        for i, (kind, row) in enumerate(zip(kinds, rows)):
            last = i == len(rows) - 1
            keep = (kind in ("header", "group") or short) and not last
            if last and (node.notes or node.source):
                keep = True  # the first note or the source line stays with the table
            if keep:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        paragraph.paragraph_format.keep_with_next = True

    def _write_row(self, node: Table, model_row, row) -> None:
        ncols = len(node.columns)
        cells = list(model_row.cells)
        if model_row.kind == "group" and cells:
            cells = [replace(cells[0], span=ncols, bold=True)]
        start = 0
        for cell in cells:
            if start >= ncols:
                break
            span = max(1, min(cell.span, ncols - start))
            target = row.cells[start]
            if span > 1:
                target = target.merge(row.cells[start + span - 1])
            column = node.columns[start]
            align = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                     "right": WD_ALIGN_PARAGRAPH.RIGHT}[column.align]
            text = cell.text
            if cell.missing:
                text = cell.text or "—"
                align = WD_ALIGN_PARAGRAPH.CENTER if column.align == "center" else align
            bold = cell.bold or model_row.kind in ("group", "highlight")
            if model_row.kind == "group":
                align = WD_ALIGN_PARAGRAPH.LEFT
            self._fill_cell(target, text, "Table Text", align, bold)
            if model_row.kind == "highlight":
                oxml.set_cell_shading(target, HIGHLIGHT_FILL)
            start += span
        for rest in range(start, ncols):
            self._fill_cell(row.cells[rest], "", "Table Text", WD_ALIGN_PARAGRAPH.LEFT)
            if model_row.kind == "highlight":
                oxml.set_cell_shading(row.cells[rest], HIGHLIGHT_FILL)

    def _style_id(self, name: str) -> str:
        """Return the id of a style by name, looked up once per document."""
        if name not in self._style_ids:
            self._style_ids[name] = self.docx.styles[name].style_id
        return self._style_ids[name]

    def _fill_cell(self, cell, text: str, style: str, align, bold: bool = False) -> None:
        paragraph = cell.paragraphs[0]
        oxml.set_paragraph_style(paragraph, self._style_id(style))
        paragraph.alignment = align
        for extra in cell.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        if text:
            self._add_run(paragraph, text, bold=bold)

    def visit_Figure(self, node: Figure) -> None:
        """Write the picture (or a visible placeholder), caption below, then source and notes."""
        if node.image is not None:
            p = self._new_paragraph("Figure")
            width = Mm(min(node.width_mm, TEXT_WIDTH_MM))
            p.add_run().add_picture(io.BytesIO(node.image), width=width)
        else:
            p = self._paragraph(f"［{node.label} 尚未绘制］", "Note")
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.keep_with_next = True
            oxml.set_first_line_chars(p._p, 0, 0)
        caption = self._caption(node.label, node.number, node.caption, self._anchors[node.id])
        if not node.source and not node.notes:
            caption.paragraph_format.keep_with_next = False
        last = caption
        if node.source:
            last = self._paragraph(node.source, "Source Note")
        for note in node.notes:
            last = self._paragraph(note, "Source Note")
        self._end_block(last)

    def visit_PageBreak(self, node: PageBreak) -> None:
        """Start the next block on a new page (page-break-before, so no empty line opens the page)."""
        self._break_before = True

    # ------------------------------------------------------------ output
    def finish(self, doc: Document) -> bytes:
        """Return the DOCX bytes, in a deterministic zip container."""
        if self._break_before:
            self.docx.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        buffer = io.BytesIO()
        self.docx.save(buffer)
        return oxml.deterministic_zip(buffer.getvalue(), self.created)
