"""`nqp-report export`: the comparison tables as a workbook or CSV, equal to the comparison records."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from nqp_report.analysis import compare
from nqp_report.cli import cli
from nqp_report.data import load_dataset
from nqp_report.excel.export import COLUMNS, MATRIX_SHEET, gap_to_best
from nqp_report.analysis.intervals import interval_of
from nqp_report.excel.records import comparison_records
from nqp_report.analysis.priority import recommendation_priority
from nqp_report.resources import bundled_data_dir

RECORD_KEYS = ("region", "value", "qualifier", "low", "high", "year", "year_inferred", "source", "rank")
LABELS = dict(COLUMNS)


@pytest.fixture(scope="module")
def bundled():
    return load_dataset(bundled_data_dir())


def expected_rows(ds, records) -> list[dict]:
    """Return the record rows in export order (by dimension, then indicator), with the indicator id."""
    flat = [{**row, "indicator": rec["indicator"]} for rec in records for row in rec["rows"]]
    order = ds.dimensions()
    return sorted(flat, key=lambda r: order.index(ds.indicators[r["indicator"]].dimension))


def as_record(row: dict) -> dict:
    """Return an exported row (keyed by Chinese header) in the record's terms."""
    got = {key: row[LABELS[key]] for key in (*RECORD_KEYS, "indicator")}
    got["year_inferred"] = got["year_inferred"] == "是"
    for key in ("value", "low", "high"):
        got[key] = None if got[key] in (None, "") else float(got[key])
    for key in ("year", "rank"):
        got[key] = None if got[key] in (None, "") else int(got[key])
    for key in ("qualifier", "source"):
        got[key] = got[key] or None
    return got


def normalised(rows: list[dict]) -> list[dict]:
    return [{**r, "qualifier": r["qualifier"] or None} for r in rows]


