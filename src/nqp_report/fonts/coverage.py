"""Which characters a document needs, and whether a font covers them."""

from __future__ import annotations

import functools
import unicodedata

from ..errors import FontError
from .roles import ROLE_LABELS, ROLES, ResolvedFont

def needed_characters(text: str) -> set[str]:
    """Return the characters of ``text`` a font must draw (no whitespace or control characters)."""
    return {c for c in text if not c.isspace() and unicodedata.category(c)[0] != "C"}


def load_font(font: ResolvedFont, lazy: bool = True):
    """Return the fontTools font of ``font``; FontError naming the role and file when it cannot be read."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        return TTFont(str(font.path), fontNumber=font.face_index, lazy=lazy, recalcTimestamp=False)
    except (TTLibError, OSError, ValueError, AssertionError) as exc:
        raise FontError(f"{ROLE_LABELS[font.role]}的字体文件无法读取：{font.path}（{exc}）") from None


def missing_characters(font: ResolvedFont, text: str) -> list[str]:
    """Return the characters of ``text`` that the font's character map does not cover, sorted."""
    cmap = load_font(font).getBestCmap() or {}
    return sorted(c for c in needed_characters(text) if ord(c) not in cmap)


def check_coverage(fonts: dict[str, ResolvedFont], texts: dict[str, str], contexts: dict[str, str] | None = None) -> None:
    """Raise FontError naming every role, its font file and its uncovered characters (read with fontTools)."""
    raise_missing({role: missing_characters(fonts[role], texts[role]) for role in ROLES
                   if role in texts and role in fonts}, fonts, contexts)


def require_characters(fonts: dict[str, ResolvedFont], texts: dict[str, str], have: set[str],
                       contexts: dict[str, str] | None = None) -> None:
    """Raise FontError naming every role whose text has characters outside ``have`` (a face's character list)."""
    raise_missing({role: sorted(needed_characters(texts[role]) - have) for role in ROLES
                   if role in texts and role in fonts}, fonts, contexts)


def raise_missing(missing: dict[str, list[str]], fonts: dict[str, ResolvedFont],
                  contexts: dict[str, str] | None = None) -> None:
    """Raise FontError listing role, font file and missing characters, each with the text it appears in
    (``contexts``: character → snippet) where known; return None when nothing is missing."""
    problems = []
    for role, chars in missing.items():
        if chars:
            shown = "、".join(f"“{c}”(U+{ord(c):04X})" for c in chars[:20])
            more = f"等 {len(chars)} 个字符" if len(chars) > 20 else ""
            problems.append(f"{ROLE_LABELS[role]}所用字体 {fonts[role].path} 缺少字符 {shown}{more}")
            problems += [f"  “{c}”出现在：“{contexts[c]}”" for c in chars[:5] if contexts and c in contexts]
    if problems:
        raise FontError("字体缺字，无法排版 PDF：\n" + "\n".join(problems)
                        + "\n可用 --font 角色=字体文件 或字体配置文件指定包含这些字符的字体，或修改数据中的用字。")


@functools.lru_cache(maxsize=1)
def common_characters() -> frozenset[str]:
    """Return the characters every subset carries: printable ASCII, GB 2312 symbols and its 3755 level-1 hanzi.

    With this fixed base, documents of any target and any data update share
    one cached subset per font; only characters outside it make a new one.
    (The PDF embeds only the glyphs it uses, so the base costs no PDF size.)
    """
    return frozenset({chr(c) for c in range(0x21, 0x7F)} | set("−·—–…‰℃±×÷≈≠≤≥～№•") | gb2312_common())


def gb2312_common() -> set[str]:
    """Return GB 2312's symbols and its 3755 level-1 hanzi (the commonly used ones)."""
    chars = set()
    for high in list(range(0xA1, 0xAA)) + list(range(0xB0, 0xD8)):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars
