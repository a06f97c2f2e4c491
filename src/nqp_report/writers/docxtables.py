"""Three-line tables in the DOCX: caption, fixed column widths, rules, spans, shading, rows kept together."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from ..house import TEXT_WIDTH_MM
from ..model import Table
from . import oxmltable
from .docxstyles import CELL_PADDING_TWIPS, HIGHLIGHT_FILL, KEEP_WHOLE_ROWS, RULE_THICK, RULE_THIN

if TYPE_CHECKING:
    from .docx import DocxWriter


class TableWriter:
    """Write one model table through a :class:`DocxWriter` (its paragraphs, styles and captions)."""

    def __init__(self, writer: DocxWriter) -> None:
        self.writer = writer

    def write(self, node: Table) -> None:
        """Write caption, three-line table, notes and source."""
        self.writer._caption(node.label, node.number, node.caption, self.writer._anchors[node.id])
        ncols = len(node.columns)
        table = self.writer.docx.add_table(rows=1 + len(node.rows), cols=ncols)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        total = sum(max(c.width, 0.01) for c in node.columns)
        widths = [Mm(TEXT_WIDTH_MM * max(c.width, 0.01) / total) for c in node.columns]
        oxmltable.set_fixed_layout(table, round(TEXT_WIDTH_MM / 25.4 * 1440))
        oxmltable.set_three_line_borders(table, RULE_THICK)
        oxmltable.set_cell_margins(table, CELL_PADDING_TWIPS)
        for column, width in zip(table.columns, widths):
            column.width = width
        rows = list(table.rows)
        row_cells = [row.cells for row in rows]  # python-docx rebuilds this list on every access: once per row
        for row, cells in zip(rows, row_cells):
            oxmltable.keep_row_on_one_page(row)
            for cell, width in zip(cells, widths):
                cell.width = width
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        oxmltable.repeat_as_header_row(rows[0])
        for cell, column in zip(row_cells[0], node.columns):
            self.writer.fill_cell(cell, column.header, "Table Header", WD_ALIGN_PARAGRAPH.CENTER)
            oxmltable.set_cell_borders(cell, bottom=RULE_THIN)
        for model_row, cells in zip(node.rows, row_cells[1:]):
            self._write_row(node, model_row, cells)
        self._keep_rows_together(node, rows)
        lines = node.notes + ([node.source] if node.source else [])
        last = None
        for line in lines:
            last = self.writer._paragraph(line, "Source Note")
            last.paragraph_format.keep_with_next = False
        self.writer._end_block(last)

    @staticmethod
    def _keep_rows_together(node: Table, rows: list) -> None:
        """Keep the header and group rows with the row after them; keep a short table whole.

        Word keeps a row with the next one when its paragraphs are kept with
        next, so a header or a group label never ends a page alone, and a
        table of a few rows moves to the next page with its caption instead
        of breaking.
        """
        short = len(node.rows) <= KEEP_WHOLE_ROWS
        kinds = ["header"] + [r.kind for r in node.rows]
        for i, (kind, row) in enumerate(zip(kinds, rows)):
            last = i == len(rows) - 1
            keep = (kind in ("header", "group") or short) and not last
            if last and (node.notes or node.source):
                keep = True  # the first note or the source line stays with the table
            if keep:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        paragraph.paragraph_format.keep_with_next = True

    def _write_row(self, node: Table, model_row, row_cells: list) -> None:
        """Fill one row's cells (``row_cells``: the row's cells before any merge, one per column)."""
        ncols = len(node.columns)
        cells = list(model_row.cells)
        if model_row.kind == "group" and cells:
            cells = [replace(cells[0], span=ncols, bold=True)]
        start = 0
        for cell in cells:
            if start >= ncols:
                break
            span = max(1, min(cell.span, ncols - start))
            target = row_cells[start]
            if span > 1:
                target = target.merge(row_cells[start + span - 1])
            column = node.columns[start]
            align = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                     "right": WD_ALIGN_PARAGRAPH.RIGHT}[column.align]
            text = cell.text
            if cell.missing:
                text = cell.text or "—"
                align = WD_ALIGN_PARAGRAPH.CENTER if column.align == "center" else align
            bold = cell.bold or model_row.kind in ("group", "highlight")
            if model_row.kind == "group":
                align = WD_ALIGN_PARAGRAPH.LEFT
            self.writer.fill_cell(target, text, "Table Text", align, bold)
            if model_row.kind == "highlight":
                oxmltable.set_cell_shading(target, HIGHLIGHT_FILL)
            start += span
        for rest in range(start, ncols):
            self.writer.fill_cell(row_cells[rest], "", "Table Text", WD_ALIGN_PARAGRAPH.LEFT)
            if model_row.kind == "highlight":
                oxmltable.set_cell_shading(row_cells[rest], HIGHLIGHT_FILL)
