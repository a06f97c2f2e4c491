"""The writer registry: each output format names the class that writes it."""

from __future__ import annotations

import datetime as dt
import os
from contextlib import contextmanager

WRITERS: dict[str, type] = {}


def register(cls: type) -> type:
    """Add an output format class to the registry under its ``name``; return the class."""
    WRITERS[cls.name] = cls
    return cls


@register
class DocxFormat:
    """DOCX output through :class:`~nqp_report.writers.docx.DocxWriter`."""

    name = "docx"

    def render(self, doc, created: dt.datetime, fonts: dict[str, str] | None, charset: str) -> bytes:
        """Return the DOCX bytes of a numbered document."""
        from .writers.docx import DocxWriter

        return DocxWriter(created=created).write(doc)


@contextmanager
def _without_source_date_epoch():
    """Hide SOURCE_DATE_EPOCH while ReportLab runs: the build's date alone fixes the PDF's dates and /ID."""
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved


@register
class PdfFormat:
    """PDF output through :class:`~nqp_report.writers.pdf.PdfWriter`, with fonts subset for the text."""

    name = "pdf"

    def render(self, doc, created: dt.datetime, fonts: dict[str, str] | None, charset: str) -> bytes:
        """Return the PDF bytes of a numbered document."""
        from .writers.pdf import PdfWriter, pdf_fonts_for

        with _without_source_date_epoch():
            return PdfWriter(pdf_fonts_for(doc, fonts, charset), created=created).write(doc)


FORMATS = tuple(WRITERS)


def render_formats(doc, formats, created: dt.datetime, fonts: dict[str, str] | None = None,
                   charset: str = "") -> dict[str, bytes]:
    """Return the bytes of each requested format for a numbered document (charts drawn first)."""
    from .chartcache import draw_charts

    draw_charts(doc, fonts)
    return {fmt: WRITERS[fmt]().render(doc, created, fonts, charset) for fmt in formats}
