"""Three-line tables in the DOCX: caption, fixed column widths, rules, spans, shading, rows kept together."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Mm
from docx.text.paragraph import Paragraph as DocxParagraph

from ..house import TEXT_WIDTH_MM
from ..model import Table
from . import oxmltable
from .base import note_lines
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
        table = self.writer.docx.add_table(rows=0, cols=len(node.columns))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        total = sum(max(c.width, 0.01) for c in node.columns)
        widths = [Mm(TEXT_WIDTH_MM * max(c.width, 0.01) / total) for c in node.columns]
        oxmltable.set_fixed_layout(table, round(TEXT_WIDTH_MM / 25.4 * 1440))
        oxmltable.set_three_line_borders(table, RULE_THICK)
        oxmltable.set_cell_margins(table, CELL_PADDING_TWIPS)
        for column, width in zip(table.columns, widths):
            column.width = width
        rows, texts = self._rows(node, [w.twips for w in widths])
        for p, (text, bold) in zip(oxmltable.append_rows(table, rows), texts):
            if text:
                self.writer._add_run(DocxParagraph(p, table), text, bold=bold)
        last = None
        for line in note_lines(node.notes, node.source):
            last = self.writer._paragraph(line, "Source Note")
            last.paragraph_format.keep_with_next = False
        self.writer._end_block(last)

    def _rows(self, node: Table, twips: list[int]) -> tuple[list, list[tuple[str, bool]]]:
        """Return the rows as cell specs (header first) and each cell's (text, bold), in document order."""
        keeps = self._keeps(node)
        header = [oxmltable.CellSpec(w, 1, self.writer._style_id("Table Header"), "center", keeps[0],
                                     bottom_rule=RULE_THIN) for w in twips]
        rows = [(True, header)]
        texts = [(column.header, False) for column in node.columns]
        for model_row, keep in zip(node.rows, keeps[1:]):
            cells, row_texts = self._row(node, model_row, twips, keep)
            rows.append((False, cells))
            texts += row_texts
        return rows, texts

    @staticmethod
    def _keeps(node: Table) -> list[bool]:
        """Return, for the header and each row, whether its paragraphs keep with the next row.

        Word keeps a row with the next one when its paragraphs are kept with
        next, so a header or a group label never ends a page alone, and a
        table of a few rows moves to the next page with its caption instead
        of breaking; the last row stays with the first note or source line.
        """
        short = len(node.rows) <= KEEP_WHOLE_ROWS
        kinds = ["header"] + [r.kind for r in node.rows]
        keeps = []
        for i, kind in enumerate(kinds):
            last = i == len(kinds) - 1
            keeps.append((kind in ("header", "group") or short) and not last
                         or last and bool(node.notes or node.source))
        return keeps

    def _row(self, node: Table, model_row, twips: list[int], keep: bool) -> tuple[list, list[tuple[str, bool]]]:
        """Return one body row's cell specs and (text, bold) per cell; spans merge columns."""
        ncols = len(node.columns)
        cells = list(model_row.cells)
        if model_row.kind == "group" and cells:
            cells = [replace(cells[0], span=ncols, bold=True)]
        fill = HIGHLIGHT_FILL if model_row.kind == "highlight" else None
        text_style = self.writer._style_id("Table Text")
        specs, texts, start = [], [], 0
        for cell in cells:
            if start >= ncols:
                break
            span = max(1, min(cell.span, ncols - start))
            align = node.columns[start].align
            text = cell.text
            if cell.missing:
                text = cell.text or "—"
                align = "center" if align == "center" else align
            if model_row.kind == "group":
                align = "left"
            specs.append(oxmltable.CellSpec(sum(twips[start:start + span]), span, text_style, align, keep,
                                            fill=fill))
            texts.append((text, cell.bold or model_row.kind in ("group", "highlight")))
            start += span
        for rest in range(start, ncols):
            specs.append(oxmltable.CellSpec(twips[rest], 1, text_style, "left", keep, fill=fill))
            texts.append(("", False))
        return specs, texts
