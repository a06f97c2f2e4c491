"""The briefing an editor would sign: page budget, few "—", house wording, honest short documents, full pages.

The dense fictional dataset is generated here (8 cities x 12 indicators) and never shipped.
"""

from __future__ import annotations

import csv
import re
import subprocess
from pathlib import Path

import pytest

from conftest import require_tool
from nqp_report.pipeline import BuildRequest, build, build_model
from nqp_report.resources import bundled_data_dir

DATE = "2026-11-24"
MISSING = "—"
ARTEFACTS = (r"（）", r"\(\)", r"\.csv", r"\{\{", r"\{%", r"(?<![A-Za-z0-9])[RSP]\d\d\d?(?!\d)", r"数据集记为",
             r"\d+/\d+（", r"题名据摘要拟", r"None", r"nan")


def pdf_pages(path: Path) -> int:
    """Return the page count of a PDF."""
    out = subprocess.run([require_tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def pdf_text(path: Path) -> str:
    """Return the text of a PDF with line breaks removed."""
    out = subprocess.run([require_tool("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", out)


def dash_share(docx_path: Path) -> tuple[int, int]:
    """Return ("—" value cells, all value cells) over every DOCX table (header row and first column excluded)."""
    from docx import Document

    dashes = cells = 0
    for table in Document(str(docx_path)).tables:
        for row in table.rows[1:]:
            seen = []
            for cell in row.cells[1:]:
                if any(cell._tc is s for s in seen):  # a merged (group) row repeats one cell
                    continue
                seen.append(cell._tc)
                cells += 1
                dashes += cell.text.strip() == MISSING
    return dashes, cells


def emptiest_pages(pdf: Path) -> list[tuple[int, float]]:
    """Return (page, empty share of the text frame below the last text line) for pages that are not a chapter's last.

    Measured from pdftotext's word boxes; the footer (below the frame) is ignored. A page is a chapter's
    last when the next page holds the start of a level-1 heading (from the PDF outline) or it is the last page.
    """
    from nqp_report.inspect import inspect_pdf
    from nqp_report.house import MARGINS_MM, MM, PAGE_HEIGHT_MM

    chapter_starts = {o["page"] for o in inspect_pdf(pdf)["outline"] if o["level"] == 1}
    html = subprocess.run([require_tool("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = re.findall(r"<page[^>]*>(.*?)</page>", html, re.S)
    frame_top, frame_bottom = MARGINS_MM["top"] * MM, (PAGE_HEIGHT_MM - MARGINS_MM["bottom"]) * MM
    out = []
    for n, page in enumerate(pages, 1):
        if n == len(pages) or n + 1 in chapter_starts:
            continue
        bottoms = [float(y) for y in re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)"',
                                                 page)]
        lowest = max((y for y in bottoms if y < frame_bottom), default=frame_top)
        out.append((n, (frame_bottom - lowest) / (frame_bottom - frame_top)))
    return out


# --- the bundled data ---------------------------------------------------------------------------------------

def test_bundled_briefing_and_brief_keep_the_page_budget(bundled_builds):
    assert pdf_pages(bundled_builds[("briefing", "pdf")]) <= 22
    assert pdf_pages(bundled_builds[("brief", "pdf")]) <= 2


def test_at_most_15_percent_of_the_briefing_value_cells_are_missing(bundled_builds):
    dashes, cells = dash_share(bundled_builds[("briefing", "docx")])
    assert cells > 50
    assert dashes / cells <= 0.15, f"{dashes} of {cells} value cells are “—”"


@pytest.mark.parametrize("template", ["briefing", "brief"])
def test_house_wording_in_the_bundled_documents(bundled_builds, template):
    text = pdf_text(bundled_builds[(template, "pdf")])
    for pattern in ARTEFACTS + (r"约49\.1", r"68\.0", r"14500", r"硅谷银行模式", r"见附录指标口径"):
        assert not re.search(pattern, text), pattern


def test_amounts_read_as_a_reader_writes_them():
    from nqp_report.formatting import fmt_amount

    assert fmt_amount(14500, "亿元", 0) == "1.45万亿元"
    assert fmt_amount(10000, "亿元", 0) == "1万亿元"
    assert fmt_amount(6770, "亿元", 0) == "6770亿元"
    assert fmt_amount(123456789, "元", 0) == "1.2346亿元"
    assert fmt_amount(68, "万辆", 0) == "68万辆"


def test_the_brief_leads_with_a_measured_finding_and_names_leads(bundled_builds):
    doc, _, _ = build_model(BuildRequest(data=bundled_data_dir(), template="brief", date=DATE))
    lead = next(b for b in doc.blocks if getattr(b, "style", "") == "abstract").text
    assert re.search(r"\d", lead) and "年" in lead and re.search(r"\[\d\]", lead)  # number, year and source
    text = pdf_text(bundled_builds[("brief", "pdf")])
    for title, lead_body in (("提升全社会R&D经费投入强度", "市科技局"), ("长期培育新能源汽车、集成电路等新兴产业", "市经信局")):
        assert re.search(re.escape(title) + "。.*牵头单位：" + lead_body, text), title
    assert "附录" not in text


def test_every_chart_of_the_briefing_shows_at_least_three_values():
    doc, _, _ = build_model(BuildRequest(data=bundled_data_dir(), template="briefing", date=DATE))
    figures = list(doc.figures())
    assert figures
    for fig in figures:
        data = fig.chart.data
        values = data.get("bars") or data.get("items") or [b for p in data.get("panels", []) for b in p["bars"]]
        assert len(values) >= 3, fig.caption


def test_the_rd_chart_draws_the_provincial_average_from_the_data():
    doc, _, _ = build_model(BuildRequest(data=bundled_data_dir(), template="briefing", date=DATE))
    fig = next(f for f in doc.figures() if f.chart.kind == "bar")
    assert fig.chart.data["references"] == [{"value": 3.1, "label": "浙江省3.1%"}]


@pytest.mark.parametrize("target", ["合肥", "深圳"])
def test_targets_without_peers_or_recommendations_get_a_short_honest_document(tmp_path, target):
    result = build(BuildRequest(data=bundled_data_dir(), template="briefing", target=target, out=tmp_path,
                                date=DATE))
    pdf = next(p for p in result.outputs if p.suffix == ".pdf")
    text = pdf_text(pdf)
    for pattern in ARTEFACTS:
        assert not re.search(pattern, text), pattern
    assert pdf_pages(pdf) <= 4
    assert "需要补充的数据" in text and "对策建议矩阵" not in text
    doc, _, _ = build_model(BuildRequest(data=bundled_data_dir(), template="briefing", target=target, date=DATE))
    assert not list(doc.figures())
    assert "对标" not in doc.meta.title + doc.meta.subtitle and target in doc.meta.title


def test_no_page_of_the_bundled_briefing_is_more_than_a_quarter_empty(bundled_builds):
    loose = [(n, round(share, 2)) for n, share in emptiest_pages(bundled_builds[("briefing", "pdf")]) if share > 0.25]
    assert not loose, f"pages (number, empty share) more than a quarter empty: {loose}"


def page_openings(pdf: Path) -> list[str]:
    """Return the first text line of each page (pdftotext, layout order)."""
    out = subprocess.run([require_tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [next((ln.strip() for ln in page.splitlines() if ln.strip()), "") for page in out.split("\f")[:-1]]


@pytest.mark.parametrize("template", ["briefing", "brief"])
def test_no_page_of_the_bundled_documents_opens_with_a_table_note(bundled_builds, template):
    stray = [(n, line) for n, line in enumerate(page_openings(bundled_builds[(template, "pdf")]), 1)
             if line.startswith(("注：", "资料来源："))]
    assert not stray, f"notes cut off from their tables: {stray}"


def test_the_decision_matrix_of_the_bundled_briefing_takes_at_most_two_pages(bundled_builds):
    """The matrix may start low on one page, but its caption-to-notes height is at most two text frames."""
    from nqp_report.house import MARGINS_MM, MM, PAGE_HEIGHT_MM

    html = subprocess.run([require_tool("pdftotext"), "-bbox", str(bundled_builds[("briefing", "pdf")]), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = re.findall(r"<page[^>]*>(.*?)</page>", html, re.S)
    words = [[(float(top), float(bottom), w) for top, bottom, w in
              re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page)]
             for page in pages]
    texts = ["".join(w for _, _, w in page) for page in words]
    first = next(n for n, text in enumerate(texts) if "对策建议矩阵" in text and "优先级" in text)
    last = next(n for n, text in enumerate(texts) if "按优先级排列" in text)
    frame_top, frame_bottom = MARGINS_MM["top"] * MM, (PAGE_HEIGHT_MM - MARGINS_MM["bottom"]) * MM
    start = next(top for top, _, w in words[first] if "矩阵" in w)
    note = next(top for top, _, w in words[last] if "按优先级排列" in w)
    end = max(bottom for top, bottom, _ in words[last] if note <= top <= note + 3 * 28.95 and bottom < frame_bottom)
    height = (frame_bottom - start) + (last - first - 1) * (frame_bottom - frame_top) + (end - frame_top)
    if first == last:
        height = end - start
    assert height <= 2 * (frame_bottom - frame_top), f"the matrix is {height / (frame_bottom - frame_top):.2f} pages long"


# --- a dense fictional dataset ------------------------------------------------------------------------------

CITIES = ["甲市", "乙市", "丙市", "丁市", "戊市", "己市", "庚市", "辛市"]
DIMENSIONS = ["科技创新", "产业结构", "企业主体", "数字化"]


def write_dense_dataset(folder: Path) -> Path:
    """Write 8 cities x 12 indicators (every city has every value but one), practices and recommendations."""
    folder.mkdir(parents=True, exist_ok=True)

    def write(name, header, rows):
        with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows([header] + rows)

    write("regions", ["name", "level", "note"], [[c, "城市", ""] for c in CITIES] + [["某省", "省", ""]])
    indicators, observations = [], []
    for k in range(12):
        ind = f"ind{k:02d}"
        unit = "%" if k % 3 == 0 else ("亿元" if k % 3 == 1 else "家")
        indicators.append([ind, f"指标{k + 1}", unit, DIMENSIONS[k % 4], f"指标{k + 1}的口径", "higher",
                           "2" if unit == "%" else "0", ""])
        for n, city in enumerate(CITIES):
            if k == 11 and city == "甲市":
                continue
            value = (1.5 + 0.37 * ((n * 7 + k * 3) % 11)) if unit == "%" else 100 + 37 * ((n * 5 + k) % 13)
            observations.append([city, ind, "2023", f"{value:.2f}" if unit == "%" else str(value), "", "",
                                 "A" if n % 2 else "B", "", "", ""])
        if k == 0:
            observations.append(["某省", ind, "2023", "2.80", "", "", "A", "", "", ""])
    write("indicators", ["id", "name", "unit", "dimension", "definition", "direction", "decimals", "concept"],
          indicators)
    write("observations", ["region", "indicator", "year", "value", "qualifier", "kind", "source", "note",
                           "year_basis", "preferred"], observations)
    write("sources", ["id", "title", "author", "publisher", "date", "locator", "url"],
          [["A", "甲文", "张三", "甲报", "2024-03", "", ""], ["B", "乙文", "李四", "乙刊", "2025", "", ""]])
    write("practices", ["id", "region", "dimension", "title", "text", "source"],
          [[f"P{n:02d}", city, DIMENSIONS[n % 4], f"{city}的做法{n}", f"{city}推进了第{n}项改革，成效明显。", "A"]
           for n, city in enumerate(CITIES[1:], 1)])
    recs = []
    for n in range(1, 9):
        recs.append([f"R{n:02d}", DIMENSIONS[n % 4], f"建议{n}", f"推进第{n}项工作，加大投入力度。",
                     ("近期", "中期", "长期")[n % 3], CITIES[(n % 7) + 1], f"ind{(n * 3) % 12:02d}", "A", "甲市",
                     "市发改委（市科技局）", "", "", ("高", "中", "低", "")[n % 4], f"P{(n % 7) + 1:02d}"])
    write("recommendations", ["id", "dimension", "title", "text", "horizon", "benchmarks", "indicators", "source",
                              "region", "lead", "target_value", "target_year", "priority", "practices"], recs)
    return folder


@pytest.fixture(scope="module")
def dense_builds(tmp_path_factory):
    """Build the briefing and the brief for 甲市 from the dense fictional dataset."""
    root = tmp_path_factory.mktemp("dense")
    data = write_dense_dataset(root / "data")
    files = {}
    for template in ("briefing", "brief"):
        result = build(BuildRequest(data=data, template=template, target="甲市", out=root / "out", date=DATE))
        files.update({(template, p.suffix.lstrip(".")): p for p in result.outputs})
    return data, files


def test_dense_dataset_keeps_the_page_budget(dense_builds):
    _, files = dense_builds
    assert pdf_pages(files[("briefing", "pdf")]) <= 22
    assert pdf_pages(files[("brief", "pdf")]) <= 2


def test_dense_dataset_fills_every_comparison_table_and_chart(dense_builds):
    data, files = dense_builds
    doc, _, _ = build_model(BuildRequest(data=data, template="briefing", target="甲市", date=DATE))
    comparison = [t for t in doc.tables() if t.kind == "comparison"]
    assert comparison and all(len(t.rows) >= 10 for t in comparison)
    for table in comparison:
        assert not [c.text for r in table.rows for c in r.cells if c.missing or c.text == MISSING], table.caption
    charts = list(doc.figures())
    # the gap chart shows every comparable indicator; one bar chart details the largest gap
    assert [f.chart.kind for f in charts].count("bar") == 1 and len(charts) >= 2
    for fig in charts:
        assert not fig.chart.data.get("missing"), fig.caption
    dashes, cells = dash_share(files[("briefing", "docx")])
    assert dashes / cells <= 0.05


def test_no_page_of_the_dense_briefing_is_more_than_a_quarter_empty(dense_builds):
    _, files = dense_builds
    loose = [(n, round(share, 2)) for n, share in emptiest_pages(files[("briefing", "pdf")]) if share > 0.25]
    assert not loose, f"pages (number, empty share) more than a quarter empty: {loose}"


def test_concept_panels_sharing_a_unit_share_a_scale():
    from matplotlib.figure import Figure as MplFigure

    from nqp_report.charts.concept import share_scales

    fig = MplFigure()
    a, b, c = fig.subplots(1, 3)
    a.set_xlim(0, 30), b.set_xlim(0, 60), c.set_xlim(0, 9)
    share_scales([(a, "%"), (b, "%"), (c, "个")])
    assert a.get_xlim() == b.get_xlim() == (0, 60) and c.get_xlim() == (0, 9)


# --- DOCX and PDF alike ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("template", ["briefing", "brief"])
def test_the_abstract_is_boxed_in_the_pdf_as_in_the_docx(bundled_builds, tmp_path, template):
    from docx import Document

    qdf = tmp_path / "uncompressed.pdf"
    subprocess.run([require_tool("qpdf"), "--qdf", "--object-streams=disable", str(bundled_builds[(template, "pdf")]),
                    str(qdf)], check=True)
    stroked_rects = re.findall(rb"[\d.]+ [\d.]+ [\d.]+ [\d.]+ re S", qdf.read_bytes())
    assert len(stroked_rects) == 1  # one box around the 内容提要 / 核心观点 paragraphs
    styles = {p.style.name for p in Document(str(bundled_builds[(template, "docx")])).paragraphs}
    assert "Abstract" in styles
    border = Document(str(bundled_builds[(template, "docx")])).styles["Abstract"].element.pPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr")
    assert border is not None and len(border) == 4


@pytest.mark.parametrize("template", ["briefing", "brief"])
def test_libreoffice_pages_of_the_docx_are_within_15_percent_of_the_pdf(bundled_builds, tmp_path, template):
    soffice = require_tool("soffice")
    docx = bundled_builds[(template, "docx")]
    done = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(docx)], capture_output=True, text=True, timeout=240)
    converted = tmp_path / (docx.stem + ".pdf")
    assert done.returncode == 0 and converted.exists(), done.stderr
    ours, theirs = pdf_pages(bundled_builds[(template, "pdf")]), pdf_pages(converted)
    assert abs(theirs - ours) <= 0.15 * ours, f"LibreOffice {theirs} pages, PDF {ours}"
