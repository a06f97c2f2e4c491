"""Measure the input bounds: how fast oversized data is refused, and what reading every workbook row costs.

Run from the repository root:  python benchmarks/bench_limits.py
Prints seconds for each case and ratios of A/B pairs measured in the same run.
Nothing here runs as a test.
"""

from __future__ import annotations

import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from datagen import base_rows, write_csv_dataset, write_workbook  # noqa: E402

from nqp_report.data import load_dataset  # noqa: E402
from nqp_report.errors import DataError  # noqa: E402


def seconds(func) -> float:
    """Return the best of three wall-clock timings of ``func()``."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        try:
            func()
        except DataError:
            pass
        best = min(best, time.perf_counter() - start)
    return best


def read_only_rows(path: Path) -> int:
    """Return the rows openpyxl's read-only mode yields for every sheet (the old reader)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for sheet in book.worksheets for _ in sheet.iter_rows(values_only=True))
    finally:
        book.close()


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="nqp-bench-limits-"))
    small = write_csv_dataset(work / "small")
    rows = base_rows()
    rows["observations"] = [["甲市", "rd", str(1950 + i % 100), "1.0", "", "A", "", ""] for i in range(1_000_000)]
    big = write_csv_dataset(work / "big", rows)
    rows["observations"] = rows["observations"][:20_000]
    book = write_workbook(work / "20k.xlsx", rows)
    bomb = work / "bomb.xlsx"
    with zipfile.ZipFile(write_workbook(work / "w.xlsx")) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, src.read(item))
        with dst.open("xl/padding.xml", "w") as fh:
            for _ in range(1024):
                fh.write(b"x" * (1 << 20))
    small_t = seconds(lambda: load_dataset(small))
    cases = {
        "validate a 5-row CSV dataset (B)": small_t,
        "refuse a 1,000,000-row CSV (A)": seconds(lambda: load_dataset(big)),
        "refuse a 1 MB .xlsx unpacking to 1 GB (A)": seconds(lambda: load_dataset(bomb)),
        "read a 20,000-row .xlsx, every row (A)": seconds(lambda: load_dataset(book)),
        "read-only raw rows, no validation (B)": seconds(lambda: read_only_rows(book)),
    }
    for name, t in cases.items():
        print(f"{name:45} {t:8.3f} s")
    print(f"ratio 1M-row refusal / small validate:        {cases['refuse a 1,000,000-row CSV (A)'] / small_t:8.1f}")
    print(f"ratio full workbook read / read-only read:     "
          f"{cases['read a 20,000-row .xlsx, every row (A)'] / cases['read it in read-only mode, old reader (B)']:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
