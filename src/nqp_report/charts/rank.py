"""Rank dot charts: the target's rank on each ranked indicator, first place at the left."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .layout import axes_height_pt, clean_axes, put_notes, set_rows, show_no_data
from .style import INK, NOTE_INK, SIZE_LABEL, SIZE_SMALL, TARGET, TRACK
from .text import finite_number, wrap

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure as MplFigure


def draw(fig: MplFigure, data: dict, width_mm: float) -> None:
    """Draw one dot per item of ``data["items"]`` at its rank on a shared axis running from 1 (left)."""
    items = [i for i in data.get("items") or [] if isinstance(i, dict) and finite_number(i.get("rank"))]
    ax = fig.add_subplot()
    put_notes(fig, [str(n) for n in data.get("notes") or []], width_mm)
    if not items:
        show_no_data(ax)
        return
    n = len(items)
    ys = list(range(n))
    ranks = [float(i["rank"]) for i in items]
    top = max(ranks)
    ax.hlines(ys, 1, top + 0.5, color=TRACK, linewidth=4, zorder=1)
    ax.scatter(ranks, ys, s=46, color=TARGET, zorder=3)
    pitch = axes_height_pt(fig.get_figheight() * 25.4, 12) / n
    size = SIZE_LABEL if pitch >= SIZE_LABEL * 1.6 else SIZE_SMALL
    ax.set_yticks(ys, [wrap(str(i.get("label", "")), 12, 1) for i in items], fontsize=size)
    for y, item, r in zip(ys, items, ranks):
        ax.annotate(str(item.get("text", "")), (r, y), xytext=(7, 0), textcoords="offset points",
                    ha="left", va="center", fontsize=SIZE_SMALL, color=INK, annotation_clip=False)
    clean_axes(ax)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0.5, top + 2.5)
    ax.set_xticks(list(range(1, int(top) + 1)), [f"第{k}" for k in range(1, int(top) + 1)], fontsize=SIZE_SMALL,
                  color=NOTE_INK)
    set_rows(fig, [(ax, n)])
