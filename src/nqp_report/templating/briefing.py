"""Template functions of the editorial briefing: profile, gaps, cited experience, decision matrix, numbered sources."""

from __future__ import annotations

from ..data import Practice, Recommendation
from ..formatting import fmt_observation, fmt_source
from ..model import Cell, Column, Paragraph, Row, Table, Text
from . import editorial, figures, matrix, phrases
from .markers import Markers
from .registry import template_function
from .scope import Scope

FOREIGN_LEVEL = "国际"


class BriefingFunctions:
    """Helpers and directives of the redesigned briefing and brief, bound to one scope."""

    scope: Scope
    markers: Markers

    @template_function
    def numbered_sources(self) -> str:
        """Directive: from here on, tables and figures cite "资料来源：[1][3]", pointing into the numbered list."""
        self.scope.numbered_sources = True
        return ""

    @template_function
    def source_list(self) -> list[str]:
        """Return the sources cited so far as "[n]《title》，…", n being the number the source tags use."""
        return [f"[{n}]{fmt_source(self.scope.dataset.sources[s])}" for n, s in enumerate(self.scope.cited, 1)]

    @template_function
    def source_notes(self) -> str:
        """Directive: the numbered source list set small (the note style), as a 要报 lists its sources."""
        notes = [Paragraph([Text(s)], "note") for s in self.source_list()]
        return self.markers.emit(*notes) if notes else ""

    @template_function
    def source_tag(self, *indicator_ids: str) -> str:
        """Return "[1][3]": the numbers of the sources of the target's and the best region's values."""
        used = []
        for ind_id in indicator_ids:
            item = self.scope.item(ind_id)
            for r in {self.scope.target, item.best} - {None}:
                cell = item.cells.get(r)
                if cell is not None:
                    used.append(cell.observation.source)
            if not item.comparable:
                obs = self.scope.index.latest(self.scope.target, ind_id)
                if obs is not None:
                    used.append(obs.source)
        return self.scope.cite_numbers(sorted(set(used)))

    @template_function
    def profile_facts(self, n: int = 3) -> list[str]:
        """Return up to ``n`` of the target's best ranks as sentences: "国家级制造业单项冠军数83家，居全国城市第1位（2023年）[3]"."""
        rows = [r for r in editorial.profile_rows(self.scope, 99) if r.rank_value is not None]
        out = []
        for r in sorted(rows, key=lambda r: r.rank_value)[:n]:
            obs = editorial.target_observations(self.scope)
            o = obs[r.indicator_ids[0]]
            ind = self.scope.dataset.indicators[o.indicator]
            if r.rank:
                text = f"{ind.name}{fmt_observation(o, ind, year=False)}，居{r.rank}"
            else:
                text = f"{r.label}居{r.value.rstrip('*')}"
            year = f"{o.year}年" + ("，年份推定" if r.inferred else "")
            out.append(f"{text}（{year}）{self.source_tag(*r.indicator_ids)}")
        return out

    @template_function
    def profile_overview(self, n: int = 12) -> str:
        """Return what the profile table covers: "12项主要指标2022—2023年的数值，其中7项附全国城市或副省级城市位次"."""
        return editorial.profile_overview(self.scope, n)

    @template_function
    def gap_items(self) -> list:
        """Return the indicators the target shares with at least one peer, largest relative gap first."""
        return editorial.gap_rows(self.scope)

    @template_function
    def behind_items(self) -> list:
        """Return the comparable indicators where a peer is determined to be ahead: measured gaps before estimates."""
        items = [i for i in editorial.gap_rows(self.scope) if i.best not in (None, self.scope.target)]
        return sorted(items, key=lambda i: bool(phrases.estimate_note(i)))

    @template_function
    def chart_informs(self, indicator_id: str) -> bool:
        """Return True when a chart of the indicator would inform: at least three regions with values."""
        return figures.chart_informs(self.scope.item(indicator_id))

    @template_function
    def concepts_used(self) -> list[str]:
        """Return the concept groups where the target and another region have values under different 口径."""
        return editorial.used_concepts(self.scope)

    @template_function
    def concepts_compared(self) -> list[str]:
        """Return the names of the 口径 table's indicators that the gap table compares (shown there for the target only)."""
        return [i.name for i in editorial.concept_compared(self.scope, editorial.used_concepts(self.scope))]

    @template_function
    def profile_table(self, n: int = 12, caption: str | None = None, id: str | None = None) -> str:
        """Directive: the target's key indicators with value, year and rank where the data has one."""
        return self.markers.emit(editorial.profile_table(self.scope, n, caption or f"{self.scope.target}主要指标",
                                                         id or self.markers.auto_id("tab", "profile")))

    @template_function
    def has_rank_chart(self, n: int = 12) -> bool:
        """Return True when the target has at least three ranks among its profile indicators."""
        return sum(1 for r in editorial.profile_rows(self.scope, n) if r.rank_value is not None) >= 3

    @template_function
    def rank_chart(self, n: int = 12, caption: str | None = None, id: str | None = None) -> str:
        """Directive: a dot chart of the target's ranks; nothing when it has fewer than three."""
        fig = figures.rank_figure(self.scope, editorial.profile_rows(self.scope, n), caption,
                                  id or self.markers.auto_id("fig", "ranks"))
        return self.markers.emit(fig) if fig is not None else ""

    @template_function
    def gap_table(self, caption: str | None = None, id: str | None = None, n: int | None = None) -> str:
        """Directive: up to ``n`` comparable indicators (largest gap first) with the peers' values and the standing."""
        return self.markers.emit(editorial.gap_table(self.scope, caption or "可比指标对比",
                                                     id or self.markers.auto_id("tab", "gaps"), n))

    @template_function
    def concept_overview(self, caption: str | None = None, id: str | None = None) -> str:
        """Directive: the 口径 groups in long form, one line per region with a value, never ranked."""
        concepts = editorial.used_concepts(self.scope)
        if not concepts:
            return ""
        return self.markers.emit(editorial.concept_rows_table(self.scope, concepts, caption or "不同口径的数值",
                                                              id or self.markers.auto_id("tab", "concepts")))

    @template_function
    def cited_regions(self, foreign: bool | None = None, sections: bool | None = None, min_citing: int = 3) -> list[str]:
        """Return the non-target regions whose practices the target's recommendations cite, in regions.csv order.

        ``foreign`` True keeps only foreign regions (level 国际), False only domestic ones. ``sections`` True
        keeps the regions that earn a section of their own (a peer, or cited by at least ``min_citing``
        recommendations), False the others.
        """
        cited = {p.region for r in matrix.recommendations_for(self.scope) for p in matrix.linked_practices(self.scope, r)}
        out = []
        for name in self.scope.dataset.regions:
            if name not in cited or name == self.scope.target:
                continue
            if foreign is not None and self.is_foreign(name) != foreign:
                continue
            own = name in self.scope.peers or len(self.citing(name)) >= min_citing
            if sections is None or own == sections:
                out.append(name)
        return out

    @template_function
    def is_foreign(self, region: str) -> bool:
        """Return True for a foreign region (level 国际)."""
        return self.scope.dataset.regions[region].level == FOREIGN_LEVEL

    @template_function
    def cited_practices(self, region: str) -> list[Practice]:
        """Return the practices of ``region`` that a recommendation cites, in file order."""
        ids = {i for r in matrix.recommendations_for(self.scope) for i in r.practices}
        return [p for p in self.scope.dataset.practices if p.region == region and p.id in ids]

    @template_function
    def citing(self, region: str) -> list[Recommendation]:
        """Return the recommendations that cite a practice of ``region``."""
        return [r for r in matrix.recommendations_for(self.scope)
                if any(p.region == region for p in matrix.linked_practices(self.scope, r))]

    @template_function
    def lesson(self, region: str) -> str:
        """Return the sentence closing a region's experience: the measures its most cited practice supports."""
        recs = self.citing(region)
        practices = self.cited_practices(region)
        if not recs or not practices:
            return ""
        practice = max(practices, key=lambda p: sum(p.id in r.practices for r in recs))
        sections = self.cited_regions(foreign=False, sections=True)
        position = sections.index(region) if region in sections else 0
        return phrases.lesson_sentence(self.scope.target, region, practice.title,
                                       [r.title for r in recs if practice.id in r.practices], position)

    @template_function
    def rec_priority(self, rec: Recommendation) -> str:
        """Return the priority as printed: the editor's, or the computed suggestion marked "测算"."""
        return matrix.priority_text(self.scope, rec)

    @template_function
    def rec_target(self, rec: Recommendation, limit: int | None = None) -> str:
        """Return up to ``limit`` targeted indicators "名称 现值 → 目标值", "" when none has a value."""
        return matrix.target_text(self.scope, rec, limit)

    @template_function
    def rec_lead(self, rec: Recommendation) -> str:
        """Return the leading body of a recommendation's 牵头单位 ("待定" when blank)."""
        return matrix.lead_body(rec.lead) or "待定"

    @template_function
    def rec_time(self, rec: Recommendation) -> str:
        """Return the time frame: the target year when set, else 近期/中期/长期."""
        return matrix.horizon_text(rec)

    @template_function
    def priority_recs(self, level: str) -> list[Recommendation]:
        """Return the recommendations at ``level`` (editor's priority, else the computed suggestion), by order."""
        recs = matrix.top_recommendations(self.scope, len(matrix.recommendations_for(self.scope)))
        return [r for r in recs if matrix.priority_of(self.scope, r)[0] == level]

    @template_function
    def indicators_table(self, caption: str = "本报告所用指标的口径", id: str = "tab-definitions") -> str:
        """Directive: the definitions (口径) of the indicators the document shows, by dimension."""
        used = self._used_indicators()
        rows = []
        for ind in self.scope.dataset.indicators.values():
            if ind.id in used:
                rows.append(Row([Cell(f"{ind.name}（{ind.unit}）"), Cell(ind.definition)]))
        return self.markers.emit(Table(id=id, caption=caption, rows=rows,
                                       columns=[Column("指标（单位）", "left", 2.0), Column("口径", "left", 4.0)]))

    def _used_indicators(self) -> set[str]:
        used = {i for r in editorial.profile_rows(self.scope) for i in r.indicator_ids}
        used |= {i.indicator.id for i in editorial.gap_rows(self.scope)}
        for c in editorial.used_concepts(self.scope):
            used |= {ind.id for ind, _ in editorial.concept_group_rows(self.scope, c)}
        for r in matrix.recommendations_for(self.scope):
            shown = [i for i in r.indicators if self.scope.index.latest(self.scope.target, i) is not None]
            used |= set(shown[:1])
        return used

    @template_function
    def data_gaps(self, n: int = 10) -> list[str]:
        """Return up to ``n`` missing values that would add a comparison, most useful first, as sentences."""
        return editorial.data_gap_sentences(self.scope, n)

    @template_function
    def caveats_table(self, caption: str = "来源不一、推算值和推定年份", id: str = "tab-caveats") -> str:
        """Directive: for the indicators the document shows, conflicting sources, derived values and inferred years."""
        return self.markers.emit(editorial.caveats_table(self.scope, self._used_indicators(), caption, id))

    @template_function
    def recs_at(self, dimension: str, *levels: str) -> list[Recommendation]:
        """Return the recommendations of one dimension whose priority is one of ``levels``, in file order."""
        return [r for r in matrix.recommendations_for(self.scope, dimension)
                if matrix.priority_of(self.scope, r)[0] in levels]

    @template_function
    def has_gap_chart(self) -> bool:
        """Return True when at least three indicators have a determined gap to a better peer."""
        return figures.gap_figure(self.scope, editorial.gap_rows(self.scope), None, "x") is not None

    @template_function
    def gap_chart(self, caption: str | None = None, id: str | None = None) -> str:
        """Directive: a dumbbell chart of the target, the peers' median and the best (= 100); nothing below three."""
        fig = figures.gap_figure(self.scope, editorial.gap_rows(self.scope), caption,
                                 id or self.markers.auto_id("fig", "gaps"))
        return self.markers.emit(fig) if fig is not None else ""
