"""ReportLab flowables for Chinese typesetting.

Text is not set with ReportLab's ``Paragraph``: its CJK wrapping lets closing
punctuation start a line and splits numbers. :class:`CJKParagraph` lays out
runs itself with :mod:`.cjkwrap` (避头尾, Latin words and numbers kept whole)
and justifies Chinese lines by spreading the extra space between characters.

The other flowables keep blocks together across page breaks: a caption with
its table's first rows (:class:`CaptionedTable`), a figure that lets the text
after it fill the page (:class:`FloatingFigure`), headings with the start of
what they head (:class:`KeepWithStart`). They know nothing of the document
model; the PDF writer builds them.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus.doctemplate import FrameBreak
from reportlab.platypus.flowables import CondPageBreak, Flowable, KeepTogether

from .cjkwrap import break_lines, break_opportunities

BODY_SIZE = 16.0
LEADING = 28.95  # fixed line spacing: 22 lines in the 225 mm text block
INDENT = 2 * BODY_SIZE  # first-line indent of two characters
FAKE_BOLD = 0.035  # stroke width as a share of the font size (the open fonts have no bold face)


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


class Outline:
    """Outline state of one build: keeps levels consecutive as ReportLab requires."""

    def __init__(self) -> None:
        self.last = -1
        self.count = 0

    def add(self, canv, title: str, level: int, height: float) -> None:
        """Bookmark ``height`` on the current page and list it in the outline at ``level`` (at most one deeper)."""
        level = max(0, min(level, self.last + 1))
        self.last = level
        self.count += 1
        key = f"h{self.count}"
        canv.bookmarkHorizontal(key, 0, height)
        canv.addOutlineEntry(title, key, level, closed=False)


# ---------------------------------------------------------------- flowables
class CJKParagraph(Flowable):
    """A paragraph of runs, broken with :func:`break_lines` and drawn on a fixed leading.

    ``fonts`` maps each run's role to a registered font name; ``outline`` is
    (state, title, level) for a heading's outline entry; ``anchor`` is a
    bookmark that references link to.
    """

    def __init__(self, runs: list[Run], style: TextStyle, fonts: dict[str, str], *,
                 outline: tuple[Outline, str, int] | None = None, anchor: str = "") -> None:
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
        """Return the font name ``run`` is drawn in."""
        return self.fonts[run.role]

    def run_size(self, run: Run) -> float:
        """Return the size ``run`` is drawn at (smaller when superscript)."""
        return run.size * 0.6 if run.sup else run.size

    @property
    def widths(self) -> list[float]:
        """Return the advance of every character of the paragraph."""
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
    """A framed box standing in for a figure that has not been drawn, ``text`` centred in it at ``size``."""

    def __init__(self, width: float, height: float, text: str, font: str, size: float) -> None:
        super().__init__()
        self.box_w, self.box_h, self.text, self.font, self.size = width, height, text, font, size
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
        w = string_width(self.text, self.font, self.size)
        draw_plain(c, self.text, self.font, self.size, (self.box_w - w) / 2, self.box_h / 2 - self.size * 0.35)
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
