"""ReportLab flowables that keep blocks together across page breaks.

A caption with its table's first rows (:class:`CaptionedTable`), a figure
that lets the text after it fill the page (:class:`FloatingFigure`),
headings with the start of what they head (:class:`KeepWithStart`), and a
framed placeholder for a figure not drawn yet. They know nothing of the
document model; the PDF writer builds them.
"""

from __future__ import annotations

from reportlab.platypus.doctemplate import FrameBreak
from reportlab.platypus.flowables import CondPageBreak, Flowable, KeepTogether, Spacer

from ...house import MM, TEXT_HEIGHT_MM
from .metrics import draw_plain, string_width

LOOSE_PAGE_SHARE = 0.25  # the most of a page a keep rule may leave empty


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
        self.table_width, th = self.table.wrap(aw, ah)
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
        ch, gap, th, tails = self._stack(aw, ah)
        room = ah - ch - gap
        if room < self.head_height:
            return []
        if th + self.table.spaceAfter <= room:
            # The table fits; carry its last rows over if the notes would start the next page alone.
            need = sum(tails) + sum(f.spaceBefore + f.spaceAfter for f in self.tail)  # the notes stay whole
            if th + self.table.spaceAfter + need <= room:
                return [self.caption, self.table] + self.tail
            # Carry the last two rows over (one row alone reads as a stray line), or only the last one when
            # carrying two would leave more than a quarter of the page empty.
            carried = self.table._rowHeights[-2:]
            if room - th + sum(carried) > LOOSE_PAGE_SHARE * TEXT_HEIGHT_MM * MM:
                carried = carried[-1:]
            parts = self.table.split(aw, th - sum(carried) + 0.5)
            if len(parts) < 2:
                return [self.caption, self.table] + self.tail
            # The carried row and the notes go on together; they do not fit here, so they start the next page.
            return [self.caption, parts[0], KeepTogether(parts[1:] + self.tail)]
        parts = self.table.split(aw, room)
        if len(parts) == 2 and parts[1]._nrows - parts[1].repeatRows < 2:  # never carry one row on alone
            parts = self.table.split(aw, th - sum(self.table._rowHeights[-2:]) + 0.5)
        if len(parts) < 2:
            return [self.caption] + parts + self.tail if parts else []
        # The rest of the table keeps the notes with its last row, on whatever page it ends.
        no_caption = Spacer(0, 0)
        no_caption.spaceBefore = no_caption.spaceAfter = 0.0
        rest = CaptionedTable(no_caption, parts[-1], self.head_height, self.tail)
        return [self.caption] + parts[:-1] + [rest]

    def draw(self):
        ch, gap, th, tails = self._parts
        y = self.height - ch
        self.caption.drawOn(self.canv, 0, y)
        y -= gap + th
        self.table.drawOn(self.canv, (self.width - self.table_width) / 2, y)
        y -= self.table.spaceAfter
        for f, h in zip(self.tail, tails):
            y -= f.spaceBefore + h
            f.drawOn(self.canv, 0, y)
            y -= f.spaceAfter


class FloatingFigure(Flowable):
    """A figure that lets the body paragraphs after it fill the page when it does not fit.

    Like a float in LaTeX: when the figure is too tall for what is left of the
    page, the following paragraphs and headings (up to ``MAX_FOLLOWERS``, never
    past a table) are set first and the figure starts the next page, instead of
    leaving the rest of this page empty. A later figure joins as the last
    follower (a nested float): its text may also come up, the figures keep their
    order. A heading (a flowable with ``is_heading`` set) never ends the text set first.
    """

    MAX_FOLLOWERS = 8

    def __init__(self, parts: list[Flowable]) -> None:
        super().__init__()
        self.parts = parts
        self.figure = KeepTogether(parts)
        self.followers: list[Flowable] = []

    def trailing_headings(self) -> list[Flowable]:
        """Remove and return the headings at the end of the followers (they head what comes after the float)."""
        out = []
        while self.followers and getattr(self.followers[-1], "is_heading", False):
            out.insert(0, self.followers.pop())
        return out

    def _with_followers(self, followers: list[Flowable]) -> "FloatingFigure":
        twin = FloatingFigure(self.parts)
        twin.followers = followers
        return twin

    def _height(self, f: Flowable, aw: float, ah: float) -> float:
        parts = self.parts if f is self.figure else [f]  # a KeepTogether's wrap needs a canvas; its parts do not
        return sum(p.getSpaceBefore() + p.wrap(aw, ah)[1] + p.getSpaceAfter() for p in parts)

    def wrap(self, aw, ah):
        self.width = aw
        self.height = sum(self._height(f, aw, ah) for f in [self.figure] + self.followers)
        return aw, self.height

    def min_start_height(self, aw, ah):
        return self._height(self.figure, aw, ah)

    def _take(self, aw: float, room: float) -> tuple[list, list, float]:
        """Return (text set before the figure, followers left, room left), taking from nested floats too."""
        taken, rest = [], list(self.followers)
        while rest:
            f = rest[0]
            if isinstance(f, FloatingFigure):
                inner, inner_rest, room = f._take(aw, room)
                taken += inner
                rest[0] = f._with_followers(inner_rest)
                if inner:
                    return taken, rest, room
                break
            h = self._height(f, aw, room)
            if h <= room:
                taken.append(rest.pop(0))
                room -= h
                continue
            parts = f.split(aw, room)
            if len(parts) > 1:
                taken.append(parts[0])
                rest[0:1] = parts[1:]
            break
        while taken and getattr(taken[-1], "is_heading", False):
            rest.insert(0, taken.pop())
        return taken, rest, room

    def split(self, aw, ah):
        self.figure.canv = self.canv
        if not self.followers:
            return self.figure.split(aw, ah)
        if self._height(self.figure, aw, ah) + 2.0 <= ah:  # (a KeepTogether's own wrap always asks for a split)
            return list(self.parts) + self.followers  # they fit: the parts themselves, not a KeepTogether
        taken, rest, _ = self._take(aw, ah)
        if not taken:
            return []
        return taken + [self.figure] + rest

    def draw(self):
        """Draw the figure and its followers in order (the whole float fits where it stands)."""
        y = self.height
        for f in [self.figure] + self.followers:
            for part in self.parts if f is self.figure else [f]:
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


