"""Template directives: each builds a table, figure or block and leaves a marker for the renderer."""

from __future__ import annotations

from ..model import PageBreak, Paragraph, Text
from . import appendix, figures, tables
from .markers import Markers
from .matrix import recommendation_matrix
from .registry import template_function
from .scope import Scope


class TemplateDirectives:
    """Directives bound to one scope; each returns a block marker that the renderer replaces."""

    scope: Scope
    markers: Markers
    changes: list

    @template_function
    def comparison_table(self, dimension: str | None = None, indicators=None, caption: str | None = None,
                         id: str | None = None) -> str:
        """Directive: a table of the target and peers on the indicators of one dimension (or a list)."""
        items = [self.scope.item(i) for i in self.scope.indicator_ids(dimension, indicators)]
        node = tables.comparison_table(self.scope, items, dimension or "所选", caption or f"{dimension or '主要'}指标对比",
                                       id or self.markers.auto_id("tab", dimension or "cmp"))
        return self.markers.emit(node)

    @template_function
    def concept_table(self, concept: str, caption: str | None = None, id: str | None = None) -> str:
        """Directive: the indicators of one concept (different 口径) side by side, never ranked together."""
        self.scope.concept_indicators(concept)
        return self.markers.emit(appendix.concept_table(self.scope, concept, caption,
                                                        id or self.markers.auto_id("tab", concept)))

    @template_function
    def bar_chart(self, indicator_id: str, caption: str | None = None, id: str | None = None,
                  height_mm: float | None = None) -> str:
        """Directive: a bar chart of one indicator, target highlighted, missing regions listed."""
        item = self.scope.item(indicator_id)
        return self.markers.emit(figures.bar_figure(self.scope, item, caption,
                                                    id or self.markers.auto_id("fig", indicator_id), height_mm))

    @template_function
    def concept_chart(self, concept: str, caption: str | None = None, id: str | None = None) -> str:
        """Directive: one panel per 口径 of a concept (a shared scale per unit), with a visible note."""
        self.scope.concept_indicators(concept)
        return self.markers.emit(figures.concept_figure(self.scope, concept, caption,
                                                        id or self.markers.auto_id("fig", concept)))

    @template_function
    def profile_chart(self, caption: str | None = None, id: str | None = None) -> str:
        """Directive: the target against the best peer on each comparable indicator (best = 100)."""
        return self.markers.emit(figures.profile_figure(self.scope, caption,
                                                        id or self.markers.auto_id("fig", "profile")))

    @template_function
    def timeseries_chart(self, indicator_id: str, caption: str | None = None, id: str | None = None) -> str:
        """Directive: a line chart of an indicator over the years the data have."""
        item = self.scope.item(indicator_id)
        return self.markers.emit(figures.timeseries_figure(self.scope, item, caption,
                                                           id or self.markers.auto_id("fig", f"ts-{indicator_id}")))

    @template_function
    def recommendation_matrix(self, caption: str = "对策建议矩阵", id: str = "tab-matrix") -> str:
        """Directive: the recommendations by dimension with benchmarks, linked indicators, priority and horizon."""
        return self.markers.emit(recommendation_matrix(self.scope, caption, id))

    @template_function
    def matrix_chart(self, caption: str = "对策建议的差距程度与实施期限", id: str = "fig-matrix") -> str:
        """Directive: each recommendation placed by gap severity against horizon."""
        return self.markers.emit(figures.matrix_figure(self.scope, caption, id))

    @template_function
    def definitions_table(self, caption: str = "指标口径说明", id: str = "tab-definitions") -> str:
        """Directive: the appendix table of indicator definitions (口径), units and directions."""
        return self.markers.emit(appendix.definitions_table(self.scope, caption, id))

    @template_function
    def sources_table(self, caption: str = "数据来源", id: str = "tab-sources") -> str:
        """Directive: the appendix table of sources with how many values each gives."""
        return self.markers.emit(appendix.sources_table(self.scope, caption, id))

    @template_function
    def conflicts_table(self, caption: str = "数据冲突、约数与推算值", id: str = "tab-conflicts") -> str:
        """Directive: every conflicting, qualified or derived value and inferred year, with how it is treated."""
        return self.markers.emit(appendix.conflicts_table(self.scope, caption, id))

    @template_function
    def changes_table(self, caption: str = "数据更新情况", id: str = "tab-changes") -> str:
        """Directive: the values updated, added or removed since the last build."""
        return self.markers.emit(appendix.changes_table(self.changes, caption, id))

    @template_function
    def center(self, text: str) -> str:
        """Directive: a centred paragraph."""
        return self.markers.emit(Paragraph([Text(str(text))], "center"))

    @template_function
    def signature(self, text: str) -> str:
        """Directive: a right-aligned signature line (issuing body, date)."""
        return self.markers.emit(Paragraph([Text(str(text))], "signature"))

    @template_function
    def page_break(self) -> str:
        """Directive: start a new page."""
        return self.markers.emit(PageBreak())
