"""The briefing's editorial blocks: the target's profile, the gap table, the 口径 table and numbered sources.

Every block shows only what the data has: no column or row that would be all "—".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..analysis import IndicatorComparison, caveats
from ..data import Indicator, Observation
from ..formatting import INFERRED_MARK, fmt_observation, fmt_value, fmt_year
from ..model import Cell, Column, Row, Table
from .phrases import verdict_phrase, year_choice_note
from .ranks import RANK_SCOPE, rank_scope
from .scope import Scope

RANK_UNIT = "位"


@dataclass
class ProfileRow:
    """One line of the target's profile: an indicator's value and, where the data has it, its rank."""

    label: str
    value: str
    rank: str
    rank_value: int | None
    indicator_ids: list[str]
    inferred: bool


def _rank_base_name(indicator: Indicator) -> str:
    """Return what a rank ranks: "规上工业企业数", "全球科研城市（据报道）" (a trailing remark is kept)."""
    return re.sub(r"位次(（[^）]*）)?$", r"\1", RANK_SCOPE.sub("", indicator.name))


def _base_of(rank_id: str, ids: list[str]) -> str | None:
    stem = rank_id.removesuffix("_rank")
    return next((i for i in ids if i != rank_id and (i == stem or i.endswith("_" + stem))), None)


def target_observations(scope: Scope) -> dict[str, Observation]:
    """Return the target's latest actual value per indicator, in file order."""
    out = {}
    for ind_id in scope.dataset.indicators:
        obs = scope.index.latest(scope.target, ind_id)
        if obs is not None and not obs.is_target:
            out[ind_id] = obs
    return out


def profile_rows(scope: Scope, n: int = 12) -> list[ProfileRow]:
    """Return up to ``n`` lines of the target's profile: ranked and comparable indicators first, in file order.

    A rank indicator (unit 位) is folded into the line of the count it ranks when the data has both.
    """
    obs = target_observations(scope)
    inds = scope.dataset.indicators
    ids = list(obs)
    ranks = {i: _base_of(i, ids) for i in ids if inds[i].unit == RANK_UNIT}
    folded = {base: r for r, base in ranks.items() if base is not None}
    rows: list[tuple[int, int, ProfileRow]] = []
    for pos, ind_id in enumerate(ids):
        if ind_id in ranks and ranks[ind_id] is not None:
            continue
        ind, o = inds[ind_id], obs[ind_id]
        rank_id = folded.get(ind_id) or (ind_id if ind_id in ranks else None)
        rank_text, rank_value, inferred = "", None, o.year_inferred
        if rank_id is not None:
            ro = obs[rank_id]
            rank_value = int(ro.value)
            rank_text = f"{rank_scope(inds[rank_id])}第{rank_value}位"
            inferred = inferred or ro.year_inferred
        if ind_id in ranks:
            label, value = _rank_base_name(ind), rank_text
        else:
            label, value = f"{ind.name}（{ind.unit}）", fmt_value(o.value, o.qualifier, ind, unit=False)
        item = scope.item(ind_id)
        weight = 0 if rank_id else (1 if item.comparable else 2)
        rows.append((weight, pos, ProfileRow(label, value + (INFERRED_MARK if o.year_inferred else ""),
                                             rank_text if ind_id not in ranks else "", rank_value,
                                             [ind_id] + ([rank_id] if rank_id and rank_id != ind_id else []),
                                             inferred)))
    chosen = sorted(rows, key=lambda r: (r[0], r[1]))[:n]
    return [r for _, _, r in sorted(chosen, key=lambda r: r[1])]


def profile_overview(scope: Scope, n: int = 12) -> str:
    """Return what the profile table covers: "12项主要指标2022—2023年的数值，其中7项附全国城市或副省级城市位次"."""
    rows = profile_rows(scope, n)
    if not rows:
        return ""
    obs = target_observations(scope)
    inds = scope.dataset.indicators
    years = sorted({obs[r.indicator_ids[0]].year for r in rows})
    span = f"{years[0]}年" if len(years) == 1 else f"{years[0]}—{years[-1]}年"
    ranked = [r for r in rows if r.rank_value is not None]
    scopes = dict.fromkeys(rank_scope(inds[i]) for r in ranked for i in r.indicator_ids
                           if inds[i].unit == RANK_UNIT)
    fields = "或".join(s for s in scopes if s)
    tail = f"，其中{len(ranked)}项附{fields}中的位次" if ranked and fields else ""
    return f"{len(rows)}项主要指标{span}的数值{tail}"


