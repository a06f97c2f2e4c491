"""Figure nodes: bar, concept, profile, time-series and matrix charts with their captions, sources and notes."""

from __future__ import annotations

from ..analysis import IndicatorComparison, PRIORITY_RULE, latest_by_region, recommendation_priority, series
from ..formatting import INFERRED_MARK, fmt_observation, fmt_value, fmt_year_span
from ..model import ChartSpec, Figure
from .matrix import recommendations_for
from .phrases import CHART_TARGET_NOTE, CHART_YEAR_NOTE
from .scope import Scope


def bar_figure(scope: Scope, item: IndicatorComparison, caption: str | None, figure_id: str,
               height_mm: float | None = None) -> Figure:
    """Return a bar chart of one indicator, target highlighted, missing regions listed."""
    ind = item.indicator
    bars = []
    for r in item.ranking:
        cell = item.cells[r]
        inferred = cell.observation.year_inferred
        bars.append({"region": r, "value": cell.value, "year": cell.year, "qualifier": cell.qualifier,
                     "year_inferred": inferred,
                     "label": fmt_value(cell.value, cell.qualifier, ind) + (INFERRED_MARK if inferred else "")})
    missing = [r for r, c in item.cells.items() if c is None]
    spec = ChartSpec("bar", {
        "indicator": ind.name, "unit": ind.unit, "target": scope.target, "reference_year": item.reference_year,
        "bars": bars, "missing": missing, "direction": ind.direction, "note": f"口径：{ind.definition}",
        "references": reference_lines(scope, item),
    })
    return Figure(id=figure_id, caption=caption or f"{ind.name}对比", chart=spec,
                  height_mm=height_mm or min(85.0, 36.0 + 9.0 * (len(bars) + bool(missing))),
                  source=scope.source_note(scope.sources_of([item], item.regions)),
                  notes=[CHART_TARGET_NOTE.format(target=scope.target)
                         + (CHART_YEAR_NOTE if any(b["year"] != item.reference_year for b in bars) else "")]
                  + scope.inferred_note(b["year_inferred"] for b in bars))


REFERENCE_LEVELS = ("省", "国家")


def reference_lines(scope: Scope, item: IndicatorComparison) -> list[dict]:
    """Return the province or national averages the data has for an indicator, as chart reference lines."""
    out = []
    for name, region in scope.dataset.regions.items():
        if region.level not in REFERENCE_LEVELS or name in item.regions:
            continue
        obs = scope.index.latest(name, item.indicator.id)
        if obs is not None and not obs.is_target and not obs.qualifier:
            out.append({"value": obs.value, "label": f"{name}{fmt_observation(obs, item.indicator, year=False)}"})
    return out


def chart_informs(item: IndicatorComparison) -> bool:
    """Return True when a bar chart of the indicator would inform: at least three regions with values."""
    return sum(1 for c in item.cells.values() if c is not None) >= 3


def concept_figure(scope: Scope, concept: str, caption: str | None, figure_id: str) -> Figure:
    """Return one panel per 口径 of a concept (a shared scale per unit), with a visible note."""
    panels, used, inferred = [], [], False
    for ind in scope.concept_indicators(concept):
        latest = latest_by_region(scope.index, ind.id)
        bars = [{"region": o.region, "value": o.value, "year": o.year, "qualifier": o.qualifier,
                 "year_inferred": o.year_inferred,
                 "label": fmt_value(o.value, o.qualifier, ind) + (INFERRED_MARK if o.year_inferred else "")}
                for o in latest]
        inferred = inferred or any(o.year_inferred for o in latest)
        used += [scope.dataset.sources[o.source] for o in latest]
        panels.append({"indicator": ind.definition, "unit": ind.unit, "bars": bars})
    name = scope.concept_name(concept)
    spec = ChartSpec("concept", {"concept": name, "panels": panels, "target": scope.target,
                                 "note": "口径不同，不可直接比较"})
    return Figure(id=figure_id, caption=caption or f"{name}（不同口径）", chart=spec,
                  source=scope.source_note(used), notes=scope.inferred_note([inferred]))


def profile_figure(scope: Scope, caption: str | None, figure_id: str) -> Figure:
    """Return the target against the best peer on each comparable indicator (best = 100)."""
    items = [i for i in scope.comps.items if i.comparable and i.indicator.unit != "位"]
    rows, undetermined, inferred = [], 0, False
    for item in items:
        if item.best is None:  # no determined best: nothing to score against
            undetermined += 1
            continue
        t, b = item.target_cell, item.cells[item.best]
        inferred = inferred or t.observation.year_inferred or b.observation.year_inferred
        if item.indicator.direction == "higher":
            score = 100 * t.value / b.value if b.value else None
        else:
            score = 100 * b.value / t.value if t.value else None
        if score is None:
            continue
        ind = item.indicator
        rows.append({"indicator": ind.name, "score": round(score, 1), "best_region": item.best,
                     "target_label": fmt_value(t.value, t.qualifier, ind) + _mark(t.observation),
                     "best_label": fmt_value(b.value, b.qualifier, ind) + _mark(b.observation)})
    target = scope.target
    own = len([i for i in scope.comps.items if i.indicator.unit != "位" and i.target_cell is not None])
    skipped = f"，另{undetermined}项与对标地区高低难以判定，不计分" if undetermined else ""
    spec = ChartSpec("profile", {"target": target, "items": rows,
                                 "coverage": f"{target}有数值的{own}项非位次指标中，{len(rows)}项有对标地区的可比数值"
                                             f"{skipped}"})
    return Figure(id=figure_id, caption=caption or f"{target}主要指标相当于对标最优水平的程度",
                  chart=spec, height_mm=max(70.0, 12.0 + 8.5 * len(rows)),
                  source=scope.source_note(scope.sources_of(items, scope.regions)),
                  notes=["注：各指标以有数据对标地区中判定了的最优值为100，位次类指标和最优地区难以判定的指标不计入；"
                         "最优值为界值（如“超”）时，得分为上限。"] + scope.inferred_note([inferred]))


