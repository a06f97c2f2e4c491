"""Validate + compare at 1x, 10x and 100x the bundled data, as ratios measured in one run.

Run from the repository root:  python benchmarks/compare_scale.py
The scaled datasets are generated here: every region is copied k-1 times
(“深圳·2” …) with all its observations, so the rows grow k-fold. Prints the
seconds for loading+validating and for ``comparison_records`` (target 宁波,
automatic peers), and the cost per observation relative to 1x. Nothing here
runs as a test.
"""

from __future__ import annotations

import csv
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCALES = (1, 10, 100)


def scaled_copy(k: int, dest: Path) -> Path:
    """Return a copy of the bundled dataset with every region and its observations repeated ``k`` times."""
    shutil.copytree(ROOT / "data", dest)
    for name in ("regions", "observations"):
        path = dest / f"{name}.csv"
        with path.open(encoding="utf-8") as f:
            reader = csv.DictReader(f)
            header, rows = reader.fieldnames, list(reader)
        key = "name" if name == "regions" else "region"
        out = list(rows)
        for i in range(2, k + 1):
            out += [{**r, key: f"{r[key]}·{i}"} for r in rows]
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(out)
    return dest


def best_of(fn, repeat: int = 3) -> tuple[float, object]:
    """Return the fastest of ``repeat`` runs of ``fn`` and its last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from nqp_report.analysis import comparison_records
    from nqp_report.data import load_dataset

    work = Path(tempfile.mkdtemp(prefix="nqp-compare-bench-"))
    try:
        rows = []
        for k in SCALES:
            path = scaled_copy(k, work / f"x{k}")
            load_s, ds = best_of(lambda: load_dataset(path))
            cmp_s, records = best_of(lambda: comparison_records(ds, "宁波"))
            rows.append((k, len(ds.observations), load_s, cmp_s, len(records)))
        base_n, base_load, base_cmp = rows[0][1], rows[0][2], rows[0][3]
        print("scale  observations  validate_s  compare_s  per_row_ratio(validate+compare)  compare_per_row_ratio")
        base_total = (base_load + base_cmp) / base_n
        for k, n, load_s, cmp_s, _ in rows:
            per_row = ((load_s + cmp_s) / n) / base_total
            cmp_per_row = (cmp_s / n) / (base_cmp / base_n)
            print(f"{k:>4}x  {n:>12}  {load_s:>10.3f}  {cmp_s:>9.4f}  {per_row:>31.2f}  {cmp_per_row:>21.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
