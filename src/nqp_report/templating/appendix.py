"""Reference tables: the 口径 of a concept side by side, definitions, sources, caveats and data changes."""

from __future__ import annotations

from ..analysis import caveats, inferred_by_source, source_counts
from ..formatting import (
    INFERRED_MARK, INFERRED_NOTE, MISSING, fmt_observation, fmt_source, fmt_year,
)
from ..model import Cell, Column, Paragraph, Row, Table, Text
from .scope import Scope


def concept_table(scope: Scope, concept: str, caption: str | None, table_id: str) -> Table:
    """Return the indicators of one concept (different 口径) side by side, never ranked together."""
    columns = [Column("口径", "left", 3.0), Column("地区", "center", 1.0), Column("数值", "right", 1.0),
               Column("年份", "center", 0.8)]
    order = {name: n for n, name in enumerate(scope.dataset.regions)}
    rows, used = [], []
    for ind in scope.concept_indicators(concept):
        for o in sorted(scope.index.of_indicator(ind.id), key=lambda o: (order[o.region], o.year)):
            rows.append(Row([Cell(ind.definition), Cell(o.region),
                             Cell(fmt_observation(o, ind, year=False)), Cell(fmt_year(o))],
                            kind="highlight" if o.region == scope.target else "body"))
            used.append(scope.dataset.sources[o.source])
    notes = ["注：各行口径不同，不可直接比较或排序，仅供并列参考。"]
    notes += scope.inferred_note(r.cells[3].text.endswith(INFERRED_MARK) for r in rows)
    return Table(id=table_id, caption=caption or f"{scope.concept_name(concept)}的不同口径",
                 columns=columns, rows=rows, notes=notes,
                 source=scope.source_note(used), kind="plain")


def definitions_table(scope: Scope, caption: str, table_id: str) -> Table:
    """Return the appendix table of indicator definitions (口径), units and directions."""
    rows = []
    for dim in scope.dataset.dimensions():
        rows.append(Row([Cell(dim, span=4, bold=True)], kind="group"))
        for ind in scope.dataset.indicators.values():
            if ind.dimension == dim:
                rows.append(Row([Cell(ind.name), Cell(ind.definition), Cell(ind.unit or MISSING),
                                 Cell("越高越好" if ind.direction == "higher" else "越低越好")]))
    return Table(id=table_id, caption=caption, rows=rows,
                 columns=[Column("指标", "left", 1.6), Column("口径", "left", 3.2), Column("单位", "center", 0.7),
                          Column("方向", "center", 0.9)])


def sources_table(scope: Scope, caption: str, table_id: str) -> Table:
    """Return the appendix table of sources with how many values each gives."""
    counts = source_counts(scope.dataset)
    rows = [Row([Cell(s.id), Cell(fmt_source(s)), Cell(str(counts.get(s.id, 0)))])
            for s in scope.dataset.sources.values()]
    return Table(id=table_id, caption=caption, rows=rows,
                 columns=[Column("编号", "center", 0.7), Column("来源", "left", 5.0),
                          Column("数值个数", "right", 1.0)])


def conflicts_table(scope: Scope, caption: str, table_id: str) -> Table | Paragraph:
    """Return the target's and peers' conflicting, qualified, derived values and inferred years, one per row."""
    ds = scope.dataset
    shown = set(scope.regions)
    rows = []
    for c in caveats(ds, scope.index):
        o = c.observation
        if o.region not in shown:
            continue
        ind = ds.indicators[o.indicator]
        label = Cell(f"{o.region}·{ind.name}（{fmt_year(o)}）")
        if c.kind == "conflict":
            alt = "、".join(f"{fmt_observation(x, ind, year=False)}（{x.source}）" for x in c.others)
            rows.append(Row([label, Cell("来源不一"),
                             Cell(f"采用{fmt_observation(o, ind, year=False)}（{o.source}），另有{alt}")]))
        elif c.kind == "qualified":
            rows.append(Row([label, Cell("约数或界值"),
                             Cell(f"数据集记为“{fmt_observation(o, ind, year=False)}”，"
                                  f"各处均保留限定词" + (f"（{o.note}）" if o.note else ""))]))
        else:
            rows.append(Row([label, Cell("推算值"), Cell(o.note)]))
    for source_id, obs in inferred_by_source(ds).items():
        for o in obs:
            if o.region in shown:
                rows.append(Row([Cell(f"{o.region}·{ds.indicators[o.indicator].name}（{fmt_year(o)}）"),
                                 Cell("年份推定"), Cell(f"{o.year_basis.rstrip('。')}（{source_id}）。")]))
    if not rows:
        return Paragraph([Text("目标和对标地区的数据中没有来源冲突、约数、推算值或推定年份。")], "note")
    return Table(id=table_id, caption=caption, rows=rows, notes=[INFERRED_NOTE] if any(
        r.cells[1].text == "年份推定" for r in rows) else [],
                 columns=[Column("数值", "left", 2.2), Column("类型", "center", 1.4), Column("处理", "left", 3.6)])


def changes_table(changes: list, caption: str, table_id: str) -> Table | Paragraph:
    """Return the values updated, added or removed since the last build."""
    rows = [Row([Cell(c.kind, bold=c.kind == "更新"), Cell(c.region), Cell(c.indicator), Cell(str(c.year)),
                 Cell(c.old or MISSING, missing=not c.old), Cell(c.new or MISSING, missing=not c.new)])
            for c in changes]
    if not rows:
        return Paragraph([Text("与上次生成报告时相比，数据没有变化。")], "note")
    return Table(id=table_id, caption=caption, rows=rows,
                 columns=[Column("变化", "center", 0.7), Column("地区", "center", 0.9), Column("指标", "left", 2.2),
                          Column("年份", "center", 0.7), Column("原数值", "right", 1.2),
                          Column("新数值", "right", 1.2)])
