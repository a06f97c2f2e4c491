"""The DOCX house styles: the official font names per role and one paragraph style per kind of text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Pt, RGBColor

from ..house import BODY_SIZE as BODY_PT, LINE_PITCH as LINE_PITCH_PT
from . import oxml

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

LATIN = "Times New Roman"
SONG, HEI, FANGSONG, KAI, XIAOBIAOSONG = "宋体", "黑体", "仿宋_GB2312", "楷体_GB2312", "方正小标宋简体"


# Characters that Latin and CJK fonts share; in Chinese text they take the CJK (full-width) form.
AMBIGUOUS = set("“”‘’—…·–")
HIGHLIGHT_FILL = "F2F2F2"
BLOCK_GAP_PT = 8
CELL_PADDING_TWIPS = 57  # 1 mm left and right
KEEP_WHOLE_ROWS = 12  # tables with at most this many body rows are kept on one page
RULE_THICK, RULE_THIN = 12, 6  # eighths of a point: 1.5 pt and 0.75 pt


@dataclass(frozen=True)
class StyleSpec:
    """One paragraph style: East Asian font, size, weight, alignment, indent and line spacing."""

    font: str
    size: float
    bold: bool = False
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY
    indent_chars: int = 0  # first-line indent, 100 = one character
    line_pt: float | None = LINE_PITCH_PT  # exact line spacing; None = single
    keep_with_next: bool = False
    snap_to_grid: bool = True
    space_before: float = 0
    space_after: float = 0
    right_indent_pt: float = 0
    left_indent_pt: float = 0


# style name → spec. Names that python-docx's template already has keep their
# built-in meaning (Heading N for the outline, Title, Caption, Footer);
# the rest are added as custom styles.
STYLES: dict[str, StyleSpec] = {
    "Normal": StyleSpec(FANGSONG, BODY_PT, indent_chars=200),
    "Title": StyleSpec(XIAOBIAOSONG, 22, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=36, keep_with_next=True),
    "Subtitle": StyleSpec(KAI, BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True),
    "Heading 1": StyleSpec(HEI, BODY_PT, indent_chars=200, keep_with_next=True),
    "Heading 2": StyleSpec(KAI, BODY_PT, indent_chars=200, keep_with_next=True),
    "Heading 3": StyleSpec(FANGSONG, BODY_PT, bold=True, indent_chars=200, keep_with_next=True),
    "Heading 4": StyleSpec(FANGSONG, BODY_PT, indent_chars=200, keep_with_next=True),
    # boxed; the side indents keep the box (drawn 4 pt outside the text) inside the text block
    "Abstract": StyleSpec(KAI, BODY_PT, indent_chars=200, left_indent_pt=6, right_indent_pt=6),
    "Note": StyleSpec(FANGSONG, 12, indent_chars=200, line_pt=20, snap_to_grid=False),
    "Center": StyleSpec(FANGSONG, BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER),
    "Signature": StyleSpec(FANGSONG, BODY_PT, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent_pt=2 * BODY_PT),
    "Caption": StyleSpec(HEI, 14, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=22, keep_with_next=True,
                         snap_to_grid=False, space_before=6, space_after=3),
    "Figure": StyleSpec(FANGSONG, BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=None, keep_with_next=True,
                        snap_to_grid=False, space_before=6),
    "Table Text": StyleSpec(SONG, 10.5, align=WD_ALIGN_PARAGRAPH.LEFT, line_pt=15, snap_to_grid=False),
    "Table Header": StyleSpec(HEI, 10.5, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=15, snap_to_grid=False),
    "Source Note": StyleSpec(KAI, 10.5, align=WD_ALIGN_PARAGRAPH.LEFT, line_pt=16, snap_to_grid=False),
    "Footer": StyleSpec(SONG, 14, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=None, snap_to_grid=False),
}
PARAGRAPH_STYLES = {"body": "Normal", "abstract": "Abstract", "note": "Note", "center": "Center",
                    "signature": "Signature"}
FONT_TABLE = (LATIN, SONG, HEI, FANGSONG, KAI, XIAOBIAOSONG)


def define_styles(document: DocxDocument) -> None:
    """Define every paragraph style of :data:`STYLES` on ``document``, with Chinese theme fonts and font table."""
    styles = document.styles
    styles_element = styles.element
    oxml.set_doc_defaults(styles_element, LATIN, FANGSONG, BODY_PT)
    oxml.strip_theme_fonts(styles_element)
    for name, spec in STYLES.items():
        try:
            style = styles[name]
            oxml.reset_style_formatting(style.element)
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.quick_style = True
        if name == "Footer":
            style.base_style = styles["Normal"]
        font = style.font
        font.name = LATIN
        oxml.set_fonts(style.element, LATIN, spec.font)
        font.size = Pt(spec.size)
        font.bold = spec.bold
        font.italic = False
        font.color.rgb = RGBColor(0, 0, 0)
        fmt = style.paragraph_format
        fmt.alignment = spec.align
        oxml.set_first_line_chars(style.element, spec.indent_chars, spec.size * spec.indent_chars / 100)
        fmt.left_indent = Pt(spec.left_indent_pt)
        fmt.right_indent = Pt(spec.right_indent_pt)
        if spec.line_pt is None:
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        else:
            fmt.line_spacing = Pt(spec.line_pt)
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.space_before = Pt(spec.space_before)
        fmt.space_after = Pt(spec.space_after)
        fmt.keep_with_next = spec.keep_with_next
        fmt.widow_control = True
        oxml.set_snap_to_grid(style.element, spec.snap_to_grid)
    styles["Heading 1"].next_paragraph_style = styles["Normal"]
    oxml.set_box_border(styles["Abstract"].element)
    oxml.use_chinese_theme_fonts(document, LATIN, FANGSONG, HEI)
    oxml.replace_font_table(document, FONT_TABLE)
    oxml.set_theme_font_lang(document, "zh-CN")
    oxml.remove_template_leftovers(document)