def run_export(tmp_path, name: str, *extra: str):
    out = tmp_path / name
    result = CliRunner().invoke(cli, ["export", "--target", "宁波", "--data", str(bundled_data_dir()),
                                      "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out


def test_workbook_round_trip_equals_the_records(tmp_path, bundled):
    book = load_workbook(run_export(tmp_path, "对标表.xlsx"))
    dims = [d for d in bundled.dimensions()]
    assert book.sheetnames == dims + [MATRIX_SHEET]
    got = []
    for dim in dims:
        sheet = book[dim]
        header = [c.value for c in sheet[1]]
        assert header == [label for _, label in COLUMNS] and sheet.freeze_panes == "A2"
        got += [as_record(dict(zip(header, r))) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert got == normalised(expected_rows(bundled, comparison_records(bundled, "宁波")))


def test_csv_round_trip_with_chosen_peers(tmp_path, bundled):
    data = run_export(tmp_path, "对标表.csv", "--peers", "深圳,合肥").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    records = comparison_records(bundled, "宁波", ["深圳", "合肥"])
    assert {r[LABELS["region"]] for r in rows} == {"宁波", "深圳", "合肥"}
    assert [as_record(r) for r in rows] == normalised(expected_rows(bundled, records))


def test_number_formats_show_the_source_precision(tmp_path, bundled):
    book = load_workbook(run_export(tmp_path, "x.xlsx"))
    seen = {}
    for dim in bundled.dimensions():
        sheet = book[dim]
        header = [c.value for c in sheet[1]]
        col = {label: header.index(label) for label in header}
        for row in sheet.iter_rows(min_row=2):
            key = (row[col["指标"]].value, row[col["地区"]].value)
            seen[key] = (row[col["数值"]].number_format, row[col["下限"]].number_format)
    assert seen[("rd_intensity", "宁波")] == ("0.00", "0.00")
    assert seen[("rd_intensity", "苏州")] == ("0.00", "0.00")
    assert seen[("nev_output", "常州")] == ("0", "0")
    assert seen[("rd_funds_from_ent", "深圳")] == ("0", "0")
    assert seen[("nev_output", "宁波")] == ("0.0", "0.0")


def test_matrix_lists_the_targets_recommendations_with_the_briefing_priority(tmp_path, bundled):
    sheet = load_workbook(run_export(tmp_path, "x.xlsx"))[MATRIX_SHEET]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    mine = [r for r in bundled.recommendations if r.region in ("", "宁波")]
    assert [r[0] for r in rows] == [r.id for r in mine]
    comps = compare(bundled, "宁波", ["深圳", "常州", "苏州", "杭州"])
    assert [r[-1] for r in rows] == [recommendation_priority(r, comps).level for r in mine]
    r02 = next(r for r in rows if r[0] == "R02")
    assert r02[6] == "R&D经费投入强度 2.94%（2022）" and r02[7] == "R&D经费投入强度 深圳 5.49%（2022，年份推定）"


def row(region, value, qualifier="", rank=1):
    bounds = interval_of(value, qualifier)
    low, high = bounds.low, bounds.high
    return {"region": region, "value": value, "qualifier": qualifier, "low": low, "high": high, "rank": rank}


@pytest.mark.parametrize(("direction", "best", "other", "expected"), [
    ("higher", row("乙", 6.0), row("甲", 3.0, rank=2), (3.0, "确定")),
    ("higher", row("乙", 2.4, "超"), row("甲", 1.2, rank=2), (1.2, "至少")),
    ("higher", row("乙", 6.0), row("甲", 3.0, "近", rank=2), (3.0, "至少")),
    ("higher", row("乙", 6.0), row("甲", 3.0, "超", rank=2), (None, "")),
    ("lower", row("乙", 3.0), row("甲", 6.0, rank=2), (3.0, "确定")),
    ("lower", row("乙", 3.0, "不足"), row("甲", 6.0, rank=2), (3.0, "至少")),
    ("lower", row("乙", 3.0, "超"), row("甲", 6.0, rank=2), (None, "")),
    ("lower", row("乙", 3.0, "近"), row("甲", 6.0, rank=2), (3.0, "至少")),
    ("higher", row("乙", 6.0), row("甲", 3.0, rank=None), (None, "")),
])
def test_gap_to_best_by_hand(direction, best, other, expected):
    record = {"direction": direction, "best": "乙", "rows": [best, other]}
    assert gap_to_best(record, other) == expected
    assert gap_to_best(record, best) == (0.0, "确定")


def test_export_is_byte_stable_and_checks_its_options(tmp_path):
    first = run_export(tmp_path, "a.xlsx").read_bytes()
    assert run_export(tmp_path, "b.xlsx").read_bytes() == first
    result = CliRunner().invoke(cli, ["export", "--target", "宁波", "--out", str(tmp_path / "x.docx")])
    assert result.exit_code == 2 and "--out 应为 .xlsx 或 .csv 文件" in result.output
    result = CliRunner().invoke(cli, ["export", "--target", "宁波", "--peers", "深圳,月球",
                                      "--data", str(bundled_data_dir()), "--out", str(tmp_path / "y.xlsx")])
    assert result.exit_code == 1 and "对标地区“月球”不在数据的 regions 表中" in result.output
    assert not (tmp_path / "y.xlsx").exists()


def test_records_by_hand(bundled):
    records = {r["indicator"]: r for r in comparison_records(bundled, "宁波")}
    rd = records["rd_intensity"]
    assert (rd["target_rank"], rd["best"], rd["kind"], rd["concept"]) == (4, "深圳", "实际值", None)
    assert [(r["region"], r["value"], r["year"], r["year_inferred"], r["rank"]) for r in rd["rows"]] == [
        ("深圳", 5.49, 2022, True, 1), ("苏州", 4.0, 2022, True, 2), ("杭州", 3.75, 2022, True, 3),
        ("宁波", 2.94, 2022, False, 4)]
    shenzhen = next(r for r in records["rd_funds_from_ent"]["rows"] if r["region"] == "深圳")
    assert (shenzhen["qualifier"], shenzhen["low"], shenzhen["high"], shenzhen["year_inferred"]) == ("以上", 90.0, None, True)
    assert records["rd_funds_from_ent"]["concept"] == "ent_rd"
    alone = records["rd_rev_share"]
    assert alone["target_rank"] is None and alone["best"] is None and alone["rows"][0]["rank"] is None
    assert [r["rank"] for r in records["hnte_count"]["rows"]] == [None] * len(records["hnte_count"]["rows"])
    assert all(any(r["value"] is not None for r in rec["rows"]) for rec in records.values())
