"""``nqp-report export``: the comparison tables as a workbook (one sheet per dimension plus the
recommendations matrix) or as one CSV table.

Each row is one region on one indicator, straight from the comparison records: value,
qualifier, interval bounds, year and whether it was inferred, rank (blank where the order is
undetermined), the gap to a determined best as the analysis gives it (``analysis.region_gap``:
确定, 至少 or 约), and the source. Value cells carry a number
format with the decimals the source gave.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from openpyxl import Workbook

from .records import applies_to, comparison_records, is_comparable, recommendation_priorities, resolve_peers
from .sheets import fit_columns, workbook_bytes, write_header

COLUMNS = [
    ("dimension", "维度"), ("indicator", "指标"), ("name", "指标名称"), ("unit", "单位"),
    ("concept", "概念组"), ("direction", "方向"), ("kind", "类型"), ("region", "地区"),
    ("value", "数值"), ("qualifier", "限定词"), ("low", "下限"), ("high", "上限"), ("year", "年份"),
    ("year_inferred", "年份为推定"), ("rank", "位次"), ("rank_note", "位次说明"),
    ("gap", "与最优的差距"), ("gap_note", "差距性质"), ("source", "来源"),
]
NUMBER_KEYS = ("value", "low", "high", "gap")
GAP_NOTES = {"exact": "确定", "at_least": "至少", "about": "约"}
MATRIX_SHEET = "对策建议矩阵"
MATRIX_HEADER = ["编号", "维度", "建议", "期限", "借鉴地区", "关联指标", "目标现值", "对标最优", "优先级"]
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def _rank_note(record: dict, row: dict, target: str) -> str:
    if row["value"] is None:
        return "缺失"
    if row["rank"] is not None:
        return ""
    return "高低难以判定" if is_comparable(record, target) else "无可比数据"


def export_rows(dataset, records: list[dict], target: str) -> list[dict]:
    """Return one flat row per region and indicator: the record's row plus the indicator's labels."""
    rows = []
    for record in records:
        ind = dataset.indicators[record["indicator"]]
        for row in record["rows"]:
            rows.append({
                **row, "dimension": ind.dimension, "indicator": ind.id, "name": ind.name, "unit": ind.unit,
                "concept": record["concept"], "direction": record["direction"], "kind": record["kind"],
                "rank_note": _rank_note(record, row, target), "gap_note": GAP_NOTES.get(row["gap_kind"], ""),
            })
    return rows


def source_decimals(dataset):
    """Return a function (indicator id, record row) -> the decimals the source wrote the value with."""
    written = {(o.region, o.indicator, o.year, o.source, o.value): getattr(o, "places", None)
               for o in dataset.observations}

    def decimals(indicator: str, row: dict) -> int:
        found = written.get((row["region"], indicator, row["year"], row["source"], row["value"]))
        return dataset.indicators[indicator].decimals if found is None else found

    return decimals


def _number_format(decimals: int) -> str:
    return "0" if decimals <= 0 else "0." + "0" * decimals


def _sheet_title(text: str, used: set[str]) -> str:
    base = _SHEET_NAME.sub("_", text)[:31] or "表"
    title, n = base, 2
    while title in used:
        title, n = f"{base[:28]}_{n}", n + 1
    used.add(title)
    return title


def _cell(key: str, value):
    if key == "year_inferred":
        return "是" if value else ""
    return value


def _matrix(book: Workbook, dataset, records: list[dict], target: str, priorities: dict[str, str]) -> None:
    sheet = book.create_sheet(MATRIX_SHEET)
    write_header(sheet, MATRIX_HEADER)
    by_id = {r["indicator"]: r for r in records}
    fmt = _value_text(dataset)
    for rec in dataset.recommendations:
        if not applies_to(rec, target):
            continue
        own, best = [], []
        for ind in rec.indicators:
            record = by_id.get(ind)
            rows = {r["region"]: r for r in record["rows"]} if record else {}
            name = dataset.indicators[ind].name
            if target in rows and rows[target]["value"] is not None:
                own.append(f"{name} {fmt(ind, rows[target])}")
            if record and record["best"] is not None:
                best.append(f"{name} {record['best']} {fmt(ind, rows[record['best']])}")
        sheet.append([rec.id, rec.dimension, rec.title, rec.horizon, "、".join(rec.benchmarks),
                      "、".join(rec.indicators), "；".join(own), "；".join(best), priorities.get(rec.id, "")])
    fit_columns(sheet, maximum=50)


def _value_text(dataset):
    from ..formatting import fmt_number, qualify, with_unit

    decimals = source_decimals(dataset)

    def text(indicator: str, row: dict) -> str:
        number = with_unit(fmt_number(row["value"], decimals(indicator, row)), dataset.indicators[indicator].unit)
        year = f"{row['year']}，年份推定" if row["year_inferred"] else str(row["year"])
        return f"{qualify(row['qualifier'] or '', number)}（{year}）"

    return text


def export_workbook(dataset, target: str, peers: list[str] | None = None,
                    reference_year: int | None = None) -> Workbook:
    """Return the export workbook: one sheet per dimension, then the recommendations matrix."""
    peers = resolve_peers(dataset, target, peers)
    records = comparison_records(dataset, target, peers, reference_year)
    rows = export_rows(dataset, records, target)
    decimals = source_decimals(dataset)
    book = Workbook()
    book.remove(book.active)
    used: set[str] = {MATRIX_SHEET}
    keys = [k for k, _ in COLUMNS]
    for dimension in dataset.dimensions():
        chosen = [r for r in rows if r["dimension"] == dimension]
        if not chosen:
            continue
        sheet = book.create_sheet(_sheet_title(dimension, used))
        write_header(sheet, [label for _, label in COLUMNS])
        for row in chosen:
            sheet.append([_cell(k, row[k]) for k in keys])
            shown = _number_format(decimals(row["indicator"], row))
            for key in NUMBER_KEYS:
                sheet.cell(sheet.max_row, keys.index(key) + 1).number_format = shown
        fit_columns(sheet, maximum=30)
    _matrix(book, dataset, records, target, recommendation_priorities(dataset, target, peers, reference_year))
    return book


def export_csv(dataset, target: str, peers: list[str] | None = None, reference_year: int | None = None) -> bytes:
    """Return the comparison rows as UTF-8 CSV with a BOM (Excel opens it with Chinese intact)."""
    records = comparison_records(dataset, target, resolve_peers(dataset, target, peers), reference_year)
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([label for _, label in COLUMNS])
    for row in export_rows(dataset, records, target):
        writer.writerow(["" if row[k] is None else _cell(k, row[k]) for k, _ in COLUMNS])
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def export_file(dataset, out: Path, target: str, peers: list[str] | None = None,
                reference_year: int | None = None) -> Path:
    """Write the export to ``out`` (.xlsx or .csv, atomically) and return the path."""
    from ..pipeline import write_atomic

    if out.suffix.lower() == ".csv":
        data = export_csv(dataset, target, peers, reference_year)
    else:
        data = workbook_bytes(export_workbook(dataset, target, peers, reference_year))
    write_atomic(out, data)
    return out
