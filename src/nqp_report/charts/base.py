"""The drawing frame every chart kind shares: figure, font, font-coverage check and PNG encoding.

Every text uses the one font file given (the 黑体 role); a character that font
does not cover raises :class:`FontError` before any pixel is drawn, never a
black box. The image has exactly the requested pixel size, and the same data
gives the same bytes.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ..errors import FontError
from .style import PALETTE_COLOURS, rc_params

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure as MplFigure


def draw_png(draw: Callable[[Any, dict, float], None], data: Any, font_path: Path, width_mm: float,
             height_mm: float, dpi: int) -> bytes:
    """Return the PNG bytes of a figure of that size on which ``draw(fig, data, width_mm)`` drew.

    Raises :class:`FontError` when the font cannot draw a character of ``data``
    or of the finished figure.
    """
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    font_path = Path(font_path)
    family = _register_font(font_path)
    _check_chars(_strings(data), font_path)  # the data's text, before matplotlib warns of a box
    px = pixel_size(width_mm, height_mm, dpi)
    with rc_context(rc_params(family)):
        fig = Figure(figsize=(px[0] / dpi, px[1] / dpi), dpi=dpi, layout="constrained")
        fig.get_layout_engine().set(w_pad=2 / 72, h_pad=2 / 72, wspace=0.04, hspace=0.04)
        FigureCanvasAgg(fig)
        draw(fig, data or {}, width_mm)
        _check_glyphs(fig, font_path)
        return _png_bytes(fig, px, dpi)


def pixel_size(width_mm: float, height_mm: float, dpi: int = 300) -> tuple[int, int]:
    """Return the (width, height) in pixels of a chart of that physical size."""
    return round(width_mm / 25.4 * dpi), round(height_mm / 25.4 * dpi)


_REGISTERED: dict[str, str] = {}


def _register_font(path: Path) -> str:
    """Add the font file to matplotlib's font manager once; return its family name."""
    from matplotlib import font_manager

    key = str(path.resolve())
    if key not in _REGISTERED:
        if not path.is_file():
            raise FontError(f"图表字体文件不存在：{path}")
        font_manager.fontManager.addfont(key)
        _REGISTERED[key] = font_manager.FontProperties(fname=key).get_name()
    return _REGISTERED[key]


@lru_cache(maxsize=8)
def _charmap(path: str) -> frozenset[int]:
    from matplotlib.font_manager import get_font

    return frozenset(get_font(path).get_charmap())


def _strings(value: Any) -> list[str]:
    """Return every string inside plain JSON-like data."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def _check_glyphs(fig: MplFigure, font_path: Path) -> None:
    """Raise FontError when a text of the figure has a character the font lacks."""
    from matplotlib.text import Text

    _check_chars([t.get_text() for t in fig.findobj(Text)], font_path)


def _check_chars(texts: list[str], font_path: Path) -> None:
    covered = _charmap(str(font_path.resolve()))
    missing: list[str] = []
    for text in texts:
        for ch in text:
            if ch not in "\n\t" and ord(ch) not in covered and ch not in missing:
                missing.append(ch)
    if missing:
        chars = "、".join(f"“{c}”(U+{ord(c):04X})" for c in missing)
        raise FontError(f"图表字体 {font_path} 不含以下字符：{chars}（请用 --font heading=字体文件 换用覆盖这些字符的字体）")


def _png_bytes(fig: MplFigure, px: tuple[int, int], dpi: int) -> bytes:
    """Draw the figure and return it as a palette PNG of exactly ``px`` pixels, no metadata."""
    from PIL import Image

    canvas = fig.canvas
    canvas.draw()
    w, h = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (w, h), bytes(canvas.buffer_rgba()), "raw", "RGBA", 0, 1).convert("RGB")
    if image.size != px:  # float rounding of figsize x dpi: pad or crop by a pixel, never rescale
        exact = Image.new("RGB", px, "white")
        exact.paste(image, (0, 0))
        image = exact
    # Fast octree: a tenth of median cut's time and closer colours on these grey-and-one-hue charts;
    # zlib level 6: within a few per cent of level 9's size at a fraction of the time.
    image = image.quantize(colors=PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi), compress_level=6)
    return out.getvalue()

