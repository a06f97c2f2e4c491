"""Layout helpers shared by the chart kinds: notes, empty panels, bar rows and x ranges fitted to labels."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .style import NO_DATA, NOTE_INK, SIZE_LABEL, SIZE_SMALL
from .text import wrap

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure as MplFigure


def put_notes(fig: MplFigure, lines: list[str], width_mm: float) -> None:
    """Put note lines, wrapped to the figure width, left-aligned under the plot."""
    lines = [ln for ln in lines if ln]
    if not lines:
        return
    max_em = (width_mm / 25.4 * 72 - 8) / SIZE_SMALL
    text = "\n".join(wrap(ln, max_em) for ln in lines)
    fig.supxlabel(text, x=0.01, ha="left", va="bottom", fontsize=SIZE_SMALL, color=NOTE_INK,
                  multialignment="left", linespacing=1.35)


def show_no_data(ax: Axes, text: str = NO_DATA) -> None:
    """Turn ``ax`` into a clean "无可比数据" panel."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", fontsize=SIZE_LABEL,
            color=NOTE_INK)


def clean_axes(ax: Axes, value_axis: str = "x") -> None:
    """Remove chart junk from a bar axes: values are labelled, so the value axis goes."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if value_axis == "x":
        ax.spines["bottom"].set_visible(False)
        ax.xaxis.set_visible(False)  # also keeps its ticks out of the layout passes
        ax.tick_params(axis="y", length=0, pad=4)
    ax.set_facecolor("white")


def fit_x(fig: MplFigure, jobs: list[tuple[Axes, list, float, float]], rounds: int = 3) -> None:
    """Widen each axes' x limits until its texts lie inside it; ``jobs`` are (axes, texts, lo, hi).

    All axes are fitted together, one layout pass a round.
    """
    for ax, _, lo, hi in jobs:
        ax.set_xlim(lo, hi)
    jobs = [j for j in jobs if j[1]]
    if not jobs:
        return
    renderer = fig.canvas.get_renderer()
    margin = 6 / 72 * fig.dpi
    for _ in range(rounds):
        fig.get_layout_engine().execute(fig)
        changed = False
        for ax, texts, _, _ in jobs:
            box = ax.get_window_extent(renderer)
            x0, x1 = ax.get_xlim()
            span = x1 - x0
            need_lo, need_hi = x0, x1
            for t in texts:
                ext = t.get_window_extent(renderer)
                over_r = ext.x1 - box.x1
                over_l = box.x0 + margin - ext.x0  # keep clear of the category labels on the left
                if over_r > 0.5:
                    need_hi = max(need_hi, x1 + (over_r + 2) / box.width * span * 1.05)
                if over_l > 0.5:
                    need_lo = min(need_lo, x0 - (over_l + 2) / box.width * span * 1.05)
            if (need_lo, need_hi) != (x0, x1):
                ax.set_xlim(need_lo, need_hi)
                changed = True
        if not changed:
            return


MAX_ROW_PT = 34.0  # a bar row is never taller than this (12 mm): one or two bars do not become slabs


def set_rows(fig: MplFigure, rows: list[tuple[Axes, int]]) -> None:
    """Set y limits for (axes, n) rows drawn top-down, padding with space where rows would be too tall."""
    fig.get_layout_engine().execute(fig)
    renderer = fig.canvas.get_renderer()
    for ax, n in rows:
        height_pt = ax.get_window_extent(renderer).height * 72 / fig.dpi
        extra = (max(float(n), height_pt / MAX_ROW_PT) - n) / 2
        ax.set_ylim(n - 0.5 + extra, -0.5 - extra)


def axes_height_pt(height_mm: float, reserved_mm: float) -> float:
    """Return the height in points left for the axes of a figure ``height_mm`` tall, at least 20."""
    return max(20.0, (height_mm - reserved_mm) / 25.4 * 72)
