"""Fonts: family-name discovery, resolution order, bad font files, coverage, TrueType subsets and their cache."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from nqp_report.cli import cli
from nqp_report.errors import FontError
from nqp_report.fonts import check_coverage, prepare_fonts, resolve_fonts
from nqp_report.fonts.discover import installed_faces
from nqp_report.fonts.resolve import SHIPPED_FACES, shipped_dir
from nqp_report.fonts.roles import ORIGIN_ALTERNATE, ORIGIN_OFFICIAL, ORIGIN_OPEN
from nqp_report.writers.pdf.register import register_with_reportlab

from fontfactory import make_font

CHINESE_PRC = 0x0804


@pytest.fixture
def no_config(tmp_path, monkeypatch):
    """Run with an empty config folder and working directory, so no user config file applies."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def font_dir(tmp_path):
    folder = tmp_path / "fonts" / "deep" / "er"
    folder.mkdir(parents=True)
    return folder


def resolve(tmp_path, options=None):
    return resolve_fonts(options, dirs=[tmp_path / "fonts"], index_file=tmp_path / "index.json")


def test_shipped_faces_serve_every_role_with_four_distinct_families(tmp_path, no_config):
    fonts = resolve(tmp_path)
    assert set(fonts) == {"title", "heading", "kai", "body", "table", "latin", "fallback"}
    assert all(f.origin.startswith(ORIGIN_OPEN) and f.licence for f in fonts.values())
    assert len({fonts[r].family for r in ("title", "heading", "kai", "body")}) == 4
    assert all(fonts[r].path.parent == shipped_dir() for r in SHIPPED_FACES)
    assert fonts["fallback"].path.name == "NotoSerifSC-Regular.otf"  # installed by pip, full coverage


def test_official_family_is_found_by_its_name_table_under_any_file_name(tmp_path, no_config, font_dir):
    odd = make_font(font_dir / "x_0001.TTF", "一二三", "SimHei", names={CHINESE_PRC: "黑体"})
    make_font(font_dir / "fangsong.ttf", "一二三", "Some Other Face")
    fonts = resolve(tmp_path)
    assert fonts["heading"].path == odd and fonts["heading"].origin.startswith(ORIGIN_OFFICIAL)
    assert fonts["heading"].family in ("SimHei", "黑体")
    assert fonts["body"].path.parent == shipped_dir()  # a file named fangsong.ttf is not 仿宋


def test_a_chinese_family_name_alone_matches(tmp_path, no_config, font_dir):
    path = make_font(font_dir / "a.ttf", "一二三", "FZ Custom", names={CHINESE_PRC: "仿宋_GB2312"})
    assert resolve(tmp_path)["body"].path == path


def test_an_open_kai_face_installed_on_the_machine_serves_the_kai_role(tmp_path, no_config, font_dir):
    path = make_font(font_dir / "wenkai.ttf", "一二三", "LXGW WenKai")
    fonts = resolve(tmp_path)
    assert fonts["kai"].path == path and fonts["kai"].origin.startswith(ORIGIN_ALTERNATE)


def test_the_installed_font_index_is_reused_until_a_file_changes(tmp_path, no_config, font_dir, monkeypatch):
    from nqp_report.fonts import discover

    make_font(font_dir / "a.ttf", "一", "SimHei")
    resolve(tmp_path)

    def no_reading(path):
        raise AssertionError(f"read {path} again")

    monkeypatch.setattr(discover, "read_faces", no_reading)
    assert resolve(tmp_path)["heading"].path == font_dir / "a.ttf"
    make_font(font_dir / "b.ttf", "一", "KaiTi")
    with pytest.raises(AssertionError, match="b.ttf"):
        resolve(tmp_path)


def test_a_collection_face_is_indexed(tmp_path, font_dir):
    from fontTools.ttLib import TTCollection, TTFont

    a = make_font(tmp_path / "a.ttf", "一", "Alpha")
    b = make_font(tmp_path / "b.ttf", "一", "SimSun")
    collection = TTCollection()
    collection.fonts = [TTFont(str(a)), TTFont(str(b))]
    collection.save(str(font_dir / "pair.ttc"))
    faces = installed_faces([tmp_path / "fonts"])
    assert [(f.index, f.families[0]) for f in faces] == [(0, "Alpha"), (1, "SimSun")]


