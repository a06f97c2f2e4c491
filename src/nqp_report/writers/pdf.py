"""The PDF writer: the document model typeset with ReportLab platypus.

Layout follows GB/T 9704-2012 as DESIGN.md describes it: A4, a 156 x 225 mm
text block, 16 pt body text on a fixed 28.95 pt grid (22 lines a page),
three-line tables, captions, "— n —" page numbers, an outline from the
headings, internal links from references to captions.

Blocks become the flowables of :mod:`.pdfflow` (Chinese line breaking and
justification, captions kept with tables, floating figures, headings kept
with what follows).

Fonts arrive as role → registered ReportLab font name (see
``fontsetup.pdf_fonts_for``); :func:`text_by_role` tells that code every
character each role will draw, fixed strings included.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
from dataclasses import replace

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate
from reportlab.platypus.flowables import (
    Flowable, HRFlowable, Image, KeepTogether, PageBreak as RLPageBreak, Spacer,
)
from reportlab.platypus.frames import Frame
from reportlab.platypus.tables import Table as RLTable, TableStyle

from ..errors import FontError
from ..model import (
    BulletList, Cell, Document, Figure, Heading, Inline, PageBreak, Paragraph, Ref, Row, Table,
)
from .base import Writer
from .pdfflow import (
    BODY_SIZE, INDENT, LEADING, SPACE_WIDTHS, CaptionedTable, CJKParagraph, FloatingFigure, KeepWithStart,
    Outline, Placeholder, Run, TextStyle, draw_plain, string_width,
)

MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 37 * MM, 35 * MM, 28 * MM, 26 * MM
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 156 mm
TEXT_H = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM  # 225 mm

PAGE_NUMBER_SIZE = 14.0
PAGE_NUMBER_BASELINE = 24 * MM  # about 7 mm below the text block
CAPTION_SIZE = 14.0
SOURCE_SIZE = 12.0
PAGE_NUMBER_CHARS = "— 0123456789"
PLACEHOLDER = "［{label} 尚未绘制］"
UNORDERED_BULLET = "——"
SOURCE_PREFIX = "资料来源："
NOTE_PREFIX = "注："
MISSING = "—"
GREY = (0.9, 0.9, 0.9)
CELL_PAD_X = 4.0


# ---------------------------------------------------------------- styles per node kind
HEADING_STYLES = {
    1: TextStyle(role="heading"),
    2: TextStyle(role="kai"),
    3: TextStyle(role="body", bold=True),
    4: TextStyle(role="body"),
}
PARAGRAPH_STYLES = {
    "body": TextStyle(),
    "abstract": TextStyle(role="kai"),
    "note": TextStyle(size=12.0, leading=20.0, first_indent=24.0),
    "center": TextStyle(first_indent=0.0, align="center"),
    "signature": TextStyle(first_indent=0.0, align="right", right_indent=INDENT),
}
CAPTION_STYLE = TextStyle(role="heading", size=CAPTION_SIZE, leading=22.0, first_indent=0.0, align="center",
                          balance=True)
SOURCE_STYLE = TextStyle(role="kai", size=SOURCE_SIZE, leading=18.0, first_indent=0.0)
TITLE_STYLE = TextStyle(role="title", size=22.0, leading=36.0, first_indent=0.0, align="center", balance=True)
SUBTITLE_STYLE = TextStyle(role="kai", first_indent=0.0, align="center", balance=True)
ISSUE_STYLE = TextStyle(first_indent=0.0, align="center")
ISSUER_STYLE = TextStyle(first_indent=0.0, align="center")


def _runs(inlines: list[Inline], style: TextStyle) -> list[Run]:
    runs = []
    for inline in inlines:
        if isinstance(inline, Ref):
            runs.append(Run(inline.label, style.role, style.size, link=inline.target, unbreakable=True))
        else:
            runs.append(Run(inline.text, style.role, style.size, bold=inline.bold, sup=inline.superscript))
    return runs


def _prefixed(text: str, prefix: str) -> str:
    return text if text.startswith(prefix) or text.startswith(prefix.rstrip("：")) else prefix + text


# ---------------------------------------------------------------- the writer
class _Stamp:
    """A ReportLab timestamp fixed to ``created`` (UTC), for the document's creation and modification dates."""

    def __init__(self, created: dt.datetime) -> None:
        if created.tzinfo is not None:
            created = created.astimezone(dt.timezone.utc).replace(tzinfo=None)
        self.t = calendar.timegm(created.timetuple())
        self.lt = created.timetuple()
        self.YMDhms = tuple(self.lt)[:6]
        self.dhh = self.dmm = 0
        self.tzname = "UTC"


