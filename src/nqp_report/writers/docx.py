"""The DOCX writer: the document model → a Word file in the Chinese official-document layout.

Styles are defined once (fonts, sizes, spacing) and paragraphs only name
them. The writer uses python-docx's API; raw XML tweaks live in
:mod:`nqp_report.writers.oxml`. The same document and the same ``created``
time always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Mm, Pt

from ..house import LINE_PITCH as LINE_PITCH_PT, MARGINS_MM, PAGE_HEIGHT_MM, PAGE_WIDTH_MM
from ..house import PAGE_NUMBER_SIZE, TEXT_WIDTH_MM, page_number_label
from ..model import BulletList, Document, Figure, Heading, PageBreak, Paragraph, Ref, Table, Text
from . import oxml
from .base import Writer, note_lines
from .docxstyles import AMBIGUOUS, BLOCK_GAP_PT, KAI, LATIN, PARAGRAPH_STYLES, SONG, define_styles
from .docxtables import TableWriter

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph as DocxParagraph
    from docx.text.run import Run

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
        define_styles(self.docx)
        self._set_up_page()
        self._add_footer()
        self._add_front_matter(doc)

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
        """Add each inline to ``paragraph`` through its ``inline_<Class>`` method; an unknown kind raises."""
        for inline in inlines:
            method = getattr(self, "inline_" + type(inline).__name__, None)
            if method is None:
                raise TypeError(f"the DOCX writer cannot write inline {type(inline).__name__}")
            method(paragraph, inline)

    def inline_Text(self, paragraph: DocxParagraph, node: Text) -> None:
        """Add a text run; italic takes 楷体 (CJK text is never slanted)."""
        run = self._add_run(paragraph, node.text, bold=node.bold)
        if node.italic:
            oxml.set_fonts(run._r, None, KAI)
        if node.superscript:
            run.font.superscript = True

    def inline_Ref(self, paragraph: DocxParagraph, node: Ref) -> None:
        """Add a reference label, linked to its caption's bookmark."""
        run = self._add_run(paragraph, node.label)
        anchor = self._anchors.get(node.target)
        if anchor:
            oxml.add_internal_link(paragraph, anchor, run)

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
        TableWriter(self).write(node)

    def _style_id(self, name: str) -> str:
        """Return the id of a style by name, looked up once per document."""
        if name not in self._style_ids:
            self._style_ids[name] = self.docx.styles[name].style_id
        return self._style_ids[name]

    def fill_cell(self, cell, text: str, style: str, align, bold: bool = False) -> None:
        """Put ``text`` in a table cell as one paragraph of ``style``."""
        paragraph = cell.paragraphs[0]
        oxml.set_paragraph_style(paragraph, self._style_id(style))
        paragraph.alignment = align
        for extra in cell.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        if text:
            self._add_run(paragraph, text, bold=bold)

    def visit_Figure(self, node: Figure) -> None:
        """Write the picture (or a visible placeholder), caption below, then notes and source."""
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
        for line in note_lines(node.notes, node.source):
            last = self._paragraph(line, "Source Note")
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
