"""Time-series charts: one line per region, the target emphasised, direct labels at the line ends."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .layout import fit_x, put_notes, show_no_data
from .style import BLUE, GRID, INK, NOTE_INK, PEER, SIZE_SMALL, TARGET
from .text import fewest_decimals, finite_number, fmt_value, with_unit

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure as MplFigure


_SERIES_STYLES = [  # (colour, dash, marker, marker face) for peers, distinguishable in greyscale
    (BLUE, (0, (5, 2)), "s", BLUE),
    (PEER, (0, (1.5, 1.5)), "^", PEER),
    ("#5f5f5f", (0, (6, 2, 1.5, 2)), "D", "white"),
    ("#a6a6a6", "-", "v", "#a6a6a6"),
    (BLUE, (0, (1.5, 1.5)), "o", "white"),
    ("#5f5f5f", "-", "P", "#5f5f5f"),
]


def _spread(positions: list[float], min_gap: float) -> list[float]:
    """Return positions pushed apart to at least ``min_gap``, order kept, centred on the originals."""
    if not positions:
        return []
    order = sorted(range(len(positions)), key=lambda i: (positions[i], i))
    placed = [positions[order[0]]]
    for i in order[1:]:
        placed.append(max(positions[i], placed[-1] + min_gap))
    shift = (sum(positions[i] for i in order) - sum(placed)) / len(placed)
    out = [0.0] * len(positions)
    for k, i in enumerate(order):
        out[i] = placed[k] + shift
    return out


def _plot_series(ax, xs: list, vs: list, inferred: set, style: tuple, highlight: bool) -> None:
    """Draw one series: a line only between years stated in the source, inferred years as hollow points
    joined by a thin dotted line."""
    colour, dash, marker, face, lw, z = style
    size = 4.5 if highlight else 4
    stated = [(x, v) for x, v in zip(xs, vs) if x not in inferred]
    if inferred:
        ax.plot(xs, vs, color=colour, linestyle=(0, (1, 2)), linewidth=0.8, zorder=z - 1, clip_on=False)
        guessed = [(x, v) for x, v in zip(xs, vs) if x in inferred]
        ax.plot([p[0] for p in guessed], [p[1] for p in guessed], linestyle="none", marker=marker, markersize=size,
                markerfacecolor="white", markeredgecolor=colour, markeredgewidth=1.0, zorder=z, clip_on=False)
    if stated:
        ax.plot([p[0] for p in stated], [p[1] for p in stated], color=colour, linestyle=dash, linewidth=lw,
                marker=marker, markersize=size, markerfacecolor=face, markeredgecolor=colour, markeredgewidth=1.0,
                zorder=z, clip_on=False)


def draw(fig: MplFigure, data: dict, width_mm: float) -> None:
    """Draw the series of ``data`` on ``fig`` as lines labelled at their ends; no legend box."""
    unit = data.get("unit", "") or ""
    series = []
    for s in data.get("series") or []:
        if not isinstance(s, dict):
            continue
        pts = sorted((int(p[0]), finite_number(p[1])) for p in s.get("points") or [] if len(p) >= 2
                     and finite_number(p[1]) is not None)
        inferred = {int(p[0]) for p in s.get("points") or [] if len(p) >= 3 and p[2]}
        if pts:
            series.append((str(s.get("region", "")), bool(s.get("highlight")), pts, inferred))
    ax = fig.add_subplot()
    rank_note = "注：位次越小越靠前，纵轴自上而下为第1位至末位。" if unit == "位" else ""
    put_notes(fig, [data.get("note") or "", rank_note], width_mm)
    if not series:
        show_no_data(ax)
        return
    series.sort(key=lambda s: not s[1])  # target first, peers in given order
    values = [v for _, _, pts, _ in series for _, v in pts]
    decimals = fewest_decimals(values)
    years = sorted({y for _, _, pts, _ in series for y, _ in pts})
    label_all = len(series) <= 2
    peer_i = 0
    ends = []
    for region, highlight, pts, inferred in series:
        xs, vs = [p[0] for p in pts], [p[1] for p in pts]
        marks = ["*" if x in inferred else "" for x in xs]
        if highlight:
            colour, dash, marker, face, lw, z = TARGET, "-", "o", TARGET, 2.0, 5
        else:
            colour, dash, marker, face = _SERIES_STYLES[peer_i % len(_SERIES_STYLES)]
            lw, z = 1.3, 3
            peer_i += 1
        _plot_series(ax, xs, vs, inferred, (colour, dash, marker, face, lw, z), highlight)
        if highlight or label_all:
            for x, v, m in zip(xs[:-1], vs[:-1], marks[:-1]):
                ax.annotate(fmt_value(v, decimals) + m, (x, v), xytext=(0, 5 if highlight else -5),
                            textcoords="offset points", ha="center", va="bottom" if highlight else "top",
                            fontsize=SIZE_SMALL, color=colour if highlight else NOTE_INK, annotation_clip=False)
        ends.append((region, xs[-1], vs[-1], colour, highlight, marks[-1]))
    # direct labels at the line ends ("深圳 5.81%"), spread apart vertically; no legend box
    ax.set_xlim(years[0] - 0.3 if len(years) > 1 else years[0] - 1, years[-1] + (0.3 if len(years) > 1 else 1))
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.12 or (abs(hi) * 0.2 or 1.0)
    if unit == "位":  # ranks: 1 at the top, no rank 0
        ax.set_ylim(hi + max(pad, 0.6), max(0.5, lo - max(pad, 0.6)))
        ax.yaxis.get_major_locator().set_params(integer=True)
    elif lo == hi and lo > 0:  # a single value: from zero
        ax.set_ylim(0, hi * 1.25)
    else:
        bottom = 0.0 if 0 <= lo < hi * 0.5 else lo - pad  # start at zero unless that squashes the lines
        ax.set_ylim(bottom, hi + pad)
    fig.get_layout_engine().execute(fig)
    y0, y1 = ax.get_ylim()
    box = ax.get_window_extent(fig.canvas.get_renderer())
    gap = (SIZE_SMALL * 1.3) / 72 * fig.dpi / box.height * (y1 - y0)
    placed = _spread([v for _, _, v, _, _, _ in ends], gap)
    pt_per_unit = box.height / (y1 - y0) * 72 / fig.dpi
    end_texts = []
    for (region, x, v, colour, highlight, mark), yy in zip(ends, placed):
        label = f"{region} {with_unit(fmt_value(v, decimals), unit)}{mark}"
        end_texts.append(ax.annotate(label, (x, v), xytext=(6, (yy - v) * pt_per_unit), textcoords="offset points",
                                     ha="left", va="center", fontsize=SIZE_SMALL,
                                     color=INK if highlight else NOTE_INK, annotation_clip=False))
    fit_x(fig, [(ax, end_texts, *ax.get_xlim())])
    ax.set_xticks(years, [f"{y}年" for y in years])
    ax.yaxis.grid(True, color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", labelsize=SIZE_SMALL, length=2.5)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    if unit and unit != "位":
        ax.annotate(f"单位：{unit}", (0, 1), xycoords="axes fraction", xytext=(0, 6), textcoords="offset points",
                    ha="right", va="bottom", fontsize=SIZE_SMALL, color=NOTE_INK)