class BoxedParagraphs(Flowable):
    """Consecutive paragraphs framed in one single-line box (the 内容提要), like the DOCX paragraph border.

    The box is drawn ``PAD`` points left and right of the text (the
    paragraphs' side indents keep it inside the text block) and on the edges of
    the first and last lines' pitch, so the lines stay on the page grid. Across
    a page break the box closes and opens again around each part.
    """

    PAD = 4.0
    LINE_WIDTH = 0.75

    def __init__(self, paragraphs: list[Flowable]) -> None:
        super().__init__()
        self.paragraphs = paragraphs

    def _inner(self, aw, ah) -> list[float]:
        return [p.getSpaceBefore() + p.wrap(aw, ah)[1] + p.getSpaceAfter() for p in self.paragraphs]

    def wrap(self, aw, ah):
        self.width = aw
        self._heights = self._inner(aw, ah)
        self.height = sum(self._heights)
        return aw, self.height

    def min_start_height(self, aw, ah):
        first = self.paragraphs[0]
        start = first.min_start_height(aw, ah) if hasattr(first, "min_start_height") else first.wrap(aw, ah)[1]
        return start

    def split(self, aw, ah):
        room, taken, rest = ah, [], list(self.paragraphs)
        while rest:
            h = rest[0].getSpaceBefore() + rest[0].wrap(aw, room)[1] + rest[0].getSpaceAfter()
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
        return [BoxedParagraphs(taken)] + ([BoxedParagraphs(rest)] if rest else [])

    def draw(self):
        c = self.canv
        y = self.height
        for p, h in zip(self.paragraphs, self._heights):
            y -= p.getSpaceBefore()
            _, ph = p.wrap(self.width, h)
            p.drawOn(c, 0, y - ph)
            y -= h - p.getSpaceBefore()
        left = min((getattr(p, "style", None).left_indent for p in self.paragraphs if hasattr(p, "style")),
                   default=self.PAD)
        right = min((p.style.right_indent for p in self.paragraphs if hasattr(p, "style")), default=self.PAD)
        c.saveState()
        c.setLineWidth(self.LINE_WIDTH)
        c.rect(left - self.PAD, 0, self.width - left - right + 2 * self.PAD, self.height)
        c.restoreState()


class EntryList(Flowable):
    """A run of short list entries (the numbered sources) that never leaves one entry alone on a page:
    a break falls after the second entry at the earliest and before the second-to-last at the latest."""

    def __init__(self, entries: list[Flowable]) -> None:
        super().__init__()
        self.entries = entries

    def _heights(self, aw, ah) -> list[float]:
        return [e.getSpaceBefore() + e.wrap(aw, ah)[1] + e.getSpaceAfter() for e in self.entries]

    def wrap(self, aw, ah):
        self.width, self.height = aw, sum(self._heights(aw, ah))
        return self.width, self.height

    def min_start_height(self, aw, ah):
        return sum(self._heights(aw, ah)[:2])

    def split(self, aw, ah):
        fit, room = 0, ah
        for h in self._heights(aw, ah):
            if h > room:
                break
            fit, room = fit + 1, room - h
        if fit == len(self.entries) - 1:
            fit -= 1
        if fit < 2:
            return []
        return [EntryList(self.entries[:fit]), EntryList(self.entries[fit:])]

    def draw(self):
        y = self.height
        for e in self.entries:
            y -= e.getSpaceBefore()
            _, h = e.wrap(self.width, self.height)
            e.drawOn(self.canv, 0, y - h)
            y -= h + e.getSpaceAfter()
