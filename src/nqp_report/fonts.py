"""Fonts per typographic role: resolve, check coverage, subset and convert for the PDF.

Roles follow the official layout: ``title`` (小标宋), ``heading`` (黑体),
``kai`` (楷体), ``body`` (仿宋), ``table`` (宋体) and ``latin`` (digits and Latin
letters). Each role is served, in this order, by

1. a user setting (``--font ROLE=PATH`` or the config file ``nqp-report-fonts.yaml``),
2. an official font installed on the machine (Windows, Linux and macOS names),
3. the open-licensed Noto CJK SC fonts that ``pip install`` brings
   (package ``pylopdf-fonts-zh-cn``; SIL Open Font License).

ReportLab embeds only TrueType outlines, so :func:`prepare_fonts` subsets each
font to the characters the document uses, instances variable fonts, converts
CFF outlines to quadratic ``glyf`` outlines (fontTools) and caches the result.
Resolving looks at file names only and imports nothing heavy, so
``build --if-changed`` stays fast.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import FontError

ROLES = ("title", "heading", "kai", "body", "table", "latin")

ROLE_LABELS = {
    "title": "标题（小标宋）",
    "heading": "一级标题（黑体）",
    "kai": "二级标题与提要（楷体）",
    "body": "正文（仿宋）",
    "table": "表格与页码（宋体）",
    "latin": "数字与西文",
}

# Official fonts by role, best first: (file name, face index in a collection).
OFFICIAL_FILES: dict[str, tuple[tuple[str, int], ...]] = {
    "title": (("FZXBSJW.TTF", 0), ("方正小标宋简体.ttf", 0), ("FZXBSK.TTF", 0), ("方正小标宋_GBK.ttf", 0)),
    "heading": (("simhei.ttf", 0), ("黑体.ttf", 0), ("FZHTJW.TTF", 0), ("FZHTK.TTF", 0)),
    "kai": (("simkai.ttf", 0), ("楷体_GB2312.ttf", 0), ("KaiTi_GB2312.ttf", 0), ("FZKTJW.TTF", 0),
            ("STKAITI.TTF", 0)),
    "body": (("仿宋_GB2312.ttf", 0), ("FangSong_GB2312.ttf", 0), ("simfang.ttf", 0), ("FZFSJW.TTF", 0),
             ("STFANGSO.TTF", 0)),
    "table": (("simsun.ttc", 0), ("SimSun.ttf", 0), ("宋体.ttf", 0), ("FZSSJW.TTF", 0), ("STSONG.TTF", 0)),
    "latin": (("times.ttf", 0), ("Times New Roman.ttf", 0), ("TimesNewRoman.ttf", 0)),
}

# The open fonts shipped by the pylopdf-fonts-zh-cn package, by role.
OPEN_FILES = {
    "title": "NotoSerifSC-Regular.otf",
    "heading": "NotoSansSC-Regular.otf",
    "kai": "NotoSerifSC-Regular.otf",
    "body": "NotoSerifSC-Regular.otf",
    "table": "NotoSerifSC-Regular.otf",
    "latin": "NotoSerifSC-Regular.otf",
}

# Weight at which a variable font is instanced, by role.
WEIGHTS = {"title": 700, "heading": 600}

CONFIG_NAME = "nqp-report-fonts.yaml"
CONVERTER_VERSION = "2"

ORIGIN_USER = "用户设置"
ORIGIN_OFFICIAL = "本机已安装的公文字体"
ORIGIN_OPEN = "随工具安装的开源字体（Noto CJK SC，SIL OFL）"


@dataclass(frozen=True)
class ResolvedFont:
    """The font file serving one role, and where the choice came from."""

    role: str
    path: Path
    face_index: int
    origin: str

    @property
    def description(self) -> str:
        """Return "file (origin)" for people."""
        face = f"，第{self.face_index}个字形集" if self.face_index else ""
        return f"{self.path}{face}（{self.origin}）"


@dataclass(frozen=True)
class PreparedFont:
    """A TrueType subset in the cache, ready for ReportLab."""

    role: str
    ttf_path: Path
    reportlab_name: str


# ---------------------------------------------------------------- resolving
def font_dirs() -> list[Path]:
    """Return the folders where installed fonts are looked for on this platform."""
    home = Path.home()
    if sys.platform.startswith("win"):
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        dirs = [windir / "Fonts"]
        if os.environ.get("LOCALAPPDATA"):
            dirs.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
        return dirs
    if sys.platform == "darwin":
        return [home / "Library" / "Fonts", Path("/Library/Fonts"), Path("/System/Library/Fonts")]
    data_home = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return [data_home / "fonts", home / ".fonts", Path("/usr/local/share/fonts"), Path("/usr/share/fonts")]


def installed_font_files(dirs: list[Path] | None = None) -> dict[str, Path]:
    """Return lower-cased file name → path for every font file under the font folders (first found wins)."""
    found: dict[str, Path] = {}
    for root in dirs if dirs is not None else font_dirs():
        if not root.is_dir():
            continue
        for folder, subdirs, files in os.walk(root):
            subdirs.sort()
            for name in sorted(files):
                if name.lower().endswith((".ttf", ".ttc", ".otf", ".otc")):
                    found.setdefault(name.lower(), Path(folder) / name)
    return found


def open_font_dir() -> Path:
    """Return the folder of the open fonts installed with the tool."""
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        raise FontError(
            "找不到随工具安装的开源中文字体（Python 包 pylopdf-fonts-zh-cn）；请重新运行 pip install nqp-report"
        ) from None
    return Path(pylopdf_fonts_zh_cn.__file__).parent


def parse_font_setting(role: str, value: str, where: str) -> tuple[Path, int]:
    """Return (path, face index) from a user setting "PATH" or "PATH#N"; FontError when unusable."""
    if role not in ROLES:
        raise FontError(f"{where}：未知的字体角色“{role}”；可选：{'、'.join(ROLES)}")
    text, face = str(value).strip(), 0
    if "#" in text:
        text, _, index = text.rpartition("#")
        if not index.isdigit():
            raise FontError(f"{where}：角色 {role} 的字形集序号“{index}”应为数字，如 simsun.ttc#0")
        face = int(index)
    path = Path(text).expanduser()
    if not path.is_file():
        raise FontError(f"{where}：角色 {role} 指定的字体文件不存在：{path}")
    return path, face


def config_files() -> list[Path]:
    """Return the font config files that exist: ./nqp-report-fonts.yaml, then the user config folder's."""
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "nqp-report"
    return [p for p in (Path.cwd() / CONFIG_NAME, base / "fonts.yaml") if p.is_file()]


