"""Long content never fails the layout: paragraphs and table cells taller than a page continue on the next."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from nqp_report.model import BulletList, Cell, Column, Heading, Paragraph, Row, Table, Text
from nqp_report.transforms import apply_all
from nqp_report.writers.pdf import PdfWriter, pdf_fonts_for

from sample_model import sample_document

CREATED = dt.datetime(2026, 11, 24, tzinfo=dt.timezone.utc)
PHRASE = "宁波市推进新质生产力发展，聚焦产业创新与科技创新深度融合，"
LONG = (PHRASE * 30)[:800]


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "".join("".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages)


def render(block) -> bytes:
    doc = sample_document()
    doc.blocks.insert(3, block)
    apply_all(doc)
    return PdfWriter(pdf_fonts_for(doc), created=CREATED).write(doc)


@pytest.mark.parametrize("block", [
    Paragraph([Text(LONG)]),
    Paragraph([Text(LONG * 2)], style="abstract"),
    BulletList([[Text(LONG)], [Text("短项。")]]),
    Heading(2, [Text(LONG[:200])]),
], ids=["body", "abstract-1600", "list-item", "heading"])
def test_a_block_taller_than_a_page_continues_on_the_next(block):
    text = pdf_text(render(block))
    expected = "".join(getattr(block, "text", "") or LONG)
    assert expected[:400] in text and expected[-100:] in text


def test_a_table_cell_taller_than_a_page_continues_in_the_next_rows():
    huge = LONG * 3
    table = Table("huge", "巨大单元格", [Column("项目", width=1), Column("说明", width=3)],
                  [Row([Cell("甲"), Cell(huge)]), Row([Cell("乙"), Cell("短说明")])])
    text = pdf_text(render(table))
    baseline = pdf_text(render(Paragraph([Text("。")])))
    assert text.count("聚") - baseline.count("聚") == huge.count("聚")  # every character is drawn once
    assert "短说明" in text and text.count("说明") > 3  # the header repeats on every page of the table
