"""The chart cache: a chart is drawn once per spec, size, font file and charting code, then read back."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .manifest import file_stamp, tree_digest
from .staging import write_atomic

CHARTS_PACKAGE = Path(__file__).parent / "charts"


def chart_key(figure, drawing: dict) -> str:
    """Return the cache key of a figure's chart: its spec and size, and what draws it (font file, code)."""
    parts = {"kind": figure.chart.kind, "data": figure.chart.data, "size": [figure.width_mm, figure.height_mm],
             **drawing}
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(blob).hexdigest()


def draw_charts(doc, fonts: dict[str, str] | None = None) -> None:
    """Render every figure's chart spec into PNG bytes on the figure, reusing cached charts.

    A chart whose spec, size, font and charting code are unchanged is read
    from the cache folder instead of being drawn again.
    """
    from .fonts import cache_dir, chart_font_path

    figures = [f for f in doc.figures() if f.chart is not None and f.image is None]
    if not figures:
        return
    font = chart_font_path(fonts)
    drawing = {"font": file_stamp(font), "code": tree_digest(CHARTS_PACKAGE)}
    cache = cache_dir() / "charts"
    for figure in figures:
        path = cache / f"{chart_key(figure, drawing)}.png"
        try:
            figure.image = path.read_bytes()
            continue
        except OSError:
            pass
        from .charts import render_chart

        figure.image = render_chart(figure.chart, font, width_mm=figure.width_mm, height_mm=figure.height_mm)
        try:
            write_atomic(path, figure.image)
        except OSError:
            pass  # an unwritable cache only costs time
