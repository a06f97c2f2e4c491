"""What a template can call: value helpers and directives that build tables and figures.

:class:`BriefingContext` holds the dataset and the comparisons of one target
with its peers. Its helpers return text with units, qualifiers and years; its
directives return a marker paragraph that :mod:`nqp_report.render` replaces
with the table or figure built here. Unknown indicators, regions and concepts
raise :class:`TemplateError`, which the renderer tags with the template line.
"""

from __future__ import annotations

from .analysis import Comparisons, IndicatorComparison, compare
from .data import Dataset, Indicator, Practice, Recommendation
from .errors import TemplateError
from .formatting import (
    MISSING, as_predicate, fmt_cell, fmt_date, fmt_gap, fmt_multiple, fmt_observation, fmt_percent,
    fmt_rank, fmt_source, fmt_value, fmt_year_span, source_line,
)
from .model import Cell, ChartSpec, Column, Figure, PageBreak, Paragraph, Row, Table, Text
from .priority import PRIORITY_RULE, recommendation_priority

CHART_TARGET_NOTE = "深色为{target}；年份与参照年份不同的数值已标注年份。"


class BriefingContext:
    """The data side of a template: helpers and directives bound to one target and its peers."""

    def __init__(self, dataset: Dataset, target: str, peers: list[str], reference_year: int | None = None):
        if target not in dataset.regions:
            known = "、".join(dataset.regions)
            raise TemplateError(f"目标地区“{target}”不在数据中；数据中的地区有：{known}")
        for p in peers:
            if p not in dataset.regions:
                raise TemplateError(f"对标地区“{p}”不在数据中")
        self.ds = dataset
        self.target = target
        self.peers = [p for p in peers if p != target]
        self.reference_year = reference_year
        self.comps: Comparisons = compare(dataset, target, self.peers, reference_year)
        self.blocks_by_marker: dict[int, list] = {}
        self._auto_ids: dict[str, int] = {}
        self.meta: dict[str, str] = {}
        self.changes: list = []

    # ------------------------------------------------------------ lookups
    def item(self, indicator_id: str) -> IndicatorComparison:
        """Return the comparison of one indicator; TemplateError if the id is unknown."""
        try:
            return self.comps.by_id(indicator_id)
        except KeyError:
            raise TemplateError(f"未知的指标“{indicator_id}”（见 indicators.csv 的 id 列）") from None

    def indicator(self, indicator_id: str) -> Indicator:
        """Return an indicator record by id."""
        return self.item(indicator_id).indicator

    def _region(self, region: str | None) -> str:
        region = region or self.target
        if region not in self.ds.regions:
            raise TemplateError(f"未知的地区“{region}”（见 regions.csv 的 name 列）")
        return region

    # ------------------------------------------------------------ helpers for prose
    def value(self, indicator_id: str, region: str | None = None, year: bool = True) -> str:
        """Return a region's value as printed: "超2.4万家（2023年）"; "暂无数据" when missing."""
        item, region = self.item(indicator_id), self._region(region)
        cell = item.cells.get(region)
        if cell is None:
            obs = self.ds.observations_for(region, indicator_id)
            if not obs:
                return "暂无数据"
            chosen = next((o for o in reversed(obs) if o.preferred), obs[-1])
            return fmt_observation(chosen, item.indicator, year=year)
        return fmt_observation(cell.observation, item.indicator, year=year)

    def is_value(self, indicator_id: str, region: str | None = None) -> str:
        """Return "为" + the value as printed, or "约为…" for an approximate value."""
        return as_predicate(self.value(indicator_id, region))

    def rank(self, indicator_id: str) -> str:
        """Return the target's rank with its basis: "第3位（4个有数据地区中）"."""
        return fmt_rank(self.item(indicator_id))

    def best(self, indicator_id: str) -> str:
        """Return the best region among those with values, or "—"."""
        return self.item(indicator_id).best or MISSING

    def gap(self, indicator_id: str) -> str:
        """Return the target's shortfall to the best region: "3.29个百分点", "超1200家" when the best is a bound."""
        item = self.item(indicator_id)
        return qualified_gap(item)

    def behind(self, indicator_id: str) -> str:
        """Return the shortfall as a phrase: "低于深圳3.29个百分点" or, for ranks, "落后深圳3位"."""
        item = self.item(indicator_id)
        if not item.comparable or item.best in (None, self.target):
            return "处于领先" if item.rank == 1 else "暂无可比数据"
        verb = "落后" if item.indicator.unit == "位" else ("低于" if item.indicator.direction == "higher" else "高于")
        year = f"（{item.cells[item.best].year}年）" if item.year_differs(item.best) else ""
        return f"{verb}{item.best}{year}{self.gap(indicator_id)}"

    def gap_rel(self, indicator_id: str) -> str:
        """Return the shortfall to the best as a share of the best value: "47%"."""
        return fmt_percent(self.item(indicator_id).gap_to_best_rel)

    def median_gap(self, indicator_id: str) -> str:
        """Return the gap to the median peer, "高于/低于…"-neutral: "1.20个百分点"."""
        item = self.item(indicator_id)
        text = fmt_gap(item.gap_to_median, item.indicator)
        return "约" + text if item.qualified and text != MISSING else text

    def behind_median(self, indicator_id: str) -> bool:
        """Return True when the target is worse than the median peer."""
        item = self.item(indicator_id)
        peers_with_values = sum(1 for p in item.peers if item.cells.get(p) is not None)
        return peers_with_values >= 2 and item.gap_to_median is not None and item.gap_to_median > 0

    def multiple(self, indicator_id: str) -> str:
        """Return the best value as a multiple of the target's: "1.9倍"."""
        return fmt_multiple(self.item(indicator_id).multiple)

    def comparable(self, indicator_id: str) -> bool:
        """Return True when the target and at least one peer have values."""
        return self.item(indicator_id).comparable

    def share_of_best(self, indicator_id: str) -> str:
        """Return the target's value as a share of the best value: "52%" (higher-is-better indicators)."""
        item = self.item(indicator_id)
        if not item.comparable or item.best is None or item.indicator.direction != "higher":
            return MISSING
        best = item.cells[item.best].value
        return fmt_percent(item.target_cell.value / best) if best else MISSING

    def dimension_indicators(self, dimension: str) -> list[str]:
        """Return the ids of one dimension's indicators, in file order."""
        return self._indicator_ids(dimension, None)

    def concept_members(self, concept: str) -> list[str]:
        """Return the ids of the indicators of one concept (different 口径)."""
        ids = [i.id for i in self.ds.indicators.values() if i.concept == concept]
        if not ids:
            raise TemplateError(f"未知的概念组“{concept}”（见 indicators.csv 的 concept 列）")
        return ids

    def concept_name(self, concept: str) -> str:
        """Return what a concept's indicators measure, from their names without the 口径 in brackets."""
        names = [self.ds.indicators[i].name.split("（")[0] for i in self.concept_members(concept)]
        unique = list(dict.fromkeys(names))
        return unique[0] if len(unique) == 1 else "与".join(unique)

    def has_data(self, dimension: str) -> bool:
        """Return True when the target or a peer has a value on an indicator of the dimension."""
        regions = [self.target] + self.peers
        return any(self.item(i).cells.get(r) is not None
                   for i in self.dimension_indicators(dimension) for r in regions)

    def strengths(self, n: int = 3) -> list[IndicatorComparison]:
        """Return up to ``n`` comparable indicators where the target ranks first, in file order.

        A first place shared with a bound (another region's "90%以上" against
        the target's 90%) is no lead and is left out.
        """
        items = [i for i in self.comps.items if i.comparable and i.rank == 1
                 and not any(i.cells[r].qualifier in ("超", "以上") for r in i.tied_regions)]
        return items[:n]

    def weaknesses(self, n: int = 3) -> list[IndicatorComparison]:
        """Return up to ``n`` comparable indicators with the largest relative shortfall to the best."""
        items = [i for i in self.comps.items if i.comparable and (i.gap_to_best_rel or 0) > 0]
        items.sort(key=lambda i: -(i.gap_to_best_rel or 0))
        return items[:n]

    def key_indicators(self, n: int = 6) -> list[str]:
        """Return up to ``n`` comparable indicator ids: largest gaps first, then leads, in file order."""
        chosen = [i.indicator.id for i in self.weaknesses(n)] + [i.indicator.id for i in self.strengths(n)]
        chosen += [i.indicator.id for i in self.comps.items if i.comparable]
        keep = list(dict.fromkeys(chosen))[:n]
        return [i.indicator.id for i in self.comps.items if i.indicator.id in keep]

    def top_recommendations(self, n: int = 5) -> list[Recommendation]:
        """Return up to ``n`` recommendations by priority (largest gap first), then horizon and file order."""
        order = {"近期": 0, "中期": 1, "长期": 2}
        recs = self.recommendations()
        scored = [(recommendation_priority(r, self.comps).severity, r) for r in recs]
        scored.sort(key=lambda sr: (sr[0] is None, -(sr[0] or 0), order[sr[1].horizon], recs.index(sr[1])))
        return [r for _, r in scored[:n]]

    def practices(self, region: str | None = None, dimension: str | None = None) -> list[Practice]:
        """Return the practices (典型经验), optionally of one region or dimension, in file order."""
        if region is not None:
            self._region(region)
        return [p for p in self.ds.practices
                if (region is None or p.region == region) and (dimension is None or p.dimension == dimension)]

    def practice_regions(self) -> list[str]:
        """Return the regions that have practices, in regions.csv order."""
        have = {p.region for p in self.ds.practices}
        return [r for r in self.ds.regions if r in have and r != self.target]

    def priority(self, recommendation_id: str) -> str:
        """Return a recommendation's computed priority: 高, 中, 低 or 待评估."""
        rec = next((r for r in self.ds.recommendations if r.id == recommendation_id), None)
        if rec is None:
            raise TemplateError(f"未知的对策建议“{recommendation_id}”（见 recommendations.csv 的 id 列）")
        return recommendation_priority(rec, self.comps).level

    def priority_recommendations(self, level: str) -> list[Recommendation]:
        """Return the recommendations whose computed priority is ``level`` (高, 中, 低 or 待评估)."""
        return [r for r in self.recommendations() if recommendation_priority(r, self.comps).level == level]

    def recommendations(self, dimension: str | None = None) -> list[Recommendation]:
        """Return the recommendations addressed to the target (or to any region), optionally of one dimension."""
        return [r for r in self.ds.recommendations if r.region in ("", self.target)
                and (dimension is None or r.dimension == dimension)]

    def recommendation_dimensions(self) -> list[str]:
        """Return the dimensions that have recommendations for the target, in the dataset's dimension order."""
        used = {r.dimension for r in self.recommendations()}
        order = self.ds.dimensions()
        return sorted(used, key=lambda d: (order.index(d) if d in order else len(order), d))

    def cite(self, source_id: str) -> str:
        """Return a source as cited in text."""
        if source_id not in self.ds.sources:
            raise TemplateError(f"未知的来源“{source_id}”")
        return fmt_source(self.ds.sources[source_id])

    def ref(self, target_id: str) -> str:
        """Return a marker the renderer turns into a reference ("表2") to a table or figure."""
        return f"\u27e6ref:{target_id}\u27e7"

    # ------------------------------------------------------------ directives
    def _emit(self, *blocks) -> str:
        n = len(self.blocks_by_marker)
        self.blocks_by_marker[n] = list(blocks)
        return f"\n\n\u27e6block:{n}\u27e7\n\n"

    def _auto_id(self, prefix: str, key: str) -> str:
        base = f"{prefix}-{key}"
        n = self._auto_ids.get(base, 0)
        self._auto_ids[base] = n + 1
        return base if n == 0 else f"{base}-{n + 1}"

    def _indicator_ids(self, dimension: str | None, indicators) -> list[str]:
        if indicators:
            ids = [indicators] if isinstance(indicators, str) else list(indicators)
            for i in ids:
                self.item(i)
            return ids
        if dimension is not None and dimension not in self.ds.dimensions():
            raise TemplateError(f"未知的维度“{dimension}”；数据中的维度有：{'、'.join(self.ds.dimensions())}")
        return [i.indicator.id for i in self.comps.items
                if (dimension is None or i.indicator.dimension == dimension)]

    def _sources_of(self, items: list[IndicatorComparison], regions: list[str]):
        out = []
        for item in items:
            for r in regions:
                cell = item.cells.get(r)
                if cell is not None:
                    out.append(self.ds.sources[cell.observation.source])
                    out.extend(self.ds.sources[a.source] for a in cell.alternatives)
        return sorted(out, key=lambda s: s.id)

    def comparison_table(self, dimension: str | None = None, indicators=None, caption: str | None = None,
                         id: str | None = None) -> str:
        """Directive: a table of the target and peers on the indicators of one dimension (or a list)."""
        ids = self._indicator_ids(dimension, indicators)
        items = [self.item(i) for i in ids]
        regions = [self.target] + self.peers
        items = [i for i in items if any(i.cells.get(r) is not None for r in regions)]
        if not items:
            return self._emit(Paragraph([Text(f"（{dimension or '所选'}指标暂无{self.target}及对标地区的数据。）")], "note"))
        shown = [r for r in regions if r == self.target or any(i.cells.get(r) is not None for i in items)]
        ranked_items = [i for i in items if i.rank]
        others = [i for i in items if not i.rank]
        columns = [Column("指标（单位）", "left", 2.4)]
        columns += [Column(r, "right", 1.0) for r in shown]
        if ranked_items:  # with nothing ranked, the 位次 and 差距 columns would be all "—"
            columns += [Column(f"{self.target}位次", "center", 1.0), Column("与最优差距", "right", 1.3)]
        rows = []
        notes: list[str] = []
        for group, members in (("有可比数值的指标", ranked_items), ("暂无可比数值的指标（仅列出已有数值）", others)):
            if not members:
                continue
            if ranked_items and others:
                rows.append(Row([Cell(group, span=len(columns), bold=True)], kind="group"))
            for item in members:
                rows.append(self._comparison_row(item, shown, bool(ranked_items)))
                notes.extend(self._notes_for(item, shown))
        notes.extend(self._summary_notes(items, shown))
        _fit_widths(columns, rows)
        rank_note = f"“{self.target}位次”为{self.target}在有数据地区中的位次/有数据地区数；" if ranked_items else ""
        notes.insert(0, f"注：{self._year_phrase(items)}，年份不同的在括号内标注；{rank_note}“—”为无数据，不按零计。")
        caption = caption or f"{dimension or '主要'}指标对比"
        table = Table(id=id or self._auto_id("tab", dimension or "cmp"), caption=caption, columns=columns,
                      rows=rows, notes=_dedupe(notes), source=source_line(self._sources_of(items, shown)),
                      kind="comparison")
        return self._emit(table)

    def _comparison_row(self, item: IndicatorComparison, shown: list[str], with_rank: bool) -> Row:
        """Return one indicator's row: name and unit, each region's value, and (when asked) rank and gap."""
        ind = item.indicator
        cells = [Cell(f"{ind.name}（{ind.unit}）" if ind.unit else ind.name)]
        for r in shown:
            text = fmt_cell(item.cells.get(r), ind, item.reference_year)
            cells.append(Cell(text, missing=text == MISSING, bold=r == self.target))
        if with_rank:
            cells.append(Cell(f"{item.rank}/{item.coverage[0]}" if item.rank else MISSING, missing=not item.rank))
            gap = qualified_gap(item) if item.rank and item.rank > 1 \
                else (("并列" if item.tied_regions else "领先") if item.rank == 1 else MISSING)
            cells.append(Cell(gap, missing=gap == MISSING))
        return Row(cells)

    def _year_phrase(self, items: list[IndicatorComparison]) -> str:
        if self.reference_year:
            return f"各地区取{self.reference_year}年或此前最近年份的数值"
        return f"各指标以{self.target}最新数据的年份为准，其他地区取同年或此前最近年份的数值"

    def _notes_for(self, item: IndicatorComparison, regions: list[str]) -> list[str]:
        """Return the notes one indicator needs: sibling 口径, conflicting sources, derived values."""
        ind = item.indicator
        notes = []
        if item.concept_siblings:
            members = "、".join(self.ds.indicators[i].name for i in self.concept_members(ind.concept))
            notes.append(f"{members}口径不同（见附录指标口径），不可直接比较。")
        for r in regions:
            cell = item.cells.get(r)
            if cell is None:
                continue
            if cell.alternatives:
                alts = "；".join(
                    f"{fmt_observation(a, ind, year=False)}（{fmt_source(self.ds.sources[a.source])}）"
                    for a in cell.alternatives)
                notes.append(f"{r}{cell.year}年{ind.name}另有来源记为{alts}，本表采用"
                             f"{fmt_observation(cell.observation, ind, year=False)}"
                             f"（{fmt_source(self.ds.sources[cell.observation.source])}）。")
            if cell.observation.derived:
                notes.append(f"{r}{ind.name}为推算值：{cell.observation.note.rstrip('。')}。")
        return notes

    def _summary_notes(self, items: list[IndicatorComparison], regions: list[str]) -> list[str]:
        """Return the notes that cover several rows at once: qualifiers and lower-is-better indicators."""
        notes = []
        qualifiers = sorted({c.qualifier for i in items for r in regions
                             if (c := i.cells.get(r)) is not None and c.qualifier})
        if qualifiers:
            words = "、".join(f"“{q}”" for q in qualifiers)
            notes.append(f"数值前后的{words}为原文限定词，表示约数或界值，相关位次和差距仅供参考。")
        lower = [i.indicator.name for i in items if i.indicator.direction == "lower"]
        if lower:
            notes.append(f"{'、'.join(lower)}数值越小越好。")
        if any(c.observation.year_inferred for i in items for r in regions if (c := i.cells.get(r)) is not None):
            notes.append("部分数值原文未注明统计年份，按来源发表时间记为最近的统计年度，逐项见附录“数据冲突、约数与推算值”。")
        return notes

    def concept_table(self, concept: str, caption: str | None = None, id: str | None = None) -> str:
        """Directive: the indicators of one concept (different 口径) side by side, never ranked together."""
        inds = [i for i in self.ds.indicators.values() if i.concept == concept]
        if not inds:
            raise TemplateError(f"未知的概念组“{concept}”（见 indicators.csv 的 concept 列）")
        columns = [Column("口径", "left", 3.0), Column("地区", "center", 1.0), Column("数值", "right", 1.0),
                   Column("年份", "center", 0.8)]
        rows, used = [], []
        for ind in inds:
            obs_rows = [o for o in self.ds.observations if o.indicator == ind.id]
            for o in sorted(obs_rows, key=lambda o: (list(self.ds.regions).index(o.region), o.year)):
                rows.append(Row([Cell(ind.definition), Cell(o.region),
                                 Cell(fmt_observation(o, ind, year=False)), Cell(str(o.year))],
                                kind="highlight" if o.region == self.target else "body"))
                used.append(self.ds.sources[o.source])
        name = self.concept_name(concept)
        table = Table(id=id or self._auto_id("tab", concept), caption=caption or f"{name}的不同口径",
                      columns=columns, rows=rows,
                      notes=["注：各行口径不同，不可直接比较或排序，仅供并列参考。"],
                      source=source_line(sorted(used, key=lambda s: s.id)), kind="plain")
        return self._emit(table)

    def bar_chart(self, indicator_id: str, caption: str | None = None, id: str | None = None,
                  height_mm: float | None = None) -> str:
        """Directive: a bar chart of one indicator, target highlighted, missing regions listed."""
        item = self.item(indicator_id)
        ind = item.indicator
        bars = []
        for r in item.ranking:
            cell = item.cells[r]
            bars.append({"region": r, "value": cell.value, "year": cell.year, "qualifier": cell.qualifier,
                         "label": fmt_value(cell.value, cell.qualifier, ind)})
        missing = [r for r, c in item.cells.items() if c is None]
        spec = ChartSpec("bar", {
            "indicator": ind.name, "unit": ind.unit, "target": self.target, "reference_year": item.reference_year,
            "bars": bars, "missing": missing, "direction": ind.direction,
            "note": f"口径：{ind.definition}",
        })
        figure = Figure(id=id or self._auto_id("fig", indicator_id), caption=caption or f"{ind.name}对比",
                        chart=spec, height_mm=height_mm or min(85.0, 36.0 + 9.0 * (len(bars) + bool(missing))),
                        source=source_line(self._sources_of([item], item.regions)),
                        notes=[CHART_TARGET_NOTE.format(target=self.target)])
        return self._emit(figure)

    def concept_chart(self, concept: str, caption: str | None = None, id: str | None = None) -> str:
        """Directive: one panel per 口径 of a concept, each on its own axis, with a visible note."""
        inds = [i for i in self.ds.indicators.values() if i.concept == concept]
        if not inds:
            raise TemplateError(f"未知的概念组“{concept}”（见 indicators.csv 的 concept 列）")
        panels, used = [], []
        for ind in inds:
            obs = [o for o in self.ds.observations if o.indicator == ind.id]
            latest: dict[str, object] = {}
            for o in sorted(obs, key=lambda o: (o.year, o.preferred)):
                latest[o.region] = o
            bars = [{"region": o.region, "value": o.value, "year": o.year, "qualifier": o.qualifier,
                     "label": fmt_value(o.value, o.qualifier, ind)}
                    for o in latest.values()]
            used += [self.ds.sources[o.source] for o in latest.values()]
            panels.append({"indicator": ind.definition, "unit": ind.unit, "bars": bars})
        name = self.concept_name(concept)
        spec = ChartSpec("concept", {"concept": name, "panels": panels, "target": self.target,
                                     "note": "口径不同，不可直接比较"})
        figure = Figure(id=id or self._auto_id("fig", concept), caption=caption or f"{name}（不同口径）",
                        chart=spec, source=source_line(sorted(used, key=lambda s: s.id)))
        return self._emit(figure)

    def profile_chart(self, caption: str | None = None, id: str | None = None) -> str:
        """Directive: the target against the best peer on each comparable indicator (best = 100)."""
        items = [i for i in self.comps.items if i.comparable and i.indicator.unit != "位"]
        rows = []
        for item in items:
            t, b = item.target_cell, item.cells[item.best]
            if item.indicator.direction == "higher":
                score = 100 * t.value / b.value if b.value else None
            else:
                score = 100 * b.value / t.value if t.value else None
            if score is None:
                continue
            ind = item.indicator
            rows.append({"indicator": ind.name, "score": round(score, 1), "best_region": item.best,
                         "target_label": fmt_value(t.value, t.qualifier, ind),
                         "best_label": fmt_value(b.value, b.qualifier, ind)})
        own = len([i for i in self.comps.items if i.indicator.unit != "位" and i.target_cell is not None])
        spec = ChartSpec("profile", {"target": self.target, "items": rows,
                                     "coverage": f"{self.target}有数值的{own}项非位次指标中，"
                                                 f"{len(rows)}项有对标地区的可比数值"})
        figure = Figure(id=id or self._auto_id("fig", "profile"),
                        caption=caption or f"{self.target}主要指标相当于对标最优水平的程度",
                        chart=spec, height_mm=max(70.0, 12.0 + 8.5 * len(rows)),
                        source=source_line(self._sources_of(items, [self.target] + self.peers)),
                        notes=["注：各指标以有数据对标地区中的最优值为100，位次类指标不计入。"])
        return self._emit(figure)

    def has_series(self, indicator_id: str) -> bool:
        """Return True when some region has values for several years of an indicator."""
        years: dict[str, set[int]] = {}
        for o in self.ds.observations:
            if o.indicator == indicator_id:
                years.setdefault(o.region, set()).add(o.year)
        return any(len(y) > 1 for y in years.values())

    def series_indicators(self) -> list[str]:
        """Return the indicators with values for several years somewhere."""
        return [i for i in self.ds.indicators if self.has_series(i)]

    def timeseries_chart(self, indicator_id: str, caption: str | None = None, id: str | None = None) -> str:
        """Directive: a line chart of an indicator over the years the data have."""
        ind = self.indicator(indicator_id)
        series, used = [], []
        for r in [self.target] + self.peers:
            obs = self.ds.observations_for(r, indicator_id)
            by_year: dict[int, object] = {}
            for o in obs:
                if o.year not in by_year or o.preferred:
                    by_year[o.year] = o
            if by_year:
                series.append({"region": r, "highlight": r == self.target,
                               "points": [[y, by_year[y].value] for y in sorted(by_year)]})
                used += [self.ds.sources[o.source] for o in by_year.values()]
        spec = ChartSpec("timeseries", {"indicator": ind.name, "unit": ind.unit, "series": series, "note": ""})
        figure = Figure(id=id or self._auto_id("fig", f"ts-{indicator_id}"),
                        caption=caption or f"{ind.name}变化（{fmt_year_span([p[0] for s in series for p in s['points']])}）",
                        chart=spec, source=source_line(sorted(used, key=lambda s: s.id)))
        return self._emit(figure)

    def recommendation_matrix(self, caption: str = "对策建议矩阵", id: str = "tab-matrix") -> str:
        """Directive: the recommendations by dimension with benchmarks, linked indicators, priority and horizon."""
        columns = [Column("对策建议", "left", 2.2), Column("对标地区与经验", "left", 2.0),
                   Column(f"关联指标：{self.target}现值／与最优差距", "left", 2.6),
                   Column("优先级", "center", 0.8), Column("期限", "center", 0.8)]
        rows, used = [], []
        for dimension in self.recommendation_dimensions():
            rows.append(Row([Cell(dimension, span=5, bold=True)], kind="group"))
            for rec in self.recommendations(dimension):
                pr = recommendation_priority(rec, self.comps)
                bench = []
                for region in rec.benchmarks:
                    if region == self.target:
                        continue
                    own = [p for p in self.ds.practices if p.region == region]
                    same = [p for p in own if p.dimension == rec.dimension] or own
                    bench.append(region + (f"（{same[0].title}）" if same else ""))
                links = []
                for link in pr.links:
                    ind = link.item.indicator
                    cell = link.item.target_cell
                    now = fmt_observation(cell.observation, ind, year=True) if cell else "暂无数据"
                    gap = ("领先" if link.item.rank == 1 else qualified_gap(link.item)) \
                        if link.item.comparable else "无可比数据"
                    links.append(f"{ind.name}：{now}／{gap}")
                rows.append(Row([Cell(f"{rec.id} {rec.title}"), Cell("；".join(bench) or MISSING),
                                 Cell("；".join(links) or MISSING), Cell(pr.level), Cell(rec.horizon)]))
                if rec.source:
                    used.append(self.ds.sources[rec.source])
        table = Table(id=id, caption=caption, columns=columns, rows=rows, notes=[PRIORITY_RULE],
                      source=source_line(sorted(used, key=lambda s: s.id), "资料来源：建议整理自"),
                      kind="matrix")
        return self._emit(table)

    def matrix_chart(self, caption: str = "对策建议的差距程度与实施期限", id: str = "fig-matrix") -> str:
        """Directive: each recommendation placed by gap severity against horizon."""
        points = []
        recs = self.recommendations()
        for rec in recs:
            pr = recommendation_priority(rec, self.comps)
            if pr.severity is not None:
                points.append({"id": rec.id, "label": rec.title, "x": round(pr.severity * 100, 1),
                               "y": rec.horizon, "priority": pr.level})
        skipped = len(recs) - len(points)
        note = f"{skipped}项建议的关联指标暂无可比数据，未标出。" if skipped else ""
        spec = ChartSpec("matrix", {"x_label": "差距程度（距对标最优，%）", "y_label": "实施期限",
                                    "y_categories": ["近期", "中期", "长期"], "points": points, "note": note})
        figure = Figure(id=id, caption=caption, chart=spec, notes=[PRIORITY_RULE],
                        source="资料来源：根据对策建议矩阵中关联指标与对标最优的差距计算。")
        return self._emit(figure)

    def definitions_table(self, caption: str = "指标口径说明", id: str = "tab-definitions") -> str:
        """Directive: the appendix table of indicator definitions (口径), units and directions."""
        rows = []
        for dim in self.ds.dimensions():
            rows.append(Row([Cell(dim, span=4, bold=True)], kind="group"))
            for ind in self.ds.indicators.values():
                if ind.dimension == dim:
                    rows.append(Row([Cell(ind.name), Cell(ind.definition), Cell(ind.unit or MISSING),
                                     Cell("越高越好" if ind.direction == "higher" else "越低越好")]))
        table = Table(id=id, caption=caption, rows=rows,
                      columns=[Column("指标", "left", 1.6), Column("口径", "left", 3.2), Column("单位", "center", 0.7),
                               Column("方向", "center", 0.9)])
        return self._emit(table)

    def sources_table(self, caption: str = "数据来源", id: str = "tab-sources") -> str:
        """Directive: the appendix table of sources with how many values each gives."""
        counts: dict[str, int] = {}
        for o in self.ds.observations:
            counts[o.source] = counts.get(o.source, 0) + 1
        rows = [Row([Cell(s.id), Cell(fmt_source(s)), Cell(str(counts.get(s.id, 0)))])
                for s in self.ds.sources.values()]
        table = Table(id=id, caption=caption, rows=rows,
                      columns=[Column("编号", "center", 0.7), Column("来源", "left", 5.0), Column("数值个数", "right", 1.0)])
        return self._emit(table)

    def conflicts_table(self, caption: str = "数据冲突、约数与推算值", id: str = "tab-conflicts") -> str:
        """Directive: every conflicting, qualified or derived value and inferred year, with how it is treated."""
        rows = []
        for o in self.ds.observations:
            ind = self.ds.indicators[o.indicator]
            if o.preferred:
                others = [x for x in self.ds.observations_for(o.region, o.indicator) if x.year == o.year and x is not o]
                alt = "、".join(f"{fmt_observation(x, ind, year=False)}（{x.source}）" for x in others)
                rows.append(Row([Cell(f"{o.region}·{ind.name}（{o.year}）"), Cell("来源不一"),
                                 Cell(f"采用{fmt_observation(o, ind, year=False)}（{o.source}），另有{alt}")]))
            elif o.qualifier and not o.derived:
                rows.append(Row([Cell(f"{o.region}·{ind.name}（{o.year}）"), Cell("约数或界值"),
                                 Cell(f"数据集记为“{fmt_observation(o, ind, year=False)}”，"
                                      f"各处均保留限定词" + (f"（{o.note}）" if o.note else ""))]))
            if o.derived:
                rows.append(Row([Cell(f"{o.region}·{ind.name}（{o.year}）"), Cell("推算值"), Cell(o.note)]))
        inferred: dict[str, list] = {}
        for o in self.ds.observations:
            if o.year_inferred:
                inferred.setdefault(o.source, []).append(o)
        for source_id, obs in sorted(inferred.items()):
            names = "、".join(f"{o.region}·{self.ds.indicators[o.indicator].name}" for o in obs)
            years = "、".join(f"{y}年" for y in sorted({o.year for o in obs}))
            rows.append(Row([Cell(f"{source_id}中的{len(obs)}个数值"), Cell("年份推定"),
                             Cell(f"原文未注明统计年份，按发表时间（{fmt_date(self.ds.sources[source_id].date)}）"
                                  f"记为{years}：{names}")]))
        if not rows:
            return self._emit(Paragraph([Text("数据中没有来源冲突、约数、推算值或推定年份。")], "note"))
        table = Table(id=id, caption=caption, rows=rows,
                      columns=[Column("数值", "left", 2.2), Column("类型", "center", 1.4), Column("处理", "left", 3.6)])
        return self._emit(table)

    def changes_table(self, caption: str = "数据更新情况", id: str = "tab-changes") -> str:
        """Directive: the values updated, added or removed since the last build."""
        rows = [Row([Cell(c.kind, bold=c.kind == "更新"), Cell(c.region), Cell(c.indicator), Cell(str(c.year)),
                     Cell(c.old or MISSING, missing=not c.old), Cell(c.new or MISSING, missing=not c.new)])
                for c in self.changes]
        if not rows:
            return self._emit(Paragraph([Text("与上次生成报告时相比，数据没有变化。")], "note"))
        table = Table(id=id, caption=caption, rows=rows,
                      columns=[Column("变化", "center", 0.7), Column("地区", "center", 0.9), Column("指标", "left", 2.2),
                               Column("年份", "center", 0.7), Column("原数值", "right", 1.2),
                               Column("新数值", "right", 1.2)])
        return self._emit(table)

    def center(self, text: str) -> str:
        """Directive: a centred paragraph."""
        return self._emit(Paragraph([Text(str(text))], "center"))

    def signature(self, text: str) -> str:
        """Directive: a right-aligned signature line (issuing body, date)."""
        return self._emit(Paragraph([Text(str(text))], "signature"))

    def page_break(self) -> str:
        """Directive: start a new page."""
        return self._emit(PageBreak())

    # ------------------------------------------------------------ the template's namespace
    def globals(self) -> dict:
        """Return the names a template can use."""
        names = [
            "value", "is_value", "rank", "best", "behind", "share_of_best", "dimension_indicators", "concept_members", "concept_name", "has_data", "gap", "gap_rel", "median_gap", "behind_median", "multiple", "comparable",
            "strengths", "weaknesses", "key_indicators", "top_recommendations", "practices", "practice_regions", "recommendations", "recommendation_dimensions", "priority", "priority_recommendations", "cite", "ref",
            "indicator", "item", "comparison_table", "concept_table", "bar_chart", "concept_chart", "profile_chart",
            "timeseries_chart", "has_series", "series_indicators", "recommendation_matrix", "matrix_chart",
            "definitions_table", "sources_table", "conflicts_table", "changes_table", "center", "signature", "page_break",
        ]
        g = {n: getattr(self, n) for n in names}
        g.update(
            target=self.target, peers=self.peers, reference_year=self.reference_year,
            dimensions=self.ds.dimensions(), regions=list(self.ds.regions), indicators=list(self.ds.indicators),
            concepts=list(dict.fromkeys(i.concept for i in self.ds.indicators.values() if i.concept)),
            n_indicators=len(self.ds.indicators), n_observations=len(self.ds.observations),
            n_sources=len(self.ds.sources), as_of_year=self.ds.as_of_year(),
            changes=self.changes,
            comparable_count=sum(1 for i in self.comps.items if i.comparable),
            n_target_indicators=sum(1 for i in self.comps.items if i.target_cell is not None),
            fmt_rank=fmt_rank, fmt_gap=fmt_gap, fmt_percent=fmt_percent,
        )
        g.update(self.meta)
        return g


