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

    @staticmethod
    def load() -> None:
        """Import the writer (done while charts are drawn, so the two overlap)."""
        from .writers import docx  # noqa: F401

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

    @staticmethod
    def load() -> None:
        """Import the writer (done while charts are drawn, so the two overlap)."""
        from .writers import pdf  # noqa: F401

    def render(self, doc, created: dt.datetime, fonts: dict[str, str] | None, charset: str) -> bytes:
        """Return the PDF bytes of a numbered document."""
        from .writers.pdf import PdfWriter
        from .writers.pdf.register import pdf_fonts_and_texts

        with _without_source_date_epoch():
            registered, texts = pdf_fonts_and_texts(doc, fonts, charset)
            return PdfWriter(registered, created=created, texts=texts).write(doc)


FORMATS = tuple(WRITERS)

# A document with fewer blocks than this is written serially. Measured on the bundled briefing (100 blocks):
# with the writers imported before the fork, the child paid for itself in no run (parallel/serial 1.04); with
# the PDF writer imported by the child, so that ReportLab's import overlaps the DOCX, a warm build took
# 0.59 s against 0.66 s serially (medians of 7 pairs, idle 2-core machine), so every document goes parallel.
PARALLEL_MIN_BLOCKS = 0


def _render_one(fmt: str, doc, created: dt.datetime, fonts: dict[str, str] | None, charset: str) -> bytes:
    return WRITERS[fmt]().render(doc, created, fonts, charset)


def _render_serial(doc, formats, created, fonts, charset) -> dict[str, bytes]:
    return {fmt: _render_one(fmt, doc, created, fonts, charset) for fmt in formats}


def _render_pdf(*args) -> bytes:
    return _render_one("pdf", *args)


def _parallel_formats(formats) -> bool:
    return "pdf" in formats and len(set(formats)) > 1


@contextmanager
def pdf_child(formats):
    """Yield a forked child already importing the PDF writer when the PDF can be written in parallel; else None.

    Started before the model is built, its import of ReportLab overlaps that
    work; hand it to :func:`render_formats`.
    """
    from .concurrency import WaitingChild, can_fork

    if not (_parallel_formats(list(formats)) and can_fork()):
        yield None
        return
    with WaitingChild(PdfFormat.load, _render_pdf) as child:
        yield child


def _render_parallel(doc, formats, created, fonts, charset, worker=None) -> dict[str, bytes] | None:
    """Return every format's bytes, the PDF written by a forked child meanwhile; None when anything failed."""
    from .concurrency import ChildTask

    rest = [fmt for fmt in formats if fmt != "pdf"]
    try:
        if worker is None:
            worker = ChildTask(_render_one, "pdf", doc, created, fonts, charset)
        else:
            worker.submit(doc, created, fonts, charset)
        with worker as child:
            files = {fmt: _render_one(fmt, doc, created, fonts, charset) for fmt in rest}
            pdf = child.result()
    except Exception:
        return None
    if pdf is None:
        return None
    files["pdf"] = pdf
    return {fmt: files[fmt] for fmt in formats}


def render_formats(doc, formats, created: dt.datetime, fonts: dict[str, str] | None = None,
                   charset: str = "", pdf_worker=None) -> dict[str, bytes]:
    """Return the bytes of each requested format for a numbered document (charts drawn first).

    With two cores free and a document long enough (PARALLEL_MIN_BLOCKS), the
    PDF is written in a forked child (importing ReportLab there, or already
    imported by ``pdf_worker`` from :func:`pdf_child`) while this process
    writes the other formats, from the same model; the bytes are the same.
    Should anything fail that way, every format is written again serially,
    so errors are those of a serial run.
    """
    from .chartcache import draw_charts
    from .concurrency import can_fork

    formats = list(formats)
    parallel = pdf_worker is not None or (_parallel_formats(formats) and len(doc.blocks) >= PARALLEL_MIN_BLOCKS
                                          and can_fork())
    here = [fmt for fmt in formats if not (parallel and fmt == "pdf")]  # the child imports the PDF writer itself
    draw_charts(doc, fonts, meanwhile=lambda: [WRITERS[fmt].load() for fmt in here])
    if parallel and (pdf_worker is not None or can_fork()):
        files = _render_parallel(doc, formats, created, fonts, charset, pdf_worker)
        if files is not None:
            return files
    return _render_serial(doc, formats, created, fonts, charset)
