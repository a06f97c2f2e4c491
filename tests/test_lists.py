"""Lists in a template: flat lists in every output, and nested lists kept nested or refused clearly.

A nested list must never be flattened silently: either the model (and the
DOCX and PDF) keep the nesting, or the template is refused with a message that
names the file and line.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest

from nqp_report.errors import TemplateError
from nqp_report.modeldump import dump
from nqp_report.pipeline import BuildRequest, build, build_model

from conftest import MINI, require_tool

FRONT = "---\ntarget: 甲市\npeers: [乙市, 丙市]\n---\n"  # four lines: body line 1 is file line 5
NESTED = "导语。\n\n- 苹果\n  - 红富士\n  - 国光\n- 香蕉\n"  # the nested list opens on file line 7


def write_template(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "t.md"
    path.write_text(FRONT + body, encoding="utf-8")
    return path


def model_of(tmp_path: Path, body: str):
    doc, _, _ = build_model(BuildRequest(data=MINI, template=str(write_template(tmp_path, body))))
    return doc


def build_both(tmp_path: Path, body: str) -> dict[str, Path]:
    request = BuildRequest(data=MINI, template=str(write_template(tmp_path, body)), out=tmp_path / "out",
                           date="2026-11-24")
    return {p.suffix.lstrip("."): p for p in build(request).outputs}


def docx_paragraphs(path: Path) -> list:
    import docx

    return docx.Document(str(path)).paragraphs


def docx_indent(paragraph) -> tuple[int, int]:
    """Return (list level, left indent in EMU) of a DOCX paragraph, from its own or its style's settings."""
    from docx.oxml.ns import qn

    ilvl = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:ilvl')}")
    level = int(ilvl.get(qn("w:val"))) if ilvl is not None else 0
    indent = paragraph.paragraph_format.left_indent
    if indent is None and paragraph.style is not None:
        indent = paragraph.style.paragraph_format.left_indent
    return level, int(indent or 0)


def pdf_lines(path: Path) -> list[tuple[float, str]]:
    """Return (left x in pt, text) of each text run of a PDF, as poppler's pdftotext -bbox reports them."""
    out = subprocess.run([require_tool("pdftotext"), "-bbox", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return [(float(x), html.unescape(t)) for x, t in re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', out)]


def pdf_x(lines: list[tuple[float, str]], text: str) -> float:
    found = [x for x, t in lines if text in t]
    assert len(found) == 1, (text, found)
    return found[0]


# ---------------------------------------------------------------- flat lists
@pytest.mark.parametrize("ordered", [False, True])
def test_a_flat_list_is_one_list_in_the_model_and_every_output(tmp_path, ordered):
    body = "1. 苹果\n2. 香蕉\n3. 橙子\n" if ordered else "- 苹果\n- 香蕉\n- 橙子\n"
    doc = model_of(tmp_path, body)
    assert [type(b).__name__ for b in doc.blocks] == ["BulletList"]
    assert doc.blocks[0].ordered is ordered
    assert [re.sub(r"\s+", "", line) for line in dump(doc.blocks[0]).splitlines()[1:]] == \
        ["<item>", "苹果", "<item>", "香蕉", "<item>", "橙子"]
    outputs = build_both(tmp_path, body)
    texts = [p.text for p in docx_paragraphs(outputs["docx"]) if p.text.strip()]
    markers = ["1. ", "2. ", "3. "] if ordered else ["——"] * 3
    assert [m + fruit for m, fruit in zip(markers, ["苹果", "香蕉", "橙子"])] == \
        [t for t in texts if t.endswith(("苹果", "香蕉", "橙子"))]
    lines = pdf_lines(outputs["pdf"])
    xs = [pdf_x(lines, fruit) for fruit in ("苹果", "香蕉", "橙子")]
    assert max(xs) - min(xs) < 0.5, xs  # one list, one indent


# ---------------------------------------------------------------- nested lists
def _nested_or_refused(tmp_path: Path, body: str, line: int):
    """Return the model when it builds; when refused, check the error names file and line and return None."""
    try:
        return model_of(tmp_path, body)
    except TemplateError as err:
        assert err.file and err.file.endswith("t.md") and err.line == line, str(err)
        assert "列表" in str(err), str(err)
        return None


def _depth(dumped: str, text: str) -> int:
    (line,) = [ln for ln in dumped.splitlines() if ln.strip() == text]
    return len(line) - len(line.lstrip())


def test_a_nested_list_keeps_its_nesting_in_the_model_or_is_refused(tmp_path):
    doc = _nested_or_refused(tmp_path, NESTED, line=7)
    if doc is None:
        return
    lists = [b for b in doc.blocks if type(b).__name__ == "BulletList"]
    assert len(lists) == 1 and len(lists[0].items) == 2, dump(doc)  # 苹果 and 香蕉 at the top
    dumped = dump(doc)
    assert _depth(dumped, "红富士") > _depth(dumped, "苹果") == _depth(dumped, "香蕉")
    assert _depth(dumped, "国光") == _depth(dumped, "红富士")


def test_a_nested_list_is_indented_in_the_docx_and_pdf_or_refused(tmp_path):
    if _nested_or_refused(tmp_path, NESTED, line=7) is None:
        return
    outputs = build_both(tmp_path, NESTED)
    by_text = {p.text.strip().lstrip("—•·-0123456789. "): p for p in docx_paragraphs(outputs["docx"])}
    assert docx_indent(by_text["红富士"]) > docx_indent(by_text["苹果"])
    assert docx_indent(by_text["国光"]) == docx_indent(by_text["红富士"])
    lines = pdf_lines(outputs["pdf"])
    assert pdf_x(lines, "红富士") > pdf_x(lines, "苹果") + 5  # at least about a character further in
    assert abs(pdf_x(lines, "苹果") - pdf_x(lines, "香蕉")) < 0.5


def test_a_second_paragraph_in_an_item_stays_in_that_item_or_is_refused(tmp_path):
    body = "- 苹果\n\n  苹果的第二段。\n- 香蕉\n"
    doc = _nested_or_refused(tmp_path, body, line=5)
    if doc is None:
        return
    lists = [b for b in doc.blocks if type(b).__name__ == "BulletList"]
    assert len(lists) == 1 and len(lists[0].items) == 2, dump(doc)
    first, second = dump(lists[0]).split("<item>")[1:]
    assert "苹果的第二段。" in first and "苹果的第二段。" not in second
