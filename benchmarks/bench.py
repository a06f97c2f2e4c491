"""Measure builds as ratios of interleaved A/B pairs, because single runs on a shared machine contradict each other.

Run from the repository root:  python benchmarks/bench.py [--pairs 5] [--only NAME ...]

Each comparison runs A and B alternately (ABBA...), n pairs, and prints the
median of each side and the median of the per-pair ratios A/B. Nothing here
runs as a test. Comparisons:

  warm_vs_lo     warm full build (DOCX + PDF, font and chart caches warm) / LibreOffice converting the same DOCX
  charts_vs_lo   build with an empty chart cache (fonts cached) / LibreOffice
  first_vs_warm  first build with an empty cache (fonts and charts) / warm build
  10x_vs_1x      build at 10x the bundled data / at 1x (target and peers fixed)
  jobs2_vs_jobs1 batch of 20 targets with --jobs 2 / the same with --jobs 1 (warm caches: one batch runs first)

It also prints file sizes, the peak RSS of a warm and a cold build, and the
load average at the start and the end: ratios from a loaded machine say
little about parallel speed-ups (jobs2_vs_jobs1 needs two idle cores).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scaled_data import write_scaled  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATE = "2026-11-24"
PEERS = "深圳,常州,苏州,杭州"


def timed(args: list[str], env: dict, cwd: Path | None = None) -> float:
    """Return the wall seconds of one command, which must succeed."""
    start = time.perf_counter()
    subprocess.run(args, check=True, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def peak_rss(args: list[str], env: dict) -> float:
    """Return the peak RSS in MiB of one command run under /usr/bin/time-like accounting."""
    code = ("import resource,subprocess,sys;subprocess.run(sys.argv[1:],check=True,"
            "stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, *args], env=env, check=True, capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024


def nqp(*args: str) -> list[str]:
    return [sys.executable, "-m", "nqp_report.cli", *args]


def pairs(a: Callable[[], float], b: Callable[[], float], n: int) -> dict:
    """Return medians of A and B and the median of per-pair ratios over n interleaved pairs."""
    times_a, times_b, ratios = [], [], []
    for i in range(n):
        if i % 2 == 0:
            ta, tb = a(), b()
        else:
            tb, ta = b(), a()
        times_a.append(ta)
        times_b.append(tb)
        ratios.append(ta / tb)
    return {"a_median_s": statistics.median(times_a), "b_median_s": statistics.median(times_b),
            "ratio_median": statistics.median(ratios), "ratio_min": min(ratios), "ratio_max": max(ratios)}


class Bench:
    """Shared set-up: a work folder, a warm cache and a reference DOCX for LibreOffice."""

    def __init__(self, work: Path):
        self.work = work
        self.data = ROOT / "data"
        self.cache = work / "cache"
        self.env = dict(os.environ, NQP_REPORT_CACHE=str(self.cache))
        self.counter = 0
        ref = self.fresh("ref")
        subprocess.run(self.build_args(ref), check=True, env=self.env, stdout=subprocess.DEVNULL)
        self.docx = next(ref.glob("*.docx"))
        self.pdf = next(ref.glob("*.pdf"))
        self.soffice = shutil.which("soffice")
        if self.soffice:
            self.lo_convert()  # LibreOffice's first start creates its profile

    def fresh(self, name: str) -> Path:
        self.counter += 1
        path = self.work / f"{name}-{self.counter}"
        path.mkdir()
        return path

    def build_args(self, out: Path, data: Path | None = None) -> list[str]:
        return nqp("build", "--data", str(data or self.data), "--peers", PEERS, "--out", str(out), "--date", DATE)

    def warm_build(self) -> float:
        return timed(self.build_args(self.fresh("warm")), self.env)

    def env_with_cache(self, keep: tuple[str, ...]) -> dict:
        cache = self.fresh("cache")
        for sub in keep:
            if (self.cache / sub).exists():
                shutil.copytree(self.cache / sub, cache / sub)
        return dict(self.env, NQP_REPORT_CACHE=str(cache))

    def charts_cold_build(self) -> float:
        return timed(self.build_args(self.fresh("charts-cold")), self.env_with_cache(("fonts",)))

    def first_build(self) -> float:
        return timed(self.build_args(self.fresh("first")), self.env_with_cache(()))

    def lo_convert(self) -> float:
        out = self.fresh("lo")
        return timed([self.soffice, "--headless", f"-env:UserInstallation=file://{self.work}/lo-profile",
                      "--convert-to", "pdf", "--outdir", str(out), str(self.docx)], self.env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--no-compile", action="store_true",
                        help="do not compile the package's bytecode first (pip install . does; an editable "
                             "checkout under PYTHONDONTWRITEBYTECODE=1 recompiles ~100 modules per run)")
    args = parser.parse_args()
    if not args.no_compile:
        import compileall

        import nqp_report

        compileall.compile_dir(Path(nqp_report.__file__).parent, quiet=1)
    load_before = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="nqp-bench-"))
    bench = Bench(work)
    results: dict[str, dict] = {}

    def want(name: str) -> bool:
        return args.only is None or name in args.only

    if bench.soffice and want("warm_vs_lo"):
        results["warm_vs_lo"] = pairs(bench.warm_build, bench.lo_convert, args.pairs)
    if bench.soffice and want("charts_vs_lo"):
        results["charts_vs_lo"] = pairs(bench.charts_cold_build, bench.lo_convert, args.pairs)
    if want("first_vs_warm"):
        results["first_vs_warm"] = pairs(bench.first_build, bench.warm_build, max(3, args.pairs // 2))
    if want("10x_vs_1x"):
        data10 = write_scaled(10, work / "data-10x")
        results["10x_vs_1x"] = pairs(lambda: timed(bench.build_args(bench.fresh("x10"), data10), bench.env),
                                     bench.warm_build, args.pairs)
    if want("jobs2_vs_jobs1"):
        from nqp_report.data import load_dataset

        targets = ",".join(list(load_dataset(bench.data).regions)[:20])

        def batch(jobs: int) -> Callable[[], float]:
            def run() -> float:
                args_ = nqp("batch", "--data", str(bench.data), "--targets", targets, "--jobs", str(jobs),
                            "--out", str(bench.fresh(f"batch{jobs}")), "--date", DATE)
                start = time.perf_counter()
                subprocess.run(args_, env=bench.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                return time.perf_counter() - start  # some targets may have no data: exit 1 is fine here
            return run

        batch(1)()  # every target's charts into the cache first: the pairs compare warm batches
        results["jobs2_vs_jobs1"] = pairs(batch(2), batch(1), max(3, args.pairs // 2))
    files = {bench.docx.name: bench.docx.stat().st_size, bench.pdf.name: bench.pdf.stat().st_size}
    rss = {"warm_mib": peak_rss(bench.build_args(bench.fresh("rss-warm")), bench.env),
           "cold_mib": peak_rss(bench.build_args(bench.fresh("rss-cold")), bench.env_with_cache(()))}
    load = os.getloadavg()
    for name, r in results.items():
        print(f"{name:<16} A {r['a_median_s']:6.2f} s   B {r['b_median_s']:6.2f} s   "
              f"A/B median {r['ratio_median']:.2f} (range {r['ratio_min']:.2f}-{r['ratio_max']:.2f})")
    for name, size in files.items():
        print(f"size {name}: {size / 1024:.0f} KiB")
    print(f"peak RSS: warm {rss['warm_mib']:.0f} MiB, cold {rss['cold_mib']:.0f} MiB; "
          f"load average {load_before[0]:.2f} at the start, {load[0]:.2f} at the end (on {os.cpu_count()} CPUs)")
    print(json.dumps({"results": results, "sizes": files, "rss": rss, "loadavg": load,
                      "loadavg_start": load_before}, ensure_ascii=False))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
