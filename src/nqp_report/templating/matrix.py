"""The recommendations matrix: each ask with its benchmarks, linked indicators, priority and horizon."""

from __future__ import annotations

from ..analysis import PRIORITY_RULE, recommendation_priority
from ..data import Recommendation
from ..formatting import MISSING, fmt_observation, fmt_target, fmt_undetermined, source_line
from ..model import Cell, Column, Row, Table
from .phrases import qualified_gap
from .scope import Scope

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


def top_recommendations(scope: Scope, n: int) -> list[Recommendation]:
    """Return up to ``n`` recommendations by priority (largest gap first), then horizon and file order."""
    recs = recommendations_for(scope)
    scored = [(recommendation_priority(r, scope.comps).severity, pos, r) for pos, r in enumerate(recs)]
    scored.sort(key=lambda s: (s[0] is None, -(s[0] or 0), HORIZON_ORDER[s[2].horizon], s[1]))
    return [r for _, _, r in scored[:n]]


def _benchmarks(scope: Scope, rec: Recommendation) -> list[str]:
    out = []
    for region in rec.benchmarks:
        if region == scope.target:
            continue
        own = [p for p in scope.dataset.practices if p.region == region]
        same = [p for p in own if p.dimension == rec.dimension] or own
        out.append(region + (f"（{same[0].title}）" if same else ""))
    return out


def _links(scope: Scope, rec: Recommendation) -> list[str]:
    out = []
    for link in recommendation_priority(rec, scope.comps).links:
        ind, cell = link.item.indicator, link.item.target_cell
        now = fmt_observation(cell.observation, ind, year=True) if cell else "暂无数据"
        goal = link.item.targets.get(scope.target)
        if goal is not None:
            now += f"（{fmt_target(goal, ind)}）"
        out.append(f"{ind.name}：{now}／{_standing(link.item)}")
    return out


def _standing(item) -> str:
    """Return the matrix's gap text: 领先 only for a determined first place, never against a bound."""
    if not item.comparable:
        return "无可比数据"
    if item.rank == 1:
        return "并列最优" if item.tied_regions else "领先"
    if item.best is None:
        return fmt_undetermined(item) or "最优地区难以判定"
    return qualified_gap(item)


def recommendation_matrix(scope: Scope, caption: str, table_id: str) -> Table:
    """Return the recommendations by dimension with benchmarks, linked indicators, priority and horizon."""
    columns = [Column("对策建议", "left", 2.2), Column("对标地区与经验", "left", 2.0),
               Column(f"关联指标：{scope.target}现值／与最优差距", "left", 2.6),
               Column("优先级", "center", 0.8), Column("期限", "center", 0.8)]
    rows, used = [], []
    for dimension in recommendation_dimensions(scope):
        rows.append(Row([Cell(dimension, span=5, bold=True)], kind="group"))
        for rec in recommendations_for(scope, dimension):
            level = recommendation_priority(rec, scope.comps).level
            rows.append(Row([Cell(f"{rec.id} {rec.title}"), Cell("；".join(_benchmarks(scope, rec)) or MISSING),
                             Cell("；".join(_links(scope, rec)) or MISSING), Cell(level), Cell(rec.horizon)]))
            if rec.source:
                used.append(scope.dataset.sources[rec.source])
    return Table(id=table_id, caption=caption, columns=columns, rows=rows, notes=[PRIORITY_RULE],
                 source=source_line(sorted(used, key=lambda s: s.id), "资料来源：建议整理自"), kind="matrix")
