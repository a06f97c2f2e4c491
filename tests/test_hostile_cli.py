"""Hostile use of the command line: paths, names, dates, waits, front matter; outputs unchanged on failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from datagen import base_rows, run_cli as run, tree_hashes, write_csv_dataset


@pytest.fixture
def data(tmp_path) -> Path:
    return write_csv_dataset(tmp_path / "data")


def build_args(data, out, *extra):
    return ["build", "--data", data, "--target", "甲市", "--out", out, "--date", "2026-11-24", *extra]


def files_outside(root: Path, out: Path) -> list[str]:
    return [p.as_posix() for p in root.rglob("*") if p.is_file() and out not in p.parents
            and "data" not in p.relative_to(root).parts]


def test_blocked_snapshot_folder_replaces_nothing(data, tmp_path):
    out = tmp_path / "out"
    assert run(*build_args(data, out, "--format", "docx")).exit_code == 0
    obs = data / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace("3.00", "3.50"), encoding="utf-8")
    for p in (out / ".nqp-report").iterdir():
        p.unlink()
    (out / ".nqp-report").rmdir()
    (out / ".nqp-report").write_text("blocking file")
    before = tree_hashes(out)
    result = run(*build_args(data, out, "--format", "docx"))
    assert result.exit_code == 1
    assert "文件已存在" in result.output and "Errno" not in result.output and "File exists" not in result.output
    assert tree_hashes(out) == before


def test_next_build_removes_temporaries_of_a_killed_run(data, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".briefing-甲市.docx.k1ll3d.nqp-tmp"
    stale.write_bytes(b"half a file")
    assert run(*build_args(data, out, "--format", "docx")).exit_code == 0
    assert not stale.exists()
    assert sorted(p.name for p in out.iterdir()) == [".nqp-report", ".nqp-report.lock", "briefing-甲市.docx",
                                                    "manifest.json"]


def test_target_that_looks_like_a_path_is_refused(data, tmp_path):
    out = tmp_path / "deep" / "out"
    result = run("build", "--data", data, "--target", "../../../x", "--out", out, "--date", "2026-11-24")
    assert result.exit_code == 1 and "目标地区“../../../x”不在数据中" in result.output
    assert files_outside(tmp_path, out) == []


@pytest.mark.parametrize("region, file", [("../evil", "briefing-__evil.docx"), ("/tmp/x", "briefing-_tmp_x.docx"),
                                          ("a/b", "briefing-a_b.docx")])
def test_region_names_never_become_paths(tmp_path, region, file):
    rows = base_rows()
    rows["regions"][0][0] = region
    for r in rows["observations"]:
        r[0] = region if r[0] == "甲市" else r[0]
    data = write_csv_dataset(tmp_path / "data", rows)
    out = tmp_path / "out"
    result = run("build", "--data", data, "--target", region, "--out", out, "--date", "2026-11-24", "--format", "docx")
    assert result.exit_code == 0, result.output
    assert (out / file).is_file()
    assert files_outside(tmp_path, out) == []


def test_batch_all_keeps_odd_region_names_inside_out(tmp_path):
    rows = base_rows()
    rows["regions"][0][0], rows["regions"][1][0] = "/abs/x", "-rf"
    for r in rows["observations"] + rows["practices"]:
        r[0] = {"甲市": "/abs/x", "乙市": "-rf"}.get(r[0], r[0])
    data = write_csv_dataset(tmp_path / "data", rows)
    out = tmp_path / "out"
    result = run("batch", "--data", data, "--all", "--out", out, "--format", "docx", "--date", "2026-11-24")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["_abs_x", "_rf", "丙市"]
    assert (out / "_abs_x" / "briefing-_abs_x.docx").is_file()
    assert files_outside(tmp_path, out) == []


def test_batch_refuses_two_targets_sharing_a_folder(tmp_path):
    rows = base_rows()
    rows["regions"] += [["a/b", "城市", ""], ["a_b", "城市", ""]]
    data = write_csv_dataset(tmp_path / "data", rows)
    out = tmp_path / "out"
    result = run("batch", "--data", data, "--targets", "a/b,a_b", "--out", out, "--format", "docx")
    assert result.exit_code == 1
    assert "错误：目标“a/b”与“a_b”会写入同一个文件夹“a_b”，请改名其中一个地区" in result.output
    assert not out.exists()


def test_unknown_batch_target_creates_no_folder(data, tmp_path):
    out = tmp_path / "out"
    result = run("batch", "--data", data, "--targets", "甲市,火星", "--out", out, "--format", "docx",
                 "--date", "2026-11-24")
    assert result.exit_code == 1 and "火星：失败" in result.output and "目标地区“火星”不在数据中" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["甲市"]


def test_wait_nan_is_a_usage_error(data, tmp_path):
    result = run(*build_args(data, tmp_path / "out", "--wait", "nan"))
    assert result.exit_code == 2 and "应为不小于 0 的有限秒数，而不是“nan”" in result.output
    assert not (tmp_path / "out").exists()


def test_source_date_epoch_out_of_range(data, tmp_path):
    env = {"SOURCE_DATE_EPOCH": "99999999999999999"}
    result = run("build", "--data", data, "--target", "甲市", "--out", tmp_path / "o", env=env)
    assert result.exit_code == 1
    assert "环境变量 SOURCE_DATE_EPOCH=“99999999999999999”无效，应为 0 至 4354819199 之间的整数秒" in result.output


def test_fixed_date_makes_source_date_epoch_irrelevant_to_the_bytes(data, tmp_path):
    outs = []
    for i, epoch in enumerate(["", "1", "99999999999999999"]):
        out = tmp_path / f"o{i}"
        assert run(*build_args(data, out), env={"SOURCE_DATE_EPOCH": epoch or None}).exit_code == 0
        outs.append({k: v for k, v in tree_hashes(out).items() if k != "manifest.json"})
    assert outs[0] == outs[1] == outs[2]


def test_reference_year_before_the_data_is_refused(data, tmp_path):
    assert run(*build_args(data, tmp_path / "o", "--reference-year", "1800")).exit_code == 2
    result = run(*build_args(data, tmp_path / "o", "--reference-year", "1990", "--format", "docx"))
    assert result.exit_code == 1
    assert "参照年份 1990 早于数据中最早的年份 2023，该年及此前没有任何数值" in result.output


def test_target_among_its_own_peers_is_dropped_with_a_message(data, tmp_path):
    result = run(*build_args(data, tmp_path / "o", "--peers", "甲市,乙市", "--format", "docx"))
    assert result.exit_code == 0, result.output
    assert "提示：对标地区中的“甲市”即目标地区本身，已略去" in result.output
    assert "目标：甲市；对标：乙市" in result.output
    alone = run(*build_args(data, tmp_path / "o", "--peers", "甲市", "--format", "docx"))
    assert "对标：（无）" in alone.output


def test_unknown_peer_is_refused(data, tmp_path):
    result = run(*build_args(data, tmp_path / "o", "--peers", "火星", "--format", "docx"))
    assert result.exit_code == 1 and "对标地区“火星”不在数据中" in result.output


@pytest.mark.parametrize("line, words", [
    ("peers: 5", "前置参数“peers”应为地区名称列表（如 [深圳, 合肥]）或 auto，而不是整数“5”"),
    ('max_peers: "lots"', "前置参数“max_peers”应为0 至 50 的整数，而不是文字“lots”"),
    ('reference_year: "abc"', "前置参数“reference_year”应为四位数年份（如 2023），而不是文字“abc”"),
    ("keywords: 5", "前置参数“keywords”应为关键词列表（如 [新质生产力, 对标]），而不是整数“5”"),
    ("title: [1, 2]", "前置参数“title”应为文字，而不是列表“[1, 2]”"),
])
def test_front_matter_of_the_wrong_type(data, tmp_path, line, words):
    template = tmp_path / "t.md"
    template.write_text(f"---\ntarget: 甲市\n{line}\n---\n# 标题\n\n正文。\n", encoding="utf-8")
    result = run("build", "--data", data, "--template", template, "--out", tmp_path / "o", "--format", "docx")
    assert result.exit_code == 1
    assert f"错误：模板错误：{template}：{words}" in result.output


@pytest.mark.parametrize("content, words", [
    ("---\ntitle: 宁波\n---\n# 标题\n".encode("gbk"), "t.md，第2行：模板文件不是 UTF-8 编码的文字（从第 12 个字节起无法解码）；请另存为 UTF-8"),
    (bytes(range(256)), "t.md，第2行：模板文件不是 UTF-8 编码的文字（从第 129 个字节起无法解码）"),
    (None, "这是一个文件夹，不是模板文件"),
])
def test_unreadable_template(data, tmp_path, content, words):
    template = tmp_path / "t.md"
    if content is None:
        template.mkdir()
    else:
        template.write_bytes(content)
    result = run("build", "--data", data, "--template", template, "--out", tmp_path / "o", "--format", "docx")
    assert result.exit_code == 1 and words in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("date, words", [("2026-13-01", "日期“2026-13-01”不存在"),
                                         ("tomorrow", "日期“tomorrow”无效，应为 YYYY-MM-DD 或 YYYY-MM")])
def test_bad_date_option(data, tmp_path, date, words):
    result = run("build", "--data", data, "--target", "甲市", "--out", tmp_path / "o", "--date", date)
    assert result.exit_code == 1 and words in result.output


def _dup_column(folder: Path) -> None:
    obs = folder / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace("region,indicator,year,value,", "region,indicator,year,value,value,", 1),
                   encoding="utf-8")


def _replace_in(name: str, old: str, new: str):
    def edit(folder: Path) -> None:
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return edit


@pytest.mark.parametrize("edit, words", [
    (_dup_column, "列名重复"),
    (_replace_in("observations.csv", "3.00", "3 00"), "数字之间有空格"),
    (_replace_in("practices.csv", "实验室。", "实验\u202e室。"), "U+202E"),
    (_replace_in("regions.csv", "乙市", "乙市\x07"), "U+0007"),
])
def test_refused_data_leaves_previous_outputs_byte_identical(data, tmp_path, edit, words):
    out = tmp_path / "out"
    assert run(*build_args(data, out, "--format", "docx")).exit_code == 0
    before = tree_hashes(out)
    edit(data)
    result = run(*build_args(data, out, "--format", "docx"))
    assert result.exit_code == 1 and words in result.output
    assert "\u202e" not in result.output and "\x07" not in result.output
    assert tree_hashes(out) == before
