"""The chart cache: a chart is drawn once per spec, size, font file and charting code, then read back."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Callable

from .manifest import file_stamp, tree_digest
from .staging import write_atomic

CHARTS_PACKAGE = Path(__file__).parent / "charts"


def chart_key(figure, drawing: dict) -> str:
    """Return the cache key of a figure's chart: its spec and size, and what draws it (font file, code)."""
    parts = {"kind": figure.chart.kind, "data": figure.chart.data, "size": [figure.width_mm, figure.height_mm],
             **drawing}
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(blob).hexdigest()


def _render_all(figures: list, font: Path) -> list[bytes]:
    from .charts import render_chart

    return [render_chart(f.chart, font, width_mm=f.width_mm, height_mm=f.height_mm) for f in figures]


def _render_missing(missing: list, font: Path, meanwhile: Callable[[], None] | None = None) -> list[bytes]:
    """Return the PNG bytes of each figure; with two cores free, a forked child draws every second one.

    A lone chart is drawn wholly by the child while this process runs
    ``meanwhile`` (work the caller needs next, such as imports), so drawing
    and that work overlap; otherwise ``meanwhile`` runs first.
    """
    from .concurrency import ChildTask, can_fork

    if not missing or not can_fork():
        if meanwhile is not None:
            meanwhile()
        return _render_all(missing, font)
    if len(missing) > 1:
        import matplotlib.backends.backend_agg  # noqa: F401 - imported once, before the fork, for both processes
        import matplotlib.figure  # noqa: F401

    ours, theirs = (missing[0::2], missing[1::2]) if len(missing) > 1 else ([], missing)
    try:
        with ChildTask(_render_all, theirs, font) as child:
            if meanwhile is not None:
                meanwhile()
            mine = _render_all(ours, font)
            drawn = child.result()
    except Exception:  # draw all here, so the error raised is the one a serial run raises first
        return _render_all(missing, font)
    if drawn is None:  # the child failed: its share is drawn here, raising the first error of a serial run
        drawn = _render_all(theirs, font)
    if not ours:
        return drawn
    images = [b""] * len(missing)
    images[0::2], images[1::2] = mine, drawn
    return images


def draw_charts(doc, fonts: dict[str, str] | None = None, meanwhile: Callable[[], None] | None = None) -> None:
    """Render every figure's chart spec into PNG bytes on the figure, reusing cached charts.

    A chart whose spec, size, font and charting code are unchanged is read
    from the cache folder instead of being drawn again. ``meanwhile`` (if
    given) runs once, while missing charts are drawn when a core is free.
    """
    from .fonts import cache_dir, chart_font_path

    figures = [f for f in doc.figures() if f.chart is not None and f.image is None]
    if not figures:
        if meanwhile is not None:
            meanwhile()
        return
    font = chart_font_path(fonts)
    drawing = {"font": file_stamp(font), "code": tree_digest(CHARTS_PACKAGE)}
    cache = cache_dir() / "charts"
    missing: dict[Path, list] = {}
    for figure in figures:
        path = cache / f"{chart_key(figure, drawing)}.png"
        if path in missing:
            missing[path].append(figure)
            continue
        try:
            figure.image = path.read_bytes()
        except OSError:
            missing[path] = [figure]
    images = _render_missing([same[0] for same in missing.values()], font, meanwhile)
    for (path, same), image in zip(missing.items(), images):
        for figure in same:
            figure.image = image
        try:
            write_atomic(path, image)
        except OSError:
            pass  # an unwritable cache only costs time
