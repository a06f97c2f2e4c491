"""Golden structure files for the bundled templates, and DOCX/PDF agreement.

Run ``python -m pytest tests/test_golden.py --update-golden`` after an intended
change to the templates or writers, and review the diff of tests/golden/.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from nqp_report.inspect import golden_view, inspect_docx, inspect_pdf, pdf_text, to_json

GOLDEN = Path(__file__).parent / "golden"
CASES = [("briefing", "docx"), ("briefing", "pdf"), ("brief", "docx"), ("brief", "pdf")]


@pytest.mark.parametrize("template,fmt", CASES)
def test_structure_matches_golden(bundled_builds, update_golden, template, fmt):
    path = bundled_builds[(template, fmt)]
    structure = golden_view(inspect_docx(path) if fmt == "docx" else inspect_pdf(path))
    actual = to_json(structure)
    golden = GOLDEN / f"{template}.{fmt}.json"
    if update_golden or not golden.exists():
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        if not update_golden:
            pytest.fail(f"{golden.name} did not exist and was written; review it and run the tests again")
        return
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"golden/{golden.name}", "current build", n=2))
        pytest.fail(f"structure differs from {golden.name} (run with --update-golden if intended):\n{diff}")


@pytest.mark.parametrize("template", ["briefing", "brief"])
def test_docx_and_pdf_agree(bundled_builds, template):
    docx = inspect_docx(bundled_builds[(template, "docx")])
    pdf = inspect_pdf(bundled_builds[(template, "pdf")])
    pdf_headings = [(o["level"], o["title"]) for o in _flatten(pdf["outline"])]
    docx_headings = [(h["level"], h["text"]) for h in docx["headings"] if h["level"] >= 1]
    assert pdf_headings == docx_headings
    text = _squash(pdf_text(bundled_builds[(template, "pdf")]))
    for table in docx["tables"]:
        assert _squash(table["caption"]) in text
        for row in table["cells"]:
            for cell in row:
                assert _squash(cell) in text, cell
    for figure in docx["figures"]:
        assert _squash(figure["caption"]) in text


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
