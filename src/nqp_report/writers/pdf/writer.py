"""The PDF writer: the document model typeset with ReportLab platypus.

Layout follows GB/T 9704-2012 (see :mod:`nqp_report.house`): A4, a 156 x 225
mm text block, 16 pt body text on a fixed 28.95 pt grid, three-line tables,
captions, page numbers, an outline from the headings, internal links from
references to captions. What text each node draws, in which role, comes from
:mod:`.styles`; the flowables that keep blocks together from :mod:`.flowables`.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

from reportlab.platypus.flowables import (
    HRFlowable, Image, PageBreak as RLPageBreak, Spacer,
)

from ...house import INDENT, LINE_PITCH, MM, SIZE_4
from ...model import BulletList, Document, Figure, Heading, PageBreak, Paragraph, Table
from ..base import Writer, note_lines
from .flowables import BoxedParagraphs, CaptionedTable, EntryList, FloatingFigure, KeepWithStart, Placeholder
from .metrics import string_width
from .page import TEXT_H, TEXT_W, render_story
from .paragraph import CJKParagraph, Outline, Run, TextStyle
from .pngimage import chart_image
from .register import ROLES_NEEDED, check_fonts
from .styles import (
    FIGURE_CAPTION_STYLE, PARAGRAPH_STYLES, PLACEHOLDER, SOURCE_STYLE, TABLE_CAPTION_STYLE, bullet_prefixes,
    front_matter_lines, heading_runs, inline_runs,
)
from .tables import build_table


TALLEST_ROW = TEXT_H / 2
"""A table row taller than this continues in the next row (half a page: the header and caption fit above it)."""


HEAD_ROWS_LINES = 4
"""A caption keeps with its table's header and two rows when they stand at most this many lines tall, else one."""


