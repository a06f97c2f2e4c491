"""Bar charts: one indicator, regions best first; a missing value is listed as 无数据, never drawn."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .layout import axes_height_pt, clean_axes, fit_x, put_notes, set_rows, show_no_data
from .style import INK, NOTE_INK, PEER, SIZE_LABEL, SIZE_SMALL, SIZE_VALUE, TARGET
from .text import fewest_decimals, finite_number, fmt_value, with_unit, wrap

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure as MplFigure


@dataclass(frozen=True)
class Bar:
    """One bar as it will be drawn: region, value, printed label, year mark and emphasis."""

    region: str
    value: float
    label: str
    year_mark: str = ""
    highlight: bool = False
    qualified: bool = False


def prepare_bars(data: dict) -> tuple[list[Bar], list[str]]:
    """Return the bars a bar chart draws (best first) and the regions listed as 无数据.

    A bar whose value is missing is never drawn (not even as zero): its region
    joins the 无数据 list. The year mark is set where the bar's year differs from
    the reference year.
    """
    unit = data.get("unit", "") or ""
    ref = data.get("reference_year")
    target = data.get("target")
    raw = [b for b in data.get("bars") or [] if isinstance(b, dict)]
    values = [v for v in (finite_number(b.get("value")) for b in raw) if v is not None]
    decimals = fewest_decimals(values)
    bars: list[Bar] = []
    missing = [str(r) for r in data.get("missing") or []]
    for b in raw:
        region = str(b.get("region", ""))
        value = finite_number(b.get("value"))
        if value is None:
            if region and region not in missing:
                missing.append(region)
            continue
        qualifier = b.get("qualifier") or ""
        label = b.get("label") or qualifier + with_unit(fmt_value(value, decimals), unit)
        year = b.get("year")
        mark = f"（{year}年{'*' if b.get('year_inferred') else ''}）" \
            if year is not None and ref is not None and year != ref else ""
        bars.append(Bar(region, value, str(label), mark, highlight=region == target, qualified=bool(qualifier)))
    reverse = data.get("direction", "higher") != "lower"
    bars.sort(key=lambda b: b.value, reverse=reverse)  # stable: ties keep the given (ranking) order
    return bars, missing


def _bar_notes(missing: list[str], direction: str | None, qualified: bool, extra: str = "") -> list[str]:
    lines = []
    if missing:
        lines.append("无数据：" + "、".join(missing))
    if qualified:
        lines.append("斜线填充的数值为约数或界值。")
    if direction == "lower":
        lines.append("注：该指标数值越小越好，自上而下由优到劣排列。")
    if extra:
        lines.append(extra)
    return lines


def hbars(fig: MplFigure, ax: Axes, bars: list[Bar], label_em: float, label_lines: int,
          value_size: float = SIZE_VALUE, label_size: float = SIZE_LABEL) -> tuple[Axes, list, float, float]:
    """Draw horizontal bars top-down with value labels and year marks; return the job for :func:`fit_x`.

    The caller sets the rows (:func:`set_rows`) and fits the x range to the labels.
    """
    n = len(bars)
    ys = list(range(n))
    colours = [TARGET if b.highlight else PEER for b in bars]
    height = 0.62 if n > 1 else 0.45
    rects = ax.barh(ys, [b.value for b in bars], height=height, color=colours, edgecolor="none", linewidth=0,
                    zorder=2)
    for rect, bar in zip(rects, bars):
        if bar.qualified:
            rect.set_hatch("////")
            rect.set_edgecolor("white")
    names = [wrap(b.region, label_em, label_lines) for b in bars]
    ax.set_yticks(ys, names, fontsize=label_size)
    for tick, name in zip(ax.get_yticklabels(), names):
        if "\n" in name:  # a long name wrapped: a little smaller and tighter, so rows stay apart
            tick.set_fontsize(min(label_size, SIZE_SMALL))
            tick.set_linespacing(1.05)
    ax.set_ylim(n - 0.5, -0.5)
    clean_axes(ax)
    ax.spines["left"].set_bounds(-0.5, n - 0.5)  # the baseline spans the bars, not padded space
    values = [b.value for b in bars]
    lo, hi = min(0.0, min(values)), max(0.0, max(values))
    if lo == hi:
        hi = 1.0
    if lo < 0:
        ax.axvline(0, color="#595959", linewidth=0.6, zorder=3)
        ax.spines["left"].set_visible(False)
    texts = []
    for y, bar in zip(ys, bars):
        neg = bar.value < 0
        label = bar.label + bar.year_mark if neg else bar.label  # left of a negative bar: one text
        t = ax.annotate(label, (bar.value, y), xytext=(-3 if neg else 3, 0), textcoords="offset points",
                        ha="right" if neg else "left", va="center", fontsize=value_size,
                        color=INK, annotation_clip=False)
        texts.append(t)
        if bar.year_mark and not neg:
            m = ax.annotate(bar.year_mark, (1, 0.5), xycoords=t, xytext=(1, 0),
                            textcoords="offset points", ha="left", va="center",
                            fontsize=SIZE_SMALL, color=NOTE_INK, annotation_clip=False)
            texts.append(m)
    return ax, texts, lo, hi


def draw(fig: MplFigure, data: dict, width_mm: float) -> None:
    """Draw a bar chart of ``data`` on ``fig``: bars best first, notes (无数据, qualifiers, direction) below."""
    bars, missing = prepare_bars(data)
    ax = fig.add_subplot()
    note = data.get("note") or ""
    if not bars:
        show_no_data(ax)
        put_notes(fig, _bar_notes(missing, data.get("direction"), False, note), width_mm)
        return
    height_mm = fig.get_figheight() * 25.4
    pitch = axes_height_pt(height_mm, 16 + 4.5 * (len(missing) > 0)) / len(bars)
    lines = max(2, min(3, int(pitch // (SIZE_SMALL * 1.1))))
    put_notes(fig, _bar_notes(missing, data.get("direction"), any(b.qualified for b in bars), note), width_mm)
    job = hbars(fig, ax, bars, label_em=8, label_lines=lines)
    set_rows(fig, [(ax, len(bars))])
    fit_x(fig, [job])
    draw_references(ax, data.get("references") or [], len(bars))


def draw_references(ax: Axes, references: list[dict], n: int) -> None:
    """Draw each province or national average as a dashed vertical line labelled above the bars."""
    for ref in references:
        lo, hi = ax.get_xlim()
        if ref["value"] > hi:
            ax.set_xlim(lo, ref["value"] * 1.08)
        ax.axvline(ref["value"], color=NOTE_INK, linewidth=0.8, linestyle=(0, (4, 2)), zorder=4)
        ax.annotate(ref["label"], (ref["value"], -0.5), xytext=(2, 2), textcoords="offset points",
                    ha="left", va="bottom", fontsize=SIZE_SMALL, color=NOTE_INK, annotation_clip=False)

