"""`nqp-report init`: a project folder whose data workbook validates, opens in LibreOffice Calc,
carries the contract's columns and drop-downs, and round-trips an existing dataset."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import require_tool
from openpyxl import load_workbook
from pydantic import create_model

from nqp_report.cli import cli
from nqp_report.data import load_dataset
from nqp_report.data.dataset import SCHEMAS
from nqp_report.data.tables import TABLES
from nqp_report.excel.contract import table_columns
from nqp_report.resources import bundled_data_dir

TABLE_FIELDS = ("regions", "indicators", "observations", "sources", "practices", "recommendations")


def init(folder: Path, *extra: str):
    result = CliRunner().invoke(cli, ["init", str(folder), *extra])
    assert result.exit_code == 0, result.output
    return folder / "数据.xlsx"


def same_dataset(a, b) -> None:
    for table in TABLE_FIELDS:
        assert getattr(a, table) == getattr(b, table), table


def validations(sheet) -> dict[str, str]:
    """Return column header -> the list formula of the drop-down covering that column."""
    header = [c.value for c in sheet[1]]
    found = {}
    for check in sheet.data_validations.dataValidation:
        assert check.type == "list"
        first = str(check.sqref).split(":")[0]
        column = "".join(ch for ch in first if ch.isalpha())
        index = sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed(column))) - 1
        found[header[index]] = check.formula1
    return found


def test_fresh_init_writes_the_folder_and_validates(tmp_path):
    book = init(tmp_path / "项目")
    names = sorted(str(p.relative_to(tmp_path / "项目")) for p in (tmp_path / "项目").rglob("*") if p.is_file())
    assert names == ["README.md", "nqp-report-fonts.yaml", "数据.xlsx", "模板/brief.md", "模板/briefing.md"]
    result = CliRunner().invoke(cli, ["validate", "--data", str(book)])
    assert result.exit_code == 0, result.output
    assert "数据检查通过" in result.output
    ds = load_dataset(book)
    assert len(ds.indicators) == 1 and ds.practices and ds.recommendations


def test_workbook_sheets_and_headers_come_from_the_contract(tmp_path):
    book = load_workbook(init(tmp_path / "p"))
    assert book.sheetnames == ["说明", *TABLES]
    for table in TABLES:
        sheet = book[table]
        assert [c.value for c in sheet[1]] == [c.name for c in table_columns(table)]
        header = [c.value for c in sheet[1]]
        bundled_header = (bundled_data_dir() / f"{table}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert [h for h in header if h in bundled_header.split(",")] == bundled_header.split(",")
        assert not {"row", "places"} & set(header)
        assert sheet.freeze_panes == "A2"
        assert sheet.column_dimensions["A"].width >= 6
    guide = [row[1] for row in book["说明"].iter_rows(values_only=True)]
    assert "qualifier" in guide and "horizon" in guide


def test_drop_downs_refer_to_the_other_sheets(tmp_path):
    book = load_workbook(init(tmp_path / "p"))
    obs = validations(book["observations"])
    assert obs["region"] == "regions!$A$2:$A$5000"
    assert obs["indicator"] == "indicators!$A$2:$A$5000"
    assert obs["source"] == "sources!$A$2:$A$5000"
    assert obs["qualifier"] == '"约,超,近,以上,不足"'
    assert obs["preferred"] == '"yes"'
    assert obs["kind"] == '"实际值,目标值"'
    assert set(obs) == {"region", "indicator", "source", "qualifier", "preferred", "kind"}
    recs = validations(book["recommendations"])
    assert recs["horizon"] == '"近期,中期,长期"' and recs["region"] == "regions!$A$2:$A$5000"
    assert validations(book["regions"]) == {"level": '"城市,省,国家,园区,国际"'}
    assert validations(book["practices"])["source"] == "sources!$A$2:$A$5000"


def test_a_column_added_to_a_record_appears_with_its_drop_down(tmp_path, monkeypatch):
    from nqp_report.data import records

    with_reviewer = create_model("Observation", __base__=SCHEMAS["observations"], reviewer=(str, ""))
    monkeypatch.setitem(SCHEMAS, "observations", with_reviewer)
    monkeypatch.setattr(records, "KINDS", ("实际值", "目标值", "预测值"))
    book = load_workbook(init(tmp_path / "p"))
    assert [c.value for c in book["observations"][1]][-1] == "reviewer"
    assert validations(book["observations"])["kind"] == '"实际值,目标值,预测值"'


def test_from_data_round_trips_the_bundled_dataset(tmp_path):
    book = init(tmp_path / "p", "--from-data", str(bundled_data_dir()))
    same_dataset(load_dataset(book), load_dataset(bundled_data_dir()))
    cells = {c.value for row in load_workbook(book)["observations"].iter_rows(min_row=2) for c in row}
    assert "超2.4" not in cells and 2.94 in cells and 2022 in cells


def test_from_data_refuses_invalid_data_and_writes_nothing(tmp_path, mini_copy):
    (mini_copy / "regions.csv").write_text("name,level,note\n甲市,村,\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "p"), "--from-data", str(mini_copy)])
    assert result.exit_code == 1
    assert "regions.csv，第2行，“level”列" in result.output
    assert not (tmp_path / "p").exists()


def test_refuses_a_folder_that_is_not_empty(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "笔记.txt").write_text("勿删", encoding="utf-8")
    result = CliRunner().invoke(cli, ["init", str(folder)])
    assert result.exit_code == 1
    assert result.output == f"错误：{folder} 已存在且不是空文件夹；为免覆盖已有文件，请换一个文件夹名\n"
    assert sorted(p.name for p in folder.iterdir()) == ["笔记.txt"]


def test_an_empty_folder_is_accepted_and_output_is_byte_stable(tmp_path):
    (tmp_path / "a").mkdir()
    first = init(tmp_path / "a").read_bytes()
    assert init(tmp_path / "b").read_bytes() == first


def test_libreoffice_calc_reads_every_sheet(tmp_path):
    soffice = require_tool("soffice")
    book = init(tmp_path / "p", "--from-data", str(bundled_data_dir()))
    out = tmp_path / "csv"
    filter_options = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--convert-to",
                    filter_options, "--outdir", str(out), str(book)], check=True, capture_output=True, timeout=180)
    written = sorted(p.name for p in out.glob("*.csv"))
    if not written:
        pytest.fail("soffice wrote no CSV: is LibreOffice Calc installed (Debian: libreoffice-calc-nogui)?")
    assert written == sorted(f"数据-{name}.csv" for name in ["说明", *TABLES])
    data = tmp_path / "data"
    data.mkdir()
    for table in TABLES:
        (out / f"数据-{table}.csv").rename(data / f"{table}.csv")
    same_dataset(load_dataset(data), load_dataset(book))


def test_saved_workbooks_carry_no_save_time(tmp_path):
    import zipfile

    from nqp_report.excel.sheets import FIXED_TIME, ZIP_TIME

    with zipfile.ZipFile(init(tmp_path / "p")) as book:
        assert {info.date_time for info in book.infolist()} == {ZIP_TIME}
        core = book.read("docProps/core.xml").decode()
    assert core.count(FIXED_TIME) == 2
