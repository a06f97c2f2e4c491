"""Raw WordprocessingML for tables: three-line rules, cell borders and shading, row and layout properties."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from .oxml import TBLPR_ORDER, TCPR_ORDER, insert_in_order, replace_child

if TYPE_CHECKING:
    from docx.table import Table, _Cell, _Row

def _border(parent, side: str, size_eighths: int | None) -> None:
    attrs = ({qn("w:val"): "single", qn("w:sz"): str(size_eighths), qn("w:space"): "0", qn("w:color"): "000000"}
             if size_eighths else {qn("w:val"): "nil"})
    etree.SubElement(parent, qn("w:" + side), attrs)


def set_three_line_borders(table: Table, outer_eighths: int = 12) -> None:
    """Give a table thick top and bottom rules and no other lines (the rule under the header is per cell)."""
    tbl_pr = table._tbl.tblPr
    borders = replace_child(tbl_pr, "tblBorders", TBLPR_ORDER)
    for side, size in (("top", outer_eighths), ("left", None), ("bottom", outer_eighths), ("right", None),
                       ("insideH", None), ("insideV", None)):
        _border(borders, side, size)


def set_cell_borders(cell: _Cell, top: int | None = None, bottom: int | None = None) -> None:
    """Set a cell's top and/or bottom rule, in eighths of a point."""
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = tc_pr.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        insert_in_order(tc_pr, borders, TCPR_ORDER)
    for side, size in (("top", top), ("bottom", bottom)):
        if size:
            for old in borders.findall(qn("w:" + side)):
                borders.remove(old)
            node = OxmlElement("w:" + side)
            node.set(qn("w:val"), "single")
            node.set(qn("w:sz"), str(size))
            node.set(qn("w:space"), "0")
            node.set(qn("w:color"), "000000")
            if side == "top":
                borders.insert(0, node)
            else:
                top_node = borders.find(qn("w:top"))
                if top_node is not None:
                    top_node.addnext(node)
                else:
                    borders.insert(0, node)


def set_cell_shading(cell: _Cell, fill: str) -> None:
    """Fill a cell's background with an RGB hex colour (e.g. "F2F2F2")."""
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = replace_child(tc_pr, "shd", TCPR_ORDER)
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


def _row_property(row: _Row, tag: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:" + tag)) is None:
        node = OxmlElement("w:" + tag)
        if tag == "cantSplit":
            tr_pr.insert(0, node)
        else:
            tr_pr.append(node)


def repeat_as_header_row(row: _Row) -> None:
    """Mark a row as a header row, repeated at the top of each page the table continues on (w:tblHeader)."""
    _row_property(row, "tblHeader")


def keep_row_on_one_page(row: _Row) -> None:
    """Forbid a row from breaking across pages (w:cantSplit)."""
    _row_property(row, "cantSplit")


def set_fixed_layout(table: Table, width_twips: int) -> None:
    """Give a table a fixed layout and total width, so column widths are kept as set."""
    tbl_pr = table._tbl.tblPr
    width = replace_child(tbl_pr, "tblW", TBLPR_ORDER)
    width.set(qn("w:w"), str(width_twips))
    width.set(qn("w:type"), "dxa")
    layout = replace_child(tbl_pr, "tblLayout", TBLPR_ORDER)
    layout.set(qn("w:type"), "fixed")


def set_cell_margins(table: Table, left_right_twips: int) -> None:
    """Set the default left and right cell padding of a table (Word's default is 108 twips, 1.9 mm)."""
    tbl_pr = table._tbl.tblPr
    margins = replace_child(tbl_pr, "tblCellMar", TBLPR_ORDER)
    for side in ("left", "right"):
        etree.SubElement(margins, qn("w:" + side), {qn("w:w"): str(left_right_twips), qn("w:type"): "dxa"})


# ---------------------------------------------------------------- container
