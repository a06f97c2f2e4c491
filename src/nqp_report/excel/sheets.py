"""Shared workbook plumbing: header style, column widths, frozen header, and a byte-stable save.

openpyxl stamps the save time into ``docProps/core.xml`` and into every zip entry; ``save``
replaces both with a fixed instant, so the same content gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

FIXED_TIME = "2000-01-01T00:00:00Z"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
MIN_WIDTH, MAX_WIDTH = 6, 60
_STAMP = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def text_width(text: object) -> int:
    """Return the display width of a cell's text: two columns per CJK character, one otherwise."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(text if text is not None else ""))


def write_header(sheet, header: list[str], required: set[str] = frozenset()) -> None:
    """Write a bold header row (required columns shaded) and freeze it."""
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if cell.value in required else HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    sheet.freeze_panes = "A2"


def fit_columns(sheet, minimum: int = MIN_WIDTH, maximum: int = MAX_WIDTH) -> None:
    """Set each column's width to its longest cell, within [minimum, maximum] characters."""
    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            widths[cell.column] = max(widths.get(cell.column, 0), text_width(cell.value))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, minimum), maximum)


def text_not_formulas(book) -> None:
    """Mark every cell openpyxl took for a formula (text starting with "=") as plain text.

    The tool never writes formulas: a note "=1+1" or a title "=HYPERLINK(...)" from the data
    must stay the text it is, not become a live formula when Excel opens the workbook.
    """
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def workbook_bytes(book) -> bytes:
    """Return the .xlsx bytes of a workbook with the save time and zip times fixed, formulas written as text."""
    text_not_formulas(book)
    raw = io.BytesIO()
    book.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _STAMP.sub(rb"\g<1>" + FIXED_TIME.encode() + rb"\3", data)
            dst.writestr(zipfile.ZipInfo(info.filename, ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def save(book, path: Path) -> None:
    """Write a workbook to ``path`` atomically, byte-stable."""
    from ..pipeline import write_atomic

    write_atomic(Path(path), workbook_bytes(book))
