"""Reading raw tables from a folder of CSV files or one .xlsx workbook.

The only code that opens dataset files. Returns rows as dicts of text keyed by
the header, with the row number a user sees in Excel (the header is row 1).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataProblem

TABLES = ("regions", "indicators", "observations", "sources", "practices", "recommendations")
REQUIRED_TABLES = ("regions", "indicators", "observations", "sources")


@dataclass
class RawTable:
    """One table as read: its display file name, header and rows (row number, cells)."""

    name: str
    file: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def decode_csv_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding): UTF-8 (with or without BOM) first, then GB18030 (GBK's superset)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("gb18030"), "gb18030"


def _rows_from_matrix(name: str, file: str, matrix: list[list[str]], problems: list[DataProblem]) -> RawTable | None:
    matrix = [r for r in matrix]
    while matrix and not any(c.strip() for c in matrix[-1]):
        matrix.pop()
    if not matrix or not any(c.strip() for c in matrix[0]):
        problems.append(DataProblem(file, None, None, "文件为空，缺少表头行"))
        return None
    header = [h.strip().lstrip("\ufeff") for h in matrix[0]]
    table = RawTable(name, file, header)
    for offset, cells in enumerate(matrix[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            problems.append(DataProblem(file, offset, None, f"该行有 {len(cells)} 个单元格，多于表头的 {len(header)} 列"))
        row = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h}
        table.rows.append((offset, row))
    if not table.rows:
        problems.append(DataProblem(file, None, None, "文件只有表头，没有数据行"))
    return table


def read_csv_folder(folder: Path, problems: list[DataProblem]) -> dict[str, RawTable]:
    """Return the tables found as ``<name>.csv`` in ``folder``; problems are appended."""
    tables: dict[str, RawTable] = {}
    for name in TABLES:
        path = folder / f"{name}.csv"
        file = f"{name}.csv"
        if not path.exists():
            if name in REQUIRED_TABLES:
                problems.append(DataProblem(file, None, None, f"缺少文件（应在 {folder} 中）"))
            continue
        try:
            text, _ = decode_csv_bytes(path.read_bytes())
        except UnicodeDecodeError:
            problems.append(DataProblem(file, None, None, "无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV"))
            continue
        matrix = list(csv.reader(io.StringIO(text, newline="")))
        table = _rows_from_matrix(name, file, matrix, problems)
        if table is not None:
            tables[name] = table
    return tables


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


def read_workbook(path: Path, problems: list[DataProblem]) -> dict[str, RawTable]:
    """Return the tables found as sheets named like the CSV files in an .xlsx workbook."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        problems.append(DataProblem(path.name, None, None, f"无法打开工作簿：{exc}"))
        return {}
    tables: dict[str, RawTable] = {}
    try:
        sheets = {s.strip(): s for s in book.sheetnames}
        for name in TABLES:
            file = f"{path.name}[{name}]"
            if name not in sheets:
                if name in REQUIRED_TABLES:
                    problems.append(DataProblem(path.name, None, None, f"缺少工作表“{name}”"))
                continue
            sheet = book[sheets[name]]
            matrix = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            table = _rows_from_matrix(name, file, matrix, problems)
            if table is not None:
                tables[name] = table
    finally:
        book.close()
    return tables


def read_tables(source: Path, problems: list[DataProblem]) -> dict[str, RawTable]:
    """Return the raw tables of a dataset folder or workbook; problems are appended."""
    if source.is_dir():
        return read_csv_folder(source, problems)
    if source.suffix.lower() in (".xlsx", ".xlsm"):
        if not source.exists():
            problems.append(DataProblem(source.name, None, None, "工作簿不存在"))
            return {}
        return read_workbook(source, problems)
    problems.append(DataProblem(str(source), None, None, "数据路径应为存放 CSV 文件的文件夹或一个 .xlsx 工作簿"))
    return {}


def input_files(source: Path) -> list[Path]:
    """Return the dataset files that exist, in a fixed order (for hashing)."""
    if source.is_dir():
        return [source / f"{n}.csv" for n in TABLES if (source / f"{n}.csv").exists()]
    return [source] if source.exists() else []
