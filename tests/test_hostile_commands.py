"""Hostile use of the analyst commands: outputs that would replace data, duplicate peers, reference years, lists."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from datagen import base_rows, run_cli as run, write_csv_dataset, write_workbook


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def data(tmp_path) -> Path:
    return write_csv_dataset(tmp_path / "data")


@pytest.mark.parametrize("command", ["gaps", "export"])
def test_out_that_is_the_data_workbook_is_refused(tmp_path, command):
    book = write_workbook(tmp_path / "数据.xlsx")
    before = sha(book)
    result = run(command, "--target", "甲市", "--data", book, "--out", book)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"错误：--out {book} 是数据（--data {book}）本身")
    assert sha(book) == before
    result = run(command, "--target", "甲市", "--data", book, "--out", book, "--force")
    assert result.exit_code == 1 and sha(book) == before


def test_csv_export_into_the_data_folder_is_refused(data):
    before = sha(data / "observations.csv")
    result = run("export", "--target", "甲市", "--data", data, "--out", data / "observations.csv", "--force")
    assert result.exit_code == 1 and "覆盖数据" in result.stderr
    assert sha(data / "observations.csv") == before


@pytest.mark.parametrize("command,name", [("gaps", "g.xlsx"), ("export", "e.csv")])
def test_existing_out_needs_force_and_is_named_as_replaced(data, tmp_path, command, name):
    out = tmp_path / name
    out.write_bytes(b"keep me")
    result = run(command, "--target", "甲市", "--data", data, "--out", out)
    assert result.exit_code == 1
    assert result.stderr == f"错误：{out} 已存在；为免覆盖，请换一个文件名，或加 --force 替换它\n"
    assert out.read_bytes() == b"keep me"
    result = run(command, "--target", "甲市", "--data", data, "--out", out, "--force")
    assert result.exit_code == 0 and result.stdout.rstrip().endswith(f"已替换：{out}")
    assert out.read_bytes() != b"keep me"


@pytest.mark.parametrize("command,name", [("gaps", "g.xlsx"), ("export", "e.csv")])
def test_os_errors_of_gaps_and_export_are_chinese(data, tmp_path, command, name):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run(command, "--target", "甲市", "--data", data, "--out", blocker / name)
    assert result.exit_code == 1
    assert result.stderr == f"错误：无法写入 {blocker / name}：文件已存在（{blocker}）\n"


def test_init_os_error_is_chinese(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("init", blocker / "p")
    assert result.exit_code == 1 and result.stderr.startswith("错误：无法写入") and "不是文件夹" in result.stderr


def test_duplicate_peers_count_once(data):
    from nqp_report.analysis import compare
    from nqp_report.data import load_dataset

    comps = compare(load_dataset(data), "甲市", ["乙市", "乙市", "乙市", "丙市"])
    assert comps.peers == ["乙市", "丙市"]
    rd = comps.by_id("rd")
    assert list(rd.cells) == ["甲市", "乙市", "丙市"]
    result = run("compare", "--target", "甲市", "--peers", "乙市,乙市,丙市", "--json", "--data", data)
    assert result.exit_code == 0
    assert result.stderr == "提示：--peers中重复的“乙市”只计一次\n"
    rows = json.loads(result.stdout)[0]["rows"]
    assert [r["region"] for r in rows] == ["乙市", "丙市", "甲市"]


def test_build_with_duplicate_peers_gives_the_same_document(data, tmp_path):
    once = run("build", "--data", data, "--target", "甲市", "--peers", "乙市,丙市", "--out", tmp_path / "a",
               "--date", "2026-11-24", "--format", "docx")
    twice = run("build", "--data", data, "--target", "甲市", "--peers", "乙市,乙市,丙市,乙市", "--out", tmp_path / "b",
                "--date", "2026-11-24", "--format", "docx")
    assert once.exit_code == twice.exit_code == 0
    assert "对标：乙市、丙市" in twice.stdout
    assert sha(tmp_path / "a" / "briefing-甲市.docx") == sha(tmp_path / "b" / "briefing-甲市.docx")


def test_list_options_split_only_on_commas():
    from nqp_report.cli.common import _split_list

    assert _split_list("New York, 深圳，合肥、 苏州 ") == ["New York", "深圳", "合肥", "苏州"]
    assert _split_list(" , ") is None


def test_batch_target_with_a_space(tmp_path):
    rows = base_rows()
    rows["regions"].append(["New York", "城市", ""])
    rows["observations"].append(["New York", "rd", "2023", "2.00", "", "A", "", ""])
    data = write_csv_dataset(tmp_path / "data", rows)
    result = run("batch", "--data", data, "--targets", "New York", "--out", tmp_path / "out",
                 "--date", "2026-11-24", "--format", "docx")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "New York" / "briefing-New York.docx").is_file() or \
        any(p.name.endswith(".docx") and "New York" in p.as_posix() for p in (tmp_path / "out").rglob("*"))


@pytest.mark.parametrize("command", ["compare", "gaps", "export"])
def test_reference_year_checked_like_build(data, tmp_path, command):
    extra = ["--out", tmp_path / "x.csv"] if command == "export" else []
    result = run(command, "--target", "甲市", "--data", data, "--reference-year", "1800", *extra)
    assert result.exit_code == 2 and "选项 --reference-year 的值无效：1800 不在 1949 至 2100 之间" in result.stderr
    result = run(command, "--target", "甲市", "--data", data, "--reference-year", "2022", *extra)
    assert result.exit_code == 1
    assert result.stderr == ("错误：参照年份 2022 早于数据中最早的年份 2023，该年及此前没有任何数值；"
                             "请给出 2023 年或以后的年份\n")
    assert not (tmp_path / "x.csv").exists()


def test_reference_year_never_uses_a_later_year(tmp_path):
    rows = base_rows()
    rows["observations"][0][2] = "2022"  # 甲市 rd 3.00 in 2022; 乙市 6.00 and 丙市 4.50 only in 2023
    data = write_csv_dataset(tmp_path / "data", rows)
    result = run("compare", "--target", "甲市", "--json", "--data", data, "--reference-year", "2022")
    rd = json.loads(result.stdout)[0]
    assert [(r["region"], r["value"], r["year"]) for r in rd["rows"]] == [("甲市", 3.0, 2022)]
    result = run("compare", "--target", "甲市", "--json", "--data", data, "--reference-year", "2023")
    rd = json.loads(result.stdout)[0]
    assert [(r["region"], r["year"]) for r in rd["rows"]] == [("乙市", 2023), ("丙市", 2023), ("甲市", 2022)]
