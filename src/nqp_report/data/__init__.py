"""The dataset: loading, schema validation and cross-table checks.

``load_dataset(path)`` returns a :class:`Dataset` or raises
:class:`~nqp_report.errors.DataError` listing every problem found.
"""

from __future__ import annotations

from .dataset import Dataset, load_dataset
from .records import Indicator, Observation, Practice, Recommendation, Region, Source

__all__ = [
    "Dataset", "load_dataset", "Indicator", "Observation", "Practice",
    "Recommendation", "Region", "Source",
]
