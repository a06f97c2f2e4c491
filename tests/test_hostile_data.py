"""Careless and hostile data files: the right number, or one clear message naming file, row, column."""

from __future__ import annotations

import re
import time
import zipfile

import pytest
from click.testing import CliRunner

from datagen import base_rows, write_csv_dataset, write_workbook
from nqp_report.cli import cli
from nqp_report.data import load_dataset
try:
    from nqp_report.data.limits import Limits
except ImportError:  # run against the code before the limits existed, for the before/after table
    Limits = None
from nqp_report.errors import DataError


def problems_of(path, limits=None) -> list[str]:
    with pytest.raises(DataError) as info:
        load_dataset(path, limits) if limits else load_dataset(path)
    return [str(p) for p in info.value.problems]


def value_of(dataset, region: str, indicator: str) -> float:
    return next(o.value for o in dataset.observations if o.region == region and o.indicator == indicator)


# ---------------------------------------------------------------- Excel as people use it
def test_xlsx_rows_beyond_declared_dimension_are_read(tmp_path):
    rows = base_rows()
    rows["observations"] = [["甲市", "rd", str(2000 + i), f"{i}.5", "", "A", "", ""] for i in range(1, 100)]
    rows["sources"][0][4] = "2100"  # no value may be from a year after its source
    path = write_workbook(tmp_path / "d.xlsx", rows)
    patched = tmp_path / "dim.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(patched, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                text = data.decode()
                if "甲市" in text or "<v>2001" in text or "2001" in text:
                    text = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:H50"/>', text)
                data = text.encode()
            dst.writestr(item, data)
    dataset = load_dataset(patched)
    assert len(dataset.observations) == 99
    assert value_of(dataset, "甲市", "rd") == 1.5 and max(o.year for o in dataset.observations) == 2099


def test_percent_formatted_cell_is_multiplied_back(tmp_path):
    def edit(book):
        cell = book["observations"]["D2"]
        cell.value = 0.0294
        cell.number_format = "0.00%"

    dataset = load_dataset(write_workbook(tmp_path / "p.xlsx", edit=edit))
    obs = next(o for o in dataset.observations if o.region == "甲市" and o.indicator == "rd")
    assert (obs.value, obs.places) == (2.94, 2)
    from nqp_report.changes import snapshot

    assert snapshot(dataset)["甲市|rd|2023"]["text"] == "2.94%"


def test_formula_without_cached_value_is_refused_by_cell_name(tmp_path):
    def edit(book):
        book["observations"]["D3"] = "=D2*2"

    assert problems_of(write_workbook(tmp_path / "f.xlsx", edit=edit)) == [
        "f.xlsx[observations]，第3行：单元格 D3 是公式但没有计算结果；请在 Excel 中打开并保存一次，或改为填写数值"]


def test_merged_cells_are_refused_by_name(tmp_path):
    def edit(book):
        book["observations"].merge_cells("F2:F3")

    assert problems_of(write_workbook(tmp_path / "m.xlsx", edit=edit)) == [
        "m.xlsx[observations]：单元格 F2:F3 是合并单元格；请取消合并，每个单元格各填一个值"]


@pytest.mark.parametrize("fmt, expected", [('yyyy"年"m"月"', "2024-03"), ("yyyy-mm-dd", "2024-03-01"),
                                           ("mmm-yy", "2024-03"), ('yyyy"年"', "2024")])
def test_source_date_cell_keeps_the_precision_typed(tmp_path, fmt, expected):
    import datetime as dt

    def edit(book):
        cell = book["sources"]["E2"]
        cell.value = dt.datetime(2024, 3, 1)
        cell.number_format = fmt

    dataset = load_dataset(write_workbook(tmp_path / "d.xlsx", edit=edit))
    assert dataset.sources["A"].date == expected


