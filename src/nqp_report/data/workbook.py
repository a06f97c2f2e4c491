"""Reading an .xlsx workbook as people fill it in: every row, number formats honoured, traps refused.

openpyxl's read-only mode trusts the sheet's declared ``<dimension>`` and
drops rows beyond it, so the workbook is read in full mode (after its unpacked
size is checked against the limit). A percent-formatted cell is multiplied
back to the number shown, with its "%" (validation refuses it on an indicator whose
unit is not %); a date cell keeps the precision of its format
(2024年3月 stays a month); formulas without a cached result and merged cells
are refused by cell name.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from decimal import Decimal
from pathlib import Path

from ..errors import DataProblem
from .limits import Limits, size_text

_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def _format_letters(number_format: str) -> str:
    """Return the format code without quoted text, escapes and [..] sections, lower-cased."""
    return _QUOTED.sub("", number_format or "").lower()


def _places(number_format: str) -> int:
    code = _format_letters(number_format).split(";")[0]
    _, dot, frac = code.partition(".")
    return len(re.match(r"[0#?]*", frac).group()) if dot else 0


class CellRefused(ValueError):
    """A cell whose value cannot be read as data (its message says why, in Chinese)."""


def _plain(value: float, places: int) -> str:
    """Return a float as written decimals, at least ``places`` of them, without float noise.

    Excel keeps 15 significant digits, so the value is taken at 15 significant digits
    (2.9400000000000004 is 2.94) and written without an exponent (4e-11 is 0.00000000004).
    """
    if not math.isfinite(value):
        raise CellRefused(f"数值 {value} 不是有限的数，无法按小数读取")
    text = format(Decimal(f"{value:.15g}"), "f")
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0").ljust(places, "0")
    return f"{whole}.{frac}" if frac else whole


def _date_letters(number_format: str) -> tuple[str, bool]:
    """Return (the format's date letters, whether it shows a time): in h:mm and mm:ss "m" means minutes."""
    letters = re.sub(r"am/pm|a/p", "", _format_letters(number_format))
    timeless = re.sub(r"h+[^a-z]*m*|m*[^a-z]*s+|s+", "", letters)
    return timeless, timeless != letters


def _date_text(value: dt.datetime | dt.date, number_format: str) -> str:
    """Return a date cell at the precision its format shows: 2024, 2024-03 or 2024-03-05.

    CellRefused for a time-only format (h:mm): a time is not a date.
    """
    letters, timed = _date_letters(number_format)
    if timed and not re.search(r"[ymd]", letters):
        raise CellRefused(f"单元格是时间格式（{number_format}），不是日期；请填写日期（如 2024-03-01）或年份，"
                          "或把单元格改为日期格式")
    if "d" in letters or not re.search(r"[ym]", letters):
        return value.strftime("%Y-%m-%d")
    if "m" in letters:
        return value.strftime("%Y-%m")
    return value.strftime("%Y")


def cell_text(value: object, number_format: str = "General") -> str:
    """Return a workbook cell as the text a user sees: percent multiplied back ("2.94%"), dates at their precision.

    CellRefused for a time where a date or number is expected, or a number that is not finite.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (dt.datetime, dt.date)):
        return _date_text(value, number_format)
    if isinstance(value, (dt.time, dt.timedelta)):
        raise CellRefused(f"单元格是时间或时长（格式 {number_format}），不是日期或数值；请填写日期（如 2024-03-01）或数值")
    if isinstance(value, (int, float)):
        if "%" in _format_letters(number_format):
            return _plain(value * 100, _places(number_format)) + "%"
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return _plain(value, 0) if isinstance(value, float) else str(value)
    return str(value)


def unpacked_size_problem(path: Path, limits: Limits) -> DataProblem | None:
    """Return a problem when the workbook is not a zip file or unpacks beyond the size limit, else None."""
    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return DataProblem(path.name, None, None, "不是有效的 .xlsx 工作簿（可能已损坏，或是改了扩展名的 CSV）；"
                           "请用 Excel 另存为 .xlsx")
    if size > limits.max_file_bytes:
        return DataProblem(path.name, None, None, f"工作簿解压后有 {size_text(size)}，超过上限 "
                           f"{limits.max_file_mb:g} MB（可用 --max-file-mb 调高）")
    return None


def scan_workbook(path: Path) -> tuple[dict[str, set[str]], dict[str, int]]:
    """Return, per sheet title, the coordinates of formula cells and the number of rows (streamed, every row)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=False)
    try:
        formulas: dict[str, set[str]] = {}
        rows: dict[str, int] = {}
        for sheet in book.worksheets:
            sheet.reset_dimensions()
            found, count = set(), 0
            for row in sheet.iter_rows():
                count += 1
                found.update(c.coordinate for c in row if getattr(c, "data_type", "") == "f")
            formulas[sheet.title], rows[sheet.title] = found, count
        return formulas, rows
    finally:
        book.close()


def _filled(cell, formulas: set[str]) -> bool:
    """Return True for a cell that holds something: a value other than blanks, or an uncomputed formula."""
    if cell.value is None:
        return cell.coordinate in formulas
    return not (isinstance(cell.value, str) and not cell.value.strip())


def sheet_matrix(sheet, file: str, formulas: set[str], problems: list[DataProblem]) -> list[list[str]] | None:
    """Return a sheet's cells as text rows; None (with problems appended) when it has merged or uncomputed cells.

    Only the cells the file holds are visited (a styled empty cell at XFD99000 costs
    nothing): rows end at the last filled row and are as wide as the header, longer
    only where a cell beyond the header holds something (reported by the caller).
    """
    bad = []
    for merged in sorted(str(r) for r in sheet.merged_cells.ranges):
        bad.append(DataProblem(file, None, None, f"单元格 {merged} 是合并单元格；请取消合并，每个单元格各填一个值"))
    filled = sorted((key, c) for key, c in sheet._cells.items() if _filled(c, formulas))
    width = max((col for (row, col), _ in filled if row == 1), default=0)
    last = max((row for (row, _), _ in filled), default=0)
    matrix = [[""] * width for _ in range(last)]
    for (row, col), c in filled:
        if c.value is None:
            bad.append(DataProblem(file, row, None, f"单元格 {c.coordinate} 是公式但没有计算结果；"
                                   "请在 Excel 中打开并保存一次，或改为填写数值"))
            continue
        cells = matrix[row - 1]
        cells.extend([""] * (col - len(cells)))
        try:
            cells[col - 1] = cell_text(c.value, c.number_format)
        except CellRefused as refused:
            header = matrix[0][col - 1] if row > 1 and col <= width else None
            bad.append(DataProblem(file, row, header or None, f"单元格 {c.coordinate}：{refused}"))
    problems.extend(bad)
    return None if bad else matrix
