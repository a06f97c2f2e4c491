"""The wheel carries every subpackage: pyproject.toml lists packages by hand, so a new folder must be added there."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_subpackage_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    src = ROOT / "src"
    found = {".".join(p.parent.relative_to(src).parts) for p in src.rglob("__init__.py")}
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"


def test_bundled_fonts_and_data_are_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data = config["tool"]["setuptools"]["package-data"]
    faces = ROOT / "src" / "nqp_report" / "fonts" / "faces"
    patterns = data["nqp_report.fonts"]
    for path in faces.iterdir():
        assert any(path.match(p.split("/")[-1]) for p in patterns), f"{path.name} would be left out of the wheel"
