"""Fonts for the PDF: prepare the subsets a document needs, register them with ReportLab, check them."""

from __future__ import annotations

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError

from ...errors import FontError
from ...fonts import (
    FALLBACK_ROLE, ROLE_LABELS, PreparedFont, cache_dir, common_characters, needed_characters, prepare_fonts,
    resolve_fonts, route_to_fallback,
)
from .facecache import CachedTTFont
from .metrics import SPACE_WIDTHS, char_map

ROLES_NEEDED = ("title", "heading", "kai", "body", "table")
"""The roles every PDF needs; ``latin`` and ``fallback`` are drawn in when present."""


def pdf_fonts_for(doc, user: dict[str, str] | None = None, charset: str = "") -> dict[str, str]:
    """Return role → registered ReportLab font name, after checking coverage of the document's text.

    ``charset`` (the text of the dataset and template) widens the cached
    subsets beyond this document, so briefings for other targets of the same
    data reuse them.
    """
    return pdf_fonts_and_texts(doc, user, charset)[0]


def pdf_fonts_and_texts(doc, user: dict[str, str] | None = None,
                        charset: str = "") -> tuple[dict[str, str], dict[str, str]]:
    """Return what :func:`pdf_fonts_for` returns, and role → the characters the document draws in that role.

    The second is the text-by-role pass the fonts were prepared from, for the
    writer's final font check (one pass instead of two).
    """
    from .textroles import TextByRole

    resolved = resolve_fonts(user or None)
    base = common_characters() | needed_characters(charset)
    pass_ = TextByRole()
    drawn = pass_.collect(doc)
    texts = route_to_fallback(resolved, drawn)
    main = {role: font for role, font in resolved.items() if role != FALLBACK_ROLE}
    prepared = prepare_fonts(main, texts, cache_dir() / "fonts", base=frozenset(base), contexts=pass_.contexts)
    if texts.get(FALLBACK_ROLE):  # only the few characters the shipped faces lack: a small, quick subset
        prepared.update(prepare_fonts({FALLBACK_ROLE: resolved[FALLBACK_ROLE]}, texts, cache_dir() / "fonts",
                                      base=frozenset(), contexts=pass_.contexts))
    return register_with_reportlab(prepared), drawn


def register_with_reportlab(prepared: dict[str, PreparedFont]) -> dict[str, str]:
    """Register each prepared subset with ReportLab (as its own bold/italic family) and return role → name."""

    names = {}
    for role, font in prepared.items():
        if font.reportlab_name not in pdfmetrics.getRegisteredFontNames():
            try:
                pdfmetrics.registerFont(CachedTTFont(font.reportlab_name, font.ttf_path))
            except TTFError as exc:
                raise FontError(f"{ROLE_LABELS[role]}的字体子集无法用于 PDF：{font.ttf_path}（{exc}）") from None
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(font.reportlab_name, bold, italic, font.reportlab_name)
        names[role] = font.reportlab_name
    return names


def check_fonts(fonts: dict[str, str], texts: dict[str, str]) -> None:
    """Raise FontError when a registered font lacks a character its role draws (never a box in the PDF).

    This also catches ReportLab handing back an earlier TrueType font: it
    keeps one font per PostScript name, so a second subset of the same face
    registered under a new name silently resolves to the first subset.
    """
    problems = []
    fallback = char_map(fonts[FALLBACK_ROLE]) if FALLBACK_ROLE in fonts else {}
    for role, text in sorted(texts.items()):
        cmap = char_map(fonts[role])
        if cmap is None:
            continue
        font = pdfmetrics.getFont(fonts[role])
        missing = sorted({c for c in text if c not in SPACE_WIDTHS and ord(c) not in cmap and ord(c) not in fallback})
        if missing:
            shown = "".join(missing[:20])
            problems.append(f"{role}（{fonts[role]} → {font.fontName}）缺少 {len(missing)} 个字符：{shown}")
    if problems:
        raise FontError("PDF 字体不含要绘制的字符：" + "；".join(problems))
