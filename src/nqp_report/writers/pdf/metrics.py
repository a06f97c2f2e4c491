"""Character advances and plain-string drawing in registered ReportLab fonts.

Whitespace is never drawn as a glyph (font subsets carry no space glyph): it
only moves the pen by :data:`SPACE_WIDTHS`.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics

_WIDTHS: dict[tuple[str, str], float] = {}

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


def char_map(font: str) -> dict[int, int] | None:
    """Return code point → glyph of a registered TrueType font (None for a font without one)."""
    return getattr(getattr(pdfmetrics.getFont(font), "face", None), "charToGlyph", None)
