"""Raw WordprocessingML tweaks that python-docx's API does not offer.

The DOCX writer uses python-docx's friendly API; everything that has to touch
XML directly lives here, in small functions named for what they do: the East
Asian font slot, removing the stock template's Japanese theme fonts, fields,
document grid, bookmarks and
internal links, and a deterministic zip container. Table XML is in :mod:`.oxmltable`.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import TYPE_CHECKING, Iterable

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.section import Section
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RT_THEME = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
RT_FONT_TABLE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
RT_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"

_THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
# Children of w:pPr in schema order (CT_PPrBase), enough to insert new ones in place.
_PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange",
)
TCPR_ORDER = ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
               "textDirection", "tcFitText", "vAlign", "hideMark")
TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
                "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
                "tblLayout", "tblCellMar", "tblLook")


def insert_in_order(parent, child, order: tuple[str, ...]) -> None:
    """Insert ``child`` into ``parent`` before the first sibling that follows it in schema order."""
    name = child.tag.split("}")[1]
    later = set(order[order.index(name) + 1:])
    for existing in parent:
        if existing.tag.split("}")[-1] in later:
            existing.addprevious(child)
            return
    parent.append(child)


def replace_child(parent, tag: str, order: tuple[str, ...]):
    """Return a fresh ``w:<tag>`` child of ``parent``, replacing any existing one, in schema order."""
    for old in parent.findall(qn("w:" + tag)):
        parent.remove(old)
    child = OxmlElement("w:" + tag)
    insert_in_order(parent, child, order)
    return child


# ---------------------------------------------------------------- fonts
def set_fonts(element, latin: str | None, east_asian: str | None) -> None:
    """Set the Latin (ascii, hAnsi, cs) and East Asian font slots on a style's or run's rPr.

    Theme font attributes are removed: in Word they take precedence over the
    explicit names. ``None`` leaves a slot as it is.
    """
    rfonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(qn("w:" + attr), None)
    if latin:
        for attr in ("ascii", "hAnsi", "cs"):
            rfonts.set(qn("w:" + attr), latin)
    if east_asian:
        rfonts.set(qn("w:eastAsia"), east_asian)


def set_east_asian_hint(run: Run) -> None:
    """Render characters shared by Latin and CJK (“”‘’—…·) in the East Asian font, as Chinese text expects."""
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:hint"), "eastAsia")


def strip_theme_fonts(styles_element) -> None:
    """Remove every theme font reference from the style sheet, so no theme font can leak into the text."""
    for rfonts in styles_element.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            rfonts.attrib.pop(qn("w:" + attr), None)


def set_doc_defaults(styles_element, latin: str, east_asian: str, size_pt: float, lang: str = "zh-CN") -> None:
    """Set the document defaults: explicit fonts, size, Chinese language, no paragraph spacing."""
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles_element.insert(0, defaults)
    for child in list(defaults):
        defaults.remove(child)
    rpr_default = etree.SubElement(defaults, qn("w:rPrDefault"))
    rpr = etree.SubElement(rpr_default, qn("w:rPr"))
    etree.SubElement(rpr, qn("w:rFonts"), {qn("w:ascii"): latin, qn("w:hAnsi"): latin, qn("w:cs"): latin,
                                           qn("w:eastAsia"): east_asian})
    half_points = str(round(size_pt * 2))
    etree.SubElement(rpr, qn("w:kern"), {qn("w:val"): "2"})
    etree.SubElement(rpr, qn("w:sz"), {qn("w:val"): half_points})
    etree.SubElement(rpr, qn("w:szCs"), {qn("w:val"): half_points})
    etree.SubElement(rpr, qn("w:lang"), {qn("w:val"): "en-US", qn("w:eastAsia"): lang, qn("w:bidi"): "ar-SA"})
    ppr_default = etree.SubElement(defaults, qn("w:pPrDefault"))
    ppr = etree.SubElement(ppr_default, qn("w:pPr"))
    etree.SubElement(ppr, qn("w:spacing"), {qn("w:after"): "0", qn("w:line"): "240", qn("w:lineRule"): "auto"})


def reset_style_formatting(style_element, keep: Iterable[str] = ("outlineLvl",)) -> None:
    """Remove a stock style's paragraph and run formatting (colours, borders, theme fonts), keeping ``keep``."""
    keep = set(keep)
    rpr = style_element.find(qn("w:rPr"))
    if rpr is not None:
        style_element.remove(rpr)
    ppr = style_element.find(qn("w:pPr"))
    if ppr is not None:
        for child in list(ppr):
            if child.tag.split("}")[1] not in keep:
                ppr.remove(child)


