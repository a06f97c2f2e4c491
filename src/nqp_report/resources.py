"""Where the bundled dataset and templates are, installed or in a source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _bundled(name: str) -> Path:
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").exists() and (checkout / name).is_dir():
        return checkout / name
    return Path(str(resources.files("nqp_report.bundled") / name))


def bundled_data_dir() -> Path:
    """Return the folder of the dataset shipped with the tool."""
    return _bundled("data")


def bundled_templates_dir() -> Path:
    """Return the folder of the templates shipped with the tool."""
    return _bundled("templates")
