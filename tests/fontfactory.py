"""Tiny fonts built in tests with fontTools' FontBuilder: any family name, CFF or TrueType, any licence bits."""

from __future__ import annotations

from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen


def _draw_box(pen, size: int) -> None:
    pen.moveTo((50, 0))
    pen.lineTo((50, size))
    pen.lineTo((size - 50, size))
    pen.lineTo((size - 50, 0))
    pen.closePath()


def make_font(path: Path, chars: str, family: str, *, cff: bool = False, fs_type: int = 0,
              names: dict[int, str] | None = None) -> Path:
    """Write a font mapping each of ``chars`` to a box glyph; ``names`` adds family names by Windows language id."""
    glyphs = [".notdef"] + [f"uni{ord(c):04X}" for c in chars]
    fb = FontBuilder(1000, isTTF=not cff)
    fb.setupGlyphOrder(glyphs)
    fb.setupCharacterMap({ord(c): f"uni{ord(c):04X}" for c in chars})
    if cff:
        strings = {}
        for name in glyphs:
            pen = T2CharStringPen(1000, None)
            _draw_box(pen, 1000)
            strings[name] = pen.getCharString()
        fb.setupCFF(family.replace(" ", ""), {"FullName": family}, strings, {})
    else:
        outlines = {}
        for name in glyphs:
            pen = TTGlyphPen(None)
            _draw_box(pen, 1000)
            outlines[name] = pen.glyph()
        fb.setupGlyf(outlines)
    fb.setupHorizontalMetrics({name: (1000, 50) for name in glyphs})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": family, "styleName": "Regular", "psName": family.replace(" ", "")})
    for lang, text in (names or {}).items():
        fb.font["name"].setName(text, 1, 3, 1, lang)
    fb.setupOS2(sTypoAscender=880, usWinAscent=880, usWinDescent=120, fsType=fs_type)
    fb.setupPost()
    fb.save(str(path))
    return path
