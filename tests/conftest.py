"""Shared fixtures: the small hand-checked dataset and a way to break it."""

from __future__ import annotations

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


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the golden structure files in tests/golden/ from the current outputs")


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def require_tool(name: str) -> str:
    """Return the path of an external tool; skip (or, in CI with NQP_REQUIRE_CLIENTS=1, fail) when absent."""
    import os

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