def _replace_theme_font_scheme(theme_xml: bytes, latin_minor: str, ea_minor: str, latin_major: str,
                               ea_major: str) -> bytes:
    root = etree.fromstring(theme_xml)
    ns = {"a": A_NS}
    for which, latin, ea in (("minorFont", latin_minor, ea_minor), ("majorFont", latin_major, ea_major)):
        for font in root.iterfind(f".//a:fontScheme/a:{which}", ns):
            font.find("a:latin", ns).set("typeface", latin)
            font.find("a:ea", ns).set("typeface", ea)
            for script_font in font.findall("a:font", ns):
                if script_font.get("script") in ("Jpan", "Hans"):
                    font.remove(script_font)
            hans = etree.Element(f"{{{A_NS}}}font", script="Hans", typeface=ea)
            font.find("a:cs", ns).addnext(hans)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def use_chinese_theme_fonts(document: DocxDocument, latin: str, body_ea: str, heading_ea: str) -> None:
    """Replace the theme's Japanese script fonts (ＭＳ 明朝, ＭＳ ゴシック) with the Chinese fonts."""
    for rel in document.part.rels.values():
        if rel.reltype == RT_THEME:
            part = rel.target_part
            part._blob = _replace_theme_font_scheme(part.blob, latin, body_ea, latin, heading_ea)


# Font table entries: charset 86 is GB2312; altName lets Word and WPS substitute the
# common Windows face when the _GB2312 face is not installed.
_FONT_TABLE_ENTRIES = {
    "Times New Roman": ("00", "roman", None, "02020603050405020304"),
    "宋体": ("86", "auto", "SimSun", "02010600030101010101"),
    "黑体": ("86", "modern", "SimHei", "02010609060101010101"),
    "仿宋_GB2312": ("86", "modern", "仿宋", "02010609030101010101"),
    "楷体_GB2312": ("86", "modern", "楷体", "02010609030101010101"),
    "方正小标宋简体": ("86", "script", "华文中宋", "02000000000000000000"),
}


def chinese_font_table(names: Iterable[str]) -> bytes:
    """Return a word/fontTable.xml listing ``names`` with GB2312 charsets and substitution names."""
    root = etree.Element(qn("w:fonts"), nsmap={"w": W_NS})
    for name in names:
        charset, family, alt, panose = _FONT_TABLE_ENTRIES.get(name, ("86", "auto", None, "00000000000000000000"))
        font = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
        if alt:
            etree.SubElement(font, qn("w:altName"), {qn("w:val"): alt})
        etree.SubElement(font, qn("w:panose1"), {qn("w:val"): panose})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): charset})
        etree.SubElement(font, qn("w:family"), {qn("w:val"): family})
        etree.SubElement(font, qn("w:pitch"), {qn("w:val"): "variable"})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def replace_font_table(document: DocxDocument, names: Iterable[str]) -> None:
    """Replace the stock font table (which lists ＭＳ 明朝) with the fonts the document names."""
    for rel in document.part.rels.values():
        if rel.reltype == RT_FONT_TABLE:
            rel.target_part._blob = chinese_font_table(names)


def set_theme_font_lang(document: DocxDocument, east_asian: str = "zh-CN") -> None:
    """Set settings.xml's w:themeFontLang to Chinese (the stock template says eastAsia="ja-JP")."""
    settings = document.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is None:
        lang = OxmlElement("w:themeFontLang")
        settings.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), east_asian)


RT_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
RT_CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
RT_EXTENDED_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"


def remove_template_leftovers(document: DocxDocument) -> None:
    """Drop parts of the stock template the document does not use.

    The thumbnail (a picture of an empty page), stylesWithEffects.xml (a
    Word 2010 copy of the stock styles, theme fonts included) and the empty
    bibliography customXml.
    """
    for rels, reltypes in ((document.part.package.rels, {RT_THUMBNAIL}),
                           (document.part.rels, {RT_STYLES_WITH_EFFECTS, RT_CUSTOM_XML})):
        for rid in [rid for rid, rel in rels.items() if rel.reltype in reltypes]:
            del rels[rid]


