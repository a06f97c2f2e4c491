"""The dataset: loading, schema validation and cross-table checks.

``load_dataset(path)`` returns a :class:`Dataset` or raises
:class:`~nqp_report.errors.DataError` listing every problem found. The names
are imported on first use, so listing the input files (``data.tables``) for
``build --if-changed`` does not load the schema library.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "Dataset": ".dataset", "load_dataset": ".dataset", "Indicator": ".records", "Observation": ".records",
    "Practice": ".records", "Limits": ".limits", "DEFAULT_LIMITS": ".limits", "Recommendation": ".records", "Region": ".records", "Source": ".records",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str):
    """Return an exported name, importing its module on first use."""
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