def gap_qualifier(item: IndicatorComparison) -> str:
    """Return the qualifier a gap inherits from its two values: 超 when the best is a lower bound, 约 otherwise."""
    t = item.target_cell
    b = item.cells.get(item.best) if item.best else None
    if t is None or b is None or not (t.qualifier or b.qualifier):
        return ""
    if b.qualifier in ("超", "以上") and t.qualifier in ("", "不足", "近"):
        return "超"
    return "约"


def qualified_gap(item: IndicatorComparison) -> str:
    """Return the gap to the best with the qualifier it inherits: "1200家以上", "约3位"."""
    q = gap_qualifier(item)
    text = fmt_gap(item.gap_to_best, item.indicator)
    if q == "超":
        return text + "以上"
    return q + text


def display_width(text: str) -> float:
    """Return the printed width of a text in em: 1 for Chinese characters, 0.5 for ASCII."""
    return sum(0.5 if ord(c) < 0x2000 else 1.0 for c in text)


def _fit_widths(columns: list[Column], rows: list[Row], first_max: float = 9.0) -> None:
    """Set relative column widths from the longest cell of each column (the first column capped)."""
    for n, column in enumerate(columns):
        texts = [column.header] + [r.cells[n].text for r in rows if r.kind != "group" and len(r.cells) > n]
        widest = max(display_width(t) for t in texts)
        if n == 0:
            column.width = min(max(widest, 4.0), first_max)
        else:
            column.width = min(max(widest, 2.5, display_width(column.header) / 2), 7.0)


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
