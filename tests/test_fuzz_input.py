"""Fuzzing cell values and region names: a dataset loads or is refused cleanly, names never leave --out."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datagen import base_rows, write_csv_dataset
from nqp_report.cli import cli
from nqp_report.data import load_dataset
from nqp_report.errors import DataError, OutputError
from nqp_report.staging import inside, safe_file_name

cells = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
names = st.one_of(cells, st.sampled_from(["..", ".", "../x", "/abs/x", "a/b", "-rf", "a\x00b", "CON", "‮rtl"]))
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(value=cells, text=cells, region=names)
def test_any_cells_load_or_are_refused_cleanly(value, text, region):
    rows = base_rows()
    rows["observations"][0][3] = value
    rows["practices"][0][3] = text
    rows["regions"][0][0] = region
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_csv_dataset(Path(tmp) / "d", rows)
        try:
            dataset = load_dataset(folder)
        except DataError as exc:
            assert exc.problems and all(p.file.endswith(".csv") for p in exc.problems)
            assert not any(c in str(exc) for c in "\x00\u202e\u200b\u200d")
            return
        assert region.strip() in dataset.regions


@SETTINGS
@given(region=names)
def test_any_region_name_maps_inside_out(region):
    out = Path("/tmp/nqp-fuzz-out")
    try:
        name = safe_file_name(region)
    except OutputError:
        return
    path = inside(out, f"briefing-{name}.pdf")
    assert path.parent == out and "/" not in name and not name.startswith(("-", "."))


@settings(max_examples=4, deadline=None)
@given(region=names.filter(lambda s: s.strip() and len(s) < 30))
def test_builds_with_odd_region_names_exit_0_or_1_inside_out(region):
    rows = base_rows()
    for table in ("observations", "practices"):
        for r in rows[table]:
            r[0] = region if r[0] == "甲市" else r[0]
    rows["regions"][0][0] = region
    tmp = Path(tempfile.mkdtemp())
    try:
        folder = write_csv_dataset(tmp / "d", rows)
        out = tmp / "out"
        result = CliRunner().invoke(cli, ["build", "--data", str(folder), "--target", region, "--out", str(out),
                                          "--date", "2026-11-24", "--format", "docx"])
        assert result.exit_code in (0, 1), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        outside = [p for p in tmp.rglob("*") if p.is_file() and out not in p.parents and folder not in p.parents]
        assert outside == []
    finally:
        shutil.rmtree(tmp)
