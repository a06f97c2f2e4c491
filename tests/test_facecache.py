"""ReportLab faces kept in the cache: the same font as ReportLab parses it, parsed again when the file changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from nqp_report.writers.pdf import facecache
from nqp_report.writers.pdf.facecache import CachedTTFont, load_face

FACE = Path(facecache.__file__).resolve().parents[2] / "fonts" / "faces" / "FandolKai-Regular.ttf"


def _comparable(face) -> dict:
    return {k: v for k, v in vars(face).items() if k != "_pdfScale"}


def test_cached_font_matches_reportlab_parse(tmp_path):
    font = tmp_path / "kai.ttf"
    shutil.copy(FACE, font)
    reference = TTFont("REF", str(font))
    first, second = CachedTTFont("A", font), CachedTTFont("A", font)  # parsed and stored, then from the cache
    for cached in (first, second):
        assert set(vars(cached)) == set(vars(reference))
        assert _comparable(cached.face) == _comparable(reference.face)
        assert [cached.face._pdfScale(v) for v in (1, 7, 1000)] == [reference.face._pdfScale(v) for v in (1, 7, 1000)]
        assert cached.stringWidth("宁波市 2024", 10.5) == reference.stringWidth("宁波市 2024", 10.5)


def test_second_load_does_not_parse(tmp_path, monkeypatch):
    font = tmp_path / "kai.ttf"
    shutil.copy(FACE, font)
    load_face(font)
    monkeypatch.setattr(facecache, "TTFontFace", _refuse_parse)
    assert load_face(font).numGlyphs > 0


def test_changed_file_is_parsed_again(tmp_path, monkeypatch):
    font = tmp_path / "kai.ttf"
    shutil.copy(FACE, font)
    load_face(font)
    shutil.copy(Path(facecache.__file__).resolve().parents[2] / "fonts" / "faces" / "FandolHei-Regular.ttf", font)
    fresh = load_face(font)
    assert fresh.familyName == TTFont("HEI", str(font)).face.familyName != load_face(FACE).familyName


def test_damaged_cache_entry_is_replaced(tmp_path):
    font = tmp_path / "kai.ttf"
    shutil.copy(FACE, font)
    facecache._face_file(font).parent.mkdir(parents=True, exist_ok=True)
    facecache._face_file(font).write_bytes(b"not a pickle")
    assert load_face(font).numGlyphs == TTFont("REF", str(font)).face.numGlyphs
    assert facecache._face_file(font).read_bytes() != b"not a pickle"


class _refuse_parse:  # noqa: N801
    __new__ = TTFont.__new__

    def __init__(self, *args):
        pytest.fail("parsed the font again on a cache hit")