def profile_table(scope: Scope, n: int, caption: str, table_id: str) -> Table:
    """Return the target's profile table: key indicators with value, year and rank where the data has one."""
    rows = profile_rows(scope, n)
    obs = target_observations(scope)
    columns = [Column("指标（单位）", "left", 2.6), Column("数值（位次）", "left", 1.8), Column("年份", "center", 0.7)]
    body = []
    for r in rows:
        value = f"{r.value}（{r.rank}）" if r.rank else r.value
        body.append(Row([Cell(r.label), Cell(value), Cell(fmt_year(obs[r.indicator_ids[0]]).rstrip(INFERRED_MARK))]))
    notes = scope.inferred_note(r.inferred for r in rows)
    notes += [f"{r.label.split('（')[0]}为推算值：{obs[r.indicator_ids[0]].note.rstrip('。')}。"
              for r in rows if obs[r.indicator_ids[0]].derived]
    used = [scope.dataset.sources[obs[i].source] for r in rows for i in r.indicator_ids]
    return Table(id=table_id, caption=caption, columns=columns, rows=body, notes=notes,
                 source=scope.source_note(used), kind="plain")


def gap_rows(scope: Scope) -> list[IndicatorComparison]:
    """Return the indicators the target shares with at least one peer, largest relative gap first."""
    items = [i for i in scope.comps.items if i.comparable]
    return sorted(items, key=lambda i: (i.gap_to_best_rel is None, -(i.gap_to_best_rel or 0)))


def gap_table(scope: Scope, caption: str, table_id: str, n: int | None = None) -> Table:
    """Return up to ``n`` comparable indicators: the target's value, the peers' values, and the standing in words."""
    columns = [Column("指标（单位）", "left", 2.1), Column(scope.target, "right", 1.3),
               Column("对标地区", "left", 2.5), Column("比较", "left", 2.5)]
    rows, used, inferred, common_years = [], [], False, []
    for item in gap_rows(scope)[:n]:
        ind = item.indicator
        peers = []
        for r in item.ranking + [p for p in item.undetermined_regions if p not in item.ranking]:
            cell = item.cells.get(r)
            if r == scope.target or cell is None:
                continue
            mark = INFERRED_MARK if cell.observation.year_inferred else ""
            inferred = inferred or bool(mark)
            year = f"（{cell.year}）" if cell.year != item.target_cell.year else ""
            peers.append(f"{r}{fmt_value(cell.value, cell.qualifier, ind, unit=False)}{year}{mark}")
            used.append(scope.dataset.sources[cell.observation.source])
        t = item.target_cell
        used.append(scope.dataset.sources[t.observation.source])
        inferred = inferred or t.observation.year_inferred
        latest = scope.index.latest(scope.target, ind.id)
        own_year = f"（{t.year}）" if latest is not None and latest.year != t.year else ""
        if own_year:
            common_years.append((ind.name, t.year))
        rows.append(Row([Cell(f"{ind.name}（{ind.unit}）"),
                         Cell(fmt_value(t.value, t.qualifier, ind, unit=False) + own_year
                              + (INFERRED_MARK if t.observation.year_inferred else ""), bold=True),
                         Cell("；".join(peers)), Cell(verdict_phrase(item))]))
    notes = [f"注：{year_choice_note(scope.target, common_years, len(rows))}，对标地区年份不同的在括号内标注；"
             "带“约”“超”“近”“以上”的数值按区间比较。"]
    notes += scope.inferred_note([inferred])
    return Table(id=table_id, caption=caption, columns=columns, rows=rows, notes=notes,
                 source=scope.source_note(used), kind="comparison")


def concept_group_rows(scope: Scope, concept: str) -> list[tuple[Indicator, Observation]]:
    """Return the (indicator, latest value) lines of one 口径 group, by indicator and then region.

    An indicator the gap table already compares keeps only the target's line; the group keeps its lines
    only when they span at least two indicators (two 口径), else it returns [].
    """
    compared = {i.indicator.id for i in gap_rows(scope)}
    rows = []
    for ind in scope.concept_indicators(concept):
        for r in scope.dataset.regions:
            o = scope.index.latest(r, ind.id)
            if o is not None and (r == scope.target or ind.id not in compared):
                rows.append((ind, o))
    return rows if len({ind.id for ind, _ in rows}) > 1 else []


def concept_compared(scope: Scope, concepts: list[str]) -> list[Indicator]:
    """Return the indicators of the 口径 table whose comparison with the peers is in the gap table."""
    compared = {i.indicator.id for i in gap_rows(scope)}
    shown = {ind.id: ind for c in concepts for ind, _ in concept_group_rows(scope, c)}
    return [ind for ind_id, ind in shown.items() if ind_id in compared]


