"""Hostile output folders, dates and options: symlinks, damaged manifests, unusable lock paths, out-of-range dates."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from datagen import run_cli as run, tree_hashes, write_csv_dataset


@pytest.fixture
def data(tmp_path) -> Path:
    return write_csv_dataset(tmp_path / "data")


def build(data, out, *extra, env=None):
    return run("build", "--data", data, "--target", "甲市", "--out", out, "--format", "docx", *extra,
               *([] if "--date" in extra or env else ["--date", "2026-11-24"]), env=env)


def test_snapshot_folder_as_symlink_is_refused(data, tmp_path):
    out, victim = tmp_path / "out", tmp_path / "victim"
    victim.mkdir()
    (victim / "precious.nqp-tmp").write_text("keep")
    out.mkdir()
    (out / ".nqp-report").symlink_to(victim)
    result = build(data, out)
    assert result.exit_code == 1
    assert result.stderr == (f"错误：{out / '.nqp-report'} 是符号链接；为免把文件写到输出文件夹以外，已停止。"
                             "请删去这个链接后重试\n")
    assert sorted(p.name for p in victim.iterdir()) == ["precious.nqp-tmp"]
    assert not (out / "briefing-甲市.docx").exists()


@pytest.mark.parametrize("content", ["[]", '{"briefing-甲市": 5}', '{"briefing-甲市": {"inputs": 1}}', "{bad"])
def test_damaged_manifest_is_rebuilt_with_a_note(data, tmp_path, content):
    out = tmp_path / "out"
    assert build(data, out).exit_code == 0
    for extra in ((), ("--if-changed",)):
        (out / "manifest.json").write_text(content, encoding="utf-8")
        result = build(data, out, *extra)
        assert result.exit_code == 0, result.output
        assert f"提示：{out / 'manifest.json'} 已损坏或格式不对，已忽略并重新生成" in result.output
        assert "briefing-甲市" in json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "提示" not in build(data, out).output


@pytest.mark.parametrize("content", ['{"values": 5}', "[]", '{"甲市|rd|2023": {"name": 1}}', "{bad"])
def test_damaged_snapshot_is_ignored_with_a_note(data, tmp_path, content):
    out = tmp_path / "out"
    assert build(data, out).exit_code == 0
    before = tree_hashes(out)["briefing-甲市.docx"]
    snap = out / ".nqp-report" / "snapshot-briefing-甲市.json"
    snap.write_text(content, encoding="utf-8")
    result = build(data, out)
    assert result.exit_code == 0, result.output
    assert f"提示：上次生成的数值记录 {snap} 已损坏或格式不对，已忽略（本次不列出数据变化）" in result.output
    assert tree_hashes(out)["briefing-甲市.docx"] == before
    assert json.loads(snap.read_text(encoding="utf-8"))["甲市|rd|2023"]["value"] == 3.0


def test_unusable_lock_path_fails_at_once(data, tmp_path):
    start = time.perf_counter()
    result = build(data, "/proc/self", "--wait", "30")
    assert result.exit_code == 1
    assert result.stderr.startswith("错误：无法锁定输出文件夹：") and "另一个" not in result.stderr
    assert time.perf_counter() - start < 10


def test_symlinked_lock_file_message_is_chinese(data, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "elsewhere").write_text("")
    (out / ".nqp-report.lock").symlink_to(tmp_path / "elsewhere")
    result = build(data, out)
    assert result.exit_code == 1
    assert result.stderr == (f"错误：无法锁定输出文件夹：路径是符号链接或链接层数过多（不跟随）"
                             f"（{out / '.nqp-report.lock'}）\n")


@pytest.mark.parametrize("date", ["9999-12-31", "2108-01-01", "1979-12-31", "0001-01-01"])
def test_report_date_outside_zip_range_is_refused(data, tmp_path, date):
    result = build(data, tmp_path / "out", "--date", date)
    assert result.exit_code == 1
    assert result.stderr == (f"错误：模板错误：日期“{date}”超出范围：报告日期应在 1980 年至 2107 年之间"
                             "（DOCX 文件内的时间戳只能表示这些年份）\n")
    assert not (tmp_path / "out" / "briefing-甲市.docx").exists()


def test_last_representable_dates_build(data, tmp_path):
    assert build(data, tmp_path / "a", "--date", "2107-12-31").exit_code == 0
    result = build(data, tmp_path / "b", env={"SOURCE_DATE_EPOCH": "4354819199"})
    assert result.exit_code == 0 and "2107年12月31日" in result.output
    result = build(data, tmp_path / "c", env={"SOURCE_DATE_EPOCH": "253402300799"})
    assert result.exit_code == 1 and "应为 0 至 4354819199 之间的整数秒" in result.stderr


@pytest.mark.parametrize("command", ["validate", "build", "batch"])
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1"])
def test_float_options_refuse_nan_inf_negative(data, tmp_path, command, value):
    result = run(command, "--data", data, "--max-file-mb", value, *(["--out", tmp_path / "o"] if command != "validate" else []))
    assert result.exit_code == 2 and "--max-file-mb" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "o").exists()


def test_regions_sharing_a_file_name_are_refused(tmp_path):
    from datagen import base_rows

    rows = base_rows()
    rows["regions"].append(["甲市.", "城市", ""])
    rows["observations"].append(["甲市.", "rd", "2023", "9.99", "", "A", "", ""])
    data = write_csv_dataset(tmp_path / "data", rows)
    out = tmp_path / "out"
    assert build(data, out, "--peers", "丙市").exit_code == 1
    assert run("build", "--data", data, "--target", "乙市", "--out", out, "--format", "docx",
               "--date", "2026-11-24").exit_code == 0
    before = tree_hashes(out)
    for target, rival in (("甲市", "甲市."), ("甲市.", "甲市")):
        result = run("build", "--data", data, "--target", target, "--out", out, "--format", "docx",
                     "--date", "2026-11-24")
        assert result.exit_code == 1
        assert result.stderr == (f"错误：地区“{target}”与“{rival}”用作文件名时相同（都是“甲市”），"
                                 "生成的报告会互相覆盖；请在 regions 表中改名其中一个地区\n")
    assert tree_hashes(out) == before
    result = run("batch", "--data", data, "--all", "--out", tmp_path / "b", "--format", "docx", "--date", "2026-11-24")
    assert result.exit_code == 1 and result.output == "错误：目标“甲市”与“甲市.”会写入同一个文件夹“甲市”，请改名其中一个地区\n"


def test_file_name_clash_ignores_letter_case():
    from nqp_report.staging import file_name_clash

    assert file_name_clash(["Ningbo", "ningbo", "Shenzhen"], "Shenzhen") is None
    assert file_name_clash(["Ningbo", "ningbo"], "ningbo").startswith("地区“ningbo”与“Ningbo”用作文件名时相同（都是“ningbo”）")


@pytest.mark.parametrize("title,message", [
    ("标题\x01", "“title”（前置参数或命令行 --title）含不可见或控制字符 U+0001（“标题U+0001”），请删去"),
    ("标" * 201, "“title”（前置参数或命令行 --title）有 201 个字符，超过上限 200（“" + "标" * 20 + "…（共 201 个字符）”）"),
])
def test_title_with_control_character_or_too_long_is_refused(data, tmp_path, title, message):
    result = build(data, tmp_path / "out", "--title", title)
    assert result.exit_code == 1 and result.stderr.endswith(message + "\n") and "Traceback" not in result.output
    assert not (tmp_path / "out" / "briefing-甲市.docx").exists()


def test_longest_title_and_many_keywords_build(data, tmp_path):
    template = tmp_path / "t.md"
    keywords = ", ".join(f"关键词{i:03d}" for i in range(28))  # 28 x 6 chars + 27 separators = 195
    template.write_text(f"---\ntarget: 甲市\nkeywords: [{keywords}]\n---\n正文。\n", encoding="utf-8")
    result = run("build", "--data", data, "--template", template, "--out", tmp_path / "out", "--title", "标" * 200,
                 "--date", "2026-11-24")
    assert result.exit_code == 0, result.output
    from docx import Document

    props = Document(str(tmp_path / "out" / "t-甲市.docx")).core_properties
    assert props.title == "标" * 200 and len(props.keywords) == 195
    template.write_text(f"---\ntarget: 甲市\nkeywords: [{keywords}, 再多一个词]\n---\n正文。\n", encoding="utf-8")
    result = run("build", "--data", data, "--template", template, "--out", tmp_path / "out2", "--format", "docx",
                 "--date", "2026-11-24")
    assert result.exit_code == 1 and "前置参数“keywords”有 200 个字符" not in result.stderr
    assert "前置参数“keywords”有 201 个字符，超过上限 200" in result.stderr


@pytest.mark.parametrize("args,message", [
    (["compare", "--target", "甲市", "--reference-year", "1800"], "选项 --reference-year 的值无效：1800 不在 1949 至 2100 之间"),
    (["validate", "--max-file-mb", "nan"], "选项 --max-file-mb 的值无效：应为有限的数，而不是“nan”"),
    (["validate", "--max-rows", "x"], "选项 --max-rows 的值无效：“x”不是整数"),
    (["compare"], "缺少选项 --target"),
    (["build", "--bogus"], "没有选项 --bogus；是否想用 --out？"),
    (["nosuch"], "没有命令 nosuch"),
])
def test_usage_errors_are_chinese(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith("用法：nqp-report") or result.stderr.startswith("用法：cli")
    assert result.stderr.rstrip("\n").endswith("错误：" + message)
