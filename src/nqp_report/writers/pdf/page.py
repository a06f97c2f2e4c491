"""The page: A4 with the GB/T 9704 text block, page numbers, document info and fixed dates."""

from __future__ import annotations

import datetime as dt
import io

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate
from reportlab.platypus.frames import Frame

from ...house import (
    BODY_SIZE, LINE_PITCH, MARGINS_MM, MM, PAGE_HEIGHT_MM, PAGE_NUMBER_BASELINE_MM, PAGE_NUMBER_SIZE, PAGE_WIDTH_MM,
    page_number_label,
)
from ...model import FrontMatter
from .metrics import draw_plain, string_width

PAGE_W, PAGE_H = PAGE_WIDTH_MM * MM, PAGE_HEIGHT_MM * MM
MARGIN_TOP, MARGIN_BOTTOM = MARGINS_MM["top"] * MM, MARGINS_MM["bottom"] * MM
MARGIN_LEFT, MARGIN_RIGHT = MARGINS_MM["left"] * MM, MARGINS_MM["right"] * MM
TEXT_W, TEXT_H = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM  # 156 x 225 mm
PAGE_NUMBER_BASELINE = PAGE_NUMBER_BASELINE_MM * MM


def pdf_date(created: dt.datetime) -> str:
    """Return ``created`` as a PDF date string in UTC, "D:YYYYMMDDHHmmSS+00'00'"."""
    if created.tzinfo is not None:
        created = created.astimezone(dt.timezone.utc)
    return created.strftime("D:%Y%m%d%H%M%S+00'00'")


def page_number_x(page: int, width: float) -> float:
    """Return where "— n —" of ``width`` starts: odd pages right, even pages left, one character in
    from the text block's edge (GB/T 9704)."""
    if page % 2:
        return MARGIN_LEFT + TEXT_W - PAGE_NUMBER_SIZE - width
    return MARGIN_LEFT + PAGE_NUMBER_SIZE


def draw_page_number(canv, font: str) -> None:
    """Draw "— n —" under the text block, on the outer side of the page."""
    page = canv.getPageNumber()
    label = page_number_label(page)
    w = string_width(label, font, PAGE_NUMBER_SIZE)
    draw_plain(canv, label, font, PAGE_NUMBER_SIZE, page_number_x(page, w), PAGE_NUMBER_BASELINE)


def render_story(story: list, meta: FrontMatter, body_font: str, number_font: str, created: dt.datetime) -> bytes:
    """Return the PDF bytes of ``story`` laid out on the house page, dated ``created``."""
    buf = io.BytesIO()
    stamp = pdf_date(created)

    def canvasmaker(*args, **kwargs):
        kwargs["initialFontName"] = body_font
        kwargs["initialFontSize"] = BODY_SIZE
        kwargs["initialLeading"] = LINE_PITCH
        canv = Canvas(*args, **kwargs)
        canv.setDateFormatter(lambda *_: stamp)
        return canv

    def on_page(canv, template_doc):
        canv.saveState()
        if canv.getPageNumber() == 1:
            canv.showOutline()
        canv.setFillGray(0)
        draw_page_number(canv, number_font)
        canv.restoreState()

    frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, TEXT_W, TEXT_H, leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0, id="body")
    template = BaseDocTemplate(
        buf, pagesize=(PAGE_W, PAGE_H), leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=meta.title, author=meta.issuer,
        subject=meta.subject or meta.subtitle.lstrip("—"), keywords="；".join(meta.keywords),
        creator="nqp-report", invariant=1, lang="zh-CN", initialFontName=body_font,
        initialFontSize=BODY_SIZE,
    )
    template.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    saved = rl_config.useA85
    rl_config.useA85 = 0  # binary image streams: a quarter smaller and no slow pure-Python ASCII85
    try:
        template.build(story, canvasmaker=canvasmaker)
    finally:
        rl_config.useA85 = saved
    return buf.getvalue()