def test_csv_renamed_xlsx_gives_one_message(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("name,level\n甲市,城市\n", encoding="utf-8")
    assert problems_of(path) == ["fake.xlsx：不是有效的 .xlsx 工作簿（可能已损坏，或是改了扩展名的 CSV）；请用 Excel 另存为 .xlsx"]


# ---------------------------------------------------------------- strict cells
def test_duplicate_column_gives_one_message(tmp_path):
    headers = {"observations": ["region", "indicator", "year", "value", "value", "qualifier", "source", "note"]}
    rows = base_rows()
    rows["observations"] = [r[:4] + [""] + r[4:7] for r in rows["observations"]]
    folder = write_csv_dataset(tmp_path / "d", rows, headers)
    assert problems_of(folder) == [
        "observations.csv，第1行，“value”列：列名重复（第4列与第5列），无法确定用哪一列；请删去或改名其中一列"]


@pytest.mark.parametrize("cell, words", [
    ("2 94", "“2 94”的数字之间有空格"),
    ("1e308", "“1e308”是科学计数法，请写成普通小数"),
    ("2.94e-2", "是科学计数法"),
    ("NaN", "“NaN”不是数字"),
    ("inf", "“inf”不是数字"),
    ("1" + "0" * 40, "不是数字（不超过 20 位）"),
])
def test_number_cells_are_parsed_strictly(tmp_path, cell, words):
    rows = base_rows()
    rows["observations"][0][3] = cell
    found = problems_of(write_csv_dataset(tmp_path / "d", rows))
    assert len(found) == 1 and found[0].startswith("observations.csv，第2行，“value”列：") and words in found[0]


def test_windows_1252_text_is_not_read_as_gb18030(tmp_path):
    rows = base_rows()
    rows["regions"].append(["Zürich", "国际", ""])
    folder = write_csv_dataset(tmp_path / "d", rows)
    (folder / "regions.csv").write_bytes((folder / "regions.csv").read_text(encoding="utf-8").encode("cp1252",
                                                                                                       errors="replace"))
    found = problems_of(folder)
    assert len(found) == 1
    assert found[0].startswith("regions.csv，第5行：无法确定文件编码：不是 UTF-8（第5行不符）；按 GBK 读第5行出现“黵”（夹在英文字母之间）")


def test_real_gbk_and_utf16_files_are_read(tmp_path):
    folder = write_csv_dataset(tmp_path / "d")
    (folder / "regions.csv").write_bytes((folder / "regions.csv").read_text(encoding="utf-8").encode("gbk"))
    (folder / "sources.csv").write_bytes((folder / "sources.csv").read_text(encoding="utf-8").encode("utf-16"))
    dataset = load_dataset(folder)
    assert list(dataset.regions) == ["甲市", "乙市", "丙市"] and dataset.sources["A"].title == "甲文"


@pytest.mark.parametrize("char", ["\x01", "\x1f", "\ufffe", "\u200d", "\u202e", "\x00"])
def test_invisible_characters_are_refused_with_code_point(tmp_path, char):
    rows = base_rows()
    rows["practices"][0][3] = f"乙市建设{char}实验室"
    found = problems_of(write_csv_dataset(tmp_path / "d", rows))
    code = f"U+{ord(char):04X}"
    assert found == [f"practices.csv，第2行，“text”列：含不可见或控制字符 {code}（“乙市建设{code}实验室”），请删去"]
    assert char not in found[0]


# ---------------------------------------------------------------- bounds
def test_long_csv_cell_is_refused(tmp_path):
    rows = base_rows()
    rows["practices"][0][3] = "长" * 200_000
    found = problems_of(write_csv_dataset(tmp_path / "d", rows))
    assert found == ["practices.csv，第2行：有单元格超过 20000 个字符的上限（可用 --max-cell-chars 调高）"]
    dataset = load_dataset(tmp_path / "d", Limits(max_cell_chars=300_000))
    assert len(dataset.practices[0].text) == 200_000


def test_huge_cell_in_small_workbook_is_refused_fast(tmp_path):
    path = write_workbook(tmp_path / "bomb.xlsx")
    bomb = tmp_path / "bomb2.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, src.read(item))
        dst.writestr("xl/padding.xml", b"x" * (60 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    start = time.perf_counter()
    found = problems_of(bomb)
    assert time.perf_counter() - start < 5
    assert found == ["bomb2.xlsx：工作簿解压后有 60 MB，超过上限 50 MB（可用 --max-file-mb 调高）"]


def test_row_and_file_size_limits_can_be_raised(tmp_path):
    rows = base_rows()
    rows["observations"] = [["甲市", "rd", str(1950 + i), "1.0", "", "A", "", ""] for i in range(30)]
    folder = write_csv_dataset(tmp_path / "d", rows)
    assert problems_of(folder, Limits(max_rows=20)) == [
        "observations.csv：超过上限 20 行数据（可用 --max-rows 调高）"]
    assert len(load_dataset(folder, Limits(max_rows=30)).observations) == 30
    found = problems_of(folder, Limits(max_file_mb=0.0005))
    assert found == ["observations.csv：文件有 1 KB，超过上限 0.0005 MB（可用 --max-file-mb 调高）"]


def test_workbook_row_limit(tmp_path):
    rows = base_rows()
    rows["observations"] = [["甲市", "rd", str(1950 + i), "1.0", "", "A", "", ""] for i in range(30)]
    path = write_workbook(tmp_path / "rows.xlsx", rows)
    assert problems_of(path, Limits(max_rows=20)) == [
        "rows.xlsx[observations]：有 30 行数据，超过上限 20 行（可用 --max-rows 调高）"]
    assert len(load_dataset(path, Limits(max_rows=30)).observations) == 30


def test_cli_limit_options(tmp_path):
    rows = base_rows()
    rows["observations"] = [["甲市", "rd", str(1950 + i), "1.0", "", "A", "", ""] for i in range(30)]
    folder = write_csv_dataset(tmp_path / "d", rows)
    refused = CliRunner().invoke(cli, ["validate", "--data", str(folder), "--max-rows", "10"])
    assert refused.exit_code == 1 and "超过上限 10 行数据（可用 --max-rows 调高）" in refused.output
    assert CliRunner().invoke(cli, ["validate", "--data", str(folder), "--max-rows", "30"]).exit_code == 0


# ---------------------------------------------------------------- follow-on suppression
def test_missing_file_gives_one_message_and_other_files_are_still_checked(tmp_path):
    rows = base_rows()
    rows["observations"][1][3] = "abc"
    folder = write_csv_dataset(tmp_path / "d", rows)
    (folder / "regions.csv").unlink()
    assert problems_of(folder) == [f"regions.csv：缺少文件（应在 {folder} 中）",
                                   "observations.csv，第3行，“value”列：“abc”不是数字"]


def test_garbled_file_gives_one_message(tmp_path):
    folder = write_csv_dataset(tmp_path / "d")
    (folder / "indicators.csv").write_bytes(bytes(range(128, 256)) * 40)
    found = problems_of(folder)
    assert len(found) == 1 and found[0].startswith("indicators.csv，第1行：无法确定文件编码")
