"""The namespace a template sees: helpers, directives and plain values for one target and its peers."""

from __future__ import annotations

from ..analysis.intervals import METHOD_NOTE
from ..data import Dataset
from ..errors import TemplateError
from ..formatting import fmt_gap, fmt_percent, fmt_rank
from .briefing import BriefingFunctions
from .directives import TemplateDirectives
from .helpers import TemplateHelpers
from .markers import Markers
from .registry import exported_methods
from .scope import Scope


class BriefingContext(TemplateHelpers, TemplateDirectives, BriefingFunctions):
    """The data side of a template: registered helpers and directives bound to one target and its peers."""

    internal = ("globals", "_used_indicators")

    def __init__(self, dataset: Dataset, target: str, peers: list[str], reference_year: int | None = None):
        if target not in dataset.regions:
            raise TemplateError(f"目标地区“{target}”不在数据中；数据中的地区有：{'、'.join(dataset.regions)}")
        for p in peers:
            if p not in dataset.regions:
                raise TemplateError(f"对标地区“{p}”不在数据中")
        self.scope = Scope.of(dataset, target, peers, reference_year)
        self.markers = Markers()
        self.meta: dict[str, str] = {}
        self.changes: list = []

    @property
    def blocks_by_marker(self) -> dict[int, list]:
        """Return the blocks the directives emitted, by marker number."""
        return self.markers.blocks_by_marker

    def globals(self) -> dict:
        """Return the names a template can use: the registered functions and plain values."""
        ds, comps = self.scope.dataset, self.scope.comps
        g = exported_methods(self)
        g.update(
            target=self.scope.target, peers=self.scope.peers, reference_year=comps.reference_year,
            dimensions=ds.dimensions(), regions=list(ds.regions), indicators=list(ds.indicators),
            concepts=list(dict.fromkeys(i.concept for i in ds.indicators.values() if i.concept)),
            n_indicators=len(ds.indicators), n_observations=len(ds.observations),
            n_sources=len(ds.sources), as_of_year=ds.as_of_year(),
            changes=self.changes,
            comparable_count=sum(1 for i in comps.items if i.comparable),
            undetermined_count=sum(1 for i in comps.items if i.comparable and i.rank is None),
            n_target_indicators=sum(1 for i in comps.items if i.target_cell is not None),
            fmt_rank=fmt_rank, fmt_gap=fmt_gap, fmt_percent=fmt_percent, comparison_rules=METHOD_NOTE,
        )
        g.update(self.meta)
        return g
