"""Glue between the font resolver and the things that draw text (PDF writer, charts).

Resolves a font per role once per process, checks that every character of the
document is covered before anything is rendered, and prepares TrueType
subsets in the cache folder.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """Return the cache folder: $NQP_REPORT_CACHE, else $XDG_CACHE_HOME/nqp-report, else ~/.cache/nqp-report."""
    if os.environ.get("NQP_REPORT_CACHE"):
        return Path(os.environ["NQP_REPORT_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "nqp-report"


def resolved_fonts(user: dict[str, str] | None = None):
    """Return the resolved font per role (user settings, official fonts, then the bundled open fonts)."""
    from .fonts import resolve_fonts

    return resolve_fonts(user or None)


def chart_font_path(user: dict[str, str] | None = None) -> Path:
    """Return the font file charts draw their text with (the 黑体 role: a sans face)."""
    return Path(resolved_fonts(user)["heading"].path)


def pdf_fonts_for(doc, user: dict[str, str] | None = None, charset: str = "") -> dict[str, str]:
    """Return role → registered reportlab font name, after checking coverage of the document's text.

    ``charset`` (the text of the dataset and template) widens the cached
    subsets beyond this document, so briefings for other targets of the same
    data reuse them.
    """
    from .fonts import common_characters, needed_characters, prepare_fonts, register_with_reportlab
    from .writers.pdf import text_by_role

    resolved = resolved_fonts(user)
    base = common_characters() | needed_characters(charset)
    prepared = prepare_fonts(resolved, text_by_role(doc), cache_dir() / "fonts", base=frozenset(base))
    return register_with_reportlab(prepared)
