"""Matrix charts: recommendations placed by gap (x) and time frame (y), marked by priority."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .layout import put_notes, show_no_data
from .style import GRID, INK, NOTE_INK, PEER, SIZE_LABEL, SIZE_SMALL, TARGET
from .text import finite_number, text_em

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure as MplFigure


_PRIORITY_MARKERS = {  # level: (marker, face, edge, size, legend text)
    "高": ("o", TARGET, TARGET, 8.0, "优先级高"),
    "中": ("s", PEER, "#5f5f5f", 7.0, "优先级中"),
    "低": ("^", "white", "#404040", 7.5, "优先级低"),
}
_OTHER_MARKER = ("D", "white", "#8c8c8c", 6.0, "待评估")
MARKER_HALF_PT = 5.0   # half the width of a matrix marker
LABEL_GAP_PT = 6.0     # marker centre to label


def place_matrix_points(points: list[dict], categories: list[str], x_per_pt: float,
                        min_dy: float) -> list[tuple[list[dict], float, float, str]]:
    """Return (points, x, y, label side): one marker per group, offset where labels would collide.

    The first category is the top row (y = len - 1). Points of one category at
    (almost) the same x share one marker labelled "R01、R02" (recommendations
    linked to one indicator have one severity). Groups are taken in order of x,
    then id; each gets the first slot (a vertical offset within its band with
    the label on the right, then the same offsets with the label on the left)
    where its marker and label overlap nothing placed before. ``x_per_pt``
    converts points to x units, ``min_dy`` is a label's height in y units.
    Same input, same placement.
    """
    rows = {c: len(categories) - 1 - i for i, c in enumerate(categories)}
    steps = max(0, min(3, int(0.42 // max(min_dy, 1e-6))))
    offsets = [0.0] + [k * sign * min_dy for k in range(1, steps + 1) for sign in (1, -1)]
    slots = [(o, "right") for o in offsets] + [(o, "left") for o in offsets]
    pts = [p for p in points if p.get("y") in rows and finite_number(p.get("x")) is not None]
    pts.sort(key=lambda p: (categories.index(p["y"]), finite_number(p["x"]), str(p.get("id", ""))))
    groups: list[list[dict]] = []
    for p in pts:
        last = groups[-1][-1] if groups else None
        if last is not None and last["y"] == p["y"] and \
                abs(finite_number(p["x"]) - finite_number(last["x"])) <= x_per_pt * 2:  # type: ignore[operator]
            groups[-1].append(p)
        else:
            groups.append([p])
    placed: list[tuple[list[dict], float, float, str]] = []
    boxes: dict[str, list[tuple[float, float, float]]] = {}  # category -> (x0, x1, offset) taken
    for group in groups:
        x: float = finite_number(group[0]["x"])  # type: ignore[assignment]
        label_w = (text_em(matrix_label(group)) * SIZE_SMALL + LABEL_GAP_PT) * x_per_pt
        half = MARKER_HALF_PT * x_per_pt
        here = boxes.setdefault(group[0]["y"], [])

        def spans(slot: tuple[float, str]) -> list[tuple[float, float, float]]:
            o, side = slot
            label = (x, x + label_w) if side == "right" else (x - label_w, x)
            return [(x - half, x + half, o), (label[0], label[1], o)]

        def clashes(slot: tuple[float, str]) -> int:
            return sum(1 for a0, a1, ao in spans(slot) for b0, b1, bo in here
                       if abs(ao - bo) < min_dy * 0.99 and a0 < b1 and b0 < a1)

        best = min(slots, key=lambda sl: (clashes(sl), slots.index(sl)))
        here.extend(spans(best))
        placed.append((group, x, rows[group[0]["y"]] + best[0], best[1]))
    return placed


def matrix_label(group: list[dict]) -> str:
    """Return the label of a marker: the ids of its recommendations, "R01、R02"."""
    return "、".join(str(p.get("id", "")) for p in group)


def draw(fig: MplFigure, data: dict, width_mm: float) -> None:
    """Draw the recommendations of ``data`` on ``fig`` by gap and time frame, with a priority legend."""
    from matplotlib.lines import Line2D

    categories = [str(c) for c in data.get("y_categories") or ["近期", "中期", "长期"]]
    points = [p for p in data.get("points") or [] if isinstance(p, dict)]
    ax = fig.add_subplot()
    put_notes(fig, [data.get("note") or ""], width_mm)
    xs = [finite_number(p.get("x")) for p in points
          if finite_number(p.get("x")) is not None and p.get("y") in categories]
    if not xs:
        show_no_data(ax)
        return
    lo = min(0.0, min(xs))  # type: ignore[type-var]
    hi = max(100.0, max(xs))  # type: ignore[type-var]
    span = hi - lo
    fig.get_layout_engine().execute(fig)
    box = ax.get_window_extent(fig.canvas.get_renderer())
    axes_w_pt, axes_h_pt = box.width * 72 / fig.dpi - 30, box.height * 72 / fig.dpi - 30
    placed = place_matrix_points(points, categories, span * 1.04 / axes_w_pt,
                                 SIZE_SMALL * 1.3 / (axes_h_pt / len(categories)))
    for i in range(len(categories)):
        if i % 2 == 0:
            ax.axhspan(i - 0.5, i + 0.5, color="#f3f3f3", zorder=0, linewidth=0)
    used_levels = []
    for group, x, y, side in placed:
        level = str(group[0].get("priority", ""))
        marker, face, edge, size, _ = _PRIORITY_MARKERS.get(level, _OTHER_MARKER)
        if level not in used_levels:
            used_levels.append(level)
        ax.plot([x], [y], marker=marker, markersize=size, markerfacecolor=face, markeredgecolor=edge,
                markeredgewidth=1.0, linestyle="none", zorder=3, clip_on=False)
        ax.annotate(matrix_label(group), (x, y), xytext=(LABEL_GAP_PT if side == "right" else -LABEL_GAP_PT, 0),
                    textcoords="offset points", ha="left" if side == "right" else "right",
                    va="center", fontsize=SIZE_SMALL, color=INK, annotation_clip=False, zorder=4)
    ax.set_yticks(range(len(categories)), list(reversed(categories)), fontsize=SIZE_LABEL)
    ax.set_ylim(-0.5, len(categories) - 0.5)
    ax.set_xlim(lo - span * 0.02, hi + span * 0.02)
    ax.set_xlabel(str(data.get("x_label", "")), fontsize=SIZE_SMALL, color=NOTE_INK, labelpad=3)
    ax.tick_params(axis="y", length=0, pad=5)
    ax.spines["left"].set_visible(False)
    ax.xaxis.grid(True, color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    order = [lv for lv in _PRIORITY_MARKERS if lv in used_levels] + \
        ([lv for lv in used_levels if lv not in _PRIORITY_MARKERS][:1])
    handles = []
    for level in order:
        marker, face, edge, size, text = _PRIORITY_MARKERS.get(level, _OTHER_MARKER)
        handles.append(Line2D([], [], marker=marker, markersize=size * 0.85, markerfacecolor=face,
                              markeredgecolor=edge, linestyle="none", label=text))
    fig.legend(handles=handles, loc="outside upper right", ncols=len(handles), frameon=False,
               fontsize=SIZE_SMALL, handletextpad=0.3, columnspacing=1.2, borderaxespad=0.2)


