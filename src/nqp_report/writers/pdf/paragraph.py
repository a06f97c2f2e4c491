"""The Chinese paragraph: runs of text broken by the 避头尾 rules of :mod:`nqp_report.cjk` and set on a
fixed leading.

Text is not set with ReportLab's ``Paragraph``: its CJK wrapping lets closing
punctuation start a line and splits numbers. :class:`CJKParagraph` lays out
runs itself (Latin words and numbers kept whole) and justifies Chinese lines
by spreading the extra space between characters.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.platypus.flowables import Flowable

from ...cjk import break_lines, break_opportunities
from ...house import BODY_SIZE, GRID_TRACKING, INDENT, LINE_PITCH as LEADING
from .metrics import SPACE_WIDTHS, char_map, char_width

FAKE_BOLD = 0.035  # stroke width as a share of the font size (the open fonts have no bold face)


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
    joined: bool = False  # no line break before this run (a piece of an unbreakable run)


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

    @property
    def tracking(self) -> float:
        """Return the space added after each character: 3号 text sits on the 28-character grid."""
        return GRID_TRACKING if self.size == BODY_SIZE else 0.0


LATIN_ROLE = "latin"
FALLBACK_ROLE = "fallback"
LATIN_SERVED = frozenset({"body", "kai", "table"})
"""Roles whose ASCII letters, digits and signs are drawn in the Latin face (the title and 黑体 keep their own)."""


def is_latin(ch: str) -> bool:
    """Return whether ``ch`` is drawn in the Latin face within a role of :data:`LATIN_SERVED`."""
    return "!" <= ch <= "~" or ch == "−"


def split_fallback(runs: list[Run], fonts: dict[str, str]) -> list[Run]:
    """Return ``runs`` with the characters their role's font lacks as runs of the fallback role."""
    out: list[Run] = []
    for run in runs:
        cmap = char_map(fonts[run.role]) or {}
        start = 0
        for i in range(1, len(run.text) + 1):
            lacks = ord(run.text[start]) not in cmap and run.text[start] not in SPACE_WIDTHS
            if i == len(run.text) or (ord(run.text[i]) not in cmap and run.text[i] not in SPACE_WIDTHS) != lacks:
                out.append(replace(run, text=run.text[start:i], role=FALLBACK_ROLE if lacks else run.role,
                                   joined=run.joined or (start > 0 and run.unbreakable)))
                start = i
    return out


def split_latin(runs: list[Run]) -> list[Run]:
    """Return ``runs`` with their ASCII stretches as runs of the Latin role (links and emphasis kept)."""
    out: list[Run] = []
    for run in runs:
        if run.role not in LATIN_SERVED:
            out.append(run)
            continue
        start = 0
        for i in range(1, len(run.text) + 1):
            if i == len(run.text) or is_latin(run.text[i]) != is_latin(run.text[start]):
                role = LATIN_ROLE if is_latin(run.text[start]) else run.role
                out.append(replace(run, text=run.text[start:i], role=role,
                                   joined=run.joined or (start > 0 and run.unbreakable)))
                start = i
    return out


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


class CJKParagraph(Flowable):
    """A paragraph of runs, broken with :func:`break_lines` and drawn on a fixed leading.

    ``fonts`` maps each run's role to a registered font name; ``outline`` is
    (state, title, level) for a heading's outline entry; ``anchor`` is a
    bookmark that references link to.
    """

    def __init__(self, runs: list[Run], style: TextStyle, fonts: dict[str, str], *,
                 outline: tuple[Outline, str, int] | None = None, anchor: str = "") -> None:
        super().__init__()
        runs = [r for r in runs if r.text] or [Run("", style.role, style.size)]
        runs = split_latin(runs) if LATIN_ROLE in fonts else runs
        self.runs = split_fallback(runs, fonts) if FALLBACK_ROLE in fonts else runs
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
            if r.joined:
                nobreak.append(pos)
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
                ws.append(char_width(ch, self.font_of(r), self.run_size(r)) + self.style.tracking)
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
        p.__dict__.pop("_postponed", None)  # the layout engine's mark on the whole, not on this piece
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
                t.setCharSpace(gap[p - a] + self.style.tracking)
                t.setFont(self.font_of(r), size, self.style.leading)
                t.setRise(r.size * 0.38 if r.sup else 0)
                if bold:
                    canv.setLineWidth(size * FAKE_BOLD)
                t.setTextRenderMode(2 if bold else 0)
                t.textOut(self.text[p:q])
                x += sum(ws[p:q]) + gap[p - a] * (q - p)
                p = q
            if r.link and r.joined and links and links[-1][0] == r.link:  # one link over a split reference
                links[-1] = (r.link, links[-1][1], x - gap[j - 1 - a], r.size)
            elif r.link:
                links.append((r.link, seg_x, x - gap[j - 1 - a], r.size))
            i = j
        if t is not None:
            canv.drawText(t)
        for target, x1, x2, size in links:
            canv.linkRect("", target, (x1, y - size * 0.2, x2, y + size * 0.85), relative=1, thickness=0)
