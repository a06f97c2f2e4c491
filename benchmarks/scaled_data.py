"""Write a copy of the bundled dataset scaled N times (fictional, for benchmarks only; never shipped).

Each region gets N-1 fictional copies named "<region><k>" carrying the same
observations, practices and recommendations; indicators and sources stay as
they are. A build for the bundled target and peers therefore compares the
same regions on the same indicators, over a dataset N times larger.

    python benchmarks/scaled_data.py 10 /tmp/data-10x
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def _renamed(rows: list[dict[str, str]], k: int, fields: dict[str, str]) -> list[dict[str, str]]:
    out = []
    for row in rows:
        copy = dict(row)
        for name, how in fields.items():
            if name not in copy:
                continue
            value = copy[name]
            if how == "region":
                copy[name] = f"{value}{k}" if value else value
            elif how == "regions":
                copy[name] = ";".join(f"{v}{k}" for v in value.split(";") if v) if value else value
            elif how == "id":
                copy[name] = f"{value}_{k}" if value else value
            elif how == "ids":
                copy[name] = ";".join(f"{v}_{k}" for v in value.split(";") if v) if value else value
        out.append(copy)
    return out


def write_scaled(factor: int, dest: Path, source: Path = ROOT / "data") -> Path:
    """Return ``dest`` after writing the bundled dataset scaled ``factor`` times into it."""
    dest.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.csv")):
        columns, rows = _read(path)
        scaled = list(rows)
        for k in range(2, factor + 1):
            if path.name == "regions.csv":
                scaled += _renamed(rows, k, {"name": "region"})
            elif path.name == "observations.csv":
                scaled += _renamed(rows, k, {"region": "region"})
            elif path.name == "practices.csv":
                scaled += _renamed(rows, k, {"region": "region", "id": "id"})
            elif path.name == "recommendations.csv":
                copies = _renamed(rows, k, {"id": "id", "benchmarks": "regions", "region": "region",
                                            "practices": "ids"})
                for copy in copies:
                    # A recommendation for any target would reach the bundled target too: address
                    # each copy to the fictional copy of the default target instead.
                    copy["region"] = copy.get("region") or f"宁波{k}"
                if "region" not in columns:
                    columns = columns + ["region"]
                scaled += copies
        _write(dest / path.name, columns, scaled)
    return dest


if __name__ == "__main__":
    write_scaled(int(sys.argv[1]), Path(sys.argv[2]))
    print(sys.argv[2])