def set_app_properties(document: DocxDocument, application: str, company: str = "") -> None:
    """Replace docProps/app.xml (the stock one names Microsoft Macintosh Word and stale counts)."""
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    root = etree.Element(f"{{{ns}}}Properties", nsmap={None: ns})
    for tag, value in (("Application", application), ("DocSecurity", "0"), ("ScaleCrop", "false"),
                       ("Company", company), ("LinksUpToDate", "false"), ("SharedDoc", "false"),
                       ("HyperlinksChanged", "false")):
        etree.SubElement(root, f"{{{ns}}}{tag}").text = value
    for rel in document.part.package.rels.values():
        if rel.reltype == RT_EXTENDED_PROPERTIES:
            rel.target_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# ---------------------------------------------------------------- paragraphs
def set_paragraph_style(paragraph: Paragraph, style_id: str) -> None:
    """Set a paragraph's style by its id (python-docx's ``style =`` rescans every style on each call)."""
    paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = style_id


def set_first_line_chars(element, chars: int, points: float) -> None:
    """Set a first-line indent in character units (w:firstLineChars, 100 = one character) with a points fallback."""
    ind = element.get_or_add_pPr().get_or_add_ind()
    for attr in ("hanging", "hangingChars"):
        ind.attrib.pop(qn("w:" + attr), None)
    ind.set(qn("w:firstLineChars"), str(chars))
    ind.set(qn("w:firstLine"), str(round(points * 20)))


def set_snap_to_grid(element, snap: bool) -> None:
    """Set whether a paragraph (or paragraph style) snaps its lines to the document grid."""
    ppr = element.get_or_add_pPr()
    node = replace_child(ppr, "snapToGrid", _PPR_ORDER)
    node.set(qn("w:val"), "1" if snap else "0")


def set_box_border(element, size_eighths: int = 6, space_pt: int = 4) -> None:
    """Draw a single-line box around a paragraph (consecutive boxed paragraphs share one box)."""
    ppr = element.get_or_add_pPr()
    border = replace_child(ppr, "pBdr", _PPR_ORDER)
    for side in ("top", "left", "bottom", "right"):
        etree.SubElement(border, qn("w:" + side), {qn("w:val"): "single", qn("w:sz"): str(size_eighths),
                                                   qn("w:space"): str(space_pt), qn("w:color"): "auto"})


def add_bookmark(paragraph: Paragraph, name: str, bookmark_id: int) -> None:
    """Wrap a paragraph's content in a bookmark (the target of internal links to it)."""
    p = paragraph._p
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    ppr = p.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(end)


def add_internal_link(paragraph: Paragraph, anchor: str, run: Run) -> None:
    """Move ``run`` into a hyperlink to the bookmark ``anchor`` (no link styling: it reads as text)."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    run._r.addprevious(link)
    link.append(run._r)


def _field_runs(paragraph: Paragraph, instruction: str, result: str, style_run) -> None:
    def run_with(child):
        run = paragraph.add_run()
        style_run(run)
        run._r.append(child)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    style_run(paragraph.add_run(result))
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def add_page_field(paragraph: Paragraph, style_run=lambda run: None) -> None:
    """Append a PAGE field (begin / instrText PAGE / separate / "1" / end) to a paragraph."""
    _field_runs(paragraph, "PAGE", "1", style_run)


def add_seq_field(paragraph: Paragraph, identifier: str, number: int, style_run=lambda run: None) -> None:
    """Append a SEQ field numbering a caption (as Word's Insert Caption does), showing ``number``."""
    _field_runs(paragraph, f"SEQ {identifier} \\* ARABIC", str(number), style_run)


# ---------------------------------------------------------------- sections
def set_doc_grid(section: Section, line_pitch_pt: float) -> None:
    """Set a line document grid with the given pitch (GB/T 9704: 22 lines a page)."""
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.attrib.clear()
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(line_pitch_pt * 20)))


# ---------------------------------------------------------------- tables
def deterministic_zip(data: bytes, when: dt.datetime) -> bytes:
    """Return the zip ``data`` rewritten with fixed entry order, timestamps and compression.

    [Content_Types].xml comes first and _rels/.rels second, then every other
    entry sorted by name; each entry gets the same date (``when``, not before
    1980) and the same attributes, so equal content gives equal bytes.
    """
    stamp = max(when.replace(tzinfo=None), dt.datetime(1980, 1, 1))
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second - stamp.second % 2)
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        entries = {info.filename: src.read(info) for info in src.infolist()}
    first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in entries]
    names = first + sorted(n for n in entries if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            dst.writestr(info, entries[name], compresslevel=6)
    return out.getvalue()
