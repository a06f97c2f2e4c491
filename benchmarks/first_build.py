"""First build with an empty cache against a warm build, in one run (issue 14: at most 3x).

Run from the repository root:  python benchmarks/first_build.py [ROUNDS]
Each round builds the bundled briefing into a fresh output folder twice: first
with an empty NQP_REPORT_CACHE (fonts, the installed-font index and charts
all cold), then again with that cache warm. Prints each pair and the median
ratio. Nothing here runs as a test.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATE = "2026-11-24"


def build(cache: Path, out: Path) -> float:
    """Return the seconds one `nqp-report build` of the bundled briefing takes with this cache folder."""
    env = dict(os.environ, NQP_REPORT_CACHE=str(cache))
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "nqp_report.cli", "build", "--data", str(ROOT / "data"), "--out",
                    str(out), "--date", DATE], check=True, env=env, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def main(rounds: int = 3) -> int:
    ratios = []
    for n in range(rounds):
        with tempfile.TemporaryDirectory(prefix="nqp-first-") as tmp:
            work = Path(tmp)
            first = build(work / "cache", work / "out1")
            warm = build(work / "cache", work / "out2")
            ratios.append(first / warm)
            print(f"round {n + 1}: first {first:.2f} s, warm {warm:.2f} s, ratio {first / warm:.2f}")
    print(f"median first/warm ratio: {statistics.median(ratios):.2f} (target: at most 3)")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 3))
