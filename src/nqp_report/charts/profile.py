"""Profile charts: the target's score on each indicator against the best peer (= 100)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .layout import axes_height_pt, clean_axes, put_notes, set_rows, show_no_data
from .style import INK, NOTE_INK, SIZE_LABEL, SIZE_SMALL, TARGET, TRACK
from .text import finite_number, fmt_value, wrap

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure as MplFigure


def draw(fig: MplFigure, data: dict, width_mm: float) -> None:
    """Draw the target's scores of ``data`` on ``fig`` against a 100 track, values listed right of the axes."""
    items = [i for i in data.get("items") or [] if isinstance(i, dict) and finite_number(i.get("score")) is not None]
    target = str(data.get("target", ""))
    coverage = data.get("coverage") or ""
    notes = [coverage + ("；" if coverage else "") + "深色条为" + (target or "目标地区") +
             "，浅色底条为对标最优（=100）。"]
    ax = fig.add_subplot()
    put_notes(fig, notes, width_mm)
    if not items:
        show_no_data(ax)
        return
    n = len(items)
    ys = list(range(n))
    scores: list[float] = [finite_number(i["score"]) for i in items]  # type: ignore[misc]
    ax.barh(ys, [100] * n, height=0.66, color=TRACK, edgecolor="none", zorder=1)
    ax.barh(ys, scores, height=0.42, color=TARGET, edgecolor="none", zorder=2)
    ax.axvline(100, color="#8c8c8c", linewidth=0.7, linestyle=(0, (3, 2)), zorder=3)
    height_mm = fig.get_figheight() * 25.4
    pitch = axes_height_pt(height_mm, 14) / n
    two_lines = pitch >= SIZE_SMALL * 2.3
    label_size = SIZE_LABEL if pitch >= SIZE_LABEL * 2.5 else SIZE_SMALL + 0.5
    ax.set_yticks(ys, [wrap(str(i.get("indicator", "")), 8, 2 if two_lines else 1) for i in items],
                  fontsize=label_size)
    for tick in ax.get_yticklabels():
        tick.set_linespacing(1.1)
    clean_axes(ax)
    ax.spines["left"].set_bounds(-0.5, n - 0.5)
    set_rows(fig, [(ax, n)])
    ax.set_xlim(min(0.0, min(scores)) * 1.1, max(100.0, max(scores)))
    for y, item, score in zip(ys, items, scores):
        inside = score > 84  # no room before the 100 line: print inside the bar
        neg = score < 0
        ax.annotate(fmt_value(score, 0 if abs(score) >= 10 else 1), (score, y),
                    xytext=(-3 if inside or neg else 3, 0), textcoords="offset points",
                    ha="right" if inside or neg else "left", va="center", fontsize=SIZE_SMALL,
                    color="white" if inside else INK, annotation_clip=False)
        best = str(item.get("best_region", ""))
        tl, bl = str(item.get("target_label", "")), str(item.get("best_label", ""))
        if best and best == target:
            detail = f"{target} {tl}（最优）"
        elif two_lines:
            detail = f"{target} {tl}\n{best} {bl}（最优）"
        else:
            detail = f"{target} {tl}｜{best} {bl}（最优）"
        # a column of values right of the axes: the 0-100 scale keeps the width it needs
        ax.annotate(detail, (1, y), xycoords=("axes fraction", "data"), xytext=(8, 0), textcoords="offset points",
                    ha="left", va="center", fontsize=SIZE_SMALL, color=NOTE_INK, linespacing=1.15,
                    annotation_clip=False)

