"""The build manifest: hashes of every input and output, for ``build --if-changed``.

``OUT/manifest.json`` holds one entry per output base name (``briefing-宁波``):
the hash of the inputs (data files, template, fonts, tool version and source,
parameters) and the hash of each output file. A build whose inputs hash is
unchanged and whose outputs are intact is skipped. Deciding this imports no
heavy library (no matplotlib, reportlab or python-docx).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from . import __version__

MANIFEST = "manifest.json"


def file_digest(path: Path) -> str:
    """Return the SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def tree_digest(root: Path) -> str:
    """Return a hash of every ``.py`` file under ``root`` (relative names and bytes, in sorted order)."""
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()


def code_digest() -> str:
    """Return a hash of the tool's version and own source files, so a code change forces a rebuild."""
    return hashlib.sha256(f"{__version__}:{tree_digest(Path(__file__).parent)}".encode()).hexdigest()


def file_stamp(path: Path | str) -> str:
    """Return a file's identity without reading it: resolved path, size and modification time ("missing" if absent)."""
    p = Path(path)
    try:
        st = p.stat()
    except OSError:
        return "missing"
    return f"{p.resolve()}:{st.st_size}:{st.st_mtime_ns}"


def inputs_digest(data_files: list[Path], template: Path, fonts: list[str], params: dict) -> tuple[str, dict]:
    """Return (digest, detail) over data files, template, font files, tool code and parameters."""
    detail = {
        "data": {p.name: file_digest(p) for p in data_files},
        "template": {template.name: file_digest(template)},
        "fonts": {f: file_stamp(f) for f in sorted(set(fonts))},
        "tool": {"version": __version__, "code": code_digest()},
        "params": params,
    }
    blob = json.dumps(detail, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(blob).hexdigest(), detail


def _entry_ok(entry: object) -> bool:
    return (isinstance(entry, dict) and isinstance(entry.get("inputs"), str)
            and isinstance(entry.get("outputs"), dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in entry["outputs"].items()))


def _manifest_or_none(out: Path) -> dict | None:
    """Return the manifest in ``out`` ({} when absent), None when it is unreadable or of the wrong shape."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or not all(isinstance(k, str) and _entry_ok(v) for k, v in manifest.items()):
        return None
    return manifest


def read_manifest(out: Path) -> dict:
    """Return the manifest in ``out`` ({} when absent, unreadable or of the wrong shape: every output is rebuilt)."""
    return _manifest_or_none(out) or {}


def manifest_note(out: Path) -> str | None:
    """Return a 提示 text when ``out`` holds a damaged manifest (it is ignored and rewritten), else None."""
    if _manifest_or_none(out) is None:
        return f"{out / MANIFEST} 已损坏或格式不对，已忽略并重新生成"
    return None


def is_up_to_date(out: Path, base: str, digest: str) -> bool:
    """Return True when ``base``'s recorded inputs digest matches and every recorded output is intact."""
    entry = read_manifest(out).get(base)
    if not entry or entry.get("inputs") != digest or not entry.get("outputs"):
        return False
    for name, recorded in entry["outputs"].items():
        path = out / name
        if not path.exists() or file_digest(path) != recorded:
            return False
    return True


def manifest_bytes(out: Path, base: str, digest: str, detail: dict, outputs: dict[Path, bytes]) -> bytes:
    """Return the new manifest file content with ``base``'s entry replaced by the outputs about to be written."""
    manifest = read_manifest(out)
    manifest[base] = {
        "inputs": digest,
        "detail": detail,
        "outputs": {p.name: hashlib.sha256(data).hexdigest() for p, data in sorted(outputs.items())},
    }
    return (json.dumps(manifest, sort_keys=True, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
