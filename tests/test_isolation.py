"""The test session keeps its caches and configuration out of the user's home (see conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize("name", ["NQP_REPORT_CACHE", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "MPLCONFIGDIR"])
def test_cache_and_config_folders_are_private_to_the_session(name, private_cache_and_config):
    folder = Path(os.environ[name])
    assert folder.is_relative_to(private_cache_and_config)
    assert not folder.is_relative_to(Path.home())


def test_a_build_in_a_subprocess_caches_in_the_private_folder(private_cache_and_config, tmp_path):
    from conftest import MINI

    cache = Path(os.environ["NQP_REPORT_CACHE"])
    subprocess.run([sys.executable, "-c", "from nqp_report.cli import main; main()", "build", "--data", str(MINI), "--target", "甲市",
                    "--format", "pdf", "--out", str(tmp_path), "--date", "2026-11-24"], check=True,
                   capture_output=True)
    assert list(cache.rglob("charts/*.png")), "the charts of the PDF should be cached here"
    assert (cache / "fonts" / "installed.json").is_file(), "the installed-font index should be cached here"
