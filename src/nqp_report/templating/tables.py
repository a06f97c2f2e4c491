"""Comparison tables: the target and its peers on a list of indicators, with rank, gap and notes."""

from __future__ import annotations

from ..analysis import IndicatorComparison
from ..formatting import (
    INFERRED_MARK, INFERRED_NOTE, MISSING, fmt_cell, fmt_observation, fmt_source, fmt_target, fmt_undetermined,
)
from ..model import Cell, Column, Paragraph, Row, Table, Text
from .phrases import qualified_gap, rank_cell, year_basis
from .scope import Scope


def comparison_table(scope: Scope, items: list[IndicatorComparison], label: str, caption: str,
                     table_id: str) -> Table | Paragraph:
    """Return the table of the target and peers on ``items`` (a note paragraph when no region has values).

    Indicators with a rank come first, those with values but no comparison after,
    under group rows when both kinds are present.
    """
    target, regions = scope.target, scope.regions
    items = [i for i in items if i.targets or any(i.cells.get(r) is not None for r in regions)]
    if not items:
        return Paragraph([Text(f"（{label}指标暂无{target}及对标地区的数据。）")], "note")
    shown = [r for r in regions if r == target or any(i.cells.get(r) is not None or r in i.targets for i in items)]
    ranked_items = [i for i in items if i.comparable]
    others = [i for i in items if not i.comparable]
    columns = [Column("指标（单位）", "left", 2.4)]
    columns += [Column(r, "right", 1.0) for r in shown]
    if ranked_items:  # with nothing ranked, the 位次 and 差距 columns would be all "—"
        columns += [Column(f"{target}位次", "center", 1.0), Column("与最优差距", "right", 1.3)]
    rows = []
    notes: list[str] = []
    for group, members in (("有可比数值的指标", ranked_items), ("暂无可比数值的指标（仅列出已有数值）", others)):
        if not members:
            continue
        if ranked_items and others:
            rows.append(Row([Cell(group, span=len(columns), bold=True)], kind="group"))
        for item in members:
            rows.append(comparison_row(item, shown, target, bool(ranked_items)))
            notes.extend(indicator_notes(scope, item, shown))
    notes.extend(summary_notes(items, shown))
    fit_widths(columns, rows)
    rank_note = f"“{target}位次”为{target}在有数据地区中的位次，高低难以判定的不给位次；" \
        if ranked_items else ""
    notes.insert(0, f"注：{year_basis(target, scope.comps.reference_year)}，年份不同的在括号内标注；"
                    f"{rank_note}“—”为无数据，不按零计。")
    return Table(id=table_id, caption=caption, columns=columns, rows=rows, notes=list(dict.fromkeys(notes)),
                 source=scope.source_note(scope.sources_of(items, shown)), kind="comparison")


def comparison_row(item: IndicatorComparison, shown: list[str], target: str, with_rank: bool) -> Row:
    """Return one indicator's row: name and unit, each region's value, and (when asked) rank and gap."""
    ind = item.indicator
    cells = [Cell(f"{ind.name}（{ind.unit}）" if ind.unit else ind.name)]
    for r in shown:
        text = fmt_cell(item.cells.get(r), ind, item.reference_year)
        if r in item.targets:
            goal = fmt_target(item.targets[r], ind, unit=False) + (INFERRED_MARK if item.targets[r].year_inferred else "")
            text = goal if text == MISSING else f"{text}（{goal}）"
        cells.append(Cell(text, missing=text == MISSING, bold=r == target))
    if with_rank:
        cells.append(Cell(rank_cell(item), missing=not item.rank))
        cells.append(Cell(gap_cell(item), missing=gap_cell(item) == MISSING))
    return Row(cells)


def gap_cell(item: IndicatorComparison) -> str:
    """Return the 与最优差距 cell: the (bounded) gap, 领先, 并列 or 难以判定."""
    if not item.comparable:
        return MISSING
    if item.rank == 1:
        return "并列" if item.tied_regions else "领先"
    if item.best is None:
        return "难以判定"
    return qualified_gap(item)


def indicator_notes(scope: Scope, item: IndicatorComparison, regions: list[str]) -> list[str]:
    """Return the notes one indicator needs: sibling 口径, conflicting sources, derived values."""
    ind, sources = item.indicator, scope.dataset.sources
    notes = []
    if item.concept_siblings:
        members = "、".join(i.name for i in scope.concept_indicators(ind.concept))
        notes.append(f"{members}口径不同（见附录指标口径），不可直接比较。")
    for r in regions:
        cell = item.cells.get(r)
        if cell is None:
            continue
        if cell.alternatives:
            alts = "；".join(f"{fmt_observation(a, ind, year=False)}（{fmt_source(sources[a.source])}）"
                            for a in cell.alternatives)
            notes.append(f"{r}{cell.year}年{ind.name}另有来源记为{alts}，本表采用"
                         f"{fmt_observation(cell.observation, ind, year=False)}"
                         f"（{fmt_source(sources[cell.observation.source])}）。")
        if cell.observation.derived:
            notes.append(f"{r}{ind.name}为推算值：{cell.observation.note.rstrip('。')}。")
    if item.comparable and item.rank is None:
        notes.append(f"{ind.name}：{item.target}{fmt_undetermined(item)}，不给位次。")
    elif item.comparable and item.best is None:
        notes.append(f"{ind.name}：各地区数值的区间相互重叠，最优地区难以判定，不计算差距。")
    if item.targets:
        notes.append(f"{ind.name}中的“目标”为政策目标值，不参与排序。")
    return notes


def summary_notes(items: list[IndicatorComparison], regions: list[str]) -> list[str]:
    """Return the notes that cover several rows at once: qualifiers, lower-is-better, inferred years."""
    notes = []
    qualifiers = sorted({c.qualifier for i in items for r in regions
                         if (c := i.cells.get(r)) is not None and c.qualifier})
    if qualifiers:
        words = "、".join(f"“{q}”" for q in qualifiers)
        notes.append(f"数值前后的{words}为原文限定词，表示约数或界值，按区间比较，区间重叠的不判定高低。")
    lower = [i.indicator.name for i in items if i.indicator.direction == "lower"]
    if lower:
        notes.append(f"{'、'.join(lower)}数值越小越好。")
    if any(c.observation.year_inferred for i in items for r in regions if (c := i.cells.get(r)) is not None) \
            or any(t.year_inferred for i in items for t in i.targets.values()):
        notes.append(INFERRED_NOTE)
    return notes


def display_width(text: str) -> float:
    """Return the printed width of a text in em: 1 for Chinese characters, 0.5 for ASCII."""
    return sum(0.5 if ord(c) < 0x2000 else 1.0 for c in text)


def fit_widths(columns: list[Column], rows: list[Row], first_max: float = 9.0) -> None:
    """Set relative column widths from the longest cell of each column (the first column capped)."""
    for n, column in enumerate(columns):
        texts = [column.header] + [r.cells[n].text for r in rows if r.kind != "group" and len(r.cells) > n]
        widest = max(display_width(t) for t in texts)
        if n == 0:
            column.width = min(max(widest, 4.0), first_max)
        else:
            column.width = min(max(widest, 2.5, display_width(column.header) / 2), 7.0)
