"""TrueType subsets for the PDF: subset, instance variable fonts, convert CFF to glyf outlines, cache.

ReportLab embeds only TrueType outlines, so :func:`prepare_fonts` subsets each
font to the characters the document uses, instances variable fonts, converts
CFF outlines to quadratic ``glyf`` outlines (fontTools) and caches the result.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import FontError
from .cachedir import file_stamp
from .coverage import check_coverage, common_characters, load_font, needed_characters, require_characters
from .roles import FALLBACK_ROLE, ROLE_LABELS, ROLES, ResolvedFont

# Weight at which a variable font is instanced, by role.
WEIGHTS = {"title": 700, "heading": 600}

CONVERTER_VERSION = "2"

@dataclass(frozen=True)
class PreparedFont:
    """A TrueType subset in the cache, ready for ReportLab."""

    role: str
    ttf_path: Path
    reportlab_name: str


def subset_key(font: ResolvedFont, chars: set[str]) -> str:
    """Return the cache key of a subset: font file identity, face, weight, characters, converter version."""
    h = hashlib.sha256()
    for part in (file_stamp(font.path), str(font.face_index), str(_weight(font)), CONVERTER_VERSION,
                 "".join(sorted(chars))):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def _weight(font: ResolvedFont) -> int:
    """Return the weight a variable font is instanced at for this role (a static font ignores it)."""
    return WEIGHTS.get(font.role, 400)


def prepare_fonts(fonts: dict[str, ResolvedFont], texts: dict[str, str], cache: Path,
                  base: frozenset[str] | None = None, contexts: dict[str, str] | None = None) -> dict[str, PreparedFont]:
    """Return role → a cached TrueType subset covering that role's text, creating missing subsets.

    Roles served by the same file, face and weight share one subset: the
    ``base`` characters (by default :func:`common_characters`) plus any other
    character the roles use. Every role's text is checked against its subset,
    so a character the font lacks is a FontError naming it (and the text it
    appears in, from ``contexts``), never a box in the PDF.
    """
    groups: dict[tuple, list[str]] = {}
    for role in ROLES:
        if role in fonts and (role != FALLBACK_ROLE or texts.get(role)):  # no fallback face without text for it
            f = fonts[role]
            groups.setdefault((str(f.path), f.face_index, _weight(f)), []).append(role)
    prepared: dict[str, PreparedFont] = {}
    for roles in groups.values():
        used: set[str] = set()
        for role in roles:
            used |= needed_characters(texts.get(role, ""))
        font = fonts[roles[0]]
        ready = subset_characters(font.path) if font.face_index == 0 else None
        if ready is not None:  # a shipped face: TrueType already, its characters listed beside it
            require_characters({r: fonts[r] for r in roles}, texts, ready, contexts)
            path, key = font.path, hashlib.sha256(file_stamp(font.path).encode("utf-8")).hexdigest()
        else:
            chars = set(common_characters() if base is None else base) | used | set("0123456789—")
            key = subset_key(font, chars)
            path = cache / f"{font.path.stem}-{key[:20]}.ttf"
            _make_subset(roles, fonts, texts, chars, used, path, key, contexts)
        for role in roles:
            prepared[role] = PreparedFont(role, path, f"NQP-{key[:12]}")
    return {role: prepared[role] for role in ROLES if role in prepared}


def _make_subset(roles: list[str], fonts: dict[str, ResolvedFont], texts: dict[str, str], chars: set[str],
                 used: set[str], path: Path, key: str, contexts: dict[str, str] | None) -> None:
    """Write the subset at ``path`` unless a cached one covers ``used`` (known from its character list)."""
    have = subset_characters(path) if path.is_file() else None
    if have is not None:
        if not used <= have:
            require_characters({r: fonts[r] for r in roles}, texts, have, contexts)
        return
    check_coverage({r: fonts[r] for r in roles}, texts, contexts)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FontError(f"无法创建字体缓存文件夹 {path.parent}：{exc.strerror or exc}") from None
    write_truetype_subset(fonts[roles[0]], chars, path, tag=key[:8])


def route_to_fallback(fonts: dict[str, ResolvedFont], texts: dict[str, str]) -> dict[str, str]:
    """Return ``texts`` with the characters each role's face is known to lack moved to the fallback role.

    Only faces with a character list beside them (the shipped ones, cached
    subsets) are known without opening them; other fonts keep their text and
    are checked character by character when prepared.
    """
    if FALLBACK_ROLE not in fonts:
        return dict(texts)
    routed = {role: text for role, text in texts.items() if role != FALLBACK_ROLE}
    extra = set(texts.get(FALLBACK_ROLE, ""))
    for role, text in texts.items():
        font = fonts.get(role)
        have = subset_characters(font.path) if font is not None and role != FALLBACK_ROLE else None
        if have is None or font.face_index:
            continue
        lacking = needed_characters(text) - have
        if lacking:
            routed[role] = "".join(c for c in text if c not in lacking)
            extra |= lacking
    if extra:
        routed[FALLBACK_ROLE] = "".join(sorted(extra))
    return routed


def chars_file(font_path: Path) -> Path:
    """Return the path of the character list kept beside a prepared TrueType face."""
    return font_path.with_name(font_path.name + ".chars")


def write_chars_file(font_path: Path, chars: set[str]) -> None:
    """Write the characters ``font_path`` maps, sorted, UTF-8, beside it (atomically)."""
    dest = chars_file(font_path)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    tmp.write_text("".join(sorted(chars)), encoding="utf-8")
    os.replace(tmp, dest)


def subset_characters(font_path: Path) -> set[str] | None:
    """Return the characters a prepared face maps, from its character list; None when it has none."""
    try:
        return set(chars_file(font_path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def write_truetype_subset(font: ResolvedFont, chars: set[str], dest: Path, tag: str = "") -> None:
    """Write a TrueType-outline subset of ``font`` covering ``chars`` to ``dest`` (atomically).

    ``tag`` is appended to the PostScript name: ReportLab keeps one font per
    PostScript name in a process, so each subset needs a name of its own.
    """
    from fontTools import subset

    tt = load_font(font, lazy=False)
    if "fvar" in tt:
        from fontTools.varLib import instancer

        axes = {a.axisTag: a for a in tt["fvar"].axes}
        location = {}
        if "wght" in axes:
            w = axes["wght"]
            location["wght"] = min(max(_weight(font), w.minValue), w.maxValue)
        tt = instancer.instantiateVariableFont(tt, location, inplace=False)
    subsetter = subset.Subsetter(subset_options())
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
    write_chars_file(dest, {chr(c) for c in (tt.getBestCmap() or {})})


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
    hmtx = tt["hmtx"]
    for name, glyph in glyphs.items():
        glyph.recalcBounds(glyf)
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


def subset_options(extra_drop: tuple[str, ...] = ()):
    """Return fontTools subsetter options: outlines and metrics only, every name record kept, no timestamp."""
    from fontTools import subset

    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "VORG", "vhea", "vmtx", "DSIG", "MATH",
                            *extra_drop]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    options.recalc_timestamp = False
    return options
