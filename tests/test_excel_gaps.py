"""`nqp-report gaps`: the missing cells that add comparisons, ranked, pasteable into the data."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from nqp_report.cli import cli
from nqp_report.data import load_dataset
from nqp_report.excel.contract import table_columns
from nqp_report.excel.gaps import GapCell, find_gaps
from nqp_report.resources import bundled_data_dir

MINI_PEERS = ["乙市", "丙市", "丁市"]


def cells(report) -> list[tuple]:
    return [(c.region, c.indicator, c.year, c.adds, c.makes_comparable, c.cited_by) for c in report.cells]


def test_mini_gaps_by_hand(mini_copy):
    report = find_gaps(load_dataset(mini_copy), "甲市", MINI_PEERS)
    assert (report.comparable, report.pairs) == (3, 6)
    assert cells(report) == [
        ("乙市", "sei_a", 2023, 1, True, 0),
        ("丙市", "sei_a", 2023, 1, True, 0),
        ("丁市", "sei_a", 2023, 1, True, 0),
        ("甲市", "sei_b", 2023, 1, True, 0),
        ("丁市", "rd", 2023, 1, False, 1),
        ("丁市", "firms", 2023, 1, False, 1),
        ("丁市", "rank", 2023, 1, False, 1),
    ]


def test_a_target_cell_adds_one_comparison_per_peer_with_a_value(mini_copy):
    with (mini_copy / "observations.csv").open("a", encoding="utf-8") as f:
        f.write("丙市,sei_b,2022,30.5,,B,,\n")
    report = find_gaps(load_dataset(mini_copy), "甲市", MINI_PEERS)
    assert report.cells[0] == GapCell("甲市", "sei_b", 2023, 2, True, 0)
    assert [g.indicator for g in report.by_indicator][:2] == ["sei_a", "sei_b"]
    assert report.by_indicator[0].adds == 3


def test_bundled_gaps_cover_the_targets_key_indicators():
    ds = load_dataset(bundled_data_dir())
    report = find_gaps(ds, "宁波")
    assert report.peers == ["深圳", "常州", "苏州", "杭州"]
    assert report.comparable == 3
    listed = {c.indicator for c in report.cells}
    cited = {i for r in ds.recommendations if r.region in ("", "宁波") for i in r.indicators}
    own = {o.indicator for o in ds.observations if o.region == "宁波"}
    assert cited & own <= listed
    keys = [(-c.adds, not c.makes_comparable, -c.cited_by) for c in report.cells]
    assert keys == sorted(keys)
    assert report.cells[0].cited_by == max(c.cited_by for c in report.cells if c.makes_comparable)


def test_filling_three_listed_cells_raises_the_comparable_count_as_predicted(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), data)
    out = tmp_path / "数据补充清单.xlsx"
    result = CliRunner().invoke(cli, ["gaps", "--target", "宁波", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out)["待补充数值"]
    header = [c.value for c in sheet[1]]
    columns = [c.name for c in table_columns("observations")]
    assert header[:len(columns)] == columns and header[len(columns)] is None
    rows = [dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert all(r["value"] is None for r in rows)
    chosen, seen = [], set()
    for row in rows:
        if row["indicator"] not in seen and row["使该指标可比"] == "是":
            seen.add(row["indicator"])
            chosen.append(row)
    chosen = chosen[:3]
    predicted_indicators = len(chosen)
    predicted_pairs = sum(r["可增加的比较"] for r in chosen)
    before = find_gaps(load_dataset(data), "宁波")

    with (data / "observations.csv").open("a", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        for row in chosen:
            row.update(value=1, source="S000", note="测试补充")
            writer.writerow(["" if row[c] is None else row[c] for c in columns])
    after = find_gaps(load_dataset(data), "宁波")
    assert after.comparable == before.comparable + predicted_indicators == 6
    assert after.pairs == before.pairs + predicted_pairs
    assert len(after.cells) == len(before.cells) - 3


def test_terminal_table_and_summary_lines():
    result = CliRunner().invoke(cli, ["gaps", "--target", "宁波", "--data", str(bundled_data_dir())])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "目标：宁波；对标：深圳、常州、苏州、杭州；现可比指标 3 项、比较 5 组；待补充数值 129 个"
    assert "按指标汇总：" in lines
    assert any(line.startswith("rd_intensity R&D经费投入强度（%）：已有 宁波、深圳、苏州、杭州；待补 常州2022年")
               for line in lines)


def test_bad_target_and_bad_out(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["gaps", "--target", "火星", "--data", str(bundled_data_dir())])
    assert result.exit_code == 1
    assert result.output.startswith("错误：目标地区“火星”不在数据的 regions 表中；可选：宁波、深圳")
    result = runner.invoke(cli, ["gaps", "--target", "宁波", "--out", str(tmp_path / "x.csv")])
    assert result.exit_code == 2 and "--out 应为 .xlsx 文件" in result.output
    assert not Path(tmp_path / "x.csv").exists()
