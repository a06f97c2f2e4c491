"""The data-change report between two builds (数据更新说明): values added, removed and changed.

Expectations are written by hand from tests/fixtures/mini: units from
indicators.csv (rd in % with 2 decimals, firms in 家 with 0 decimals).
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from nqp_report.cli import cli
from nqp_report.pipeline import BuildRequest, build


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def request(data: Path, out: Path) -> BuildRequest:
    return BuildRequest(data=data, out=out, target="甲市", date="2026-11-24", formats=("docx",))


def test_first_build_reports_no_changes_and_an_unchanged_rebuild_none(mini_copy, tmp_path):
    first = build(request(mini_copy, tmp_path))
    assert first.first_build and first.changes == []
    again = build(request(mini_copy, tmp_path))
    assert not again.first_build and again.changes == []


def test_added_removed_and_changed_values_are_listed_in_key_order(mini_copy, tmp_path):
    build(request(mini_copy, tmp_path))
    obs = mini_copy / "observations.csv"
    edit(obs, "乙市,rd,2023,6.00,", "乙市,rd,2023,6.20,")  # changed number
    edit(obs, "乙市,firms,2023,超2400,", "乙市,firms,2023,2400,")  # changed qualifier only
    edit(obs, "丙市,firms,2023,1200,,B,,\n", "")  # removed
    obs.write_text(obs.read_text(encoding="utf-8") + "丁市,rd,2023,3.10,,A,,\n", encoding="utf-8")  # added
    changes = [str(c) for c in build(request(mini_copy, tmp_path)).changes]
    assert changes == [  # keys "region|indicator|year" in code-point order: 丁 < 丙 < 乙, firms < rd
        "新增 丁市·研发投入强度（2023年）：3.10%",
        "删除 丙市·高新技术企业数（2023年）：原为1200家",
        "更新 乙市·高新技术企业数（2023年）：超2400家 → 2400家",
        "更新 乙市·研发投入强度（2023年）：6.00% → 6.20%",
    ]


def test_a_change_of_the_preferred_row_is_a_change_and_a_rewritten_equal_number_is_not(mini_copy, tmp_path):
    build(request(mini_copy, tmp_path))
    obs = mini_copy / "observations.csv"
    edit(obs, "乙市,rd,2023,6.00,", "乙市,rd,2023,6.0,")  # same number, written differently
    edit(obs, "另一来源为2.52,\n", "另一来源为2.52,yes\n")
    edit(obs, "另一来源为2.54,yes\n", "另一来源为2.54,\n")  # the other source's 2.54 is now preferred
    changes = [str(c) for c in build(request(mini_copy, tmp_path)).changes]
    assert changes == ["更新 甲市·研发投入强度（2022年）：2.52% → 2.54%"]


def test_the_cli_prints_each_change(mini_copy, tmp_path):
    args = ["build", "--data", str(mini_copy), "--target", "甲市", "--out", str(tmp_path), "--format", "docx",
            "--date", "2026-11-24"]
    runner = CliRunner()
    assert runner.invoke(cli, args).exit_code == 0
    edit(mini_copy / "observations.csv", "丙市,firms,2023,1200,,B,,\n", "")
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "数据较上次有 1 处变化：\n  删除 丙市·高新技术企业数（2023年）：原为1200家\n" in result.output
