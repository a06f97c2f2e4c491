"""Font resolution order, coverage errors, TrueType subsets and their cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from nqp_report.cli import cli
from nqp_report.errors import FontError
from nqp_report.fonts import check_coverage, prepare_fonts, resolve_fonts
from nqp_report.fonts.resolve import open_font_dir
from nqp_report.fonts.roles import ORIGIN_OFFICIAL, ORIGIN_OPEN
from nqp_report.writers.pdf.register import register_with_reportlab

SANS = open_font_dir() / "NotoSansSC-Regular.otf"


@pytest.fixture
def no_config(tmp_path, monkeypatch):
    """Run with an empty config folder and working directory, so no user config file applies."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path)


def test_open_fonts_serve_every_role_when_nothing_is_installed(tmp_path, no_config):
    fonts = resolve_fonts(dirs=[tmp_path / "nothing"])
    assert set(fonts) == {"title", "heading", "kai", "body", "table", "latin"}
    assert {f.origin for f in fonts.values()} == {ORIGIN_OPEN}
    assert fonts["heading"].path.name == "NotoSansSC-Regular.otf"
    assert fonts["body"].path.name == "NotoSerifSC-Regular.otf"


def test_installed_official_font_wins_over_open_font(tmp_path, no_config):
    installed = tmp_path / "fonts" / "truetype"
    installed.mkdir(parents=True)
    shutil.copy(SANS, installed / "SimHei.ttf")  # file names are matched case-insensitively
    fonts = resolve_fonts(dirs=[tmp_path / "fonts"])
    assert fonts["heading"].origin == ORIGIN_OFFICIAL
    assert fonts["heading"].path == installed / "SimHei.ttf"
    assert fonts["body"].origin == ORIGIN_OPEN


def test_user_setting_wins_and_config_file_is_read(tmp_path, no_config):
    (tmp_path / "nqp-report-fonts.yaml").write_text(f"kai: {SANS}\n", encoding="utf-8")
    fonts = resolve_fonts({"body": str(SANS)}, dirs=[])
    assert fonts["body"].path == SANS and "命令行" in fonts["body"].origin
    assert fonts["kai"].path == SANS and "nqp-report-fonts.yaml" in fonts["kai"].origin


@pytest.mark.parametrize("setting,message", [
    ({"body": "/no/such/font.ttf"}, "字体文件不存在"),
    ({"bold": str(SANS)}, "未知的字体角色“bold”"),
    ({"body": f"{SANS}#x"}, "字形集序号"),
])
def test_bad_user_settings_are_explained(no_config, setting, message):
    with pytest.raises(FontError, match=message):
        resolve_fonts(setting, dirs=[])


def test_missing_characters_are_named_with_their_role(tmp_path, no_config):
    fonts = resolve_fonts(dirs=[])
    with pytest.raises(FontError) as err:
        check_coverage(fonts, {"body": "正文😀", "heading": "标题"})
    text = str(err.value)
    assert "正文（仿宋）" in text and "U+1F600" in text and "一级标题" not in text


def test_subsets_are_truetype_cached_and_deterministic(tmp_path, no_config):
    from fontTools.ttLib import TTFont

    fonts = resolve_fonts(dirs=[])
    texts = {"body": "宁波研发投入强度2.52%（见表1）。", "heading": "一、工业基础"}
    prepared = prepare_fonts(fonts, texts, tmp_path / "cache", base=frozenset())
    body = prepared["body"].ttf_path
    tt = TTFont(str(body))
    assert "glyf" in tt and "CFF " not in tt
    cmap = tt.getBestCmap()
    assert all(ord(c) in cmap for c in "宁波研发%（）。")
    assert prepared["kai"].ttf_path == body  # one subset per font file
    first = body.read_bytes()
    mtime = body.stat().st_mtime_ns
    again = prepare_fonts(fonts, texts, tmp_path / "cache", base=frozenset())
    assert again["body"].ttf_path.stat().st_mtime_ns == mtime  # reused, not rewritten
    body.unlink()
    prepare_fonts(fonts, texts, tmp_path / "cache", base=frozenset())
    assert body.read_bytes() == first
    names = register_with_reportlab(prepared)
    assert names["body"] == names["kai"] != names["heading"]


def test_fonts_command_lists_each_role(no_config):
    result = CliRunner().invoke(cli, ["fonts"])
    assert result.exit_code == 0, result.output
    assert "正文（仿宋）" in result.output and "NotoSerifSC-Regular.otf" in result.output


def test_fonts_command_rejects_a_bad_option(no_config):
    result = CliRunner().invoke(cli, ["fonts", "--font", "body"])
    assert result.exit_code == 2
    assert "角色=字体文件" in result.output


def test_two_subsets_of_one_face_stay_distinct_in_reportlab(tmp_path, no_config):
    from reportlab.pdfbase import pdfmetrics

    fonts = resolve_fonts(dirs=[])
    first = register_with_reportlab(prepare_fonts(fonts, {"body": "甲乙丙"}, tmp_path / "c", base=frozenset()))
    second = register_with_reportlab(prepare_fonts(fonts, {"body": "丁戊己"}, tmp_path / "c", base=frozenset()))
    assert first["body"] != second["body"]
    for names, text in ((first, "甲乙丙"), (second, "丁戊己")):
        face = pdfmetrics.getFont(names["body"]).face
        assert all(ord(c) in face.charToGlyph for c in text)


def test_documents_within_the_common_characters_share_one_subset(tmp_path, no_config):
    fonts = resolve_fonts(dirs=[])
    fonts = {"body": fonts["body"]}
    base = frozenset("宁波深圳研发投入强度")
    a = prepare_fonts(fonts, {"body": "宁波研发投入"}, tmp_path / "c", base=base)
    b = prepare_fonts(fonts, {"body": "深圳研发强度"}, tmp_path / "c", base=base)
    assert a["body"].ttf_path == b["body"].ttf_path  # a new target reuses the cached subset
    c = prepare_fonts(fonts, {"body": "苏州研发"}, tmp_path / "c", base=base)
    assert c["body"].ttf_path != a["body"].ttf_path  # characters outside the base make a new one


def test_the_default_base_is_gb2312_level_one():
    from nqp_report.fonts import common_characters

    chars = common_characters()
    assert len(chars) > 4000 and {"宁", "波", "，", "。", "A", "9"} <= chars
