"""Speed paths keep their promises: lazy imports per format, the same bytes in parallel, serial errors, batch cores."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import nqp_report.concurrency as concurrency
import nqp_report.formats as formats
from nqp_report.batch import core_share, run_batch
from nqp_report.errors import FontError
from nqp_report.pipeline import BuildRequest, build

from conftest import MINI

HEAVY = ("reportlab", "fontTools", "docx", "matplotlib")


def request(out: Path, **kw) -> BuildRequest:
    return BuildRequest(data=MINI, out=out, target="甲市", date="2026-11-24", **kw)


def modules_after_build(out: Path, fmt: str, cache: Path, cores: int | None = None) -> list[str]:
    """Return which heavy packages a fresh process has imported after building formats ``fmt`` (comma-separated)."""
    code = (
        "import sys, json; from pathlib import Path; from nqp_report.pipeline import BuildRequest, build; "
        + ("" if cores is None else f"import nqp_report.concurrency as c; c.machine_cores = lambda: {cores}; ")
        + f"build(BuildRequest(data=Path({str(MINI)!r}), out=Path({str(out)!r}), target='甲市', "
        f"date='2026-11-24', formats=tuple({fmt!r}.split(',')))); "
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    env = dict(os.environ, NQP_REPORT_CACHE=str(cache))
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_each_format_imports_only_its_own_writer(tmp_path):
    cache = tmp_path / "cache"
    assert "docx" in modules_after_build(tmp_path / "warm", "docx", cache)  # draws the charts into the cache
    docx_only = modules_after_build(tmp_path / "docx", "docx", cache)
    pdf_only = modules_after_build(tmp_path / "pdf", "pdf", cache)
    assert docx_only == ["docx"]
    assert "reportlab" in pdf_only and "docx" not in pdf_only and "matplotlib" not in pdf_only


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_with_two_cores_reportlab_is_imported_by_the_pdf_child_only(tmp_path):
    cache = tmp_path / "cache"
    modules_after_build(tmp_path / "warm", "docx", cache)  # draws the charts into the cache
    assert modules_after_build(tmp_path / "two", "docx,pdf", cache, cores=2) == ["docx"]
    assert "reportlab" in modules_after_build(tmp_path / "one", "docx,pdf", cache, cores=1)
    assert (tmp_path / "two" / "briefing-甲市.pdf").read_bytes() == (tmp_path / "one" / "briefing-甲市.pdf").read_bytes()


@pytest.fixture
def pids(tmp_path, monkeypatch):
    """Record, per format, the id of the process that rendered it (also from a forked child)."""
    log = tmp_path / "pids"
    render = formats._render_one

    def recording(fmt, *args):
        with log.open("a") as f:
            f.write(f"{fmt} {os.getpid()}\n")
        return render(fmt, *args)

    monkeypatch.setattr(formats, "_render_one", recording)
    monkeypatch.setattr(formats, "PARALLEL_MIN_BLOCKS", 0)

    def read() -> dict[str, int]:
        return {fmt: int(pid) for fmt, pid in (line.split() for line in log.read_text().splitlines())}

    return read


def outputs(result) -> dict[str, bytes]:
    return {p.suffix: p.read_bytes() for p in result.outputs}


@pytest.mark.skipif(concurrency.machine_cores() < 2 or not hasattr(os, "fork"), reason="needs two cores and fork")
def test_parallel_pdf_gives_the_serial_bytes(tmp_path, monkeypatch, pids):
    monkeypatch.setattr(concurrency, "machine_cores", lambda: 2)
    parallel = outputs(build(request(tmp_path / "parallel")))
    assert pids()["pdf"] != os.getpid() and pids()["docx"] == os.getpid()
    monkeypatch.setattr(concurrency, "machine_cores", lambda: 1)
    serial = outputs(build(request(tmp_path / "serial")))
    assert parallel == serial


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_failing_child_leaves_the_work_and_the_error_to_the_parent(tmp_path, monkeypatch, pids):
    monkeypatch.setattr(concurrency, "machine_cores", lambda: 2)
    serial_bytes = outputs(build(request(tmp_path / "first")))
    parent, render = os.getpid(), formats.PdfFormat.render

    def fails_in_child(self, *args):
        if os.getpid() != parent:
            raise FontError("子进程失败")
        return render(self, *args)

    monkeypatch.setattr(formats.PdfFormat, "render", fails_in_child)
    assert outputs(build(request(tmp_path / "second"))) == serial_bytes

    def always_fails(self, *args):
        raise FontError("缺字")

    monkeypatch.setattr(formats.PdfFormat, "render", always_fails)
    before = {p.name: p.read_bytes() for p in (tmp_path / "second").iterdir() if p.is_file()}
    with pytest.raises(FontError, match="缺字"):
        build(request(tmp_path / "second"))
    assert {p.name: p.read_bytes() for p in (tmp_path / "second").iterdir() if p.is_file()} == before


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_charts_drawn_in_two_processes_are_the_charts_drawn_in_one(tmp_path, monkeypatch):
    import nqp_report.chartcache as chartcache

    drawn_by: list[int] = []
    log = tmp_path / "chart-pids"
    render_all = chartcache._render_all

    def recording(figures, font):
        with log.open("a") as f:
            f.write(f"{os.getpid()}\n" * len(figures))
        return render_all(figures, font)

    monkeypatch.setattr(chartcache, "_render_all", recording)
    charts = {}
    for cores in (2, 1):
        monkeypatch.setattr(concurrency, "machine_cores", lambda cores=cores: cores)
        monkeypatch.setenv("NQP_REPORT_CACHE", str(tmp_path / f"cache{cores}"))
        build(request(tmp_path / f"out{cores}"))
        charts[cores] = {p.name: p.read_bytes() for p in (tmp_path / f"cache{cores}" / "charts").glob("*.png")}
        drawn_by.append(len(set(log.read_text().split())))
        log.unlink()
    assert len(charts[1]) >= 2 and charts[2] == charts[1]
    assert drawn_by == [2, 1]


def test_batch_jobs_share_the_cores(monkeypatch):
    monkeypatch.setattr(concurrency, "machine_cores", lambda: 4)
    assert core_share(jobs=2, workers=2) == 1
    assert core_share(jobs=1, workers=1) == 1
    assert core_share(jobs=3, workers=1) == 3
    assert core_share(jobs=8, workers=2) == 2
    assert core_share(jobs=8, workers=1) == 4


def test_batch_workers_write_serially_and_give_the_single_build_bytes(tmp_path, monkeypatch):
    seen = tmp_path / "budgets"
    render = formats.render_formats

    def recording(*args, **kw):
        with seen.open("a") as f:
            f.write(f"{concurrency.available_cores()}\n")
        return render(*args, **kw)

    monkeypatch.setattr(formats, "render_formats", recording)
    import nqp_report.pipeline as pipeline

    monkeypatch.setattr(pipeline, "render_formats", recording)
    monkeypatch.setattr(concurrency, "machine_cores", lambda: 2)
    outcomes = run_batch(request(tmp_path / "batch"), ["甲市", "乙市"], jobs=2)
    assert all(o.ok for o in outcomes)
    assert seen.read_text().split() == ["1", "1"]
    assert concurrency.available_cores() == 2
    single = build(request(tmp_path / "single"))
    assert outputs(single) == {p.suffix: p.read_bytes() for p in (tmp_path / "batch" / "甲市").glob("*.*")
                               if p.suffix in (".docx", ".pdf")}


def test_batch_jobs_default_to_the_cores(tmp_path, monkeypatch):
    from click.testing import CliRunner

    import nqp_report.batch as batch
    from nqp_report.cli import cli

    seen = {}

    def recording(base, names, jobs=1, **kw):
        seen["jobs"] = jobs
        return []

    monkeypatch.setattr(concurrency, "machine_cores", lambda: 3)
    monkeypatch.setattr(batch, "run_batch", recording)
    args = ["batch", "--data", str(MINI), "--targets", "甲市", "--out", str(tmp_path)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert seen["jobs"] == 3
    assert CliRunner().invoke(cli, args + ["--jobs", "1"]).exit_code == 0
    assert seen["jobs"] == 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_lone_chart_is_drawn_by_a_child_while_the_parent_runs_meanwhile(tmp_path, monkeypatch):
    import nqp_report.chartcache as chartcache

    log = tmp_path / "pids"

    def recording(figures, font):
        with log.open("a") as f:
            f.write("".join(f"draw {os.getpid()} {fig}\n" for fig in figures))
        return [f"png of {fig}".encode() for fig in figures]

    def meanwhile():
        with log.open("a") as f:
            f.write(f"meanwhile {os.getpid()}\n")

    monkeypatch.setattr(chartcache, "_render_all", recording)
    monkeypatch.setattr(concurrency, "machine_cores", lambda: 2)
    assert chartcache._render_missing(["A"], Path("font.ttf"), meanwhile) == [b"png of A"]
    lines = sorted(log.read_text().split("\n")[:-1])
    assert lines[1] == f"meanwhile {os.getpid()}" and lines[0].startswith("draw ") and lines[0] != f"draw {os.getpid()} A"
    log.unlink()
    monkeypatch.setattr(concurrency, "machine_cores", lambda: 1)
    assert chartcache._render_missing(["A", "B"], Path("font.ttf"), meanwhile) == [b"png of A", b"png of B"]
    assert log.read_text() == f"meanwhile {os.getpid()}\ndraw {os.getpid()} A\ndraw {os.getpid()} B\n"


def _pid_and(value):
    return os.getpid(), value


def _fail(value):
    raise ValueError(value)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_waiting_child_prepares_first_then_runs_the_call_sent_later(tmp_path):
    marker = tmp_path / "prepared"
    with concurrency.WaitingChild(lambda: marker.write_text(str(os.getpid())), _pid_and) as child:
        child.submit("甲")
        pid, value = child.result()
    assert value == "甲" and pid != os.getpid() and marker.read_text() == str(pid)
    with concurrency.WaitingChild(lambda: None, _fail) as child:
        child.submit("坏")
        assert child.result() is None
    with concurrency.WaitingChild(lambda: None, _pid_and) as child:
        process = child._process
    assert not process.is_alive() and child.result() is None  # leaving the block stopped the idle child


def test_no_pdf_child_with_one_core_or_one_format(monkeypatch):
    monkeypatch.setattr(concurrency, "machine_cores", lambda: 1)
    with formats.pdf_child(("docx", "pdf")) as worker:
        assert worker is None
    monkeypatch.setattr(concurrency, "machine_cores", lambda: 2)
    with formats.pdf_child(("pdf",)) as worker:
        assert worker is None
