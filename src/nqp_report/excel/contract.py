"""The data contract as the workbook shows it: tables, columns and the choices a cell may take.

Columns come from the loader's own record schemas (``data.dataset.SCHEMAS``), so a column added
to a record class appears in every workbook without a change here. Fields the loader fills in
itself (the row number, the precision as written) are not columns.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data import records
from ..data.tables import REQUIRED_TABLES, TABLES

LOADER_FIELDS = frozenset({"row", "places", "percent"})
KEYS = {"regions": "name", "indicators": "id", "sources": "id"}
YES = "yes"


@dataclass(frozen=True)
class Column:
    """One column of one table: its name and whether a row must fill it."""

    name: str
    required: bool


def table_columns(table: str) -> list[Column]:
    """Return the columns of one table, in the record schema's order."""
    from ..data.dataset import SCHEMAS

    fields = SCHEMAS[table].model_fields
    return [Column(name, f.is_required()) for name, f in fields.items() if name not in LOADER_FIELDS]


def contract() -> dict[str, list[Column]]:
    """Return table name -> its columns, for all six tables in the contract's order."""
    return {table: table_columns(table) for table in TABLES}


def is_required_table(table: str) -> bool:
    """Return True when a dataset must have this table."""
    return table in REQUIRED_TABLES


def fixed_choices() -> dict[str, tuple[str, ...]]:
    """Return column name -> the values the loader accepts, for columns with a fixed list."""
    choices = {
        "level": records.LEVELS,
        "direction": records.DIRECTIONS,
        "qualifier": records.QUALIFIERS,
        "horizon": records.HORIZONS,
        "priority": records.PRIORITIES,
        "preferred": (YES,),
    }
    kinds = getattr(records, "KINDS", None)
    if kinds:
        choices["kind"] = tuple(kinds)
    return choices


def referenced_table(table: str, column: str) -> str | None:
    """Return the table whose key a column refers to (observations.region -> regions), or None."""
    if column == "region":
        return "regions"
    if column == "indicator":
        return "indicators"
    if column == "source" and table != "sources":
        return "sources"
    return None