def test_user_setting_wins_and_config_file_is_read(tmp_path, no_config):
    face = make_font(tmp_path / "user.ttf", "一", "User Face")
    (tmp_path / "nqp-report-fonts.yaml").write_text(f"kai: {face}\n", encoding="utf-8")
    fonts = resolve(tmp_path, {"body": str(face)})
    assert fonts["body"].path == face and "命令行" in fonts["body"].origin
    assert fonts["kai"].path == face and "nqp-report-fonts.yaml" in fonts["kai"].origin


BAD_FILES = {
    "type1.pfb": (b"\x80\x01\x10\x00\x00\x00%!PS-AdobeFont-1.0", "是Type 1 字体，不受支持"),
    "type1.pfa": (b"%!PS-AdobeFont-1.0: Foo", "是Type 1 字体，不受支持"),
    "bitmap.bdf": (b"STARTFONT 2.1\nFONT x\n", "是点阵字体，不受支持"),
    "bitmap.pcf": (b"\x01fcp\x00\x00\x00\x00", "是点阵字体，不受支持"),
    "notes.ttf": ("这不是字体".encode(), "不是字体文件"),
    "bitmap-only.ttf": (b"\x00\x01\x00\x00\x00\x01\x00\x10\x00\x00\x00\x00EBDT" + bytes(12), "是点阵字体（没有轮廓字形）"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_font_file_is_explained_naming_role_and_file(tmp_path, no_config, name):
    data, problem = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(FontError) as err:
        resolve(tmp_path, {"kai": str(path)})
    assert str(err.value) == (f"命令行 --font：角色 kai（二级标题与提要（楷体））指定的文件 {path} {problem}；"
                              "请改用 TrueType（.ttf/.ttc）或 OpenType（.otf）字体")


@pytest.mark.parametrize("setting,message", [
    ({"body": "/no/such/font.ttf"}, "角色 body 指定的字体文件不存在：/no/such/font.ttf"),
    ({"bold": "/x.ttf"}, "未知的字体角色“bold”"),
    ({"body": "/x.ttf#x"}, "字形集序号"),
])
def test_bad_user_settings_are_explained(tmp_path, no_config, setting, message):
    with pytest.raises(FontError, match=message):
        resolve(tmp_path, setting)


def test_a_collection_index_out_of_range_is_explained(tmp_path, no_config):
    from fontTools.ttLib import TTCollection, TTFont

    collection = TTCollection()
    collection.fonts = [TTFont(str(make_font(tmp_path / "a.ttf", "一", "A")))]
    collection.save(str(tmp_path / "one.ttc"))
    with pytest.raises(FontError, match="只含 1 个字形集，没有第 3 个"):
        resolve(tmp_path, {"body": f"{tmp_path / 'one.ttc'}#3"})


def test_missing_characters_are_named_with_role_and_file(tmp_path, no_config):
    fonts = resolve(tmp_path)
    with pytest.raises(FontError) as err:
        check_coverage(fonts, {"body": "正文😀", "heading": "标题"})
    text = str(err.value)
    assert f"正文（仿宋）所用字体 {fonts['body'].path} 缺少字符 “😀”(U+1F600)" in text
    assert "一级标题" not in text


def test_a_shipped_face_is_used_as_is_and_checked_from_its_character_list(tmp_path, no_config):
    fonts = resolve(tmp_path)
    prepared = prepare_fonts(fonts, {"body": "宁波研发", "kai": "提要"}, tmp_path / "cache")
    assert prepared["body"].ttf_path == fonts["body"].path
    assert not (tmp_path / "cache").exists()
    with pytest.raises(FontError, match=r"U\+9F37"):
        prepare_fonts(fonts, {"body": "鼷"}, tmp_path / "cache")


def test_a_cff_font_becomes_a_cached_truetype_subset_with_its_character_list(tmp_path, no_config):
    from fontTools.ttLib import TTFont

    face = make_font(tmp_path / "user.otf", "宁波研发投入强度2.5%", "User Sans", cff=True)
    fonts = resolve(tmp_path, {"body": str(face), "kai": str(face)})
    texts = {"body": "宁波研发2.5%", "kai": "投入强度"}
    prepared = prepare_fonts(fonts, texts, tmp_path / "cache", base=frozenset())
    body = prepared["body"].ttf_path
    tt = TTFont(str(body))
    assert "glyf" in tt and "CFF " not in tt
    assert set("宁波研发投入强度2.5%") <= {chr(c) for c in tt.getBestCmap()}
    assert prepared["kai"].ttf_path == body  # one subset per font file
    assert (body.parent / (body.name + ".chars")).read_text(encoding="utf-8") == "".join(
        sorted(set("宁波研发投入强度2.5%")))
    first, mtime = body.read_bytes(), body.stat().st_mtime_ns
    body.unlink()
    prepare_fonts(fonts, texts, tmp_path / "cache", base=frozenset())
    assert body.read_bytes() == first
    again = prepare_fonts(fonts, texts, tmp_path / "cache", base=frozenset())
    assert again["body"].ttf_path == body and body.stat().st_mtime_ns >= mtime
    names = register_with_reportlab(prepared)
    assert names["body"] == names["kai"] != names["heading"]


def test_a_warm_prepare_does_no_fonttools_work(tmp_path, no_config, monkeypatch):
    import fontTools.ttLib

    face = make_font(tmp_path / "user.otf", "宁波研发", "User Sans", cff=True)
    fonts = resolve(tmp_path, {"body": str(face)})
    prepare_fonts(fonts, {"body": "宁波"}, tmp_path / "cache", base=frozenset())

    def forbidden(*args, **kwargs):
        raise AssertionError("fontTools opened a font on a warm run")

    monkeypatch.setattr(fontTools.ttLib, "TTFont", forbidden)
    resolve(tmp_path, {"body": str(face)})
    prepare_fonts(fonts, {"body": "宁波"}, tmp_path / "cache", base=frozenset())
    prepare_fonts(resolve(tmp_path), {"body": "研发"}, tmp_path / "cache")  # shipped faces need none


def test_a_font_whose_licence_forbids_embedding_is_refused_by_name(tmp_path, no_config):
    face = make_font(tmp_path / "locked.ttf", "宁波", "Locked Face", fs_type=0x0002)
    fonts = resolve(tmp_path, {"body": str(face)})
    with pytest.raises(FontError, match="locked.ttf 的授权禁止嵌入 PDF"):
        prepare_fonts(fonts, {"body": "宁波"}, tmp_path / "cache", base=frozenset())


def test_two_subsets_of_one_face_stay_distinct_in_reportlab(tmp_path, no_config):
    from reportlab.pdfbase import pdfmetrics

    face = make_font(tmp_path / "u.otf", "甲乙丙丁戊己", "Two Subsets", cff=True)
    fonts = resolve(tmp_path, {"body": str(face)})
    first = register_with_reportlab(prepare_fonts(fonts, {"body": "甲乙丙"}, tmp_path / "c", base=frozenset()))
    second = register_with_reportlab(prepare_fonts(fonts, {"body": "丁戊己"}, tmp_path / "c", base=frozenset()))
    assert first["body"] != second["body"]
    for names, text in ((first, "甲乙丙"), (second, "丁戊己")):
        face_ = pdfmetrics.getFont(names["body"]).face
        assert all(ord(c) in face_.charToGlyph for c in text)


def test_fonts_command_shows_family_file_licence_and_why_per_role(no_config):
    result = CliRunner().invoke(cli, ["fonts"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 7 and lines[-1].startswith("补缺字")
    for line, (name, family, licence) in zip(lines, SHIPPED_FACES.values()):
        assert family in line and name in line and licence in line and "本机未安装" in line


def test_fonts_command_rejects_a_bad_option(no_config):
    result = CliRunner().invoke(cli, ["fonts", "--font", "body"])
    assert result.exit_code == 2
    assert "角色=字体文件" in result.output


def test_the_default_base_is_gb2312_level_one():
    from nqp_report.fonts import common_characters

    chars = common_characters()
    assert len(chars) > 4000 and {"宁", "波", "，", "。", "A", "9"} <= chars


def test_characters_a_shipped_face_lacks_go_to_the_fallback_role(tmp_path, no_config):
    from nqp_report.fonts import route_to_fallback

    fonts = resolve(tmp_path)
    texts = route_to_fallback(fonts, {"body": "宁波鹦鹉", "kai": "提要", "title": "饕餮"})
    assert texts == {"body": "宁波", "kai": "提要", "title": "", "fallback": "".join(sorted("饕餮鹦鹉"))}
    user = make_font(tmp_path / "user.ttf", "宁波", "User Face")
    fonts = resolve(tmp_path, {"body": str(user)})
    assert route_to_fallback(fonts, {"body": "宁波鹦鹉"})["body"] == "宁波鹦鹉"  # a user font is checked as chosen
