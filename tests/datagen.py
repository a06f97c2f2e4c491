"""Small datasets written by code, for the hostile-input tests: CSV folders and .xlsx workbooks."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

HEADERS = {
    "regions": ["name", "level", "note"],
    "indicators": ["id", "name", "unit", "dimension", "definition", "direction", "decimals", "concept"],
    "observations": ["region", "indicator", "year", "value", "qualifier", "source", "note", "preferred"],
    "sources": ["id", "title", "author", "publisher", "date", "locator", "url"],
    "practices": ["region", "dimension", "title", "text", "source"],
}


def base_rows() -> dict[str, list[list[str]]]:
    """Return a valid three-city dataset: one indicator in percent, one count, two sources."""
    return {
        "regions": [["甲市", "城市", ""], ["乙市", "城市", ""], ["丙市", "城市", ""]],
        "indicators": [
            ["rd", "研发投入强度", "%", "科技创新", "研发经费占比", "higher", "2", ""],
            ["firms", "高新技术企业数", "家", "企业主体", "企业数量", "higher", "0", ""],
        ],
        "observations": [
            ["甲市", "rd", "2023", "3.00", "", "A", "", ""],
            ["乙市", "rd", "2023", "6.00", "", "A", "", ""],
            ["丙市", "rd", "2023", "4.50", "", "A", "", ""],
            ["甲市", "firms", "2023", "1200", "", "A", "", ""],
            ["乙市", "firms", "2023", "2400", "", "B", "", ""],
        ],
        "sources": [["A", "甲文", "张三", "甲报", "2024-03", "", ""], ["B", "乙文", "李四", "乙刊", "2025", "", ""]],
        "practices": [["乙市", "科技创新", "建设实验室", "乙市建设了一批实验室。", "A"]],
    }


def write_csv_dataset(folder: Path, rows: dict | None = None, headers: dict | None = None,
                      encoding: str = "utf-8") -> Path:
    """Write each table as ``<name>.csv`` in ``folder``; return the folder."""
    rows = rows or base_rows()
    headers = {**HEADERS, **(headers or {})}
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in rows.items():
        with open(folder / f"{name}.csv", "w", encoding=encoding, newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(headers[name])
            writer.writerows(table)
    return folder


def write_workbook(path: Path, rows: dict | None = None, edit=None) -> Path:
    """Write the tables as sheets of an .xlsx workbook; ``edit(book)`` may change it before saving."""
    from openpyxl import Workbook

    rows = rows or base_rows()
    book = Workbook()
    book.remove(book.active)
    for name, table in rows.items():
        sheet = book.create_sheet(name)
        sheet.append(HEADERS[name])
        for r in table:
            sheet.append(r)
    if edit:
        edit(book)
    book.save(path)
    return path


def tree_hashes(folder: Path) -> dict[str, str]:
    """Return the SHA-256 of every file under ``folder`` (relative path -> hash)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_cli(*args, env=None):
    """Return click's result of ``nqp-report ARGS``; fail the test on a traceback or an unexpected exception."""
    from click.testing import CliRunner

    from nqp_report.cli import cli

    result = CliRunner().invoke(cli, [str(a) for a in args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result
