"""Fonts per typographic role: find them, check coverage, and prepare TrueType subsets for the PDF.

Roles follow the official layout: ``title`` (小标宋), ``heading`` (黑体),
``kai`` (楷体), ``body`` (仿宋), ``table`` (宋体) and ``latin`` (digits and Latin
letters). :mod:`.resolve` picks a file per role, :mod:`.config` reads user
settings, :mod:`.coverage` checks characters, :mod:`.subset` writes cached
TrueType subsets. Registering fonts with ReportLab is the PDF writer's job
(:mod:`nqp_report.writers.pdf.register`). Importing this package is cheap.
"""

from __future__ import annotations

from pathlib import Path

from .cachedir import cache_dir
from .coverage import check_coverage, common_characters, missing_characters, needed_characters
from .discover import font_dirs, installed_faces
from .resolve import describe_fonts, resolve_fonts
from .roles import FALLBACK_ROLE, ROLE_LABELS, ROLES, ResolvedFont
from .subset import PreparedFont, prepare_fonts, route_to_fallback, subset_characters, write_truetype_subset

__all__ = [
    "FALLBACK_ROLE", "ROLES", "ROLE_LABELS", "PreparedFont", "ResolvedFont", "cache_dir", "chart_font_path", "check_coverage",
    "common_characters", "describe_fonts", "font_dirs", "installed_faces", "missing_characters",
    "needed_characters", "prepare_fonts", "resolve_fonts", "route_to_fallback", "subset_characters", "write_truetype_subset",
]


def chart_font_path(user: dict[str, str] | None = None) -> Path:
    """Return the font file charts draw their text with (the 黑体 role: a sans face)."""
    return Path(resolve_fonts(user or None)["heading"].path)
