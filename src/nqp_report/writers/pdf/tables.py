"""Three-line tables for the PDF: cell texts and styles, column widths, spans and rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from reportlab.platypus.tables import Table as RLTable, TableStyle

from ...model import Table
from .metrics import string_width
from .paragraph import TextStyle
from .styles import MISSING

GREY = (0.9, 0.9, 0.9)
CELL_PAD_X = 4.0
BLACK = (0, 0, 0)


@dataclass
class CellText:
    """One table cell as drawn: its text, its style and how many columns it spans."""

    text: str
    style: TextStyle
    span: int = 1


def cell_style(node: Table) -> TextStyle:
    """Return the body-cell style of a table: 小四 up to five columns, else 5号."""
    size = 12.0 if len(node.columns) <= 5 else 10.5
    return TextStyle(role="table", size=size, leading=round(size * 1.45, 2), first_indent=0.0, align="left")


def header_texts(node: Table) -> list[CellText]:
    """Return the header row's cells (黑体, centred)."""
    header = replace(cell_style(node), role="heading", align="center")
    return [CellText(c.header, header) for c in node.columns]


def row_texts(node: Table, rows=None) -> list[list[CellText]]:
    """Return each body row's cells, spans clipped to the table and short rows padded with empty cells."""
    base = cell_style(node)
    ncols = len(node.columns)
    out = []
    for row in node.rows if rows is None else rows:
        cells: list[CellText] = []
        c = 0
        bold = row.kind in ("group", "highlight")
        for item in row.cells:
            if c >= ncols:
                break
            span = max(1, min(item.span, ncols - c))
            style = replace(base, align=node.columns[c].align, bold=bold or item.bold)
            if row.kind == "group" and span > 1:
                style = replace(style, align="left")
            cells.append(CellText(MISSING if item.missing or not item.text else item.text, style, span))
            c += span
        out.append(cells)
    return out


def build_table(node: Table, make: Callable[[str, TextStyle], object], fonts: dict[str, str],
                text_width: float, row_limit: float, max_rows: int | None = None) -> RLTable:
    """Return the ReportLab table of ``node`` (header repeated on each page), cells made by ``make``.

    A row whose text would stand taller than ``row_limit`` continues in further rows, so that no
    row is taller than a page.
    """
    rows = node.rows if max_rows is None else node.rows[:max_rows]
    ncols = len(node.columns)
    widths = column_widths(node, fonts, text_width)
    data = [[make(c.text, c.style) for c in header_texts(node)]]
    commands: list = []
    body = [(row, part) for row, cells in zip(rows, row_texts(node, rows))
            for part in split_tall_row(cells, widths, make, row_limit)]
    for r, (row, cells) in enumerate(body, start=1):
        if row.kind == "group" and r < len(body):
            commands.append(("NOSPLIT", (0, r), (-1, r + 1)))  # a group label stays with its first row
        if row.kind == "highlight":
            commands.append(("BACKGROUND", (0, r), (-1, r), GREY))
        line: list = []
        for cell in cells:
            if cell.span > 1:
                commands.append(("SPAN", (len(line), r), (len(line) + cell.span - 1, r)))
            line.append(make(cell.text, cell.style))
            line.extend([""] * (cell.span - 1))
        line.extend([""] * (ncols - len(line)))
        data.append(line)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), fonts["table"]),  # for the empty cells under a span
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEABOVE", (0, 0), (-1, 0), 1.5, BLACK),
        ("LINEBELOW", (0, 0), (-1, 0), 0.75, BLACK),
        ("LINEBELOW", (0, -1), (-1, -1), 1.5, BLACK),
        ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), 1.5, BLACK),
    ] + commands
    table = RLTable(data, colWidths=widths, repeatRows=1, hAlign="CENTER")
    table.setStyle(TableStyle(style))
    table.spaceAfter = 3
    return table


def split_tall_row(cells: list[CellText], widths: list[float], make: Callable[[str, TextStyle], object],
                   limit: float) -> list[list[CellText]]:
    """Return the row as one or more rows, each cell's text cut at line ends so no part is taller than ``limit``."""
    chunks: list[list[str]] = []
    col = 0
    for cell in cells:
        width = sum(widths[col:col + cell.span]) - 2 * CELL_PAD_X
        col += cell.span
        per = max(1, int(limit // cell.style.leading))
        paragraph = make(cell.text, cell.style)
        paragraph.wrap(width, limit)
        starts = [a for a, _ in paragraph.lines]
        if len(starts) <= per:
            chunks.append([cell.text])
            continue
        cuts = starts[::per] + [len(cell.text)]
        chunks.append([cell.text[a:b] for a, b in zip(cuts, cuts[1:])])
    count = max((len(c) for c in chunks), default=1)
    return [[CellText(parts[k] if k < len(parts) else "", cell.style, cell.span) for cell, parts in zip(cells, chunks)]
            for k in range(count)]


def column_widths(node: Table, fonts: dict[str, str], text_width: float) -> list[float]:
    """Return column widths: Column.width proportions over the text width, widened so short texts
    (up to four characters, e.g. "优先级", "待评估", "3.03") never wrap, taken from columns with room."""
    size = cell_style(node).size
    total = sum(max(c.width, 0.01) for c in node.columns) or 1.0
    widths = [text_width * max(c.width, 0.01) / total for c in node.columns]
    need = []
    for c, column in enumerate(node.columns):
        texts = [(column.header, "heading")]
        texts += [(row.cells[c].text, "table") for row in node.rows
                  if len(row.cells) == len(node.columns) and row.kind != "group"]
        short = [string_width(t.strip(), fonts[role], size) for t, role in texts if len(t.strip()) <= 4]
        need.append(max(short, default=0.0) + 2 * CELL_PAD_X + 1.0)
    deficit = sum(max(0.0, n - w) for n, w in zip(need, widths))
    room = sum(max(0.0, w - n) for n, w in zip(need, widths))
    if deficit <= 0 or room <= deficit:
        return widths
    return [n if w < n else w - (w - n) * deficit / room for n, w in zip(need, widths)]