class PdfWriter(Writer):
    """Write a numbered document as a PDF (ReportLab platypus).

    ``fonts`` maps each role (title, heading, kai, body, table) to a font name
    already registered with ReportLab; ``created`` fixes the document dates,
    so the same document gives the same bytes.
    """

    name = "pdf"
    suffix = ".pdf"

    def __init__(self, fonts: dict[str, str] | None, created: dt.datetime | None = None) -> None:
        self.fonts = dict(fonts or {})
        self.created = created
        self.collecting = fonts is None  # text_by_role: build the story's text only
        self.used: dict[str, list[str]] = {}

    # -------------------------------------------------- building blocks
    def para(self, runs: list[Run], style: TextStyle, **kw):
        for r in runs:
            self.used.setdefault(r.role, []).append(r.text)
        return CJKParagraph(runs, style, self.fonts, **kw)

    def text(self, text: str, style: TextStyle, **kw):
        return self.para([Run(text, style.role, style.size)], style, **kw)

    def use(self, role: str, text: str) -> None:
        self.used.setdefault(role, []).append(text)

    def start(self, doc: Document) -> None:
        if not self.collecting:
            missing = [r for r in ("title", "heading", "kai", "body", "table") if r not in self.fonts]
            if missing:
                raise ValueError(f"PdfWriter needs a font for every role; missing: {', '.join(missing)}")
        self.story: list = []
        self._pending: tuple[int, list] | None = None  # headings waiting for the block they head
        self._floating: FloatingFigure | None = None  # the last figure, while paragraphs may float past it
        self.outline = Outline()
        self.use("table", PAGE_NUMBER_CHARS + MISSING)
        meta = doc.meta
        if meta.issue_no:
            self.story.append(self.text(meta.issue_no, ISSUE_STYLE))
        self.story.append(self.text(meta.title, replace(TITLE_STYLE, space_before=6.0 if meta.issue_no else 0.0,
                                                        space_after=6.0)))
        if meta.subtitle:
            self.story.append(self.text(meta.subtitle, SUBTITLE_STYLE))
        line = "\u3000\u3000".join(p for p in (meta.issuer, meta.date) if p)
        if line:
            self.story.append(self.text(line, ISSUER_STYLE))
        if not self.collecting:
            self.story.append(HRFlowable(width="100%", thickness=1.0, color=(0.0, 0.0, 0.0), spaceBefore=4,
                                         spaceAfter=LEADING - 4))

    def add(self, flowable, follower: bool = False) -> None:
        """Append a block's flowable, first guarding any headings just before it.

        A ``follower`` (a body paragraph or list item) right after a figure
        joins that figure's float instead, so it can fill the page first.
        """
        floating = self._floating
        if follower and floating is not None and self._pending is None \
                and len(floating.followers) < FloatingFigure.MAX_FOLLOWERS:
            floating.followers.append(flowable)
            return
        self._floating = None
        if self._pending is not None:
            at, headings = self._pending
            self._pending = None
            if not self.collecting:
                self.story.insert(at, KeepWithStart(headings, flowable))
        self.story.append(flowable)

    def visit_Heading(self, node: Heading) -> None:
        style = HEADING_STYLES[node.level]
        if not node.numbered and node.level == 1:
            style = replace(style, first_indent=0.0, align="center")
        runs = [Run(node.number, style.role, style.size)] + _runs(node.inlines, style)
        heading = self.para(runs, style, outline=(self.outline, node.title, node.level - 1))
        self._floating = None
        if self._pending is None:
            self._pending = (len(self.story), [])
        self._pending[1].append(heading)
        self.story.append(heading)

    def visit_Paragraph(self, node: Paragraph) -> None:
        style = PARAGRAPH_STYLES[node.style]
        self.add(self.para(_runs(node.inlines, style), style), follower=node.style == "body")

    def visit_BulletList(self, node: BulletList) -> None:
        base = PARAGRAPH_STYLES["body"]
        prefixes = [f"{n}." if node.ordered else UNORDERED_BULLET for n in range(1, len(node.items) + 1)]
        hang = 0.0
        if not self.collecting:
            hang = max((string_width(p, self.fonts[base.role], base.size) for p in prefixes), default=0.0)
        style = replace(base, left_indent=INDENT + hang, first_indent=-hang)
        for prefix, item in zip(prefixes, node.items):
            runs = [Run(prefix, style.role, style.size)] + _runs(item, style)
            self.add(self.para(runs, style), follower=True)

    def visit_PageBreak(self, node: PageBreak) -> None:
        self.add(RLPageBreak())

    def visit_Table(self, node: Table) -> None:
        caption = self.text(node.title, replace(CAPTION_STYLE, space_before=LEADING / 3, space_after=4.0),
                            anchor=node.id)
        table = self._table(node)
        after = self._notes(node.notes, node.source)
        if self.collecting:
            return
        # Keep the caption with the header and the first rows (a whole long table cannot be kept together).
        _, h_head = self._table(node, max_rows=3).wrap(TEXT_W, TEXT_H)
        self.add(CaptionedTable(caption, table, h_head, after))

    def visit_Figure(self, node: Figure) -> None:
        caption = self.text(node.title, replace(CAPTION_STYLE, space_before=4.0, space_after=2.0), anchor=node.id)
        after = self._notes(node.notes, node.source)
        placeholder_text = PLACEHOLDER.format(label=node.label)
        scale = min(1.0, TEXT_W / (node.width_mm * MM)) if node.width_mm > 0 else 1.0
        width, height = node.width_mm * MM * scale, node.height_mm * MM * scale
        if node.image is None:
            self.use("table", placeholder_text)
        if self.collecting:
            return
        if node.image is not None:
            picture = Image(io.BytesIO(node.image), width=width, height=height)
            picture.hAlign = "CENTER"
        else:
            picture = Placeholder(width, height, placeholder_text, self.fonts["table"], CAPTION_SIZE)
        floating = FloatingFigure(KeepTogether([Spacer(1, LEADING / 3), picture, caption] + after))
        self.add(floating)
        self._floating = floating

    def _notes(self, notes: list[str], source: str) -> list:
        lines = [_prefixed(n, NOTE_PREFIX) for n in notes]
        if source:
            lines.append(_prefixed(source, SOURCE_PREFIX))
        out = [self.text(s, SOURCE_STYLE) for s in lines]
        if out:
            out[-1].spaceAfter = LEADING / 2
        return out

    def _table(self, node: Table, max_rows: int | None = None):
        ncols = len(node.columns)
        size = 12.0 if ncols <= 5 else 10.5
        leading = round(size * 1.45, 2)
        cell = TextStyle(role="table", size=size, leading=leading, first_indent=0.0, align="left")
        header_style = replace(cell, role="heading", align="center")
        widths = self._column_widths(node, size)
        data = [[self.text(c.header, header_style) for c in node.columns]]
        commands: list = []
        rows = node.rows if max_rows is None else node.rows[:max_rows]
        for r, row in enumerate(rows, start=1):
            data.append(self._row(row, node, cell, r, commands, has_next=r < len(rows)))
        if self.collecting:
            return None
        black = (0, 0, 0)
        style = [
            ("FONTNAME", (0, 0), (-1, -1), self.fonts["table"]),  # for the empty cells under a span
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LINEABOVE", (0, 0), (-1, 0), 1.5, black),
            ("LINEBELOW", (0, 0), (-1, 0), 0.75, black),
            ("LINEBELOW", (0, -1), (-1, -1), 1.5, black),
            ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), 1.5, black),
        ] + commands
        table = RLTable(data, colWidths=widths, repeatRows=1, hAlign="CENTER")
        table.setStyle(TableStyle(style))
        table.spaceAfter = 3
        return table

    def _column_widths(self, node: Table, size: float) -> list[float]:
        """Return column widths: Column.width proportions over the text width, widened so short texts
        (up to four characters, e.g. "优先级", "待评估", "3.03") never wrap, taken from columns with room."""
        total = sum(max(c.width, 0.01) for c in node.columns) or 1.0
        widths = [TEXT_W * max(c.width, 0.01) / total for c in node.columns]
        if self.collecting:
            return widths
        need = []
        for c, column in enumerate(node.columns):
            texts = [(column.header, "heading")]
            texts += [(row.cells[c].text, "table") for row in node.rows
                      if len(row.cells) == len(node.columns) and row.kind != "group"]
            short = [string_width(t.strip(), self.fonts[role], size) for t, role in texts if len(t.strip()) <= 4]
            need.append(max(short, default=0.0) + 2 * CELL_PAD_X + 1.0)
        deficit = sum(max(0.0, n - w) for n, w in zip(need, widths))
        room = sum(max(0.0, w - n) for n, w in zip(need, widths))
        if deficit <= 0 or room <= deficit:
            return widths
        return [n if w < n else w - (w - n) * deficit / room for n, w in zip(need, widths)]

    def _row(self, row: Row, node: Table, cell: TextStyle, r: int, commands: list, has_next: bool) -> list:
        ncols = len(node.columns)
        out: list = []
        c = 0
        bold = row.kind in ("group", "highlight")
        if row.kind == "group" and has_next:
            commands.append(("NOSPLIT", (0, r), (-1, r + 1)))  # a group label stays with its first row
        if row.kind == "highlight":
            commands.append(("BACKGROUND", (0, r), (-1, r), GREY))
        for item in row.cells:
            if c >= ncols:
                break
            span = max(1, min(item.span, ncols - c))
            out.append(self._cell(item, node.columns[c].align, cell, bold, row.kind == "group" and span > 1))
            if span > 1:
                commands.append(("SPAN", (c, r), (c + span - 1, r)))
                out.extend([""] * (span - 1))
            c += span
        out.extend([""] * (ncols - c))
        return out

    def _cell(self, item: Cell, align: str, cell: TextStyle, bold: bool, group: bool):
        text = MISSING if item.missing or not item.text else item.text
        style = replace(cell, align=align, bold=bold or item.bold)
        if group:
            style = replace(style, align="left")
        return self.text(text, style)

    # -------------------------------------------------- finishing
    def check_fonts(self) -> None:
        """Raise FontError when a registered font lacks a character its role draws (never a box in the PDF).

        This also catches ReportLab handing back an earlier TrueType font: it
        keeps one font per PostScript name, so a second subset of the same face
        registered under a new name silently resolves to the first subset.
        """
        problems = []
        for role, parts in sorted(self.used.items()):
            font = pdfmetrics.getFont(self.fonts[role])
            cmap = getattr(getattr(font, "face", None), "charToGlyph", None)
            if cmap is None:
                continue
            missing = sorted({c for c in "".join(parts) if c not in SPACE_WIDTHS and ord(c) not in cmap})
            if missing:
                shown = "".join(missing[:20])
                problems.append(
                    f"{role}（{self.fonts[role]} → {font.fontName}）缺少 {len(missing)} 个字符：{shown}")
        if problems:
            raise FontError("PDF 字体不含要绘制的字符：" + "；".join(problems))

    def finish(self, doc: Document) -> bytes:
        if self._pending is not None:  # headings at the very end
            self.add(Flowable())
        self.check_fonts()
        meta = doc.meta
        buf = io.BytesIO()
        body_font = self.fonts["body"]
        number_font = self.fonts["table"]
        created = self.created

        def canvasmaker(*args, **kwargs):
            kwargs["initialFontName"] = body_font
            kwargs["initialFontSize"] = BODY_SIZE
            kwargs["initialLeading"] = LEADING
            canv = Canvas(*args, **kwargs)
            if created is not None:
                canv._doc._timeStamp = _Stamp(created)
            return canv

        def on_page(canv, template_doc):
            canv.saveState()
            if canv.getPageNumber() == 1:
                canv.showOutline()
            canv.setFillGray(0)
            label = f"— {canv.getPageNumber()} —"
            w = string_width(label, number_font, PAGE_NUMBER_SIZE)
            draw_plain(canv, label, number_font, PAGE_NUMBER_SIZE, (PAGE_W - w) / 2, PAGE_NUMBER_BASELINE)
            canv.restoreState()

        frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, TEXT_W, TEXT_H, leftPadding=0, rightPadding=0, topPadding=0,
                      bottomPadding=0, id="body")
        template = BaseDocTemplate(
            buf, pagesize=(PAGE_W, PAGE_H), leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=meta.title, author=meta.issuer,
            subject=meta.subject or meta.subtitle.lstrip("—"), keywords="；".join(meta.keywords),
            creator="nqp-report", invariant=1, lang="zh-CN", initialFontName=body_font,
            initialFontSize=BODY_SIZE,
        )
        template.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
        saved = rl_config.useA85
        rl_config.useA85 = 0  # binary image streams: a quarter smaller and no slow pure-Python ASCII85
        try:
            template.build(self.story, canvasmaker=canvasmaker)
        finally:
            rl_config.useA85 = saved
        return buf.getvalue()


def text_by_role(doc: Document) -> dict[str, str]:
    """Return role → every character the PDF writer will draw in that role, fixed strings included."""
    writer = PdfWriter(None)
    writer.start(doc)
    for block in doc.blocks:
        writer.dispatch(block)
    return {role: "".join(sorted(set("".join(parts)))) for role, parts in sorted(writer.used.items())}
