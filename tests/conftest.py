"""Shared fixtures: the small hand-checked dataset and a way to break it."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
MINI = TESTS / "fixtures" / "mini"
sys.path.insert(0, str(TESTS))


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """Return a writable copy of the mini dataset."""
    dest = tmp_path / "data"
    shutil.copytree(MINI, dest)
    return dest


@pytest.fixture(scope="session", autouse=True)
def private_cache_and_config(tmp_path_factory):
    """Point every cache and configuration folder of the session (and its subprocesses) at a temporary one.

    The subset-font cache ($NQP_REPORT_CACHE), the user's font configuration
    ($XDG_CONFIG_HOME), and what matplotlib, fontconfig and LibreOffice keep
    under ~/.cache: no test reads a stale subset or writes under the user's home.
    Session-scoped and autouse, so it is set before the session-scoped builds.
    """
    base = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as mp:
        for name, folder in (("NQP_REPORT_CACHE", "nqp-report-cache"), ("XDG_CACHE_HOME", "cache"),
                             ("XDG_CONFIG_HOME", "config"), ("MPLCONFIGDIR", "matplotlib")):
            (base / folder).mkdir()
            mp.setenv(name, str(base / folder))
        yield base


def require_tool(name: str) -> str:
    """Return the path of an external tool; skip (or, in CI with NQP_REQUIRE_CLIENTS=1, fail) when absent."""
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed (Debian package: see .ci/run)"
    if os.environ.get("NQP_REQUIRE_CLIENTS"):
        pytest.fail(message + "; NQP_REQUIRE_CLIENTS is set, so this must not be skipped")
    pytest.skip(message)


@pytest.fixture(scope="session")
def bundled_builds(tmp_path_factory):
    """Build both bundled templates (DOCX and PDF) from the bundled data once per test session."""
    from nqp_report.pipeline import BuildRequest, build
    from nqp_report.resources import bundled_data_dir

    out = tmp_path_factory.mktemp("bundled")
    files = {}
    for template in ("briefing", "brief"):
        result = build(BuildRequest(data=bundled_data_dir(), template=template, out=out, date="2026-11-24"))
        for path in result.outputs:
            files[(template, path.suffix.lstrip("."))] = path
    return files
