"""What a node builder sees: the dataset, the comparisons, the target and its peers."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..analysis import Comparisons, IndicatorComparison, ObservationIndex, compare
from ..data import Dataset, Indicator, Source
from ..errors import TemplateError
from ..formatting import INFERRED_NOTE, source_line


@dataclass
class Scope:
    """One target with its peers over one dataset, and the comparisons between them."""

    dataset: Dataset
    target: str
    peers: list[str]
    comps: Comparisons
    numbered_sources: bool = False
    source_numbers: dict = field(default_factory=dict)
    inferred_note_given: bool = False

    @classmethod
    def of(cls, dataset: Dataset, target: str, peers: list[str], reference_year: int | None = None) -> Scope:
        """Return the scope of ``target`` and ``peers``, with the comparisons computed once."""
        peers = [p for p in peers if p != target]
        return cls(dataset, target, peers, compare(dataset, target, peers, reference_year))

    @property
    def regions(self) -> list[str]:
        """Return the target followed by the peers."""
        return [self.target] + self.peers

    @property
    def index(self) -> ObservationIndex:
        """Return the observation index the comparisons were built on."""
        return self.comps.index

    def item(self, indicator_id: str) -> IndicatorComparison:
        """Return the comparison of one indicator; TemplateError if the id is unknown."""
        try:
            return self.comps.by_id(indicator_id)
        except KeyError:
            raise TemplateError(f"未知的指标“{indicator_id}”（见 indicators.csv 的 id 列）") from None

    def indicator_ids(self, dimension: str | None, indicators) -> list[str]:
        """Return the listed indicator ids (checked), or those of one dimension, or all, in file order."""
        if indicators:
            ids = [indicators] if isinstance(indicators, str) else list(indicators)
            for i in ids:
                self.item(i)
            return ids
        dims = self.dataset.dimensions()
        if dimension is not None and dimension not in dims:
            raise TemplateError(f"未知的维度“{dimension}”；数据中的维度有：{'、'.join(dims)}")
        return [i.indicator.id for i in self.comps.items
                if (dimension is None or i.indicator.dimension == dimension)]

    def concept_indicators(self, concept: str) -> list[Indicator]:
        """Return the indicators of one concept (different 口径); TemplateError if there are none."""
        inds = [i for i in self.dataset.indicators.values() if i.concept == concept]
        if not inds:
            raise TemplateError(f"未知的概念组“{concept}”（见 indicators.csv 的 concept 列）")
        return inds

    def concept_name(self, concept: str) -> str:
        """Return what a concept's indicators measure, from their names without the 口径 in brackets."""
        names = [i.name.split("（")[0] for i in self.concept_indicators(concept)]
        unique = list(dict.fromkeys(names))
        return unique[0] if len(unique) == 1 else "与".join(unique)

    def sources_of(self, items: list[IndicatorComparison], regions: list[str]) -> list[Source]:
        """Return the sources of the cells shown for ``regions`` (alternatives included), by id."""
        out = []
        for item in items:
            for r in regions:
                cell = item.cells.get(r)
                if cell is not None:
                    out.append(self.dataset.sources[cell.observation.source])
                    out.extend(self.dataset.sources[a.source] for a in cell.alternatives)
        return sorted(out, key=lambda s: s.id)

    def source_note(self, sources: list[Source]) -> str:
        """Return a block's source line: "资料来源：[1][3]" when the document lists its sources, else full citations."""
        if not self.numbered_sources:
            return source_line(sorted(sources, key=lambda s: s.id))
        numbers = self.cite_numbers([s.id for s in sorted(sources, key=lambda s: s.id)])
        return "资料来源：" + numbers if numbers else ""

    def inferred_note(self, flags) -> list[str]:
        """Return [the note on starred inferred years] for the first table or figure with a star, else [].

        The note is a general one: it is printed under the first block that needs it and in the
        appendix's 数据说明, never again under every later table.
        """
        if self.inferred_note_given or not any(flags):
            return []
        self.inferred_note_given = True
        return [INFERRED_NOTE]

    def cite_numbers(self, source_ids: list[str]) -> str:
        """Return "[1][3]" for the sources, numbering each on its first citation (1, 2, … in citing order)."""
        for sid in source_ids:
            self.source_numbers.setdefault(sid, len(self.source_numbers) + 1)
        return "".join(f"[{n}]" for n in sorted({self.source_numbers[s] for s in source_ids}))

    @property
    def cited(self) -> list[str]:
        """Return the ids of the sources cited so far, in the order of their numbers."""
        return list(self.source_numbers)