class PdfWriter(Writer):
    """Write a numbered document as a PDF (ReportLab platypus).

    ``fonts`` maps each role (title, heading, kai, body, table) to a font name
    already registered with ReportLab (see :mod:`.register`); ``created`` fixes
    the document dates, so the same document gives the same bytes.
    ``texts`` (role → characters, from :func:`.register.pdf_fonts_and_texts`
    for the same document) spares the writer its own text-by-role pass.
    """

    name = "pdf"
    suffix = ".pdf"

    def __init__(self, fonts: dict[str, str], created: dt.datetime, texts: dict[str, str] | None = None) -> None:
        missing = [r for r in ROLES_NEEDED if r not in fonts]
        if missing:
            raise ValueError(f"PdfWriter needs a font for every role; missing: {', '.join(missing)}")
        self.fonts = dict(fonts)
        self.created = created
        self.texts = texts

    # -------------------------------------------------- building blocks
    def para(self, runs: list[Run], style: TextStyle, **kw) -> CJKParagraph:
        """Return a paragraph of ``runs`` in ``style``."""
        return CJKParagraph(runs, style, self.fonts, **kw)

    def text(self, text: str, style: TextStyle, **kw) -> CJKParagraph:
        """Return a paragraph of one run of ``text`` in ``style``'s role and size."""
        return self.para([Run(text, style.role, style.size)], style, **kw)

    def start(self, doc: Document) -> None:
        self.story: list = []
        self._pending: tuple[int, list] | None = None  # headings waiting for the block they head
        self._floating: FloatingFigure | None = None  # the last figure, while paragraphs may float past it
        self.outline = Outline()
        for text, style in front_matter_lines(doc.meta):
            self.story.append(self.text(text, style))
        self.story.append(HRFlowable(width="100%", thickness=1.0, color=(0.0, 0.0, 0.0), spaceBefore=4,
                                     spaceAfter=LINE_PITCH - 4))

    def add(self, flowable, follower: bool = False) -> None:
        """Append a block's flowable, first guarding any headings just before it.

        A ``follower`` (a body paragraph or list item) right after a figure
        joins that figure's float instead, so it can fill the page first.
        """
        floating = self._floating
        if follower and floating is not None and len(floating.followers) < FloatingFigure.MAX_FOLLOWERS:
            floating.followers.append(flowable)
            return
        self._close_float()
        if self._pending is not None:
            at, headings = self._pending
            self._pending = None
            self.story.insert(at, KeepWithStart(headings, flowable))
        self.story.append(flowable)

    def _add_boxed(self, paragraph) -> None:
        """Add an abstract paragraph to the box of the abstract paragraphs right before it, or open a box."""
        last = self.story[-1] if self.story else None
        if isinstance(last, BoxedParagraphs) and self._pending is None and self._floating is None:
            last.paragraphs.append(paragraph)
        else:
            self.add(BoxedParagraphs([paragraph]))

    def _close_float(self) -> None:
        """End the open float; headings at its end head the next block, so they leave it and wait for that block."""
        floating, self._floating = self._floating, None
        headings = floating.trailing_headings() if floating is not None else []
        if headings:
            self._pending = (len(self.story), headings)
            self.story.extend(headings)

    # -------------------------------------------------- blocks
    def visit_Heading(self, node: Heading) -> None:
        runs, style = heading_runs(node)
        heading = self.para(runs, style, outline=(self.outline, node.title, node.level - 1))
        floating = self._floating
        if floating is not None and node.level > 1 and len(floating.followers) < FloatingFigure.MAX_FOLLOWERS:
            heading.is_heading = True
            floating.followers.append(heading)
            return
        self._close_float()
        if self._pending is None:
            self._pending = (len(self.story), [])
        self._pending[1].append(heading)
        self.story.append(heading)

    def visit_Paragraph(self, node: Paragraph) -> None:
        style = PARAGRAPH_STYLES[node.style]
        if node.style == "abstract":
            self._add_boxed(self.para(inline_runs(node.inlines, style), style))
            return
        if node.style == "note":  # a run of note paragraphs is a list (the numbered sources): no lone entry
            last = self.story[-1] if self.story and self._pending is None and self._floating is None else None
            entry = self.para(inline_runs(node.inlines, style), style)
            if isinstance(last, EntryList):
                last.entries.append(entry)
            else:
                self.add(EntryList([entry]))
            return
        self.add(self.para(inline_runs(node.inlines, style), style), follower=node.style == "body")

    def visit_BulletList(self, node: BulletList) -> None:
        base = PARAGRAPH_STYLES["body"]
        prefixes = bullet_prefixes(node)
        hang = max((string_width(p, self.fonts[base.role], base.size) for p in prefixes), default=0.0)
        style = replace(base, left_indent=INDENT + hang, first_indent=-hang)
        for prefix, item in zip(prefixes, node.items):
            runs = [Run(prefix, style.role, style.size)] + inline_runs(item, style)
            self.add(self.para(runs, style), follower=True)

    def visit_PageBreak(self, node: PageBreak) -> None:
        self.add(RLPageBreak())

    def visit_Table(self, node: Table) -> None:
        caption = self.text(node.title, TABLE_CAPTION_STYLE, anchor=node.id)
        table = build_table(node, self.text, self.fonts, TEXT_W, TALLEST_ROW)
        after = self._notes(node.notes, node.source)
        # Keep the caption with the header and the first two rows, or the first one when rows are tall
        # (a whole long table cannot be kept together).
        h_one, h_two = (build_table(node, self.text, self.fonts, TEXT_W, TALLEST_ROW, max_rows=n).wrap(TEXT_W, TEXT_H)[1]
                        for n in (1, 2))
        h_head = h_two if h_two <= HEAD_ROWS_LINES * LINE_PITCH else h_one
        self.add(CaptionedTable(caption, table, min(h_head, TALLEST_ROW), after))

    def visit_Figure(self, node: Figure) -> None:
        caption = self.text(node.title, FIGURE_CAPTION_STYLE, anchor=node.id)
        after = self._notes(node.notes, node.source)
        scale = min(1.0, TEXT_W / (node.width_mm * MM)) if node.width_mm > 0 else 1.0
        width, height = node.width_mm * MM * scale, node.height_mm * MM * scale
        if node.image is not None:
            picture = chart_image(node.image, width, height) or Image(io.BytesIO(node.image), width=width,
                                                                      height=height)
            picture.hAlign = "CENTER"
        else:
            picture = Placeholder(width, height, PLACEHOLDER.format(label=node.label), self.fonts["table"], SIZE_4)
        floating = FloatingFigure([Spacer(1, LINE_PITCH / 3), picture, caption] + after)
        if self._floating is not None and len(self._floating.followers) < FloatingFigure.MAX_FOLLOWERS:
            self._floating.followers.append(floating)  # a nested float: its text may come up, the figures keep order
        else:
            self.add(floating)
        self._floating = floating

    def _notes(self, notes: list[str], source: str) -> list:
        out = [self.text(s, SOURCE_STYLE) for s in note_lines(notes, source)]
        if out:
            out[-1].spaceAfter = LINE_PITCH / 2
        return out

    # -------------------------------------------------- finishing
    def finish(self, doc: Document) -> bytes:
        self._close_float()
        if self._pending is not None:  # headings at the very end
            self.add(Spacer(0, 0))
        check_fonts(self.fonts, text_by_role(doc) if self.texts is None else self.texts)
        return render_story(self.story, doc.meta, self.fonts["body"], self.fonts["table"], self.created)


def text_by_role(doc: Document) -> dict[str, str]:
    """Return role → every character the PDF writer will draw in that role, fixed strings included."""
    from .textroles import TextByRole

    return TextByRole().collect(doc)