def read_config(path: Path) -> dict[str, str]:
    """Return role → font setting from a YAML config file (``body: /path/仿宋_GB2312.ttf``)."""
    import yaml

    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise FontError(f"字体配置文件 {path} 无法读取：{exc}") from None
    if not isinstance(loaded, dict):
        raise FontError(f"字体配置文件 {path} 应为“角色: 字体文件路径”的列表")
    return {str(k): str(v) for k, v in loaded.items()}


def user_settings(options: dict[str, str] | None = None) -> dict[str, tuple[Path, int, str]]:
    """Return role → (path, face, where) from config files and options (options win)."""
    settings: dict[str, tuple[Path, int, str]] = {}
    for config in reversed(config_files()):
        for role, value in read_config(config).items():
            settings[role] = (*parse_font_setting(role, value, f"字体配置文件 {config}"), str(config))
    for role, value in (options or {}).items():
        settings[role] = (*parse_font_setting(role, value, "命令行 --font"), "命令行 --font")
    return settings


def resolve_fonts(options: dict[str, str] | None = None, dirs: list[Path] | None = None) -> dict[str, ResolvedFont]:
    """Return role → the font serving it: user setting, else official installed font, else the open font."""
    settings = user_settings(options)
    installed = installed_font_files(dirs)
    fonts: dict[str, ResolvedFont] = {}
    open_dir = None
    for role in ROLES:
        if role in settings:
            path, face, where = settings[role]
            fonts[role] = ResolvedFont(role, path, face, f"{ORIGIN_USER}：{where}")
            continue
        for name, face in OFFICIAL_FILES[role]:
            if name.lower() in installed:
                fonts[role] = ResolvedFont(role, installed[name.lower()], face, ORIGIN_OFFICIAL)
                break
        else:
            open_dir = open_dir or open_font_dir()
            path = open_dir / OPEN_FILES[role]
            if not path.is_file():
                raise FontError(f"随工具安装的开源字体文件缺失：{path}；请重新安装 pylopdf-fonts-zh-cn")
            fonts[role] = ResolvedFont(role, path, 0, ORIGIN_OPEN)
    return fonts


def describe_fonts(fonts: dict[str, ResolvedFont]) -> list[tuple[str, str]]:
    """Return (role label, "file (origin)") per role, in role order."""
    return [(ROLE_LABELS[role], fonts[role].description) for role in ROLES if role in fonts]


