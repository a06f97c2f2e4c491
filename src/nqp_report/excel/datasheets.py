"""The data workbook (数据.xlsx): six sheets headed by the data contract, drop-downs, and a 说明 sheet.

Drop-down lists for region, indicator and source refer to the key column of the regions,
indicators and sources sheets, so rows added there become choices at once; qualifier,
preferred, horizon, level, direction (and kind, when the contract has it) list the values the
loader accepts.
"""

from __future__ import annotations

import re

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .contract import KEYS, contract, fixed_choices, is_required_table, referenced_table
from .sheets import fit_columns, text_width, write_header

GUIDE_SHEET = "说明"
LAST_ROW = 5000
_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
TABLE_TITLES = {
    "regions": "地区", "indicators": "指标", "observations": "数值", "sources": "来源",
    "practices": "典型经验", "recommendations": "对策建议",
}
COLUMN_NOTES = {
    ("regions", "name"): "地区名称，全表唯一，如 宁波、浙江省",
    ("regions", "level"): "级别，下拉选择",
    ("indicators", "id"): "指标编号：小写英文字母开头，只含小写字母、数字和下划线",
    ("indicators", "definition"): "口径：分子、分母、统计对象；口径不同即为不同指标",
    ("indicators", "direction"): "higher 越高越好，lower 越低越好（位次类指标填 lower）",
    ("indicators", "decimals"): "显示的小数位数，0～6，留空为1",
    ("indicators", "concept"): "口径不同但含义相近的指标填相同的概念编号，只并列、不排序",
    ("observations", "region"): "地区，下拉选择（来自 regions 表）",
    ("observations", "indicator"): "指标编号，下拉选择（来自 indicators 表）",
    ("observations", "year"): "统计年份，四位数字",
    ("observations", "value"): "只写数字；2.4万家写 2.4（单位见指标表），百分比写 25.2",
    ("observations", "qualifier"): "限定词：约、超、近、以上、不足；精确值留空",
    ("observations", "source"): "来源编号，下拉选择（来自 sources 表）",
    ("observations", "note"): "原文摘录或说明；推算值须写“推算”及算法；年份为推定的写“原文未注明统计年份”",
    ("observations", "preferred"): "同一地区、指标、年份有两个不同数值时，恰好一行填 yes",
    ("sources", "date"): "发表日期：YYYY、YYYY-MM 或 YYYY-MM-DD",
    ("recommendations", "horizon"): "期限：近期、中期、长期",
    ("recommendations", "benchmarks"): "借鉴的地区，多个用分号 ; 分隔",
    ("recommendations", "indicators"): "衡量该建议的指标编号，多个用分号 ; 分隔",
    ("recommendations", "region"): "建议针对的地区；留空表示适用于任何目标",
}


def cell_value(text: str) -> object:
    """Return a cell as the workbook should hold it: a number when that reads back as the same text."""
    if _PLAIN_NUMBER.match(text):
        number = float(text)
        if number.is_integer() and "." not in text:
            return int(number)
        if str(number) == text:
            return number
    return text


def _validation(formula: str, prompt: str) -> DataValidation:
    check = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True)
    check.errorTitle, check.error = "输入无效", f"请从下拉列表中选择：{prompt}"
    check.promptTitle, check.prompt = "下拉选择", prompt
    check.showInputMessage = True
    return check


def _add_validations(sheet, table: str, header: list[str], key_columns: dict[str, str]) -> None:
    choices = fixed_choices()
    for index, column in enumerate(header, start=1):
        letter = get_column_letter(index)
        ref = referenced_table(table, column)
        if ref and ref in key_columns:
            rng = f"{ref}!${key_columns[ref]}$2:${key_columns[ref]}${LAST_ROW}"
            check = _validation(rng, f"{ref} 表中已有的{TABLE_TITLES[ref]}")
        elif column in choices:
            check = _validation('"' + ",".join(choices[column]) + '"', "、".join(choices[column]))
        else:
            continue
        check.add(f"{letter}2:{letter}{LAST_ROW}")
        sheet.add_data_validation(check)


def _headers(rows_by_table: dict[str, list[dict[str, str]]]) -> dict[str, list[str]]:
    headers = {}
    for table, columns in contract().items():
        names = [c.name for c in columns]
        extra = [h for row in rows_by_table.get(table, []) for h in row if h and h not in names]
        headers[table] = names + list(dict.fromkeys(extra))
    return headers


def _guide(sheet, headers: dict[str, list[str]]) -> None:
    sheet.append(["数据工作簿说明"])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in (
        "本工作簿是 nqp-report 的数据：六张表（regions、indicators、observations、sources、practices、"
        "recommendations），表名和列名不要改。",
        "填写顺序：先在 sources 登记来源，在 regions、indicators 登记地区和指标，再在 observations 填数值。",
        "地区、指标、来源、限定词等列可从下拉列表选择；下拉列表随 regions、indicators、sources 表新增的行自动更新。",
        "红色表头为必填列。数值列只写数字，限定词写在 qualifier 列；缺失的数值不要填 0，整行不填即可。",
        "检查：nqp-report validate --data 数据.xlsx；找出最值得补充的数值：nqp-report gaps --target 地区 --data 数据.xlsx。",
        "",
    ):
        sheet.append([line])
    sheet.append(["表", "列", "必填", "说明"])
    first_row = sheet.max_row + 1
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    required = {t: {c.name for c in cols if c.required} for t, cols in contract().items()}
    for table, header in headers.items():
        title = f"{table}（{TABLE_TITLES.get(table, table)}）" + ("" if is_required_table(table) else "，可选")
        for column in header:
            note = COLUMN_NOTES.get((table, column), "")
            if column in fixed_choices() and not note:
                note = "可选值：" + "、".join(fixed_choices()[column])
            sheet.append([title, column, "是" if column in required[table] else "", note])
    titles = [row[0].value for row in sheet.iter_rows(min_row=first_row)]
    names = [column for header in headers.values() for column in header]
    widths = (max(map(text_width, titles)) + 2, max(map(text_width, names)) + 2, 6, 90)
    for letter, width in zip("ABCD", widths):
        sheet.column_dimensions[letter].width = width


def data_workbook(rows_by_table: dict[str, list[dict[str, str]]]) -> Workbook:
    """Return the data workbook: a 说明 sheet, then one sheet per table holding the given text rows.

    An optional table without rows is left out (the loader rejects a sheet with a header only).
    """
    headers = _headers(rows_by_table)
    book = Workbook()
    _guide(book.active, headers)
    book.active.title = GUIDE_SHEET
    present = [t for t in headers if is_required_table(t) or rows_by_table.get(t)]
    key_columns = {t: get_column_letter(headers[t].index(k) + 1) for t, k in KEYS.items() if t in present}
    required = {t: {c.name for c in cols if c.required} for t, cols in contract().items()}
    for table in present:
        sheet = book.create_sheet(table)
        write_header(sheet, headers[table], required[table])
        for row in rows_by_table.get(table, []):
            sheet.append([cell_value(row.get(h, "").strip()) for h in headers[table]])
        _add_validations(sheet, table, headers[table], key_columns)
        fit_columns(sheet, maximum=40)
    return book
