"""Scheduled regeneration: reproducible bytes, --if-changed, atomic failures, locks, changes, batch."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from nqp_report.batch import run_batch
from nqp_report.cli import cli
from nqp_report.errors import DataError, OutputError
from nqp_report.pipeline import BuildRequest, build, output_lock

from conftest import MINI


def request(data: Path, out: Path, **kw) -> BuildRequest:
    kw.setdefault("target", "甲市")
    kw.setdefault("date", "2026-11-24")
    return BuildRequest(data=data, out=out, **kw)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("out1")
    result = build(request(MINI, out))
    return out, result


def test_outputs_are_named_and_written(built):
    out, result = built
    assert sorted(p.name for p in result.outputs) == ["briefing-甲市.docx", "briefing-甲市.pdf"]
    assert (out / "manifest.json").exists()


def test_same_inputs_same_bytes_in_another_process_and_folder(built, tmp_path):
    out, _ = built
    other = tmp_path / "elsewhere"
    env = dict(os.environ, PYTHONHASHSEED="123", NQP_REPORT_CACHE=str(tmp_path / "cold-cache"))  # redraw all
    code = (
        "from pathlib import Path; from nqp_report.pipeline import BuildRequest, build; "
        f"build(BuildRequest(data=Path({str(MINI)!r}), out=Path({str(other)!r}), target='甲市', date='2026-11-24'))"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path, env=env)
    for name in ("briefing-甲市.docx", "briefing-甲市.pdf"):
        assert (out / name).read_bytes() == (other / name).read_bytes(), name


def test_if_changed_skips_without_heavy_imports(built):
    out, _ = built
    code = (
        "import sys; from pathlib import Path; from nqp_report.pipeline import BuildRequest, build; "
        f"r = build(BuildRequest(data=Path({str(MINI)!r}), out=Path({str(out)!r}), target='甲市', date='2026-11-24'),"
        " if_changed=True); "
        "heavy = [m for m in ('matplotlib', 'reportlab', 'docx') if m in sys.modules]; "
        "print(r.skipped, heavy)"
    )
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert done.stdout.strip() == "True []"


def test_if_changed_rebuilds_when_inputs_or_outputs_change(mini_copy, tmp_path):
    out = tmp_path / "out"
    req = request(mini_copy, out, formats=("docx",))
    assert not build(req, if_changed=True).skipped
    assert build(req, if_changed=True).skipped
    (out / "briefing-甲市.docx").write_bytes(b"damaged")
    assert not build(req, if_changed=True).skipped
    assert build(req, if_changed=True).skipped
    obs = mini_copy / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace("甲市,rd,2023,3.00", "甲市,rd,2023,3.10"), encoding="utf-8")
    result = build(req, if_changed=True)
    assert not result.skipped
    assert [str(c) for c in result.changes] == ["更新 甲市·研发投入强度（2023年）：3.00% → 3.10%"]
    other_target = request(mini_copy, out, formats=("docx",), target="乙市")
    assert not build(other_target, if_changed=True).skipped


def test_failed_build_leaves_previous_outputs_untouched(mini_copy, tmp_path):
    out = tmp_path / "out"
    build(request(mini_copy, out))
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    obs = mini_copy / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace("甲市,rd,2023,3.00", "甲市,rd,2023,abc"), encoding="utf-8")
    with pytest.raises(DataError):
        build(request(mini_copy, out))
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_disk_full_while_writing_keeps_every_old_output(mini_copy, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(request(mini_copy, out))
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    obs = mini_copy / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace("甲市,rd,2023,3.00", "甲市,rd,2023,3.50"), encoding="utf-8")
    import nqp_report.staging as staging

    real_stage = staging.stage

    def stage(path, data):
        if path.suffix == ".pdf":
            raise OSError(28, "No space left on device")
        return real_stage(path, data)

    monkeypatch.setattr(staging, "stage", stage)
    with pytest.raises(OutputError) as info:
        build(request(mini_copy, out))
    assert "磁盘已满" in str(info.value)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_lock_keeps_a_second_run_out(mini_copy, tmp_path):
    out = tmp_path / "out"
    with output_lock(out, 1):
        with pytest.raises(OutputError) as info:
            build(request(mini_copy, out, formats=("docx",)), lock_timeout=0.2)
    assert "正被另一个 nqp-report 进程使用" in str(info.value)


def test_change_summary_in_cli_and_template(mini_copy, tmp_path):
    out = tmp_path / "out"
    runner = CliRunner()
    args = ["build", "--data", str(mini_copy), "--target", "甲市", "--out", str(out), "--format", "docx",
            "--date", "2026-11-24"]
    assert runner.invoke(cli, args).exit_code == 0
    obs = mini_copy / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace("乙市,rd,2023,6.00", "乙市,rd,2023,6.20"), encoding="utf-8")
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "更新 乙市·研发投入强度（2023年）：6.00% → 6.20%" in result.output
    import docx

    text = "\n".join(p.text for p in docx.Document(str(out / "briefing-甲市.docx")).paragraphs)
    assert "数据更新说明" in text


def test_batch_continues_past_a_failing_target(tmp_path):
    outcomes = run_batch(request(MINI, tmp_path, formats=("docx",)), ["甲市", "火星", "乙市"], jobs=2)
    assert [(o.target, o.ok) for o in outcomes] == [("甲市", True), ("火星", False), ("乙市", True)]
    assert "火星" in outcomes[1].message
    assert (tmp_path / "甲市" / "briefing-甲市.docx").exists()
    assert (tmp_path / "乙市" / "briefing-乙市.docx").exists()


def test_batch_cli_exit_code(tmp_path):
    result = CliRunner().invoke(cli, ["batch", "--data", str(MINI), "--targets", "甲市,火星", "--out", str(tmp_path),
                                      "--format", "docx"])
    assert result.exit_code == 1
    assert "甲市：成功" in result.output and "火星：失败" in result.output
    assert "成功 1，失败 1" in result.output


@pytest.mark.parametrize("target", ["深圳", "合肥"])
def test_bundled_templates_build_for_other_targets(tmp_path, target):
    from nqp_report.inspect import inspect_docx, pdf_text
    from nqp_report.resources import bundled_data_dir

    for template in ("briefing", "brief"):
        result = build(BuildRequest(data=bundled_data_dir(), template=template, target=target, out=tmp_path,
                                    date="2026-11-24"))
        docx = inspect_docx(tmp_path / f"{template}-{target}.docx")
        assert target in docx["properties"]["title"]
        text = pdf_text(tmp_path / f"{template}-{target}.pdf")
        assert target in text and "宁波" not in docx["properties"]["title"]
        assert len(result.outputs) == 2


def test_charts_are_cached_and_a_cached_chart_gives_the_same_bytes(mini_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("NQP_REPORT_CACHE", str(tmp_path / "cache"))
    first = build(request(mini_copy, tmp_path / "a"))
    charts = sorted((tmp_path / "cache" / "charts").glob("*.png"))
    assert charts
    import nqp_report.charts as charts_module

    def no_drawing(*args, **kwargs):
        raise AssertionError("a cached chart was drawn again")

    monkeypatch.setattr(charts_module, "render_chart", no_drawing)
    second = build(request(mini_copy, tmp_path / "b"))
    for a, b in zip(first.outputs, second.outputs):
        assert a.read_bytes() == b.read_bytes()


def test_failed_rename_of_the_second_output_restores_the_first(mini_copy, tmp_path, monkeypatch):
    import hashlib

    import nqp_report.staging as staging

    out = tmp_path / "out"
    build(request(mini_copy, out))
    digests = {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
               for p in out.rglob("*") if p.is_file()}
    obs = mini_copy / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace("甲市,rd,2023,3.00", "甲市,rd,2023,3.50"), encoding="utf-8")
    real, renamed = os.replace, []

    def replace(src, dst):
        if str(src).endswith(staging.TEMP_SUFFIX):
            renamed.append(Path(dst).name)
            if len(renamed) == 2:
                raise OSError(28, "No space left on device", str(dst))
        return real(src, dst)

    monkeypatch.setattr(staging.os, "replace", replace)
    with pytest.raises(OutputError, match="磁盘已满"):
        build(request(mini_copy, out))
    assert renamed == ["briefing-甲市.docx", "briefing-甲市.pdf"]
    assert {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in out.rglob("*") if p.is_file()} == digests
