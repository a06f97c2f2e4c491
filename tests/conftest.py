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
