"""Charts: PNG images drawn with matplotlib from the model's :class:`ChartSpec` nodes.

:func:`render_chart` dispatches on ``spec.kind`` to the ``draw`` function of one
module per kind (:mod:`.bar`, :mod:`.concept`, :mod:`.profile`,
:mod:`.timeseries`, :mod:`.matrix`); an unknown kind raises :class:`ValueError`.
The data schemas are the ones :mod:`nqp_report.templating.figures` builds. The shared
frame (figure, font check, PNG) is :mod:`.base`, the look :mod:`.style`, label
text :mod:`.text` and shared layout :mod:`.layout`.

matplotlib is imported lazily inside the functions: importing this package is cheap.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from ..model import ChartSpec
from . import bar, concept, gap, matrix, profile, rank, timeseries
from .bar import Bar, prepare_bars
from .base import draw_png, pixel_size
from .matrix import matrix_label, place_matrix_points
from .text import text_em, wrap

__all__ = [
    "Bar", "matrix_label", "pixel_size", "place_matrix_points", "prepare_bars", "render_chart", "text_em", "wrap",
]

_KINDS: dict[str, Callable[[Any, dict, float], None]] = {
    "bar": bar.draw,
    "concept": concept.draw,
    "profile": profile.draw,
    "timeseries": timeseries.draw,
    "matrix": matrix.draw,
    "rank": rank.draw,
    "gap": gap.draw,
}


def render_chart(spec: ChartSpec, font_path: Path, width_mm: float = 150, height_mm: float = 85,
                 dpi: int = 300) -> bytes:
    """Return the PNG bytes of ``spec`` drawn at ``width_mm`` x ``height_mm`` and ``dpi``.

    Raises :class:`ValueError` for an unknown kind and :class:`FontError` when the
    font cannot draw a character of the chart.
    """
    draw = _KINDS.get(spec.kind)
    if draw is None:
        known = ", ".join(sorted(_KINDS))
        raise ValueError(f"unknown chart kind {spec.kind!r} (known kinds: {known})")
    if width_mm <= 0 or height_mm <= 0 or dpi <= 0:
        raise ValueError(f"chart size must be positive, got {width_mm} x {height_mm} mm at {dpi} dpi")
    return draw_png(draw, spec.data, font_path, width_mm, height_mm, dpi)