# ---------------------------------------------------------------- coverage
def needed_characters(text: str) -> set[str]:
    """Return the characters of ``text`` a font must draw (no whitespace or control characters)."""
    return {c for c in text if not c.isspace() and unicodedata.category(c)[0] != "C"}


def _load(font: ResolvedFont, lazy: bool = True):
    from fontTools.ttLib import TTFont, TTLibError

    try:
        return TTFont(str(font.path), fontNumber=font.face_index, lazy=lazy, recalcTimestamp=False)
    except (TTLibError, OSError, ValueError, AssertionError) as exc:
        raise FontError(f"{ROLE_LABELS[font.role]}的字体文件无法读取：{font.path}（{exc}）") from None


def missing_characters(font: ResolvedFont, text: str) -> list[str]:
    """Return the characters of ``text`` that the font's character map does not cover, sorted."""
    cmap = _load(font).getBestCmap() or {}
    return sorted(c for c in needed_characters(text) if ord(c) not in cmap)


def check_coverage(fonts: dict[str, ResolvedFont], texts: dict[str, str]) -> None:
    """Raise FontError naming every role and its uncovered characters; return None when all are covered."""
    problems = []
    for role in ROLES:
        if role in texts and role in fonts:
            missing = missing_characters(fonts[role], texts[role])
            if missing:
                shown = "、".join(f"“{c}”(U+{ord(c):04X})" for c in missing[:20])
                more = f"等 {len(missing)} 个字符" if len(missing) > 20 else ""
                problems.append(f"{ROLE_LABELS[role]}所用字体 {fonts[role].path.name} 缺少字符 {shown}{more}")
    if problems:
        raise FontError("字体缺字，无法排版 PDF：\n" + "\n".join(problems)
                        + "\n可用 --font 角色=字体文件 或字体配置文件指定包含这些字符的字体，或修改数据中的用字。")


# ---------------------------------------------------------------- preparing
def _stamp(path: Path) -> str:
    st = path.stat()
    return f"{path.resolve()}:{st.st_size}:{st.st_mtime_ns}"


def subset_key(font: ResolvedFont, chars: set[str]) -> str:
    """Return the cache key of a subset: font file identity, face, weight, characters, converter version."""
    h = hashlib.sha256()
    for part in (_stamp(font.path), str(font.face_index), str(_weight(font)), CONVERTER_VERSION,
                 "".join(sorted(chars))):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def _weight(font: ResolvedFont) -> int:
    """Return the weight a variable font is instanced at for this role (0 for a static font)."""
    return WEIGHTS.get(font.role, 400) if _is_variable(font.path, font.face_index) else 0


@functools.lru_cache(maxsize=None)
def _is_variable(path: Path, face_index: int) -> bool:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        return "fvar" in TTFont(str(path), fontNumber=face_index, lazy=True)
    except (TTLibError, OSError, ValueError, AssertionError):
        return False


@functools.lru_cache(maxsize=1)
def common_characters() -> frozenset[str]:
    """Return the characters every subset carries: printable ASCII, GB 2312 symbols and its 3755 level-1 hanzi.

    With this fixed base, documents of any target and any data update share
    one cached subset per font; only characters outside it make a new one.
    (The PDF embeds only the glyphs it uses, so the base costs no PDF size.)
    """
    chars = {chr(c) for c in range(0x21, 0x7F)} | set("−·—–…‰℃±×÷≈≠≤≥～№•")
    for high in list(range(0xA1, 0xAA)) + list(range(0xB0, 0xD8)):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return frozenset(chars)


def prepare_fonts(fonts: dict[str, ResolvedFont], texts: dict[str, str], cache: Path,
                  base: frozenset[str] | None = None) -> dict[str, PreparedFont]:
    """Return role → a cached TrueType subset covering that role's text, creating missing subsets.

    Roles served by the same file, face and weight share one subset: the
    ``base`` characters (by default :func:`common_characters`) plus any other
    character the roles use. Every role's text is checked against its subset,
    so a character the font lacks is a FontError naming it, never a box in
    the PDF.
    """
    groups: dict[tuple, list[str]] = {}
    for role in ROLES:
        if role in fonts:
            f = fonts[role]
            groups.setdefault((str(f.path), f.face_index, _weight(f)), []).append(role)
    prepared: dict[str, PreparedFont] = {}
    for roles in groups.values():
        used: set[str] = set()
        for role in roles:
            used |= needed_characters(texts.get(role, ""))
        chars = set(common_characters() if base is None else base) | used | set("0123456789—")
        font = fonts[roles[0]]
        key = subset_key(font, chars)
        path = cache / f"{font.path.stem}-{key[:20]}.ttf"
        if not path.is_file():
            check_coverage({r: fonts[r] for r in roles}, texts)
            try:
                cache.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise FontError(f"无法创建字体缓存文件夹 {cache}：{exc.strerror or exc}") from None
            write_truetype_subset(font, chars, path, tag=key[:8])
        elif not used <= subset_characters(path):
            check_coverage({r: fonts[r] for r in roles}, texts)
        for role in roles:
            prepared[role] = PreparedFont(role, path, f"NQP-{key[:12]}")
    return {role: prepared[role] for role in ROLES if role in prepared}


