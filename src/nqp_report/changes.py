"""What changed in the data since the last build (数据更新说明).

A build stores a snapshot of the values it used; the next build compares the
dataset with it and lists updated, added and removed values with old and new
figures, for the console and for templates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .data import Dataset
from .formatting import fmt_number, qualify


@dataclass(frozen=True)
class Change:
    """One changed value: kind is 更新, 新增 or 删除; old/new are printed values ("" when absent)."""

    kind: str
    region: str
    indicator: str
    year: int
    old: str
    new: str

    def __str__(self) -> str:
        what = f"{self.region}·{self.indicator}（{self.year}年）"
        if self.kind == "更新":
            return f"更新 {what}：{self.old} → {self.new}"
        if self.kind == "新增":
            return f"新增 {what}：{self.new}"
        return f"删除 {what}：原为{self.old}"


def snapshot(dataset: Dataset) -> dict[str, dict]:
    """Return the values a build used, keyed "region|indicator|year" (the preferred row where two exist)."""
    chosen: dict[str, dict] = {}
    for o in dataset.observations:
        key = f"{o.region}|{o.indicator}|{o.year}"
        if key in chosen and not o.preferred:
            continue
        ind = dataset.indicators[o.indicator]
        chosen[key] = {
            "name": ind.name, "text": qualify(o.qualifier, fmt_number(o.value, ind.decimals) + ind.unit),
            "source": o.source, "value": o.value, "qualifier": o.qualifier, "unit": ind.unit,
        }
    return dict(sorted(chosen.items()))


def diff(old: dict[str, dict], new: dict[str, dict]) -> list[Change]:
    """Return the changes from snapshot ``old`` to ``new``, in key order."""
    changes = []
    for key in sorted(set(old) | set(new)):
        region, _, year = key.split("|")
        a, b = old.get(key), new.get(key)
        name = (b or a)["name"]
        if a is None:
            changes.append(Change("新增", region, name, int(year), "", b["text"]))
        elif b is None:
            changes.append(Change("删除", region, name, int(year), a["text"], ""))
        elif _fact(a) != _fact(b):
            changes.append(Change("更新", region, name, int(year), a["text"], b["text"]))
    return changes


def _fact(entry: dict) -> tuple:
    """Return what a change is judged on: the number, qualifier and unit (older snapshots: the printed text)."""
    if "value" in entry:
        return entry["value"], entry["qualifier"], entry["unit"]
    return (entry["text"],)


def snapshot_path(out: Path, base: str) -> Path:
    """Return where the snapshot of an output base is kept."""
    return out / ".nqp-report" / f"snapshot-{base}.json"


def load_snapshot(out: Path, base: str) -> dict[str, dict] | None:
    """Return the previous build's snapshot, or None when there was none or it is damaged."""
    return read_snapshot(out, base)[0]


def _snapshot_ok(snap: object) -> bool:
    if not isinstance(snap, dict):
        return False
    for key, entry in snap.items():
        parts = key.split("|") if isinstance(key, str) else []
        if len(parts) != 3 or not parts[2].isdigit() or not isinstance(entry, dict):
            return False
        if not isinstance(entry.get("name"), str) or not isinstance(entry.get("text"), str):
            return False
        if "value" in entry and not {"qualifier", "unit"} <= set(entry):
            return False
    return True


def read_snapshot(out: Path, base: str) -> tuple[dict[str, dict] | None, str | None]:
    """Return (previous snapshot or None, a 提示 text when a snapshot file was there but unusable)."""
    path = snapshot_path(out, base)
    try:
        snap = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, None
    except (OSError, ValueError):
        snap = None
    if not _snapshot_ok(snap):
        return None, f"上次生成的数值记录 {path} 已损坏或格式不对，已忽略（本次不列出数据变化）"
    return snap, None


def snapshot_bytes(snap: dict[str, dict]) -> bytes:
    """Return a snapshot as stable JSON bytes."""
    return (json.dumps(snap, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")
