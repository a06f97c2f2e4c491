"""The gap list as a workbook (数据补充清单.xlsx) and as text for the terminal.

The first columns of the 待补充数值 sheet are the observations sheet's own columns, in its
order, with ``value`` blank: filled rows are pasted into the data workbook as they are. The
columns after the blank separator explain each cell and are not to be pasted.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font

from .contract import table_columns
from .gaps import GapReport
from .sheets import fit_columns, write_header

CELLS_SHEET = "待补充数值"
SUMMARY_SHEET = "按指标汇总"
REFERENCE_HEADER = ["指标名称", "单位", "口径", "可增加的比较", "使该指标可比", "引用该指标的建议数"]
SUMMARY_HEADER = ["指标", "指标名称", "单位", "口径", "已有数值的地区", "待补充", "补齐后可增加的比较",
                  "引用该指标的建议数"]


def _reference(indicator, cell) -> list:
    return [indicator.name, indicator.unit, indicator.definition, cell.adds,
            "是" if cell.makes_comparable else "", cell.cited_by]


def summary_line(dataset, group) -> str:
    """Return one line per indicator: who has values, which cells are missing, what filling adds."""
    ind = dataset.indicators[group.indicator]
    missing = "、".join(f"{c.region}{c.year}年" for c in group.cells)
    unit = f"（{ind.unit}）" if ind.unit else ""
    return (f"{ind.id} {ind.name}{unit}：已有 {'、'.join(group.valued)}；待补 {missing}；"
            f"补齐可增加 {group.adds} 组比较" + (f"，{group.cells[0].cited_by} 项建议引用" if group.cells[0].cited_by else ""))


def gaps_text(dataset, report: GapReport, limit: int | None = None) -> str:
    """Return the gap list for the terminal: a table of cells, then one summary line per indicator."""
    from ..summary import _table

    head = (f"目标：{report.target}；对标：{'、'.join(report.peers) or '（无）'}；"
            f"现可比指标 {report.comparable} 项、比较 {report.pairs} 组；待补充数值 {len(report.cells)} 个")
    shown = report.cells if limit is None else report.cells[:limit]
    rows = [[c.region, c.indicator, str(c.year), dataset.indicators[c.indicator].name, str(c.adds),
             "是" if c.makes_comparable else "", str(c.cited_by)] for c in shown]
    table = _table(["地区", "指标", "年份", "指标名称", "可增加的比较", "使该指标可比", "建议引用"], rows)
    more = [f"（另有 {len(report.cells) - len(shown)} 个，用 --out 写入工作簿查看全部）"] if len(shown) < len(report.cells) else []
    summary = [summary_line(dataset, g) for g in report.by_indicator]
    return "\n".join([head, "", table, *more, "", "按指标汇总：", *summary])


def gaps_workbook(dataset, report: GapReport) -> Workbook:
    """Return the gap workbook: the cells to fill, a summary per indicator, and a short 说明."""
    book = Workbook()
    sheet = book.active
    sheet.title = CELLS_SHEET
    columns = [c.name for c in table_columns("observations")]
    write_header(sheet, columns + [""] + REFERENCE_HEADER)
    for cell in sheet[1][len(columns) + 1:]:
        cell.font = Font(bold=True, italic=True, color="808080")
    for cell in report.cells:
        known = {"region": cell.region, "indicator": cell.indicator, "year": cell.year}
        row = [known.get(name) for name in columns]
        sheet.append(row + [None] + _reference(dataset.indicators[cell.indicator], cell))
    fit_columns(sheet, maximum=40)
    summary = book.create_sheet(SUMMARY_SHEET)
    write_header(summary, SUMMARY_HEADER)
    for group in report.by_indicator:
        ind = dataset.indicators[group.indicator]
        summary.append([ind.id, ind.name, ind.unit, ind.definition, "、".join(group.valued),
                        "、".join(f"{c.region}{c.year}年" for c in group.cells), group.adds,
                        group.cells[0].cited_by])
    fit_columns(summary, maximum=40)
    guide = book.create_sheet("说明")
    for line in (
        f"目标：{report.target}；对标：{'、'.join(report.peers) or '（无）'}。",
        f"现可比指标 {report.comparable} 项、比较 {report.pairs} 组；下列 {len(report.cells)} 个数值缺失。",
        "按“可增加的比较”从多到少排列，其次是能否使该指标变为可比、被对策建议引用的次数。",
        f"查到数值后填写 value（及 qualifier、source、note），把“{CELLS_SHEET}”表中前 {len(columns)} 列"
        "整行复制，粘贴到数据工作簿 observations 表的末尾；灰色表头的各列仅供参考，不要粘贴。",
        "查不到的行删去即可，不要填 0。",
    ):
        guide.append([line])
    guide.column_dimensions["A"].width = 100
    return book
