"""Exit codes and messages of ``build`` and ``inspect``: 0 ok, 1 data/template/output error, 2 usage error.

Also the report date's errors: ``--date`` and ``SOURCE_DATE_EPOCH`` that are
invalid, name a day that does not exist, or lie out of range.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from nqp_report.cli import cli

from conftest import MINI


def invoke(*args: str, env: dict | None = None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


def build_args(out: Path, *extra: str, data: Path = MINI) -> list[str]:
    return ["build", "--data", str(data), "--target", "甲市", "--format", "docx", "--out", str(out), *extra]


def assert_clean_error(result, code: int, *words: str) -> None:
    """The command failed with ``code``, printed a Chinese message holding ``words``, and no traceback."""
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.output, result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built")
    result = invoke("build", "--data", MINI, "--target", "甲市", "--out", out, "--date", "2026-11-24")
    assert result.exit_code == 0, result.output
    return out


# ---------------------------------------------------------------- build
def test_build_succeeds_with_exit_code_0(built):
    assert sorted(p.name for p in built.glob("briefing-甲市.*")) == ["briefing-甲市.docx", "briefing-甲市.pdf"]


@pytest.mark.parametrize("args,words", [
    (["--data", "{tmp}/nope"], ["错误：", "nope"]),
    (["--template", "nosuch"], ["错误：", "找不到模板“nosuch”"]),
    (["--target", "火星"], ["错误：", "目标地区“火星”不在数据中"]),
], ids=["missing data folder", "unknown template", "unknown target"])
def test_build_input_errors_exit_1(tmp_path, args, words):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert_clean_error(invoke(*build_args(tmp_path / "out"), *args), 1, *words)


def test_build_broken_data_exits_1_naming_file_row_and_column(mini_copy, tmp_path):
    obs = mini_copy / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace("甲市,rd,2023,3.00", "甲市,rd,2023,三点零"),
                   encoding="utf-8")
    result = invoke(*build_args(tmp_path / "out", data=mini_copy))
    assert_clean_error(result, 1, "observations.csv", "第2行", "“value”列")
    assert not (tmp_path / "out" / "briefing-甲市.docx").exists()


def test_build_template_error_exits_1_naming_file_and_line(tmp_path):
    template = tmp_path / "t.md"
    template.write_text("---\ntarget: 甲市\n---\n正文\n{{ nosuch }}\n", encoding="utf-8")
    result = invoke(*build_args(tmp_path / "out", "--template", str(template)))
    assert_clean_error(result, 1, "模板错误", "t.md", "第5行", "未知的名称“nosuch”")


def test_build_into_a_file_is_an_output_error_exit_1(tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("not a folder", encoding="utf-8")
    assert_clean_error(invoke(*build_args(blocker)), 1, "错误：", "无法创建输出文件夹", str(blocker))


@pytest.mark.parametrize("args,words", [
    (["--format", "xls"], ["未知的输出格式：xls"]),
    (["--reference-year", "去年"], ["--reference-year"]),
    (["--wait", "soon"], ["--wait"]),
    (["--font", "body"], ["--font 的格式应为 角色=字体文件"]),
    (["--no-such-option"], ["--no-such-option"]),
], ids=["format", "reference year", "wait", "font", "unknown option"])
def test_build_usage_errors_exit_2(tmp_path, args, words):
    result = invoke(*build_args(tmp_path / "out"), *args)
    assert_clean_error(result, 2, *words)
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- report date
@pytest.mark.parametrize("date,words", [
    ("2026/11/24", "日期“2026/11/24”无效"),
    ("24.11.2026", "日期“24.11.2026”无效"),
    ("2026-02-30", "日期“2026-02-30”不存在"),
    ("2026-13", "日期“2026-13”不存在"),
    ("0000-01-01", "日期“0000-01-01”不存在"),
    ("10000-01-01", "日期“10000-01-01”无效"),
], ids=["slashes", "day first", "no 30 February", "month 13", "year 0", "five-digit year"])
def test_a_bad_date_option_exits_1_naming_the_value(tmp_path, date, words):
    result = invoke(*build_args(tmp_path / "out", "--date", date))
    assert_clean_error(result, 1, "错误：", words)
    assert not (tmp_path / "out" / "briefing-甲市.docx").exists()


def test_source_date_epoch_sets_the_date(tmp_path):
    result = invoke(*build_args(tmp_path / "out"), env={"SOURCE_DATE_EPOCH": "1764547200"})  # 2025-12-01 00:00 UTC
    assert result.exit_code == 0, result.output
    assert "报告日期：2025年12月1日（来自环境变量 SOURCE_DATE_EPOCH）" in result.output


@pytest.mark.parametrize("epoch", ["abc", "-1", "1.5e9"])
def test_a_malformed_source_date_epoch_exits_1(tmp_path, epoch):
    result = invoke(*build_args(tmp_path / "out"), env={"SOURCE_DATE_EPOCH": epoch})
    assert_clean_error(result, 1, "错误：", "SOURCE_DATE_EPOCH", epoch)


@pytest.mark.parametrize("epoch", ["99999999999999999999", "4354819200"])  # past time_t; year 2108
def test_an_out_of_range_source_date_epoch_exits_1(tmp_path, epoch):
    result = invoke(*build_args(tmp_path / "out"), env={"SOURCE_DATE_EPOCH": epoch})
    assert_clean_error(result, 1, "错误：", "SOURCE_DATE_EPOCH")


def test_the_date_option_wins_over_source_date_epoch(tmp_path):
    result = invoke(*build_args(tmp_path / "out", "--date", "2026-11-24"), env={"SOURCE_DATE_EPOCH": "abc"})
    assert result.exit_code == 0, result.output
    assert "报告日期：2026年11月24日（来自命令行 --date）" in result.output


# ---------------------------------------------------------------- inspect
@pytest.mark.parametrize("suffix,first_words", [("docx", "DOCX：纸张 210.0×297.0 mm"), ("pdf", "PDF：")])
def test_inspect_succeeds_with_exit_code_0(built, suffix, first_words):
    result = invoke("inspect", built / f"briefing-甲市.{suffix}")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(first_words)


def test_inspect_missing_file_exits_1(tmp_path):
    assert_clean_error(invoke("inspect", tmp_path / "nope.pdf"), 1, "错误：文件不存在", "nope.pdf")


@pytest.mark.parametrize("name", ["notes.txt", "noextension"])
def test_inspect_other_kinds_of_file_exit_1(tmp_path, name):
    path = tmp_path / name
    path.write_text("hello", encoding="utf-8")
    assert_clean_error(invoke("inspect", path), 1, "错误：只能检查 .docx 或 .pdf 文件", name)


def test_inspect_a_folder_exits_1(tmp_path):
    assert_clean_error(invoke("inspect", tmp_path), 1, "错误：只能检查 .docx 或 .pdf 文件")


@pytest.mark.parametrize("suffix,words", [("docx", "无法读取 DOCX 文件"), ("pdf", "无法读取 PDF 文件")])
def test_inspect_damaged_file_exits_1(tmp_path, suffix, words):
    path = tmp_path / f"damaged.{suffix}"
    path.write_bytes(b"this is not a real file\n")
    assert_clean_error(invoke("inspect", path), 1, "错误：", words, "damaged")


def test_inspect_truncated_pdf_exits_1(built, tmp_path):
    path = tmp_path / "cut.pdf"
    path.write_bytes((built / "briefing-甲市.pdf").read_bytes()[:400])
    assert_clean_error(invoke("inspect", path), 1, "错误：", "无法读取 PDF 文件", "cut.pdf")


@pytest.mark.parametrize("args,words", [([], "FILE"), (["x.pdf", "--yaml"], "--yaml")],
                         ids=["no file", "unknown option"])
def test_inspect_usage_errors_exit_2(args, words):
    assert_clean_error(invoke("inspect", *args), 2, words)
