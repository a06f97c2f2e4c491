"""Golden files for the bundled templates (pytest-regressions), and DOCX/PDF agreement.

tests/golden/ holds, for each bundled template, the structure of the DOCX and
of the PDF (``inspect`` views, YAML) and a pseudo-XML dump of the document
model (``modeldump``; built in seconds, no DOCX or PDF written). After an
intended change to the templates, the data or the writers, run

    python -m pytest tests/test_golden.py --force-regen

review ``git diff tests/golden/`` and run the tests again. A difference is
shown as a unified diff of the readable file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nqp_report.inspect import golden_view, inspect_docx, inspect_pdf, pdf_text
from nqp_report.modeldump import dump
from nqp_report.pipeline import BuildRequest, build_model
from nqp_report.resources import bundled_data_dir

GOLDEN = Path(__file__).parent / "golden"
TEMPLATES = ["briefing", "brief"]
CASES = [(t, fmt) for t in TEMPLATES for fmt in ("docx", "pdf")]
DATE = "2026-11-24"


@pytest.mark.parametrize("template,fmt", CASES)
def test_structure_matches_golden(bundled_builds, data_regression, template, fmt):
    path = bundled_builds[(template, fmt)]
    structure = inspect_docx(path) if fmt == "docx" else inspect_pdf(path)
    data_regression.check(golden_view(structure, layout=True), fullpath=GOLDEN / f"{template}.{fmt}.yml")


@pytest.mark.parametrize("template", TEMPLATES)
def test_model_matches_golden(file_regression, template):
    doc, _, _ = build_model(BuildRequest(data=bundled_data_dir(), template=template, date=DATE))
    file_regression.check(dump(doc), encoding="utf-8", fullpath=GOLDEN / f"{template}.model.txt")


@pytest.mark.parametrize("template", TEMPLATES)
def test_docx_and_pdf_agree(bundled_builds, template):
    docx = inspect_docx(bundled_builds[(template, "docx")])
    pdf = inspect_pdf(bundled_builds[(template, "pdf")])
    pdf_headings = [(o["level"], o["title"]) for o in _flatten(pdf["outline"])]
    docx_headings = [(h["level"], h["text"]) for h in docx["headings"] if h["level"] >= 1]
    assert pdf_headings == docx_headings
    assert docx["tables"], "both bundled templates have tables"
    assert docx["figures"] or template == "brief", "the briefing has figures (the brief's table needs no chart)"
    captions = [t["caption"] for t in docx["tables"]] + [f["caption"] for f in docx["figures"]]
    assert all(re.match(r"^[表图]\d+ \S", c) for c in captions), captions
    pdf_labels = sorted(c for page in pdf["pages"] for c in page["captions"])
    assert pdf_labels == sorted(re.match(r"^[表图]\d+", c).group() for c in captions)
    text = _squash(pdf_text(bundled_builds[(template, "pdf")]))
    for caption in captions:
        assert _squash(caption) in text
    for table in docx["tables"]:
        for row in table["cells"]:
            for cell in row:
                assert _squash(cell) in text, cell


def _squash(s: str) -> str:
    return "".join(s.split())


def _flatten(outline):
    out = []
    for node in outline:
        out.append(node)
        out.extend(_flatten(node.get("children", [])))
    return out


def test_the_brief_fits_on_two_pages(bundled_builds):
    # 要报 are one to two pages (with the bundled open fonts; other fonts may paginate differently)
    assert inspect_pdf(bundled_builds[("brief", "pdf")])["page_count"] <= 2
