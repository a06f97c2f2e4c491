"""The PDF writer: the document model typeset with ReportLab platypus.

Layout follows GB/T 9704-2012 as DESIGN.md describes it: A4, a 156 x 225 mm
text block, 16 pt body text on a fixed 28.95 pt grid (22 lines a page),
three-line tables, captions, "— n —" page numbers, an outline from the
headings, internal links from references to captions.

Text is not set with ReportLab's ``Paragraph``: its CJK wrapping lets closing
punctuation start a line and splits numbers. :class:`CJKParagraph` lays out
runs itself with :mod:`.cjkwrap` (避头尾, Latin words and numbers kept whole)
and justifies Chinese lines by spreading the extra space between characters.

Fonts arrive as role → registered ReportLab font name (see
``fontsetup.pdf_fonts_for``); :func:`text_by_role` tells that code every
character each role will draw, fixed strings included.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
from dataclasses import dataclass, replace

from ..model import (
    BulletList, Cell, Document, Figure, Heading, Inline, PageBreak, Paragraph, Ref, Row, Table,
)
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.doctemplate import BaseDocTemplate, FrameBreak, PageTemplate
from reportlab.platypus.flowables import (
    CondPageBreak, Flowable, HRFlowable, Image, KeepTogether, PageBreak as RLPageBreak, Spacer,
)
from reportlab.platypus.frames import Frame
from reportlab.platypus.tables import Table as RLTable, TableStyle

from ..errors import FontError
from .base import Writer
from .cjkwrap import break_lines, break_opportunities

MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 37 * MM, 35 * MM, 28 * MM, 26 * MM
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 156 mm
TEXT_H = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM  # 225 mm

BODY_SIZE = 16.0
LEADING = 28.95  # fixed line spacing: 22 lines in the 225 mm text block
INDENT = 2 * BODY_SIZE  # first-line indent of two characters
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
FAKE_BOLD = 0.035  # stroke width as a share of the font size (the open fonts have no bold face)
GREY = (0.9, 0.9, 0.9)
CELL_PAD_X = 4.0


# ---------------------------------------------------------------- text runs and styles
@dataclass
class Run:
    """A stretch of text in one role and size; ``link`` is the bookmark a reference jumps to."""

    text: str
    role: str
    size: float
    bold: bool = False
    sup: bool = False
    link: str = ""
    unbreakable: bool = False


@dataclass
class TextStyle:
    """How a :class:`CJKParagraph` is set."""

    role: str = "body"
    size: float = BODY_SIZE
    leading: float = LEADING
    first_indent: float = INDENT
    left_indent: float = 0.0
    right_indent: float = 0.0
    align: str = "justify"  # justify, left, center, right
    space_before: float = 0.0
    space_after: float = 0.0
    bold: bool = False
    balance: bool = False  # centred titles: make the lines about equally long


_WIDTHS: dict[tuple[str, str], float] = {}

# Whitespace is never drawn as a glyph (font subsets carry no space glyph): it only moves the pen.
SPACE_WIDTHS = {" ": 0.25, "\u00a0": 0.25, "\t": 1.0, "\u3000": 1.0}


def char_width(ch: str, font: str, size: float) -> float:
    """Return the advance of ``ch`` in a registered font at ``size`` (cached per font and character)."""
    space = SPACE_WIDTHS.get(ch)
    if space is not None:
        return space * size
    key = (font, ch)
    w = _WIDTHS.get(key)
    if w is None:
        w = _WIDTHS[key] = pdfmetrics.stringWidth(ch, font, 1000.0) / 1000.0
    return w * size


def string_width(text: str, font: str, size: float) -> float:
    """Return the advance of ``text`` (whitespace as :data:`SPACE_WIDTHS`)."""
    return sum(char_width(c, font, size) for c in text)


def draw_plain(canv, text: str, font: str, size: float, x: float, y: float) -> None:
    """Draw one line of ``text`` from ``x``, leaving gaps for whitespace instead of drawing space glyphs."""
    chunk = ""
    start = x
    for ch in text + " ":
        if ch in SPACE_WIDTHS:
            if chunk:
                canv.setFont(font, size)
                canv.drawString(start, y, chunk)
                start += string_width(chunk, font, size)
                chunk = ""
            start += char_width(ch, font, size)
        else:
            chunk += ch


class _Outline:
    """Outline state of one build: keeps levels consecutive as ReportLab requires."""

    def __init__(self) -> None:
        self.last = -1
        self.count = 0

    def add(self, canv, title: str, level: int, height: float) -> None:
        level = max(0, min(level, self.last + 1))
        self.last = level
        self.count += 1
        key = f"h{self.count}"
        canv.bookmarkHorizontal(key, 0, height)
        canv.addOutlineEntry(title, key, level, closed=False)


class CJKParagraph(Flowable):
    """A paragraph of runs, broken with :func:`break_lines` and drawn on a fixed leading."""

    def __init__(self, runs: list[Run], style: TextStyle, fonts: dict[str, str], *,
                 outline: tuple[_Outline, str, int] | None = None, anchor: str = "") -> None:
        super().__init__()
        self.runs = [r for r in runs if r.text] or [Run("", style.role, style.size)]
        self.style = style
        self.fonts = fonts
        self.outline = outline
        self.anchor = anchor
        self.spaceBefore = style.space_before
        self.spaceAfter = style.space_after
        self.text = "".join(r.text for r in self.runs)
        self.run_of: list[int] = []
        nobreak: list[int] = []
        pos = 0
        for k, r in enumerate(self.runs):
            self.run_of.extend([k] * len(r.text))
            if r.unbreakable:
                nobreak.extend(range(pos + 1, pos + len(r.text)))
            pos += len(r.text)
        self.ok = break_opportunities(self.text, nobreak)
        self.offset = 0  # a continuation piece starts here
        self.ends_paragraph = True
        self._widths: list[float] | None = None
        self._fixed: list[tuple[int, int]] | None = None
        self._layout_for: float | None = None
        self.lines: list[tuple[int, int]] = []

    # -------------------------------------------------- measuring
    def font_of(self, run: Run) -> str:
        return self.fonts[run.role]

    def run_size(self, run: Run) -> float:
        return run.size * 0.6 if run.sup else run.size

    @property
    def widths(self) -> list[float]:
        if self._widths is None:
            ws = []
            for ch, k in zip(self.text, self.run_of):
                r = self.runs[k]
                ws.append(char_width(ch, self.font_of(r), self.run_size(r)))
            self._widths = ws
        return self._widths

    def _first_line(self) -> bool:
        return self.offset == 0

    def _line_box(self, aw: float, first: bool) -> tuple[float, float]:
        """Return (x, width) of a line."""
        st = self.style
        x = st.left_indent + (st.first_indent if first else 0.0)
        return x, aw - x - st.right_indent

    def _layout(self, aw: float) -> None:
        if self._layout_for == aw:
            return
        self._layout_for = aw
        if self._fixed is not None:
            self.lines = self._fixed
            return
        if not self.text:
            self.lines = [(0, 0)]
            return
        _, width = self._line_box(aw, False)
        _, first_width = self._line_box(aw, self._first_line())
        if self.style.balance:
            width = first_width = self._balanced_width(width)
        self.lines = break_lines(self.text, self.widths, width, first_width, self.ok, self.offset)

    def _balanced_width(self, width: float) -> float:
        count = len(break_lines(self.text, self.widths, width, None, self.ok))
        if count < 2:
            return width
        lo, hi = width / 2, width
        for _ in range(12):
            mid = (lo + hi) / 2
            if len(break_lines(self.text, self.widths, mid, None, self.ok)) > count:
                lo = mid
            else:
                hi = mid
        return hi

    def wrap(self, aw, ah):
        self._layout(aw)
        self.width = aw
        self.height = len(self.lines) * self.style.leading
        return aw, self.height

    def min_start_height(self, aw, ah):
        """Return the height of the lines that must stay with a heading before this paragraph."""
        self.wrap(aw, ah)
        n = len(self.lines)
        return self.spaceBefore + (n if n <= 3 else 2) * self.style.leading

    def split(self, aw, ah):
        self._layout(aw)
        n = len(self.lines)
        k = int((ah + 1e-6) // self.style.leading)
        if k >= n:
            return [self]
        if k <= 0 or (k == 1 and n >= 2):
            return []  # never leave a paragraph's single first line at a page bottom
        if n - k == 1:  # nor its last line alone at the top of the next page
            if k < 3:
                return []
            k -= 1
        head = self._piece(self.lines[:k], self.offset)
        head.ends_paragraph = False
        tail = self._piece(None, self.lines[k][0])
        tail.outline, tail.anchor = None, ""
        return [head, tail]

    def _piece(self, lines, offset):
        p = CJKParagraph.__new__(CJKParagraph)
        p.__dict__.update(self.__dict__)
        p.offset = offset
        p._fixed = lines
        p._layout_for = None
        if offset:
            p.spaceBefore = 0
        if lines is not None:
            p.spaceAfter = 0
        return p

    # -------------------------------------------------- drawing
    def draw(self):
        canv = self.canv
        st = self.style
        aw = self._layout_for if self._layout_for is not None else self.width
        top = self.height
        if self.anchor:
            canv.bookmarkHorizontal(self.anchor, 0, top + st.space_before)
        if self.outline is not None:
            state, title, level = self.outline
            state.add(canv, title, level, top + st.space_before)
        ws = self.widths
        baseline_drop = st.leading / 2 + st.size * 0.35
        canv.saveState()
        for idx, (a, b) in enumerate(self.lines):
            first = self._first_line() and idx == 0
            x0, avail = self._line_box(aw, first)
            y = top - idx * st.leading - baseline_drop
            natural = sum(ws[a:b])
            last = self.ends_paragraph and idx == len(self.lines) - 1
            cs = 0.0
            gaps = sum(1 for i in range(a, b - 1) if self._stretches(i))
            if st.align == "justify" and not last and gaps:
                extra = avail - natural
                if 0 < extra <= 0.6 * st.size * gaps:
                    cs = extra / gaps
            elif st.align == "center":
                x0 += (avail - natural) / 2
            elif st.align == "right":
                x0 += avail - natural
            self._draw_line(canv, a, b, x0, y, cs)
        canv.restoreState()

    def _stretches(self, i: int) -> bool:
        """Return whether justification may widen the gap after character ``i`` (never inside a Latin word)."""
        a, b = self.text[i], self.text[i + 1]
        return not (ord(a) < 0x2000 and ord(b) < 0x2000 and a not in SPACE_WIDTHS and b not in SPACE_WIDTHS)

    def _draw_line(self, canv, a: int, b: int, x0: float, y: float, cs: float) -> None:
        """Draw characters ``a..b-1`` from ``x0``; ``cs`` widens each stretchable gap (see :meth:`_stretches`)."""
        ws = self.widths
        gap = [cs if cs and i < b - 1 and self._stretches(i) else 0.0 for i in range(a, b)]
        links: list[tuple[str, float, float, float]] = []
        t = None
        x = x0
        i = a
        while i < b:
            k = self.run_of[i]
            r = self.runs[k]
            j = i
            while j < b and self.run_of[j] == k:
                j += 1
            seg_x = x
            size = self.run_size(r)
            bold = r.bold or self.style.bold
            p = i
            while p < j:
                if self.text[p] in SPACE_WIDTHS:
                    if t is not None:
                        canv.drawText(t)
                        t = None
                    x += ws[p] + gap[p - a]
                    p += 1
                    continue
                q = p
                while q < j and self.text[q] not in SPACE_WIDTHS and gap[q - a] == gap[p - a]:
                    q += 1
                if t is None:
                    t = canv.beginText(x, y)
                t.setCharSpace(gap[p - a])
                t.setFont(self.font_of(r), size, self.style.leading)
                t.setRise(r.size * 0.38 if r.sup else 0)
                if bold:
                    canv.setLineWidth(size * FAKE_BOLD)
                t.setTextRenderMode(2 if bold else 0)
                t.textOut(self.text[p:q])
                x += sum(ws[p:q]) + gap[p - a] * (q - p)
                p = q
            if r.link:
                links.append((r.link, seg_x, x - gap[j - 1 - a], r.size))
            i = j
        if t is not None:
            canv.drawText(t)
        for target, x1, x2, size in links:
            canv.linkRect("", target, (x1, y - size * 0.2, x2, y + size * 0.85), relative=1, thickness=0)


class Placeholder(Flowable):
    """A framed box standing in for a figure that has not been drawn."""

    def __init__(self, width: float, height: float, text: str, font: str) -> None:
        super().__init__()
        self.box_w, self.box_h, self.text, self.font = width, height, text, font
        self.hAlign = "CENTER"

    def wrap(self, aw, ah):
        self.box_w = min(self.box_w, aw)
        return self.box_w, self.box_h

    def draw(self):
        c = self.canv
        c.saveState()
        c.setLineWidth(0.75)
        c.setStrokeGray(0.45)
        c.setDash(4, 3)
        c.rect(0, 0, self.box_w, self.box_h)
        c.setFillGray(0.35)
        w = string_width(self.text, self.font, CAPTION_SIZE)
        draw_plain(c, self.text, self.font, CAPTION_SIZE, (self.box_w - w) / 2, self.box_h / 2 - CAPTION_SIZE * 0.35)
        c.restoreState()


class CaptionedTable(Flowable):
    """A caption kept with its table's header and first rows, and the notes kept with its last rows.

    The rest of a long table runs on to the next pages (ReportLab's
    keepWithNext would wrap caption and table in a KeepTogether, which moves a
    long table to a new page even when most of a page is free).
    """

    def __init__(self, caption, table, head_height: float, tail: list) -> None:
        super().__init__()
        self.caption, self.table, self.head_height, self.tail = caption, table, head_height, tail
        self.spaceBefore = caption.spaceBefore
        self.spaceAfter = tail[-1].spaceAfter if tail else table.spaceAfter

    def _stack(self, aw, ah):
        _, ch = self.caption.wrap(aw, ah)
        _, th = self.table.wrap(aw, ah)
        tails = [f.wrap(aw, ah)[1] for f in self.tail]
        return ch, self.caption.spaceAfter, th, tails

    def wrap(self, aw, ah):
        self._parts = self._stack(aw, ah)
        ch, gap, th, tails = self._parts
        tail_h = sum(tails) + sum(f.spaceBefore for f in self.tail) + sum(f.spaceAfter for f in self.tail[:-1])
        self.width, self.height = aw, ch + gap + th + self.table.spaceAfter + tail_h
        return self.width, self.height

    def min_start_height(self, aw, ah):
        ch, gap, _, _ = self._stack(aw, ah)
        return self.spaceBefore + ch + gap + self.head_height

    def split(self, aw, ah):
        ch, gap, th, _ = self._stack(aw, ah)
        room = ah - ch - gap
        if room < self.head_height:
            return []
        if th + self.table.spaceAfter <= room:
            # The table fits; carry its last rows over if the notes would start the next page alone.
            first = self.tail[0] if self.tail else None
            need = first.min_start_height(aw, ah) if first is not None else 0.0
            if th + self.table.spaceAfter + need <= room:
                return [self.caption, self.table] + self.tail
            parts = self.table.split(aw, room - self.table.spaceAfter - need)
            if len(parts) < 2:
                return [self.caption, self.table] + self.tail
            # The carried rows and the notes go on together; they do not fit here, so they start the next page.
            return [self.caption, parts[0], KeepTogether(parts[1:] + self.tail)]
        parts = self.table.split(aw, room)
        return [self.caption] + parts + self.tail if parts else []

    def draw(self):
        ch, gap, th, tails = self._parts
        y = self.height - ch
        self.caption.drawOn(self.canv, 0, y)
        y -= gap + th
        self.table.drawOn(self.canv, (self.width - self.table._width) / 2, y)
        y -= self.table.spaceAfter
        for f, h in zip(self.tail, tails):
            y -= f.spaceBefore + h
            f.drawOn(self.canv, 0, y)
            y -= f.spaceAfter

class FloatingFigure(Flowable):
    """A figure that lets the body paragraphs after it fill the page when it does not fit.

    Like a float in LaTeX: when the figure is too tall for what is left of the
    page, the following paragraphs (up to ``MAX_FOLLOWERS``, never past a
    heading, table or another figure) are set first and the figure starts the
    next page, instead of leaving the rest of this page empty.
    """

    MAX_FOLLOWERS = 4

    def __init__(self, figure: Flowable) -> None:
        super().__init__()
        self.figure = figure
        self.followers: list[Flowable] = []

    def _height(self, f: Flowable, aw: float, ah: float) -> float:
        parts = getattr(f, "_content", None) or [f]  # a KeepTogether's wrap needs a canvas; its parts do not
        return sum(p.getSpaceBefore() + p.wrap(aw, ah)[1] + p.getSpaceAfter() for p in parts)

    def wrap(self, aw, ah):
        self.width = aw
        self.height = sum(self._height(f, aw, ah) for f in [self.figure] + self.followers)
        return aw, self.height

    def min_start_height(self, aw, ah):
        return self._height(self.figure, aw, ah)

    def split(self, aw, ah):
        if not self.followers:
            self.figure.canv = self.canv
            return self.figure.split(aw, ah)
        self.figure.canv = self.canv
        _, fig_h = self.figure.wrap(aw, ah)
        if fig_h + self.figure.getSpaceBefore() + self.figure.getSpaceAfter() + 2.0 <= ah:
            return [self.figure] + self.followers
        room, taken = ah, []
        rest = list(self.followers)
        while rest:
            h = self._height(rest[0], aw, room)
            if h <= room:
                taken.append(rest.pop(0))
                room -= h
                continue
            parts = rest[0].split(aw, room)
            if len(parts) > 1:
                taken.append(parts[0])
                rest[0:1] = parts[1:]
            break
        if not taken:
            return []
        return taken + [self.figure] + rest

    def draw(self):
        """Draw the figure and its followers in order (the whole float fits where it stands)."""
        y = self.height
        for f in [self.figure] + self.followers:
            for part in getattr(f, "_content", None) or [f]:
                w, h = part.wrapOn(self.canv, self.width, self.height)
                y -= part.getSpaceBefore() + h
                x = (self.width - w) / 2 if getattr(part, "hAlign", "LEFT") == "CENTER" else 0.0
                part.drawOn(self.canv, x, y)
                y -= part.getSpaceAfter()


class KeepWithStart(CondPageBreak):
    """A zero-height guard before headings: start a new page unless the headings and the
    beginning of the following block (two lines, a caption with the table's first rows,
    a whole figure) fit on this one. A heading is never left alone at a page bottom."""

    def __init__(self, headings: list, following) -> None:
        self.headings, self.following = headings, following
        self.height = 0.0

    def __repr__(self):
        return f"KeepWithStart({len(self.headings)} headings)"

    def wrap(self, aw, ah):
        need = 0.0
        for h in self.headings:
            need += h.getSpaceBefore() + h.wrap(aw, ah)[1] + h.getSpaceAfter()
        f = self.following
        if f is not None:
            if hasattr(f, "min_start_height"):
                need += f.min_start_height(aw, ah)
            else:
                need += f.getSpaceBefore() + f.wrap(aw, ah)[1]
        frame = self._doctemplateAttr("frame")
        if need > ah + 1e-6 and frame is not None and not getattr(frame, "_atTop", 0):
            frame.add_generated_content(FrameBreak)
        return 0, 0


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
        self.outline = _Outline()
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
            picture = Placeholder(width, height, placeholder_text, self.fonts["table"])
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
