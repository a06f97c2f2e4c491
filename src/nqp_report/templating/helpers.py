"""Template functions that return text or records: values, ranks, gaps, queries and lookups."""

from __future__ import annotations

from .. import analysis
from ..analysis import IndicatorComparison
from ..data import Indicator, Practice, Recommendation
from ..errors import TemplateError
from ..formatting import MISSING, as_predicate, fmt_amount, fmt_multiple, fmt_observation, fmt_percent, fmt_rank, fmt_source, quoted
from . import matrix
from .markers import ref_marker
from .phrases import ahead_regions, behind_phrase, median_gap_phrase, qualified_gap, standing_phrase, verdict_phrase
from .registry import template_function
from .scope import Scope


class TemplateHelpers:
    """Helpers bound to one scope (target, peers, comparisons); every public method is a template function."""

    scope: Scope

    def _region(self, region: str | None) -> str:
        region = region or self.scope.target
        if region not in self.scope.dataset.regions:
            raise TemplateError(f"未知的地区“{region}”（见 regions.csv 的 name 列）")
        return region

    @template_function
    def quote(self, text: str) -> str:
        """Return data text in quotation marks: “健全‘企业出题’攻关模式”."""
        return quoted(text)

    @template_function
    def item(self, indicator_id: str) -> IndicatorComparison:
        """Return the comparison of one indicator; TemplateError if the id is unknown."""
        return self.scope.item(indicator_id)

    @template_function
    def indicator(self, indicator_id: str) -> Indicator:
        """Return an indicator record by id."""
        return self.item(indicator_id).indicator

    @template_function
    def value(self, indicator_id: str, region: str | None = None, year: bool = True) -> str:
        """Return a region's value as printed: "超2.4万家（2023年）"; "暂无数据" when missing."""
        item, region = self.item(indicator_id), self._region(region)
        cell = item.cells.get(region)
        obs = cell.observation if cell is not None else self.scope.index.latest(region, indicator_id)
        return "暂无数据" if obs is None else fmt_observation(obs, item.indicator, year=year)

    @template_function
    def is_value(self, indicator_id: str, region: str | None = None) -> str:
        """Return "为" + the value as printed, or "约为…" for an approximate value."""
        return as_predicate(self.value(indicator_id, region))

    @template_function
    def rank(self, indicator_id: str) -> str:
        """Return the target's rank with its basis: "第3位（4个有数据地区中）"."""
        return fmt_rank(self.item(indicator_id))

    @template_function
    def standing(self, indicator_id: str) -> str:
        """Return the target's standing: "居第3位（4个有数据地区中）" or "与深圳（90%以上）相比高低难以判定"."""
        return standing_phrase(self.item(indicator_id))

    @template_function
    def best(self, indicator_id: str) -> str:
        """Return the best region among those with values, or "—"."""
        return self.item(indicator_id).best or MISSING

    @template_function
    def gap(self, indicator_id: str) -> str:
        """Return the target's shortfall to the best region: "3.29个百分点", "1200家以上" when the best is a bound."""
        return qualified_gap(self.item(indicator_id))

    @template_function
    def behind(self, indicator_id: str) -> str:
        """Return the shortfall as a phrase: "低于深圳3.29个百分点" or, for ranks, "落后深圳3位"."""
        return behind_phrase(self.item(indicator_id))

    @template_function
    def verdict(self, indicator_id: str) -> str:
        """Return the standing with the gap to the best when measured: "低于深圳、苏州、杭州，与深圳差2.55个百分点"."""
        return verdict_phrase(self.item(indicator_id))

    @template_function
    def measured_gap(self) -> IndicatorComparison | None:
        """Return the indicator with the largest determined shortfall whose values are all measured, or None."""
        return analysis.measured_gap(self.scope.comps)

    @template_function
    def below(self, indicator_id: str) -> str:
        """Return whom the target trails: "低于浙江省（3.1%），更低于深圳、苏州、杭州".

        The province is a region of level 省 named in the target's note with a value of the target's
        year; the peers are those determined better, named without values (their years may be inferred).
        """
        item = self.item(indicator_id)
        word = "低于" if item.indicator.direction == "higher" else "高于"
        ahead = "、".join(ahead_regions(item))
        t = item.target_cell
        province = province_ahead(self.scope, item) if t is not None else ""
        if province:
            return f"{word}{province}" + (f"，更{word}{ahead}" if ahead else "")
        return f"{word}{ahead}" if ahead else ""

    @template_function
    def gap_rel(self, indicator_id: str) -> str:
        """Return the shortfall to the best as a share of the best value: "47%"."""
        return fmt_percent(self.item(indicator_id).gap_to_best_rel)

    @template_function
    def median_gap(self, indicator_id: str) -> str:
        """Return the gap to the median peer, "高于/低于…"-neutral: "1.20个百分点"."""
        return median_gap_phrase(self.item(indicator_id))

    @template_function
    def behind_median(self, indicator_id: str) -> bool:
        """Return True when the target is worse than the median peer."""
        item = self.item(indicator_id)
        peers_with_values = sum(1 for p in item.peers if item.cells.get(p) is not None)
        return peers_with_values >= 2 and item.gap_to_median is not None and item.gap_to_median > 0

    @template_function
    def multiple(self, indicator_id: str) -> str:
        """Return the best value as a multiple of the target's: "1.9倍"."""
        return fmt_multiple(self.item(indicator_id).multiple)

    @template_function
    def comparable(self, indicator_id: str) -> bool:
        """Return True when the target and at least one peer have values."""
        return self.item(indicator_id).comparable

    @template_function
    def share_of_best(self, indicator_id: str) -> str:
        """Return the target's value as a share of the best value: "52%" (higher-is-better indicators)."""
        item = self.item(indicator_id)
        if not item.comparable or item.best is None or item.indicator.direction != "higher":
            return MISSING
        best = item.cells[item.best].value
        return fmt_percent(item.target_cell.value / best) if best else MISSING

    @template_function
    def dimension_indicators(self, dimension: str) -> list[str]:
        """Return the ids of one dimension's indicators, in file order."""
        return self.scope.indicator_ids(dimension, None)

    @template_function
    def concept_members(self, concept: str) -> list[str]:
        """Return the ids of the indicators of one concept (different 口径)."""
        return [i.id for i in self.scope.concept_indicators(concept)]

    @template_function
    def concept_name(self, concept: str) -> str:
        """Return what a concept's indicators measure, from their names without the 口径 in brackets."""
        return self.scope.concept_name(concept)

    @template_function
    def has_data(self, dimension: str) -> bool:
        """Return True when the target or a peer has a value on an indicator of the dimension."""
        return any(self.item(i).targets or any(self.item(i).cells.get(r) is not None for r in self.scope.regions)
                   for i in self.dimension_indicators(dimension))

    @template_function
    def strengths(self, n: int = 3) -> list[IndicatorComparison]:
        """Return up to ``n`` comparable indicators where the target ranks first (no tie with a bound)."""
        return analysis.strengths(self.scope.comps, n)

    @template_function
    def weaknesses(self, n: int = 3) -> list[IndicatorComparison]:
        """Return up to ``n`` comparable indicators with the largest relative shortfall to the best."""
        return analysis.weaknesses(self.scope.comps, n)

    @template_function
    def key_indicators(self, n: int = 6) -> list[str]:
        """Return up to ``n`` comparable indicator ids: largest gaps first, then leads, in file order."""
        return analysis.key_indicators(self.scope.comps, n)

    @template_function
    def has_series(self, indicator_id: str) -> bool:
        """Return True when some region has values for several years of an indicator."""
        return analysis.has_series(self.scope.index, indicator_id)

    @template_function
    def series_indicators(self) -> list[str]:
        """Return the indicators with values for several years somewhere."""
        return [i for i in self.scope.dataset.indicators if self.has_series(i)]

    @template_function
    def top_recommendations(self, n: int = 5) -> list[Recommendation]:
        """Return up to ``n`` recommendations by priority (largest gap first), then horizon and file order."""
        return matrix.top_recommendations(self.scope, n)

    @template_function
    def rec_goal(self, rec: Recommendation) -> str:
        """Return a recommendation's target as printed: "目标：…覆盖率达到100%（目标年份待定）", else "目标待定"."""
        ind = next((self.scope.dataset.indicators[i] for i in rec.indicators if i in self.scope.dataset.indicators), None)
        if rec.target_value is None or ind is None:
            return matrix.UNSET_TARGET
        places = 0 if float(rec.target_value).is_integer() else ind.decimals
        goal = fmt_amount(rec.target_value, ind.unit, places)
        year = f"{rec.target_year}年" if rec.target_year else "目标年份待定"
        return f"目标：{ind.name}达到{goal}（{year}）"

    @template_function
    def practices(self, region: str | None = None, dimension: str | None = None) -> list[Practice]:
        """Return the practices (典型经验), optionally of one region or dimension, in file order."""
        if region is not None:
            self._region(region)
        return [p for p in self.scope.dataset.practices
                if (region is None or p.region == region) and (dimension is None or p.dimension == dimension)]

    @template_function
    def practice_regions(self) -> list[str]:
        """Return the regions that have practices, in regions.csv order."""
        have = {p.region for p in self.scope.dataset.practices}
        return [r for r in self.scope.dataset.regions if r in have and r != self.scope.target]

    @template_function
    def priority(self, recommendation_id: str) -> str:
        """Return a recommendation's priority: the editor's, else the computed 高, 中, 低 or 待评估."""
        rec = next((r for r in self.scope.dataset.recommendations if r.id == recommendation_id), None)
        if rec is None:
            raise TemplateError(f"未知的对策建议“{recommendation_id}”（见 recommendations.csv 的 id 列）")
        return matrix.priority_of(self.scope, rec)[0]

    @template_function
    def priority_recommendations(self, level: str) -> list[Recommendation]:
        """Return the recommendations whose priority (the editor's, else the computed one) is ``level``."""
        return [r for r in self.recommendations() if matrix.priority_of(self.scope, r)[0] == level]

    @template_function
    def recommendations(self, dimension: str | None = None) -> list[Recommendation]:
        """Return the recommendations addressed to the target (or to any region), optionally of one dimension."""
        return matrix.recommendations_for(self.scope, dimension)

    @template_function
    def recommendation_dimensions(self) -> list[str]:
        """Return the dimensions that have recommendations for the target, in the dataset's dimension order."""
        return matrix.recommendation_dimensions(self.scope)

    @template_function
    def cite(self, source_id: str) -> str:
        """Return a source as cited in text."""
        if source_id not in self.scope.dataset.sources:
            raise TemplateError(f"未知的来源“{source_id}”")
        return fmt_source(self.scope.dataset.sources[source_id])

    @template_function
    def ref(self, target_id: str) -> str:
        """Return a marker the renderer turns into a reference ("表2") to a table or figure."""
        return ref_marker(target_id)


def province_ahead(scope: Scope, item: IndicatorComparison) -> str:
    """Return "浙江省（3.1%）" when the target's province (a 省 named in the target's note) has a better value of
    the target's year; "" otherwise."""
    note = scope.dataset.regions[scope.target].note
    t = item.target_cell
    for name, region in scope.dataset.regions.items():
        if region.level != "省" or name not in note:
            continue
        obs = scope.index.by_year(name, item.indicator.id).get(t.year)
        if obs is None or obs.derived:
            continue
        better = obs.value > t.value if item.indicator.direction == "higher" else obs.value < t.value
        if better and not obs.qualifier and not t.qualifier:
            return f"{name}（{fmt_observation(obs, item.indicator, year=False)}）"
    return ""