def subset_characters(path: Path) -> set[str]:
    """Return the characters a cached subset maps to glyphs."""
    from fontTools.ttLib import TTFont

    return {chr(c) for c in (TTFont(str(path), lazy=True).getBestCmap() or {})}


def write_truetype_subset(font: ResolvedFont, chars: set[str], dest: Path, tag: str = "") -> None:
    """Write a TrueType-outline subset of ``font`` covering ``chars`` to ``dest`` (atomically).

    ``tag`` is appended to the PostScript name: ReportLab keeps one font per
    PostScript name in a process, so each subset needs a name of its own.
    """
    from fontTools import subset

    tt = _load(font, lazy=False)
    if "fvar" in tt:
        from fontTools.varLib import instancer

        axes = {a.axisTag: a for a in tt["fvar"].axes}
        location = {}
        if "wght" in axes:
            w = axes["wght"]
            location["wght"] = min(max(_weight(font), w.minValue), w.maxValue)
        tt = instancer.instantiateVariableFont(tt, location, inplace=False)
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "VORG", "vhea", "vmtx", "DSIG", "MATH"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={ord(c) for c in chars})
    subsetter.subset(tt)
    if "CFF " in tt or "CFF2" in tt:
        cff_to_glyf(tt)
    _check_embeddable(tt, font)
    if tag:
        _tag_postscript_name(tt, tag)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    tt.save(str(tmp))
    os.replace(tmp, dest)


def _tag_postscript_name(tt, tag: str) -> None:
    name = tt["name"]
    base = name.getDebugName(6) or font_stem(tt)
    unique = f"{base[:54]}-{tag}"
    for record in list(name.names):
        if record.nameID == 6:
            name.setName(unique, 6, record.platformID, record.platEncID, record.langID)
    if not any(r.nameID == 6 for r in name.names):
        name.setName(unique, 6, 3, 1, 0x409)


def font_stem(tt) -> str:
    """Return a PostScript-safe name for a font without one."""
    family = tt["name"].getDebugName(1) or "Font"
    return "".join(c for c in family if c.isalnum()) or "Font"


def _check_embeddable(tt, font: ResolvedFont) -> None:
    fs_type = tt["OS/2"].fsType if "OS/2" in tt else 0
    if fs_type & 0x0002 and not fs_type & 0x000C:
        raise FontError(f"{ROLE_LABELS[font.role]}的字体 {font.path.name} 的授权禁止嵌入 PDF；请用 --font 指定其他字体")


def cff_to_glyf(tt, max_err: float = 1.0) -> None:
    """Replace the CFF (or CFF2) outlines of a loaded font with quadratic TrueType outlines, in place."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = tt.getGlyphOrder()
    glyph_set = tt.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyphs[name] = pen.glyph()
    for tag in ("CFF ", "CFF2", "VORG"):
        if tag in tt:
            del tt[tag]
    tt["loca"] = newTable("loca")
    glyf = tt["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    glyf.compile(tt)
    hmtx = tt["hmtx"]
    for name, glyph in glyphs.items():
        hmtx[name] = (hmtx[name][0], getattr(glyph, "xMin", 0))
    maxp = tt["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    post = tt["post"]
    post.formatType = 3.0
    post.extraNames, post.mapping = [], {}
    tt["head"].glyphDataFormat = 0
    tt.sfntVersion = "\x00\x01\x00\x00"


def register_with_reportlab(prepared: dict[str, PreparedFont]) -> dict[str, str]:
    """Register each prepared subset with ReportLab (as its own bold/italic family) and return role → name."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    names = {}
    for role, font in prepared.items():
        if font.reportlab_name not in pdfmetrics.getRegisteredFontNames():
            try:
                pdfmetrics.registerFont(TTFont(font.reportlab_name, str(font.ttf_path)))
            except TTFError as exc:
                raise FontError(f"{ROLE_LABELS[role]}的字体子集无法用于 PDF：{font.ttf_path}（{exc}）") from None
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(font.reportlab_name, bold, italic, font.reportlab_name)
        names[role] = font.reportlab_name
    return names
