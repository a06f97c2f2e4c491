"""ReportLab's parsed TrueType faces kept in the cache, so a warm build does not re-read each font's tables."""

from __future__ import annotations

import hashlib
import os
import pickle
from fnmatch import fnmatch
from pathlib import Path
from weakref import WeakKeyDictionary

from reportlab import Version as REPORTLAB_VERSION
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace, unShapedFontGlob

from ...fonts import cache_dir
from ...fonts.cachedir import file_stamp

FORMAT = 1
"""Bumped whenever what is stored changes meaning."""


def _face_file(ttf_path: Path) -> Path:
    """Return the cache file of the parsed face of ``ttf_path`` as it is now (stamp and ReportLab version)."""
    key = f"{FORMAT}\0{REPORTLAB_VERSION}\0{file_stamp(ttf_path)}"
    return cache_dir() / "fonts" / f"rlface-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}.pickle"


UNSTORED = ("_ttf_data", "_pdfScale")
"""Face attributes not stored: the file's bytes (read again) and a closure (rebuilt from ``unitsPerEm``)."""


def _pdf_scale(units_per_em: int):
    """Return the font-unit → PDF-unit scaling ReportLab's face computes for ``units_per_em``."""
    if units_per_em == 1000:
        return lambda x: x
    mult = 1000 / units_per_em
    return lambda x: x * mult


def _restore(state: dict, ttf_path: Path) -> TTFontFace:
    """Return a face rebuilt from its stored attributes and the font file's bytes."""
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(state)
    face._ttf_data = ttf_path.read_bytes()  # pylint: disable=protected-access
    face._pdfScale = _pdf_scale(state["unitsPerEm"])  # pylint: disable=protected-access
    return face


def load_face(ttf_path: Path) -> TTFontFace:
    """Return ReportLab's parsed face of ``ttf_path``: from the cache when present, else parsed and stored.

    Parsing raises ReportLab's TTFError for a bad file, exactly as ``TTFont``
    would; an unreadable cache entry is parsed again and replaced.
    """
    cached = _face_file(ttf_path)
    try:
        state = pickle.loads(cached.read_bytes())
        if isinstance(state, dict) and "unitsPerEm" in state:
            return _restore(state, ttf_path)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    face = TTFontFace(str(ttf_path))
    state = {k: v for k, v in vars(face).items() if k not in UNSTORED}
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, cached)
    except OSError:
        pass  # a read-only cache only costs the parse next time
    return face


class CachedTTFont(TTFont):
    """ReportLab's TrueType font, built from a cached parsed face instead of parsing the file again.

    The attributes are those ``TTFont.__init__`` sets (a test compares them
    with a font ReportLab builds itself).
    """

    def __init__(self, name: str, ttf_path: Path):  # pylint: disable=super-init-not-called
        self.fontName = name
        self.face = load_face(ttf_path)
        self.encoding = TTEncoding()
        self.state = WeakKeyDictionary()
        self._asciiReadable = rl_config.ttfAsciiReadable
        self.shapable = not any(fnmatch(name, glob) for glob in unShapedFontGlob)
