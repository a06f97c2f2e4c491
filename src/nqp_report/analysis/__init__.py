"""Analysis: pure comparisons and queries over dataset records, no I/O."""

from .comparison import (
    CellValue, Comparisons, IndicatorComparison, choose_cell, compare, compare_indicator, concept_siblings,
    rank_regions, shortfall,
)
from .index import ObservationIndex, preferred_observation
from .priority import PRIORITY_RULE, Priority, level_for, recommendation_priority
from .records import choose_peers, comparison_records
from .queries import (
    caveats, has_series, inferred_by_source, key_indicators, latest_by_region, measured_gap, peers_with_data, series,
    source_counts, strengths, weaknesses,
)

__all__ = [
    "CellValue", "Comparisons", "IndicatorComparison", "ObservationIndex", "PRIORITY_RULE", "Priority",
    "caveats", "choose_cell", "choose_peers", "comparison_records", "compare", "compare_indicator", "concept_siblings", "has_series",
    "inferred_by_source", "key_indicators", "latest_by_region", "level_for", "measured_gap", "peers_with_data",
    "preferred_observation", "rank_regions", "recommendation_priority", "series", "shortfall",
    "source_counts", "strengths", "weaknesses",
]
