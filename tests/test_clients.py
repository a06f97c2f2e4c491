"""Real clients read our files: LibreOffice, poppler (pdffonts, pdftotext) and qpdf.

Locally these skip with a reason when a tool is missing; CI sets
NQP_REQUIRE_CLIENTS=1 and installs the tools, so there they must run.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from nqp_report.inspect import inspect_docx

from conftest import require_tool

FORBIDDEN_LINE_START = "，。、；：？！）》”’"


@pytest.mark.parametrize("template", ["briefing", "brief"])
def test_libreoffice_converts_the_docx_with_the_same_headings(bundled_builds, tmp_path, template):
    soffice = require_tool("soffice")
    docx = bundled_builds[(template, "docx")]
    done = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(docx)], capture_output=True, text=True, timeout=240)
    pdf = tmp_path / (docx.stem + ".pdf")
    assert done.returncode == 0 and pdf.exists(), done.stderr
    pdftotext = require_tool("pdftotext")
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    squashed = "".join(text.split())
    headings = inspect_docx(docx)["headings"]
    assert len(headings) > 3, headings
    for heading in headings:
        assert "".join(heading["text"].split()) in squashed, heading["text"]


@pytest.mark.parametrize("template", ["briefing", "brief"])
def test_poppler_sees_embedded_subset_fonts_and_chinese_text(bundled_builds, template):
    pdffonts = require_tool("pdffonts")
    pdf = bundled_builds[(template, "pdf")]
    lines = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
    fonts = lines[2:]
    assert fonts, "no fonts listed"
    for line in fonts:
        name = line.split()[0]
        columns = line.split()
        # name type [encoding...] emb sub uni object ID
        emb, sub = columns[-5], columns[-4]
        assert (emb, sub) == ("yes", "yes"), line
        assert "Helvetica" not in name
    text = subprocess.run([require_tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "新质生产力" in text
    bad = [ln for ln in text.splitlines() if ln.strip() and ln.strip()[0] in FORBIDDEN_LINE_START]
    assert not bad, bad[:5]


@pytest.mark.parametrize("template", ["briefing", "brief"])
def test_qpdf_check_passes(bundled_builds, template):
    qpdf = require_tool("qpdf")
    done = subprocess.run([qpdf, "--check", str(bundled_builds[(template, "pdf")])], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"No syntax or stream encoding errors", done.stdout)