def concept_rows_table(scope: Scope, concepts: list[str], caption: str, table_id: str) -> Table:
    """Return the 口径 groups in long form: one line per indicator and region with a value, never ranked."""
    columns = [Column("口径", "left", 3.2), Column("地区", "left", 0.9), Column("数值", "right", 1.0),
               Column("年份", "center", 0.7)]
    rows, used, distinct = [], [], True
    for c in concepts:
        lines = concept_group_rows(scope, c)
        distinct = distinct and len({ind.id for ind, _ in lines}) == len(lines)
        rows.append(Row([Cell(scope.concept_name(c), span=4, bold=True)], kind="group"))
        for ind, o in lines:
            rows.append(Row([Cell(f"{ind.name}（{ind.unit}）"), Cell(o.region),
                             Cell(fmt_value(o.value, o.qualifier, ind, unit=False)), Cell(fmt_year(o))]))
            used.append(scope.dataset.sources[o.source])
    rule = "同组各行口径不同" if distinct else "同组中指标不同的行口径不同"
    notes = [f"注：{rule}，只并列列出，不排序、不比较高低。"]
    notes += scope.inferred_note(fmt_year(o).endswith(INFERRED_MARK) for c in concepts
                                 for _, o in concept_group_rows(scope, c))
    return Table(id=table_id, caption=caption, columns=columns, rows=rows, notes=notes,
                 source=scope.source_note(used), kind="plain")


def used_concepts(scope: Scope) -> list[str]:
    """Return the 口径 groups whose lines show the target and another region under at least two 口径."""
    out = []
    for c in dict.fromkeys(i.concept for i in scope.dataset.indicators.values() if i.concept):
        regions = {o.region for _, o in concept_group_rows(scope, c)}
        if scope.target in regions and len(regions) > 1:
            out.append(c)
    return out


def caveats_table(scope: Scope, used: set[str], caption: str, table_id: str) -> Table:
    """Return, for the used indicators of the target and peers, conflicts, derived values and inferred years.

    Inferred years are grouped by source and reason, so a reason is printed once.
    """
    ds, shown = scope.dataset, set(scope.regions)
    order = list(ds.sources)

    def tag(source_id: str) -> str:
        return scope.cite_numbers([source_id]) if scope.numbered_sources else f"[{order.index(source_id) + 1}]"

    rows = []
    for c in caveats(ds, scope.index):
        o = c.observation
        if o.region not in shown or o.indicator not in used or c.kind == "qualified":
            continue
        ind = ds.indicators[o.indicator]
        label = Cell(f"{o.region}{ind.name}（{o.year}年）")
        if c.kind == "conflict":
            alt = "、".join(f"{fmt_observation(x, ind, year=False)}{tag(x.source)}" for x in c.others)
            chosen = fmt_observation(o, ind, year=False) + tag(o.source)
            rows.append(Row([label, Cell(f"来源不一：采用{chosen}，另有{alt}")]))
        else:
            rows.append(Row([label, Cell(f"推算值：{o.note}")]))
    groups: dict[tuple[str, str], list[str]] = {}
    for o in ds.observations:
        if o.year_inferred and o.region in shown and o.indicator in used:
            groups.setdefault((o.source, o.year_basis.rstrip("。")), []).append(
                f"{o.region}{ds.indicators[o.indicator].name}")
    for (source_id, basis), names in sorted(groups.items(), key=lambda g: order.index(g[0][0])):
        rows.append(Row([Cell("、".join(dict.fromkeys(names))), Cell(f"年份推定{tag(source_id)}：{basis}")]))
    return Table(id=table_id, caption=caption, rows=rows, kind="plain",
                 columns=[Column("数值", "left", 2.4), Column("说明", "left", 4.2)])


def data_gap_sentences(scope: Scope, n: int = 10) -> list[str]:
    """Return up to ``n`` missing values that would add a comparison, most useful first, as sentences."""
    from ..excel.gaps import find_gaps

    level = scope.dataset.regions[scope.target].level
    peers = scope.peers or [name for name, r in scope.dataset.regions.items()
                            if r.level == level and name != scope.target]
    report = find_gaps(scope.dataset, scope.target, peers, scope.comps.reference_year)
    inds, target = scope.dataset.indicators, scope.target
    wanted = [g for g in report.by_indicator if target not in g.valued][:n]
    own = [g for g in report.by_indicator if target in g.valued]
    groups: dict[tuple, list[str]] = {}
    for g in wanted:
        groups.setdefault((g.cells[0].year, "、".join(g.valued)), []).append(inds[g.indicator].name)
    out = [f"补充{target}{year}年前后的下列数值，即可与{regions}比较：{'、'.join(names)}"
           for (year, regions), names in groups.items()]
    if own:
        names = "、".join(inds[g.indicator].name for g in own[:n])
        out.append(f"{target}已有而同级地区均缺数值的指标：{names}{'等' if len(own) > n else ''}")
    return out
