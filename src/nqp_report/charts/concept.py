"""Concept charts: one panel per indicator of a concept (not comparable); panels sharing a unit share a scale."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .bar import Bar, hbars
from .layout import fit_x, put_notes, set_rows, show_no_data
from .style import SIZE_SMALL, SIZE_TITLE
from .text import fewest_decimals, finite_number, fmt_value, with_unit, wrap

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure as MplFigure


def _concept_bars(panel: dict, target: str | None) -> list[Bar]:
    unit = panel.get("unit", "") or ""
    raw = [b for b in panel.get("bars") or [] if isinstance(b, dict) and finite_number(b.get("value")) is not None]
    years = [b.get("year") for b in raw if b.get("year") is not None]
    target_year = next((b.get("year") for b in raw if b.get("region") == target), None)
    ref = target_year if target_year is not None else (max(years) if years else None)
    decimals = fewest_decimals([finite_number(b.get("value")) for b in raw])  # type: ignore[misc]
    bars = []
    for b in raw:
        value = finite_number(b.get("value"))
        qualifier = b.get("qualifier") or ""
        label = b.get("label") or qualifier + with_unit(fmt_value(value, decimals), unit)  # type: ignore[arg-type]
        year = b.get("year")
        # each panel states its year in its title; only a bar of another year is marked
        mark = f"（{year}年{'*' if b.get('year_inferred') else ''}）" \
            if year is not None and ref is not None and year != ref else ""
        bars.append(Bar(str(b.get("region", "")), value, str(label), mark,  # type: ignore[arg-type]
                        highlight=b.get("region") == target, qualified=bool(qualifier)))
    bars.sort(key=lambda b: b.value, reverse=True)
    return bars


def draw(fig: MplFigure, data: dict, width_mm: float) -> None:
    """Draw one bar panel per indicator of ``data`` on ``fig``; panels sharing a unit share a scale."""
    panels = [p for p in data.get("panels") or [] if isinstance(p, dict)]
    note = data.get("note") or "口径不同，不可直接比较"
    if "不可直接比较" not in note:
        note += "，不可直接比较"
    target = data.get("target")
    notes = [f"注：{note}。单位相同的分图用同一刻度。"]
    if not panels:
        show_no_data(fig.add_subplot())
        put_notes(fig, notes, width_mm)
        return
    n = len(panels)
    axes = fig.subplots(1, n, squeeze=False)[0]
    put_notes(fig, notes, width_mm)
    panel_em = max(4.0, (width_mm / n / 25.4 * 72 - 40) / SIZE_TITLE)  # less the region labels
    any_qualified = False
    jobs, rows = [], []
    for ax, panel in zip(axes, panels):
        bars = _concept_bars(panel, target)
        years = sorted({b.get("year") for b in panel.get("bars") or [] if isinstance(b, dict)
                        and b.get("year") is not None and finite_number(b.get("value")) is not None})
        title = str(panel.get("indicator", ""))
        if len(years) == 1:  # the year of every bar; one whose year was inferred is marked
            flags = [bool(b.get("year_inferred")) for b in panel.get("bars") or [] if isinstance(b, dict)]
            inferred = "，年份推定" if flags and all(flags) else ("，部分年份推定" if any(flags) else "")
            title += f"（{years[-1]}年{inferred}）"
        ax.set_title(wrap(title, panel_em, 4), fontsize=SIZE_TITLE, loc="center", pad=6, linespacing=1.25)
        if not bars:
            show_no_data(ax)
            continue
        any_qualified |= any(b.qualified for b in bars)
        jobs.append(hbars(fig, ax, bars, label_em=4, label_lines=2, value_size=SIZE_SMALL,
                          label_size=SIZE_SMALL + 0.5))
        rows.append((ax, len(bars)))
    if any_qualified:
        put_notes(fig, notes + ["斜线填充的数值为约数或界值。"], width_mm)
    if rows:
        set_rows(fig, rows)
        fit_x(fig, jobs)
        share_scales([(ax, str(p.get("unit", ""))) for ax, p in zip(axes, panels) if ax in {a for a, _ in rows}])


def share_scales(panels: list) -> None:
    """Give panels that share a unit one x range (the widest of them), so equal values draw equally long."""
    by_unit: dict[str, list] = {}
    for ax, unit in panels:
        by_unit.setdefault(unit, []).append(ax)
    for group in by_unit.values():
        if len(group) < 2:
            continue
        lo = min(ax.get_xlim()[0] for ax in group)
        hi = max(ax.get_xlim()[1] for ax in group)
        for ax in group:
            ax.set_xlim(lo, hi)

