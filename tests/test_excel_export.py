"""`nqp-report export`: the comparison tables as a workbook or CSV, equal to the comparison records."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from nqp_report.analysis import CellValue, IndicatorComparison, compare, rank_regions
from nqp_report.analysis.comparison import region_gap
from nqp_report.cli import cli
from nqp_report.data import load_dataset
from nqp_report.data.records import Indicator, Observation
from nqp_report.excel.export import COLUMNS, MATRIX_SHEET, export_rows
from nqp_report.excel.records import comparison_records
from nqp_report.analysis.priority import recommendation_priority
from nqp_report.resources import bundled_data_dir

RECORD_KEYS = ("region", "value", "qualifier", "low", "high", "year", "year_inferred", "source", "rank", "gap")
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
    got["gap_kind"] = {"确定": "exact", "至少": "at_least", "约": "about"}.get(row[LABELS["gap_note"]] or "")
    for key in ("value", "low", "high", "gap"):
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


def comparison(direction: str, **values) -> IndicatorComparison:
    """Return a comparison of 甲 with the other regions, ranked as the analysis ranks them.

    A value is "6", "超2.4" or ("18.9", "据乙市推算") for a derived value (a note saying how).
    """
    ind = Indicator(id="x", name="x", unit="%", dimension="d", definition="d", direction=direction, decimals="1")
    cells = {}
    for region, given in values.items():
        text, note = given if isinstance(given, tuple) else (given, "")
        obs = Observation(region=region, indicator="x", year="2023", value=text, source="S", note=note)
        cells[region] = CellValue(region, obs)
    ranked = rank_regions(ind, cells)
    best = next((r for r, rank in ranked if rank == 1), None)
    return IndicatorComparison(ind, "甲", [r for r in values if r != "甲"], cells, 2023, best=best,
                               ranks=dict(ranked))


@pytest.mark.parametrize(("direction", "values", "expected"), [
    ("higher", {"乙": "6", "甲": "3"}, (3.0, "exact")),
    ("higher", {"乙": "超2.4", "甲": "1.2"}, (1.2, "at_least")),
    ("higher", {"乙": "6", "甲": "近3"}, (3.0, "at_least")),
    ("higher", {"乙": "6", "甲": "约3"}, (3.0, "about")),
    ("lower", {"乙": "3", "甲": "6"}, (3.0, "exact")),
    ("lower", {"乙": "不足3", "甲": "6"}, (3.0, "at_least")),
    ("lower", {"乙": "近3", "甲": "6"}, (3.0, "at_least")),
    ("higher", {"乙": "6", "甲": "3", "丙": "近3.1"}, (3.0, "exact")),   # 甲's rank undetermined, its gap is not
    ("higher", {"乙": "6", "甲": ("3", "据乙市推算")}, (None, None)),      # derived values get no gap
    ("higher", {"乙": "6", "甲": "3", "丙": "超5"}, (None, None)),          # no determined best
])
def test_gap_to_best_by_hand(direction, values, expected):
    item = comparison(direction, **values)
    assert region_gap(item, "甲") == expected
    if item.best is not None and expected[0] is not None:
        assert region_gap(item, item.best) == (0.0, "exact")


def test_records_and_export_carry_the_analysis_gap(bundled):
    peers = ["深圳", "常州", "苏州", "杭州"]
    records = comparison_records(bundled, "宁波", peers)
    rows = [r for r in export_rows(bundled, records, "宁波") if r["kind"] == "实际值"]
    comps = compare(bundled, "宁波", peers)
    for got in rows:
        assert (got["gap"], got["gap_kind"]) == region_gap(comps.by_id(got["indicator"]), got["region"])
        assert got["gap_note"] == {"exact": "确定", "at_least": "至少", "about": "约", None: ""}[got["gap_kind"]]
    given = {(r["indicator"], r["region"]) for r in rows if r["gap"] is not None}
    assert ("nev_output", "常州") in given and ("nev_output", "宁波") not in given  # 宁波's value is derived
    records = comparison_records(bundled, "宁波")
    rd = {r["region"]: (r["gap"], r["gap_kind"]) for r in next(r for r in records if r["indicator"] == "rd_intensity")["rows"]}
    assert rd == {"深圳": (0.0, "exact"), "苏州": (1.49, "exact"), "杭州": (1.74, "exact"), "宁波": (2.55, "exact")}


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


def test_export_names_each_gap_kind(bundled):
    rows = [{"region": r, "value": 1.0, "qualifier": "", "low": 1.0, "high": 1.0, "year": 2022, "year_inferred": False,
             "source": "S000", "rank": 1, "gap": gap, "gap_kind": kind}
            for r, gap, kind in [("宁波", 1.0, "exact"), ("深圳", 2.0, "at_least"), ("苏州", 3.0, "about"),
                                 ("杭州", None, None)]]
    record = {"indicator": "rd_intensity", "concept": None, "direction": "higher", "kind": "实际值", "rows": rows,
              "target_rank": 1, "best": "宁波"}
    got = [(r["region"], r["gap"], r["gap_note"]) for r in export_rows(bundled, [record], "宁波")]
    assert got == [("宁波", 1.0, "确定"), ("深圳", 2.0, "至少"), ("苏州", 3.0, "约"), ("杭州", None, "")]
