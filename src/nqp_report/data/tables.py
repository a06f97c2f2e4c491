"""Reading raw tables from a folder of CSV files or one .xlsx workbook.

The only code that opens dataset files. Returns rows as dicts of text keyed by
the header, with the row number a user sees in Excel (the header is row 1).
Files beyond the limits (size, rows, cell length), undecodable text, invisible
characters and duplicated columns are refused here, one problem per cause.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataProblem
from .cells import cell_problem, header_problems
from .encoding import EncodingProblem, decode_csv_bytes
from .limits import DEFAULT_LIMITS, Limits, size_text

TABLES = ("regions", "indicators", "observations", "sources", "practices", "recommendations")
REQUIRED_TABLES = ("regions", "indicators", "observations", "sources")

__all__ = ["TABLES", "REQUIRED_TABLES", "RawTable", "decode_csv_bytes", "read_tables", "input_files"]


@dataclass
class RawTable:
    """One table as read: its display file name, header and rows (row number, cells)."""

    name: str
    file: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)


def _rows_from_matrix(name: str, file: str, matrix: list[list[str]], problems: list[DataProblem],
                      limits: Limits) -> RawTable | None:
    """Return the table of a matrix of cell texts, or None when its header or size makes the rows unusable."""
    while matrix and not any(c.strip() for c in matrix[-1]):
        matrix.pop()
    if not matrix or not any(c.strip() for c in matrix[0]):
        problems.append(DataProblem(file, None, None, "文件为空，缺少表头行"))
        return None
    if len(matrix) - 1 > limits.max_rows:
        problems.append(DataProblem(file, None, None, f"有 {len(matrix) - 1} 行数据，超过上限 {limits.max_rows} 行"
                                    "（可用 --max-rows 调高）"))
        return None
    header = [h.strip().lstrip("\ufeff") for h in matrix[0]]
    bad_header = header_problems(file, header)
    if bad_header:
        problems.extend(bad_header)
        return None
    table = RawTable(name, file, header)
    for offset, cells in enumerate(matrix[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            problems.append(DataProblem(file, offset, None, f"该行有 {len(cells)} 个单元格，多于表头的 {len(header)} 列"))
        row = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h}
        cell_problems = [p for h, text in row.items()
                         if (p := cell_problem(file, offset, h, text, limits.max_cell_chars))]
        if cell_problems:
            problems.extend(cell_problems)
            continue
        table.rows.append((offset, row))
    if not table.rows and len(matrix) == 1:
        problems.append(DataProblem(file, None, None, "文件只有表头，没有数据行"))
    return table


def _too_big(path: Path, file: str, limits: Limits) -> DataProblem | None:
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        return DataProblem(file, None, None, f"文件有 {size_text(size)}，超过上限 {limits.max_file_mb:g} MB"
                           "（可用 --max-file-mb 调高）")
    return None


def _csv_matrix(text: str, file: str, limits: Limits, problems: list[DataProblem]) -> list[list[str]] | None:
    saved = csv.field_size_limit()
    csv.field_size_limit(limits.max_cell_chars + 1)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    matrix: list[list[str]] = []
    try:
        for cells in reader:
            matrix.append(cells)
            if len(matrix) > limits.max_rows + 1:
                problems.append(DataProblem(file, None, None, f"超过上限 {limits.max_rows} 行数据（可用 --max-rows 调高）"))
                return None
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            message = f"有单元格超过 {limits.max_cell_chars} 个字符的上限（可用 --max-cell-chars 调高）"
        else:
            message = f"CSV 格式有误（{_csv_error_text(str(exc))}）"
        problems.append(DataProblem(file, reader.line_num, None, message))
        return None
    finally:
        csv.field_size_limit(saved)
    return matrix


_CSV_ERRORS = (("unexpected end of data", "引号没有配对：某个以引号开始的单元格没有结束的引号"),
               ("new-line character seen in unquoted field", "单元格中有换行但没有用引号括起"),
               ("line contains NUL", "含空字符（NUL），可能不是文本文件"),
               ("expected after", "引号后面应紧跟逗号或换行"))


def _csv_error_text(text: str) -> str:
    return next((chinese for fragment, chinese in _CSV_ERRORS if fragment in text), "无法按 CSV 解析")


def read_csv_folder(folder: Path, problems: list[DataProblem], limits: Limits = DEFAULT_LIMITS) -> dict[str, RawTable]:
    """Return the tables found as ``<name>.csv`` in ``folder``; problems are appended."""
    tables: dict[str, RawTable] = {}
    for name in TABLES:
        path = folder / f"{name}.csv"
        file = f"{name}.csv"
        if not path.is_file():
            if name in REQUIRED_TABLES:
                problems.append(DataProblem(file, None, None, f"缺少文件（应在 {folder} 中）"))
            continue
        big = _too_big(path, file, limits)
        if big:
            problems.append(big)
            continue
        try:
            text, _ = decode_csv_bytes(path.read_bytes())
        except EncodingProblem as exc:
            problems.append(DataProblem(file, exc.line, None, f"无法确定文件编码：{exc}；请另存为 UTF-8 编码的 CSV"))
            continue
        except OSError as exc:
            from ..errors import os_error_text

            problems.append(DataProblem(file, None, None, f"无法读取：{os_error_text(exc, path)}"))
            continue
        matrix = _csv_matrix(text, file, limits, problems)
        table = _rows_from_matrix(name, file, matrix, problems, limits) if matrix is not None else None
        if table is not None:
            tables[name] = table
    return tables


def read_workbook(path: Path, problems: list[DataProblem], limits: Limits = DEFAULT_LIMITS) -> dict[str, RawTable]:
    """Return the tables found as sheets named like the CSV files in an .xlsx workbook."""
    from openpyxl import load_workbook

    from .workbook import scan_workbook, sheet_matrix, unpacked_size_problem

    refused = _too_big(path, path.name, limits) or unpacked_size_problem(path, limits)
    if refused:
        problems.append(refused)
        return {}
    try:
        formulas, row_counts = scan_workbook(path)
        long = [t for t, n in row_counts.items() if t.strip() in TABLES and n - 1 > limits.max_rows]
        if long:
            problems.extend(DataProblem(f"{path.name}[{t.strip()}]", None, None,
                                        f"有 {row_counts[t] - 1} 行数据，超过上限 {limits.max_rows} 行（可用 --max-rows 调高）")
                            for t in long)
            return {}
        book = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        problems.append(DataProblem(path.name, None, None, f"无法打开工作簿（{type(exc).__name__}）；"
                                    "请用 Excel 打开后另存为 .xlsx"))
        return {}
    tables: dict[str, RawTable] = {}
    sheets = _table_sheets(path.name, book.sheetnames, problems)
    for name in TABLES:
        file = f"{path.name}[{name}]"
        if sheets.get(name) == "":
            continue
        if name not in sheets:
            if name in REQUIRED_TABLES:
                problems.append(DataProblem(path.name, None, None, f"缺少工作表“{name}”"))
            continue
        sheet = book[sheets[name]]
        matrix = sheet_matrix(sheet, file, formulas.get(sheet.title, set()), problems)
        table = _rows_from_matrix(name, file, matrix, problems, limits) if matrix is not None else None
        if table is not None:
            table.hidden_rows = hidden_rows(sheet, {row for row, _ in table.rows})
            tables[name] = table
    book.close()
    return tables


def hidden_rows(sheet, rows: set[int]) -> list[int]:
    """Return the data rows of a sheet that Excel hides (hidden by hand or by an autofilter), ascending."""
    return sorted(r for r, dim in sheet.row_dimensions.items() if dim.hidden and r in rows)


def hidden_rows_note(table: RawTable) -> str:
    """Return the 提示 text saying which rows of a table were hidden in the workbook but read all the same."""
    shown = "、".join(str(r) for r in table.hidden_rows[:10]) + ("等" if len(table.hidden_rows) > 10 else "")
    return (f"{table.file}：第{shown}行（共 {len(table.hidden_rows)} 行）在工作簿中是隐藏的（手动隐藏或被筛选隐藏），"
            "仍照常读入；如要排除这些行，请删除它们")


def _table_sheets(file: str, titles: list[str], problems: list[DataProblem]) -> dict[str, str]:
    """Return table name → sheet title; "" (with a problem) when several sheets name one table.

    A sheet matches a table whatever its surrounding spaces and letter case, so
    "observations " beside "observations" is a clash, never a silent replacement.
    """
    matches: dict[str, list[str]] = {}
    for title in titles:
        key = title.strip().casefold()
        if key in TABLES:
            matches.setdefault(key, []).append(title)
    sheets = {}
    for name, found in matches.items():
        if len(found) > 1:
            named = "、".join(f"“{t}”" for t in found)
            problems.append(DataProblem(file, None, None, f"有 {len(found)} 个工作表都对应“{name}”表：{named}"
                                        "（名称只差空格或大小写），无法确定用哪一个；请删去或改名多余的工作表"))
        sheets[name] = "" if len(found) > 1 else found[0]
    return sheets


def read_tables(source: Path, problems: list[DataProblem], limits: Limits = DEFAULT_LIMITS) -> dict[str, RawTable]:
    """Return the raw tables of a dataset folder or workbook; problems are appended."""
    if source.is_dir():
        return read_csv_folder(source, problems, limits)
    if source.suffix.lower() in (".xlsx", ".xlsm"):
        if not source.is_file():
            problems.append(DataProblem(source.name, None, None, "工作簿不存在"))
            return {}
        return read_workbook(source, problems, limits)
    problems.append(DataProblem(str(source), None, None, "数据路径应为存放 CSV 文件的文件夹或一个 .xlsx 工作簿"))
    return {}


def input_files(source: Path) -> list[Path]:
    """Return the dataset files that exist, in a fixed order (for hashing)."""
    if source.is_dir():
        return [source / f"{n}.csv" for n in TABLES if (source / f"{n}.csv").exists()]
    return [source] if source.exists() else []
