"""The data contract of issue 11: kinds, inferred years, plausibility, and what the briefing claims."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from nqp_report.analysis import compare, comparison_records
from nqp_report.cli import cli
from nqp_report.data import load_dataset
from nqp_report.model import BulletList, Heading, Paragraph, Table
from nqp_report.pipeline import BuildRequest, build_model

from test_validate import only, problems_of, replace_in

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
HEADER = "region,indicator,year,value,qualifier,source,note,preferred"
NEW_HEADER = "region,indicator,year,value,qualifier,source,note,preferred,kind,year_basis"


@pytest.fixture
def contract_copy(mini_copy: Path) -> Path:
    """Return the mini dataset with the kind and year_basis columns (blank)."""
    obs = mini_copy / "observations.csv"
    lines = obs.read_text(encoding="utf-8").splitlines()
    obs.write_text("\n".join([NEW_HEADER] + [line + ",," for line in lines[1:]]) + "\n", encoding="utf-8")
    return mini_copy


@pytest.mark.parametrize("old, new, column, words", [
    ("乙市,firms,2023,超2400,,A,,,,", "乙市,firms,2023,约超2400,,A,,,,", "value", ["两个限定词", "约、超"]),
    ("甲市,rd,2023,3.00,,A,,,,", "甲市,rd,2023,3.00,,A,,,预测值,", "kind", ["数值类型", "预测值", "实际值、目标值"]),
    ("甲市,rd,2023,3.00,,A,,,,", "甲市,rd,2023,3.00,,A,原文未注明统计年份,,,", "year_basis", ["year_basis", "推定依据"]),
    ("甲市,rd,2023,3.00,,A,,,,", "甲市,rd,2023,-5,,A,,,,", "value", ["-5", "0～100", "单位“%”"]),
    ("甲市,rd,2023,3.00,,A,,,,", "甲市,rd,2023,1234.5,,A,,,,", "value", ["1234.5", "0～100"]),
    ("甲市,rank,2023,6,,B,,,,", "甲市,rank,2023,0,,B,,,,", "value", ["超出允许范围", "1～不限"]),
    ("甲市,rank,2023,6,,B,,,,", "甲市,rank,2023,2.5,,B,,,,", "value", ["不是整数", "位次"]),
    ("甲市,firms,2023,\"1,200\",,A,,,,", "甲市,firms,2023,-3,,A,,,,", "value", ["-3", "0～不限"]),
])
def test_bad_values_name_file_row_column_and_rule(contract_copy, old, new, column, words):
    replace_in(contract_copy / "observations.csv", old, new)
    problem = only(problems_of(contract_copy), "observations.csv", 2 if old.startswith("甲市,rd") else
                   {"乙市,firms": 6, "甲市,rank,": 8, "甲市,firms": 5}[next(k for k in ("乙市,firms", "甲市,rank,", "甲市,firms")
                                                                          if old.startswith(k))], column)
    for word in words:
        assert word in problem.message, problem.message


def test_a_target_row_without_a_year_is_an_error(contract_copy):
    replace_in(contract_copy / "observations.csv", "甲市,rd,2023,3.00,,A,,,,", "甲市,rd,,60,以上,A,,,目标值,")
    assert "必填单元格为空" in only(problems_of(contract_copy), "observations.csv", 2, "year").message


def test_declared_bounds_allow_negative_growth(contract_copy):
    ind = contract_copy / "indicators.csv"
    replace_in(ind, "direction,decimals,concept", "direction,decimals,concept,min,max")
    replace_in(ind, "higher,2,", "higher,2,,-100,1000")
    replace_in(contract_copy / "observations.csv", "甲市,rd,2023,3.00,,A,,,,", "甲市,rd,2023,-5,,A,,,,")
    assert load_dataset(contract_copy).indicators["rd"].allowed_range() == (-100, 1000)


def test_all_problems_are_collected(contract_copy):
    obs = contract_copy / "observations.csv"
    replace_in(obs, "甲市,rd,2023,3.00,,A,,,,", "甲市,rd,2023,-5,,A,,,,")
    replace_in(obs, "乙市,firms,2023,超2400,,A,,,,", "乙市,firms,2023,约超2400,,A,,,,")
    replace_in(obs, "甲市,rank,2023,6,,B,,,,", "甲市,rank,2023,6,,B,,,实际,")
    result = CliRunner().invoke(cli, ["validate", "--data", str(contract_copy)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.count("observations.csv，第") == 3


def test_targets_are_never_ranked_with_actual_values(contract_copy):
    replace_in(contract_copy / "observations.csv", "乙市,rd,2023,6.00,,A,,,,", "乙市,rd,2023,6.00,以上,A,,,目标值,")
    rd = compare(load_dataset(contract_copy), "甲市", ["乙市", "丙市"]).by_id("rd")
    assert "乙市" not in rd.ranking and rd.targets["乙市"].value == 6.0
    assert rd.ranks == {"丙市": 1, "甲市": 2}


@pytest.fixture(scope="module")
def bundled():
    return load_dataset(DATA)


def test_ningbo_does_not_lead_on_the_90_percent_indicator(bundled):
    record = next(r for r in comparison_records(bundled, "宁波") if r["indicator"] == "rd_funds_from_ent")
    assert record["target_rank"] is None and record["best"] is None
    rows = {r["region"]: r for r in record["rows"]}
    assert (rows["深圳"]["low"], rows["深圳"]["high"], rows["深圳"]["rank"]) == (90.0, None, None)
    assert rows["宁波"]["year_inferred"] is True


def test_shenzhen_floors_are_targets(bundled):
    records = [r for r in comparison_records(bundled, "深圳") if r["indicator"] in ("fiscal_rd_to_ent", "fiscal_rd_basic")]
    assert [(r["kind"], r["rows"][0]["value"], r["rows"][0]["qualifier"]) for r in records] == [
        ("目标值", 60.0, "以上"), ("目标值", 30.0, "以上")]


def test_compare_command_prints_the_records_as_json(bundled):
    result = CliRunner().invoke(cli, ["compare", "--target", "宁波", "--peers", "深圳,苏州", "--data", str(DATA), "--json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert records == comparison_records(bundled, "宁波", ["深圳", "苏州"])
    rd = next(r for r in records if r["indicator"] == "rd_intensity")
    assert [(row["region"], row["rank"]) for row in rd["rows"]] == [("深圳", 1), ("苏州", 2), ("宁波", 3)]
    assert set(rd) == {"indicator", "concept", "direction", "kind", "rows", "target_rank", "best"}
    assert rd["target_rank"] == 3 and rd["best"] == "深圳"


def test_compare_command_readable_and_errors():
    ok = CliRunner().invoke(cli, ["compare", "--target", "宁波", "--data", str(DATA)])
    assert ok.exit_code == 0 and "难以判定" in ok.output and "2022（推定）" in ok.output
    bad = CliRunner().invoke(cli, ["compare", "--target", "火星", "--data", str(DATA)])
    assert bad.exit_code == 1 and "地区“火星”不在数据中" in bad.output


def _prose(doc):
    """Yield the texts of headings, paragraphs and list items."""
    for block in doc.blocks:
        if isinstance(block, (Heading, Paragraph)):
            yield block.text
        elif isinstance(block, BulletList):
            yield from ("".join(getattr(i, "text", "") for i in item) for item in block.items)


def _cell_marked(table: Table, row_label: str, region: str) -> bool | None:
    """Return whether the cell of ``region`` in the row starting with ``row_label`` carries the * mark."""
    headers = [c.header for c in table.columns]
    for row in table.rows:
        if row.cells and row.cells[0].text.startswith(row_label) and region in headers:
            return "*" in row.cells[headers.index(region)].text
        if row.cells and row.cells[0].text.startswith(row_label):  # peers listed in one cell: "深圳5.49*；苏州4.00*"
            for cell in row.cells[1:]:
                for part in cell.text.split("；"):
                    if re.match(re.escape(region) + r"[\d约超近]", part):
                        return "*" in part
    return None


@pytest.mark.parametrize("template, target", [("briefing", "宁波"), ("briefing", "深圳"), ("brief", "深圳")])
def test_no_inferred_year_is_printed_unmarked(bundled, template, target):
    from nqp_report.formatting import fmt_observation

    doc, result, _ = build_model(BuildRequest(data=DATA, template=template, target=target, date="2026-11-24"))
    prose = list(_prose(doc))
    inferred = [o for o in bundled.observations if o.year_inferred]
    checked = 0
    for obs in inferred:
        ind = bundled.indicators[obs.indicator]
        plain = fmt_observation(obs, ind, year=False).replace("（推算）", "")
        for text in prose:  # prose: "5.49%（2022年，年份推定）"
            for m in re.finditer(re.escape(f"{plain}（{obs.year}年") + r"([^）]*)）", text):
                checked += 1
                assert "年份推定" in m.group(1), text
    for table in doc.tables():
        for row in table.rows:
            label = row.cells[0].text if row.cells else ""
            for obs in inferred:  # appendix: "深圳·R&D经费投入强度（2022*）"
                if label.startswith(f"{obs.region}·{bundled.indicators[obs.indicator].name}（{obs.year}"):
                    checked += 1
                    assert label.endswith("*）"), label
    comps = compare(bundled, target, result.peers)
    for table in (t for t in doc.tables() if t.kind == "comparison"):
        for item in comps.items:
            for region, cell in item.cells.items():
                if cell is not None and cell.observation.year_inferred:
                    marked = _cell_marked(table, item.indicator.name, region)
                    if marked is not None:
                        checked += 1
                        assert marked, (table.caption, item.indicator.name, region)
    for figure in doc.figures():
        data = figure.chart.data
        for bar in data.get("bars", []) + [b for p in data.get("panels", []) for b in p["bars"]]:
            checked += 1
            assert bar["label"].endswith("*") == bool(bar["year_inferred"]), bar
        for series in data.get("series", []):
            for point in series["points"]:
                obs = next(o for o in bundled.observations if o.region == series["region"] and o.year == point[0]
                           and o.value == point[1])
                checked += 1
                assert point[2] == obs.year_inferred
    assert checked >= 3
