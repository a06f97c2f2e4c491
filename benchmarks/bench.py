"""Measure the default briefing's build: cold, warm, no-op --if-changed, a batch, sizes, memory.

Run from the repository root:  python benchmarks/bench.py
Prints a table with the figures and the targets of the scheduled-regeneration
issue, with LibreOffice's conversion of the same DOCX side by side when
``soffice`` is on PATH. Nothing here runs as a test.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATE = "2026-11-24"


def run(args: list[str], env: dict | None = None, cwd: Path | None = None) -> tuple[float, float]:
    """Return (seconds, peak RSS in MiB of the child) for one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(args, check=True, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def nqp(*args: str) -> list[str]:
    return [sys.executable, "-m", "nqp_report.cli", *args]


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="nqp-bench-"))
    env = dict(os.environ, NQP_REPORT_CACHE=str(work / "cache"))
    data = ROOT / "data"
    out = work / "out"
    rows: list[tuple[str, str, str]] = []

    cold, rss_cold = run(nqp("build", "--data", str(data), "--out", str(out), "--date", DATE), env)
    shutil.rmtree(out)
    warm, rss_warm = run(nqp("build", "--data", str(data), "--out", str(out), "--date", DATE), env)
    noop, _ = run(nqp("build", "--data", str(data), "--out", str(out), "--date", DATE, "--if-changed"), env)
    # Another target: fonts cached, its charts not yet: what each target of a batch costs.
    other, _ = run(nqp("build", "--data", str(data), "--target", "深圳", "--out", str(work / "other"),
                       "--date", DATE), env)
    docx_file = next(out.glob("*.docx"))
    pdf_file = next(out.glob("*.pdf"))

    from nqp_report.data import load_dataset

    ds = load_dataset(data)
    targets = list(ds.regions)[:20]
    batch_seconds, _ = run(nqp("batch", "--data", str(data), "--targets", ",".join(targets), "--jobs", "2",
                               "--out", str(work / "batch"), "--date", DATE), env)
    n_built = len(targets)
    batch20 = batch_seconds * 20 / n_built

    soffice = shutil.which("soffice")
    lo = None
    if soffice:
        lo_out = work / "lo"
        convert = [soffice, "--headless", f"-env:UserInstallation=file://{work}/lo-profile", "--convert-to", "pdf",
                   "--outdir", str(lo_out), str(docx_file)]
        lo_first, _ = run(convert, env)  # creates LibreOffice's profile: a first start is slower
        lo, _ = run(convert, env)

    sizes = {docx_file.name: docx_file.stat().st_size, pdf_file.name: pdf_file.stat().st_size}
    rows.append(("完整构建（空缓存：本机首次，含字体子集转换）", f"{cold:.2f} s", ""))
    rows.append(("完整构建（字体、图表缓存已有，输出已删除）", f"{warm:.2f} s", f"目标 ≤ 0.6 × LibreOffice = {0.6 * lo:.2f} s" if lo else "无 soffice"))
    rows.append(("无变化时 --if-changed", f"{noop:.2f} s", f"目标 ≤ 0.15 × 完整构建 = {0.15 * warm:.2f} s"))
    label = "批量 20 个目标（--jobs 2）" if n_built == 20 else f"批量 {n_built} 个目标（--jobs 2）按比例折算为 20 个"
    rows.append(("另一目标的完整构建（字体已缓存，图表未缓存）", f"{other:.2f} s", ""))
    rows.append((label, f"{batch20:.2f} s", f"目标 ≤ 6 × 单次：按另一目标 {6 * other:.2f} s，按缓存齐全 {6 * warm:.2f} s"))
    if lo:
        rows.append(("LibreOffice 转换同一 DOCX", f"{lo:.2f} s", f"首次启动（建配置）{lo_first:.2f} s"))
    for name, size in sizes.items():
        rows.append((f"文件大小 {name}", f"{size / 1024:.0f} KiB", "目标 ≤ 1.5 MB"))
    rows.append(("峰值内存（完整构建）", f"{max(rss_cold, rss_warm):.0f} MiB", "目标 ≤ 300 MiB"))
    width = max(len(r[0]) for r in rows) + 2
    for label, value, target in rows:
        print(f"{label:<{width}}{value:>12}   {target}")
    print(json.dumps({"cold_s": cold, "warm_s": warm, "noop_s": noop, "batch20_s": batch20, "other_target_s": other, "soffice_s": lo,
                      "sizes": sizes, "peak_rss_mib": max(rss_cold, rss_warm)}, ensure_ascii=False))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
