"""A Python API for notebooks: the dataset and its comparisons as pandas DataFrames.

    >>> from nqp_report import api
    >>> ds = api.load("data")
    >>> table = api.comparisons(ds, "宁波", peers=["深圳", "苏州"])
    >>> table[table.rank.notna()]

pandas is an optional extra (``pip install "nqp-report[pandas]"``); it is imported only by the
functions that return DataFrames, never by ``build``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .errors import NqpError

if TYPE_CHECKING:
    import pandas

    from .data import Dataset
    from .pipeline import BuildResult

COMPARISON_COLUMNS = ["indicator", "region", "year", "year_inferred", "value", "qualifier", "low", "high",
                      "rank", "gap", "gap_kind", "source", "concept", "direction", "kind", "target_rank", "best"]
NULLABLE_INTEGERS = ("year", "rank", "target_rank")
PANDAS_MISSING = '需要 pandas 才能返回表格（DataFrame）：请运行 pip install "nqp-report[pandas]"'


def _pandas():
    try:
        import pandas
    except ImportError:
        raise NqpError(PANDAS_MISSING) from None
    return pandas


def load(path: str | Path | None = None) -> Dataset:
    """Return the dataset at ``path`` (a folder of CSV files or an .xlsx workbook; default: the bundled one).

    Raises ``nqp_report.errors.DataError`` listing every problem when the data is invalid.
    """
    from .data import load_dataset
    from .resources import bundled_data_dir

    return load_dataset(path if path is not None else bundled_data_dir())


def observations(dataset: Dataset) -> pandas.DataFrame:
    """Return every observation as a DataFrame row, in file order, with the data contract's columns.

    Besides the columns of the observations table there are ``row`` (the row number in the file)
    and ``year_inferred`` (True when the year was inferred rather than stated in the source).
    """
    from .excel.contract import table_columns

    pd = _pandas()
    columns = [c.name for c in table_columns("observations")]
    rows = [{**{c: getattr(o, c) for c in columns}, "year_inferred": o.year_inferred, "row": o.row}
            for o in dataset.observations]
    return pd.DataFrame(rows, columns=columns + ["year_inferred", "row"])


def comparison_frame(records: list[dict]) -> pandas.DataFrame:
    """Return comparison records (``compare --json`` objects) as one DataFrame row per region and indicator."""
    pd = _pandas()
    flat = [{**row, **{k: rec[k] for k in ("indicator", "concept", "direction", "kind", "target_rank", "best")}}
            for rec in records for row in rec["rows"]]
    frame = pd.DataFrame(flat, columns=COMPARISON_COLUMNS)
    for column in NULLABLE_INTEGERS:
        frame[column] = frame[column].astype("Int64")
    for column in ("value", "low", "high"):
        frame[column] = frame[column].astype("float64")
    return frame


def comparisons(dataset: Dataset, target: str, peers: list[str] | None = None,
                reference_year: int | None = None) -> pandas.DataFrame:
    """Return the comparisons of ``target`` with ``peers`` (default: the briefing's automatic choice).

    One row per indicator x region, in indicator order with the target first; columns indicator,
    region, year, year_inferred, value, qualifier, low, high (the interval; NaN when unbounded),
    rank (<NA> where the order is undetermined or there is nothing to compare), gap and gap_kind
    (the shortfall to a determined best: "exact", "at_least" or "about"; NaN/None without one), source, and the
    indicator's concept, direction, kind, target_rank and best. Missing values are NaN, never 0.
    """
    from .excel.records import comparison_records, resolve_peers

    chosen = resolve_peers(dataset, target, peers)
    return comparison_frame(comparison_records(dataset, target, chosen, reference_year))


def build(data: str | Path | None = None, template: str = "briefing", out: str | Path = "out",
          formats: tuple[str, ...] = ("docx", "pdf"), if_changed: bool = False, **options) -> BuildResult:
    """Return the result of building documents exactly as ``nqp-report build`` does.

    ``options`` are the other fields of :class:`nqp_report.pipeline.BuildRequest` (target, peers,
    title, date, reference_year, fonts).
    """
    from .pipeline import BuildRequest
    from .pipeline import build as run_build
    from .resources import bundled_data_dir

    request = BuildRequest(data=Path(data) if data is not None else bundled_data_dir(), template=template,
                           out=Path(out), formats=tuple(formats), **options)
    return run_build(request, if_changed=if_changed)