def _mark(obs) -> str:
    return INFERRED_MARK if obs.year_inferred else ""


def timeseries_figure(scope: Scope, item: IndicatorComparison, caption: str | None, figure_id: str) -> Figure:
    """Return a line chart of an indicator over the years the data have, one line per region."""
    ind = item.indicator
    lines, used = [], []
    for region, by_year in series(scope.index, ind.id, scope.regions).items():
        lines.append({"region": region, "highlight": region == scope.target,
                      "points": [[y, o.value, o.year_inferred] for y, o in by_year.items()]})
        used += [scope.dataset.sources[o.source] for o in by_year.values()]
    inferred = any(p[2] for s in lines for p in s["points"])
    note = "空心点及标*的数值年份为推定（原文未注明统计年份），实线只连接原文注明年份的数值。" if inferred else ""
    spec = ChartSpec("timeseries", {"indicator": ind.name, "unit": ind.unit, "series": lines, "note": note})
    span = fmt_year_span([p[0] for s in lines for p in s["points"]])
    return Figure(id=figure_id, caption=caption or f"{ind.name}变化（{span}）",
                  chart=spec, source=scope.source_note(used))


def matrix_figure(scope: Scope, caption: str, figure_id: str) -> Figure:
    """Return each recommendation placed by gap severity against horizon."""
    points = []
    recs = recommendations_for(scope)
    for rec in recs:
        pr = recommendation_priority(rec, scope.comps)
        if pr.severity is not None:
            points.append({"id": rec.id, "label": rec.title, "x": round(pr.severity * 100, 1),
                           "y": rec.horizon, "priority": pr.level})
    skipped = len(recs) - len(points)
    note = f"{skipped}项建议的关联指标暂无可比数据，未标出。" if skipped else ""
    spec = ChartSpec("matrix", {"x_label": "差距程度（距对标最优，%）", "y_label": "实施期限",
                                "y_categories": ["近期", "中期", "长期"], "points": points, "note": note})
    return Figure(id=figure_id, caption=caption, chart=spec, notes=[PRIORITY_RULE],
                  source="资料来源：根据对策建议矩阵中关联指标与对标最优的差距计算。")


def rank_figure(scope: Scope, rows: list, caption: str | None, figure_id: str) -> Figure | None:
    """Return a dot chart of the target's ranks in one field (the field with most ranks), or None below three.

    Ranks of different fields (全国城市, 副省级城市 …) are never put on one axis; ranks of an inferred
    year carry "*" in their label, and the note explains the mark only when one is printed.
    """
    fields: dict[str, list] = {}
    for r in sorted((r for r in rows if r.rank_value is not None), key=lambda r: r.rank_value):
        fields.setdefault((r.rank or r.value).rstrip(INFERRED_MARK).split("第")[0], []).append(r)
    field, ranked = max(fields.items(), key=lambda kv: len(kv[1]), default=("", []))
    if len(ranked) < 3:
        return None
    items = [{"label": r.label.split("（")[0] + (INFERRED_MARK if r.inferred else ""), "rank": r.rank_value,
              "text": f"第{r.rank_value}位"} for r in ranked]
    where = f"{field}中" if field else "相应范围内"
    spec = ChartSpec("rank", {"items": items, "notes": [f"各点为{scope.target}在{where}的位次，越靠左越靠前。"]})
    obs = {i: scope.index.latest(scope.target, i) for r in ranked for i in r.indicator_ids}
    used = [scope.dataset.sources[o.source] for o in obs.values() if o is not None]
    return Figure(id=figure_id, caption=caption or f"{scope.target}在{field or '各项排名'}中的位次", chart=spec,
                  height_mm=min(80.0, 26.0 + 8.0 * len(items)), source=scope.source_note(used),
                  notes=scope.inferred_note(r.inferred for r in ranked))


def gap_figure(scope: Scope, items: list[IndicatorComparison], caption: str | None, figure_id: str) -> Figure | None:
    """Return a dumbbell chart (target, peers' median, best = 100) of the gaps, or None with fewer than three."""
    rows = []
    for item in items:
        if item.best in (None, scope.target) or not item.comparable:
            continue
        ind, t, b = item.indicator, item.target_cell.value, item.cells[item.best].value
        med = item.median_peer
        if ind.direction == "higher":
            score, mscore = (t / b * 100 if b else None), (med / b * 100 if b and med is not None else None)
        else:
            score, mscore = (b / t * 100 if t else None), (b / med * 100 if med else None)
        if score is None:
            continue
        detail = (f"{scope.target}{fmt_value(t, item.target_cell.qualifier, ind)}｜"
                  f"{item.best}{fmt_value(b, item.cells[item.best].qualifier, ind)}")
        rows.append({"indicator": ind.name, "target": score, "median": mscore, "detail": detail})
    if len(rows) < 3:
        return None
    spec = ChartSpec("gap", {"items": rows, "target": scope.target})
    return Figure(id=figure_id, caption=caption or f"{scope.target}与对标最优的差距", chart=spec,
                  height_mm=min(110.0, 28.0 + 10.0 * len(rows)),
                  source=scope.source_note(scope.sources_of(items, scope.regions)))
