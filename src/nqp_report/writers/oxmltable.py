"""Raw WordprocessingML for tables: three-line rules, cell borders and shading, row and layout properties."""

from __future__ import annotations

from dataclasses import dataclass
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


# ---------------------------------------------------------------- rows in one pass
@dataclass(frozen=True)
class CellSpec:
    """One cell as WordprocessingML needs it: width, span, rule under it, fill, paragraph style and alignment."""

    width_twips: int
    span: int
    style_id: str
    align: str
    keep_with_next: bool
    bottom_rule: int | None = None
    fill: str | None = None


def append_rows(table: Table, rows: list[tuple[bool, list[CellSpec]]]) -> list:
    """Append rows (``(is_header, cells)``) to a table, built in one pass; return each cell's ``w:p``.

    Rows cannot split across pages (w:cantSplit); a header row repeats on
    each page. Each cell holds one empty paragraph for the caller's runs.
    """
    tbl = table._tbl
    paragraphs = []
    for is_header, cells in rows:
        tr = etree.SubElement(tbl, _W_TR)
        tr_pr = etree.SubElement(tr, _W_TRPR)
        etree.SubElement(tr_pr, _W_CANTSPLIT)
        if is_header:
            etree.SubElement(tr_pr, _W_TBLHEADER)
        for cell in cells:
            paragraphs.append(_append_cell(tr, cell))
    return paragraphs


def _append_cell(tr, cell: CellSpec):
    tc = etree.SubElement(tr, _W_TC)
    tc_pr = etree.SubElement(tc, _W_TCPR)
    etree.SubElement(tc_pr, _W_TCW, {_W_TYPE: "dxa", _W_W: str(cell.width_twips)})
    if cell.span > 1:
        etree.SubElement(tc_pr, _W_GRIDSPAN, {_W_VAL: str(cell.span)})
    if cell.bottom_rule:
        borders = etree.SubElement(tc_pr, _W_TCBORDERS)
        etree.SubElement(borders, _W_BOTTOM, {_W_VAL: "single", _W_SZ: str(cell.bottom_rule), _W_SPACE: "0",
                                              _W_COLOR: "000000"})
    if cell.fill:
        etree.SubElement(tc_pr, _W_SHD, {_W_VAL: "clear", _W_COLOR: "auto", _W_FILL: cell.fill})
    etree.SubElement(tc_pr, _W_VALIGN, {_W_VAL: "center"})
    p = etree.SubElement(tc, _W_P)
    p_pr = etree.SubElement(p, _W_PPR)
    etree.SubElement(p_pr, _W_PSTYLE, {_W_VAL: cell.style_id})
    if cell.keep_with_next:
        etree.SubElement(p_pr, _W_KEEPNEXT)
    etree.SubElement(p_pr, _W_JC, {_W_VAL: cell.align})
    return p


(_W_TR, _W_TRPR, _W_CANTSPLIT, _W_TBLHEADER, _W_TC, _W_TCPR, _W_TCW, _W_GRIDSPAN, _W_TCBORDERS, _W_BOTTOM,
 _W_SHD, _W_VALIGN, _W_P, _W_PPR, _W_PSTYLE, _W_KEEPNEXT, _W_JC) = (
    qn("w:" + tag) for tag in ("tr", "trPr", "cantSplit", "tblHeader", "tc", "tcPr", "tcW", "gridSpan",
                               "tcBorders", "bottom", "shd", "vAlign", "p", "pPr", "pStyle", "keepNext", "jc"))
(_W_TYPE, _W_W, _W_VAL, _W_SZ, _W_SPACE, _W_COLOR, _W_FILL) = (
    qn("w:" + name) for name in ("type", "w", "val", "sz", "space", "color", "fill"))
