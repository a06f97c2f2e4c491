"""Structure dumps of DOCX and PDF files, for people and for golden-file tests.

``inspect_docx`` and ``inspect_pdf`` return plain dicts (JSON-ready, keys
sorted on output) describing page setup, styles and fonts, headings, tables,
figures, footer fields and properties; for a PDF also, per page, the printed
page number, the captions, notes and source lines found in its text, links
and images. ``golden_view`` keeps the part that does not depend on font
versions or byte layout, which golden files store; with ``layout=True`` it
also keeps where things fall on the pages (for fonts that are pinned).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from pathlib import Path

from .errors import NqpError

EMU_PER_MM = 36000
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class InspectError(NqpError):
    """A file that cannot be inspected (missing, not a DOCX/PDF, damaged)."""


def _mm(length) -> float | None:
    return None if length is None else round(length / EMU_PER_MM, 1)


def _style_fonts(style) -> dict:
    rpr = style.element.rPr
    fonts = {}
    if rpr is not None and rpr.rFonts is not None:
        for key in ("ascii", "hAnsi", "eastAsia"):
            value = rpr.rFonts.get(W + key)
            if value:
                fonts[key] = value
    size = style.font.size.pt if style.font.size is not None else None
    return {"fonts": fonts, "size_pt": size, "bold": style.font.bold}


def _heading_level(paragraph) -> int | None:
    name = paragraph.style.name if paragraph.style is not None else ""
    m = re.match(r"Heading (\d)", name)
    if m:
        return int(m.group(1))
    if name == "Title":
        return 0
    return None


def inspect_docx(path: Path) -> dict:
    """Return the structure of a DOCX: page setup, styles in use, headings, tables, figures, footer, properties."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise InspectError(f"无法读取 DOCX 文件 {path}：不是有效的 DOCX（可能已损坏，或是改了扩展名的其他文件）") from exc
    section = document.sections[0]
    body = document.element.body
    headings, tables, figures, paragraphs = [], [], [], 0
    styles_used: set[str] = set()
    previous_text = ""
    pending_figure = False
    for child in body.iterchildren():
        tag = child.tag.split("}")[1]
        if tag == "p":
            from docx.text.paragraph import Paragraph

            p = Paragraph(child, document)
            text = p.text.strip()
            if p.style is not None:
                styles_used.add(p.style.name)
            has_picture = bool(child.findall(".//" + W + "drawing"))
            level = _heading_level(p)
            if level is not None and text:
                headings.append({"level": level, "text": text})
            elif text:
                paragraphs += 1
            if has_picture:
                extent = child.find(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent")
                figures.append({"caption": "", "width_mm": _mm(int(extent.get("cx"))) if extent is not None else None,
                                "height_mm": _mm(int(extent.get("cy"))) if extent is not None else None})
                pending_figure = True
            elif pending_figure and re.match(r"^图\d+", text):
                figures[-1]["caption"] = text
                pending_figure = False
            elif re.match(r"^图\d+", text) and (not figures or figures[-1]["caption"]):
                figures.append({"caption": text, "width_mm": None, "height_mm": None, "placeholder": True})
            if text:
                previous_text = text
        elif tag == "tbl":
            tables.append(_docx_table(child, document, previous_text, styles_used))
    props = document.core_properties
    styles = {}
    for name in sorted(styles_used):
        try:
            styles[name] = _style_fonts(document.styles[name])
        except KeyError:
            continue
    return {
        "format": "docx",
        "page": {"width_mm": _mm(section.page_width), "height_mm": _mm(section.page_height),
                 "margins_mm": {"top": _mm(section.top_margin), "bottom": _mm(section.bottom_margin),
                                "left": _mm(section.left_margin), "right": _mm(section.right_margin)}},
        "styles": styles,
        "headings": headings,
        "paragraphs": paragraphs,
        "tables": tables,
        "figures": figures,
        "footer_fields": _footer_fields(document),
        "properties": {"title": props.title, "author": props.author, "subject": props.subject,
                       "keywords": props.keywords, "language": props.language},
    }


def _docx_table(element, document, previous_text: str, styles_used: set[str]) -> dict:
    """Return a DOCX table's caption (the paragraph above, when it is "表N …"), size, header rows and cells."""
    from docx.table import Table

    t = Table(element, document)
    cells = [[c.text.strip() for c in row.cells] for row in t.rows]
    header_rows = sum(1 for row in element.findall(W + "tr")
                      if row.find(W + "trPr") is not None and row.find(W + "trPr").find(W + "tblHeader") is not None)
    if t.style is not None:
        styles_used.add(t.style.name)
    return {
        "caption": previous_text if re.match(r"^表\d+", previous_text) else "",
        "rows": len(t.rows), "cols": len(t.columns), "header_rows": header_rows,
        "header": cells[0] if cells else [], "cells": cells,
    }


def _footer_fields(document) -> list[str]:
    """Return the field instructions in every section's footer, sorted and without repeats."""
    fields = []
    for sec in document.sections:
        for instr in sec.footer._element.iter(W + "instrText"):
            fields.append(instr.text.strip())
        for fld in sec.footer._element.iter(W + "fldSimple"):
            fields.append(fld.get(W + "instr", "").strip())
    return sorted(set(fields))


def _outline(reader, items, level=1) -> list[dict]:
    out = []
    for item in items:
        if isinstance(item, list):
            if out:
                out[-1]["children"] = _outline(reader, item, level + 1)
            continue
        page = reader.get_destination_page_number(item)
        out.append({"level": level, "title": str(item.title), "page": page + 1 if page is not None else None})
    return out


def _flatten(outline: list[dict]) -> list[dict]:
    flat = []
    for node in outline:
        flat.append({k: v for k, v in node.items() if k != "children"})
        flat.extend(_flatten(node.get("children", [])))
    return flat


CAPTION_LINE = re.compile(r"^\s*([表图]\d+)(?![\d、，,）)。；;：:！!？?”’》])")
PRINTED_PAGE_NUMBER = re.compile(r"—\s*(\d+)\s*—")
SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
FONT_HASH_SUFFIX = re.compile(r"-[0-9a-f]{8}$")


def _page_text_structure(text: str) -> dict:
    """Return what a page's text shows: printed page number, captions, notes and source lines opening a line."""
    printed = PRINTED_PAGE_NUMBER.search(text)
    lines = [line.strip() for line in text.splitlines()]
    captions = [m.group(1) for m in map(CAPTION_LINE.match, lines) if m]
    return {"printed_number": int(printed.group(1)) if printed else None, "captions": captions,
            "notes": sum(1 for line in lines if line.startswith("注：")),
            "sources": sum(1 for line in lines if line.startswith("资料来源："))}


def _font_entry(font) -> dict:
    """Return a PDF font's name, family (no subset tag or content hash), and whether it is embedded and subset."""
    base = str(font.get("/BaseFont", "")).lstrip("/")
    descriptor = font.get("/FontDescriptor")
    if descriptor is None and "/DescendantFonts" in font:
        descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else {}
    return {"name": base, "family": FONT_HASH_SUFFIX.sub("", SUBSET_PREFIX.sub("", base)),
            "embedded": any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")),
            "subset": bool(SUBSET_PREFIX.match(base))}


def inspect_pdf(path: Path) -> dict:
    """Return the structure of a PDF: pages (with printed number, captions, links), outline, fonts, images, info."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)  # a damaged file gets our one message, not pypdf's repair notes too
    try:
        reader = PdfReader(str(path))
        pages = reader.pages
        n = len(pages)
    except (PdfReadError, OSError, ValueError) as exc:
        raise InspectError(f"无法读取 PDF 文件 {path}：不是有效的 PDF（可能已损坏，或是改了扩展名的其他文件）") from exc
    finally:
        pypdf_log.setLevel(level)
    fonts: dict[str, dict] = {}
    page_info, images = [], []
    for number, page in enumerate(pages, start=1):
        text = page.extract_text() or ""
        norm = re.sub(r"\s+", "", text)
        page_info.append({"number": number, "width_mm": round(float(page.mediabox.width) * 25.4 / 72, 1),
                          "height_mm": round(float(page.mediabox.height) * 25.4 / 72, 1),
                          "text_sha256": hashlib.sha256(norm.encode()).hexdigest()[:16], "chars": len(norm),
                          "links": sum(1 for a in page.get("/Annots", []) if a.get_object().get("/Subtype") == "/Link"),
                          **_page_text_structure(text)})
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            entry = _font_entry(font.get_object())
            fonts[entry["name"]] = entry
        for xo in (resources.get("/XObject") or {}).values():
            xo = xo.get_object()
            if xo.get("/Subtype") == "/Image":
                images.append({"page": number, "width_px": int(xo.get("/Width", 0)),
                               "height_px": int(xo.get("/Height", 0))})
    meta = reader.metadata or {}
    return {
        "format": "pdf",
        "page_count": n,
        "pages": page_info,
        "outline": _outline(reader, reader.outline),
        "fonts": [fonts[k] for k in sorted(fonts)],
        "images": images,
        "info": {k: str(meta.get("/" + k, "")) for k in ("Title", "Author", "Subject", "Keywords", "Creator")},
    }


def pdf_text(path: Path) -> str:
    """Return the text of a PDF (pypdf's extraction), pages joined by newlines."""
    from pypdf import PdfReader

    return "\n".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)


def inspect_file(path: Path) -> dict:
    """Return the structure of a .docx or .pdf file."""
    path = Path(path)
    if not path.exists():
        raise InspectError(f"文件不存在：{path}")
    if path.suffix.lower() == ".docx":
        return inspect_docx(path)
    if path.suffix.lower() == ".pdf":
        return inspect_pdf(path)
    raise InspectError(f"只能检查 .docx 或 .pdf 文件：{path}")


def golden_view(structure: dict, layout: bool = False) -> dict:
    """Return the part of a structure that golden files store.

    Without ``layout``, only what does not depend on font versions or page
    breaks: for a PDF the outline, captions in order, font families and their
    embedding, image sizes and document info. With ``layout`` (the test suite,
    whose fonts are pinned), a PDF view also keeps the page count and, per page,
    the headings, captions, printed page number, links and images.
    """
    if structure["format"] == "docx":
        keep = {k: structure[k] for k in ("format", "page", "styles", "headings", "tables", "footer_fields",
                                           "properties")}
        keep["figures"] = [{"caption": f["caption"], "picture": f.get("width_mm") is not None}
                           for f in structure["figures"]]
        return keep
    outline = _flatten(structure["outline"])
    families: dict[str, dict] = {}
    for font in structure["fonts"]:
        entry = families.setdefault(font["family"], {"family": font["family"], "embedded": True, "subset": True})
        entry["embedded"] = entry["embedded"] and font["embedded"]
        entry["subset"] = entry["subset"] and font["subset"]
    view = {
        "format": "pdf",
        "page_size_mm": sorted({(p["width_mm"], p["height_mm"]) for p in structure["pages"]}),
        "outline": [{"level": o["level"], "title": o["title"]} for o in outline],
        "captions": [c for p in structure["pages"] for c in p["captions"]],
        "fonts": [families[k] for k in sorted(families)],
        "images_px": [[i["width_px"], i["height_px"]] for i in structure["images"]],
        "info": structure["info"],
    }
    view["page_size_mm"] = [list(size) for size in view["page_size_mm"]]
    if layout:
        view["page_count"] = structure["page_count"]
        view["pages"] = [_page_layout(p, outline, structure["images"]) for p in structure["pages"]]
    return view


def _page_layout(page: dict, outline: list[dict], images: list[dict]) -> dict:
    """Return what one page holds: headings that start on it, captions, notes, sources, printed number, links, images."""
    return {
        "number": page["number"],
        "printed_number": page["printed_number"],
        "headings": [o["title"] for o in outline if o["page"] == page["number"]],
        "captions": page["captions"],
        "notes": page["notes"],
        "sources": page["sources"],
        "links": page["links"],
        "images": sum(1 for i in images if i["page"] == page["number"]),
    }


def to_json(structure: dict) -> str:
    """Return a structure as canonical JSON: sorted keys, two-space indent, Chinese kept readable."""
    return json.dumps(structure, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def to_text(structure: dict) -> str:
    """Return a short human-readable summary of a structure."""
    lines = []
    if structure["format"] == "docx":
        page = structure["page"]
        m = page["margins_mm"]
        lines.append(f"DOCX：纸张 {page['width_mm']}×{page['height_mm']} mm，页边距 上{m['top']} 下{m['bottom']} "
                     f"左{m['left']} 右{m['right']} mm")
        lines.append(f"标题 {len(structure['headings'])} 个，正文段落 {structure['paragraphs']} 个，"
                     f"表 {len(structure['tables'])} 个，图 {len(structure['figures'])} 个")
        for h in structure["headings"]:
            lines.append("  " * max(h["level"] - 1, 0) + f"[{h['level']}] {h['text']}")
        for t in structure["tables"]:
            lines.append(f"表：{t['caption'] or '（无题注）'}，{t['rows']}行×{t['cols']}列，表头行 {t['header_rows']}")
        for f in structure["figures"]:
            lines.append(f"图：{f['caption'] or '（无题注）'}")
        lines.append("样式字体：")
        for name, st in structure["styles"].items():
            fonts = st["fonts"]
            lines.append(f"  {name}：中文 {fonts.get('eastAsia', '—')}，西文 {fonts.get('ascii', '—')}，"
                         f"{st['size_pt'] or '—'} pt")
        lines.append(f"页脚域：{'、'.join(structure['footer_fields']) or '（无）'}")
        lines.append(f"属性：{structure['properties']}")
    else:
        lines.append(f"PDF：{structure['page_count']} 页")
        for o in _flatten(structure["outline"]):
            lines.append("  " * (o["level"] - 1) + f"[{o['level']}] {o['title']}（第{o['page']}页）")
        for p in structure["pages"]:
            if p["captions"]:
                lines.append(f"第{p['number']}页题注：{'、'.join(p['captions'])}")
        for f in structure["fonts"]:
            lines.append(f"字体 {f['name']}：{'已嵌入' if f['embedded'] else '未嵌入'}，{'子集' if f['subset'] else '完整'}")
        lines.append(f"图像 {len(structure['images'])} 个；文档信息：{structure['info']}")
    return "\n".join(lines)
