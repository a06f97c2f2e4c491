"""Gap (dumbbell) charts: per comparable indicator, the target, the peers' median and the best, best = 100."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .layout import axes_height_pt, clean_axes, put_notes, set_rows, show_no_data
from .style import INK, NOTE_INK, PEER, SIZE_LABEL, SIZE_SMALL, TARGET, TRACK
from .text import finite_number, wrap

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure as MplFigure


def draw(fig: MplFigure, data: dict, width_mm: float) -> None:
    """Draw one row per item of ``data["items"]``: a line from the target's score to 100, the median marked."""
    items = [i for i in data.get("items") or [] if isinstance(i, dict) and finite_number(i.get("target")) is not None]
    ax = fig.add_subplot()
    target = str(data.get("target", ""))
    put_notes(fig, [f"黑点为{target}，空心点为对标地区中位数，灰点为对标最优（=100）；右侧为{target}数值与最优地区数值。"],
              width_mm)
    if not items:
        show_no_data(ax)
        return
    n = len(items)
    ys = list(range(n))
    pitch = axes_height_pt(fig.get_figheight() * 25.4, 12) / n
    size = SIZE_LABEL if pitch >= SIZE_LABEL * 2.4 else SIZE_SMALL
    for y, item in zip(ys, items):
        t = float(item["target"])
        ax.plot([t, 100], [y, y], color=TRACK, linewidth=5, solid_capstyle="round", zorder=1)
        ax.scatter([100], [y], s=40, color=PEER, zorder=3)
        median = finite_number(item.get("median"))
        if median is not None:
            ax.scatter([median], [y], s=40, facecolor="white", edgecolor=PEER, linewidth=1.2, zorder=3)
        ax.scatter([t], [y], s=46, color=TARGET, zorder=4)
        ax.annotate(str(item.get("detail", "")), (1, y), xycoords=("axes fraction", "data"), xytext=(8, 0),
                    textcoords="offset points", ha="left", va="center", fontsize=SIZE_SMALL, color=NOTE_INK,
                    annotation_clip=False)
    ax.set_yticks(ys, [wrap(str(i.get("indicator", "")), 8, 2) for i in items], fontsize=size)
    clean_axes(ax)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, 105)
    ax.tick_params(axis="x", labelsize=SIZE_SMALL, colors=INK)
    set_rows(fig, [(ax, n)])
