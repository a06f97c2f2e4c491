"""The recommendations matrix: each ask with its benchmarks, linked indicators, priority and horizon."""

from __future__ import annotations

import re

from ..analysis import PRIORITY_RULE, recommendation_priority
from ..data import Recommendation
from ..formatting import fmt_amount, fmt_observation
from ..model import Cell, Column, Row, Table
from .scope import Scope
from .ranks import rank_scope

HORIZON_ORDER = {"近期": 0, "中期": 1, "长期": 2}


def recommendations_for(scope: Scope, dimension: str | None = None) -> list[Recommendation]:
    """Return the recommendations addressed to the target (or to any region), optionally of one dimension."""
    return [r for r in scope.dataset.recommendations if r.region in ("", scope.target)
            and (dimension is None or r.dimension == dimension)]


def recommendation_dimensions(scope: Scope) -> list[str]:
    """Return the dimensions that have recommendations for the target, in the dataset's dimension order."""
    used = {r.dimension for r in recommendations_for(scope)}
    order = scope.dataset.dimensions()
    return sorted(used, key=lambda d: (order.index(d) if d in order else len(order), d))


PRIORITY_ORDER = {"高": 0, "中": 1, "低": 2}
UNSET_TARGET = "目标待定"


def priority_of(scope: Scope, rec: Recommendation) -> tuple[str, bool]:
    """Return a recommendation's priority and whether the editor set it.

    The editor's ``priority`` wins; a blank one falls back to the suggestion computed from the
    recommendation's own linked indicators (待评估 when none of them is comparable).
    """
    if rec.priority:
        return rec.priority, True
    return recommendation_priority(rec, scope.comps).level, False


def priority_text(scope: Scope, rec: Recommendation) -> str:
    """Return the priority as printed: "高", or "中（测算）" for a computed suggestion."""
    level, set_by_editor = priority_of(scope, rec)
    return level if set_by_editor or level == "待评估" else f"{level}（测算）"


def top_recommendations(scope: Scope, n: int) -> list[Recommendation]:
    """Return up to ``n`` recommendations by priority (editor's first, then computed gap), horizon and file order."""
    recs = recommendations_for(scope)
    scored = []
    for pos, r in enumerate(recs):
        level, _ = priority_of(scope, r)
        severity = recommendation_priority(r, scope.comps).severity
        scored.append(((PRIORITY_ORDER.get(level, 3), -(severity or 0), HORIZON_ORDER[r.horizon], pos), r))
    scored.sort(key=lambda s: s[0])
    return [r for _, r in scored[:n]]


def linked_practices(scope: Scope, rec: Recommendation) -> list:
    """Return the practices a recommendation cites by id, in the order it lists them."""
    by_id = {p.id: p for p in scope.dataset.practices if p.id}
    return [by_id[i] for i in rec.practices if i in by_id]


def borrowed_from(scope: Scope, rec: Recommendation) -> list[str]:
    """Return "地区（经验）" for each cited practice, then the benchmark regions cited without a practice."""
    titles: dict[str, list[str]] = {}
    for p in linked_practices(scope, rec):
        if p.region != scope.target:
            titles.setdefault(p.region, []).append(p.title)
    out = [f"{region}（{'；'.join(t)}）" for region, t in titles.items()]
    return out + [r for r in rec.benchmarks if r not in titles and r != scope.target]


def target_text(scope: Scope, rec: Recommendation, limit: int | None = None) -> str:
    """Return up to ``limit`` targeted indicators as "名称 现值 → 目标值" (the target only when the editor set one)."""
    out: list[str] = []
    for ind_id in rec.indicators:
        item = scope.comps.by_id(ind_id) if ind_id in scope.dataset.indicators else None
        if item is None:
            continue
        ind, cell = item.indicator, item.target_cell
        obs = cell.observation if cell else scope.index.latest(scope.target, ind_id)
        if obs is None:
            continue
        now = fmt_observation(obs, ind, year=True)
        if rec.target_value is not None and not out:
            places = 0 if float(rec.target_value).is_integer() else ind.decimals
            goal = fmt_amount(rec.target_value, ind.unit, min(places, ind.decimals))
            now += f" → {goal}" + (f"（{rec.target_year}年）" if rec.target_year else "")
        elif not out:
            now += f" → {UNSET_TARGET}"
        name = ind.name
        if ind.unit == "位" and (scope_words := rank_scope(ind)):
            name = ind.name.removesuffix(scope_words + "位次")
            now = scope_words + now
        out.append(f"{name} {now}")
    return "；".join(out[:limit])


def lead_body(lead: str) -> str:
    """Return the leading body of a 牵头单位 cell, without the assisting bodies in brackets."""
    return re.split(r"[（(，,、]", lead, maxsplit=1)[0].strip()


def horizon_text(rec: Recommendation) -> str:
    """Return the time frame: the target year when set, else the horizon."""
    return f"{rec.target_year}年" if rec.target_year else rec.horizon


def matrix_note(computed: bool, target_years: bool) -> str:
    """Return the matrix's note, describing only what its rows show (测算 priorities, target years)."""
    clauses = ["按优先级排列", f"“针对的指标”列出首要指标，目标值未定的写“{UNSET_TARGET}”",
               "牵头单位只列首位，配合单位见正文"]
    if computed:
        clauses.append("标“测算”的优先级为编者未定、按关联指标差距测算的建议值")
    clauses.append("时限有目标年份的写年份" if target_years else "时限按近期、中期、长期填写")
    return "注：" + "；".join(clauses) + "。"


def recommendation_matrix(scope: Scope, caption: str, table_id: str) -> Table:
    """Return the decision matrix: 建议 | 针对的指标（现值 → 目标值） | 借鉴 | 牵头单位 | 时限 | 优先级."""
    columns = [Column("建议", "left", 2.4), Column("针对的指标（现值 → 目标值）", "left", 2.4),
               Column("借鉴", "left", 1.1), Column("牵头单位", "left", 1.0),
               Column("时限", "center", 0.6), Column("优先级", "center", 0.7)]
    rows, used, computed = [], [], False
    for rec in top_recommendations(scope, len(recommendations_for(scope))):
        _, by_editor = priority_of(scope, rec)
        computed = computed or not by_editor
        regions = list(dict.fromkeys(p.region for p in linked_practices(scope, rec) if p.region != scope.target))
        rows.append(Row([Cell(rec.title), Cell(target_text(scope, rec, 1) or "（无量化指标）"),
                         Cell("、".join(regions)), Cell(lead_body(rec.lead) or "（待定）"),
                         Cell(horizon_text(rec)), Cell(priority_text(scope, rec))]))
        if rec.source:
            used.append(scope.dataset.sources[rec.source])
        used += [scope.dataset.sources[p.source] for p in linked_practices(scope, rec)]
    notes = [matrix_note(computed, any(rec.target_year for rec in recommendations_for(scope)))]
    if computed:
        notes.append(PRIORITY_RULE)
    return Table(id=table_id, caption=caption, columns=columns, rows=rows, notes=notes,
                 source=scope.source_note(used), kind="matrix")
