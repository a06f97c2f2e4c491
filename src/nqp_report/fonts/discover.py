"""Installed fonts by family name: the name tables of every font in the system and user font folders.

Each file's family names (name IDs 1 and 16, every language, so "仿宋_GB2312"
and "FangSong_GB2312" both match), style and licence are read once with
fontTools and kept in an index in the cache folder keyed by the file's size
and modification time; later runs only list the folders and stat the files.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from .cachedir import file_stamp

FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")
INDEX_VERSION = 3


@dataclass(frozen=True)
class InstalledFace:
    """One face of an installed font file: its family names, style and licence text."""

    path: str
    index: int
    families: tuple[str, ...]
    style: str
    licence: str

    @property
    def regular(self) -> bool:
        """Return whether the face is the upright regular (or book) style."""
        return self.style.lower() in ("regular", "normal", "book", "roman", "常规", "標準", "")


def font_dirs() -> list[Path]:
    """Return the system and user font folders of this platform (Windows, macOS, Linux/BSD)."""
    home = Path.home()
    if sys.platform.startswith("win"):
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        dirs = [windir / "Fonts"]
        if os.environ.get("LOCALAPPDATA"):
            dirs.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
        return dirs
    if sys.platform == "darwin":
        return [home / "Library" / "Fonts", Path("/Library/Fonts"), Path("/System/Library/Fonts"),
                Path("/System/Library/Fonts/Supplemental")]
    data_home = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return [data_home / "fonts", home / ".fonts", Path("/usr/local/share/fonts"), Path("/usr/share/fonts")]


def font_files(dirs: list[Path]) -> list[Path]:
    """Return every font file under ``dirs``, in a stable order (folders first as given, then sorted)."""
    found: list[Path] = []
    for root in dirs:
        if not root.is_dir():
            continue
        for folder, subdirs, files in os.walk(root):
            subdirs.sort()
            found.extend(Path(folder) / name for name in sorted(files) if name.lower().endswith(FONT_SUFFIXES))
    return found


def normalise(family: str) -> str:
    """Return a family name for matching: lower case, without spaces, hyphens and underscores."""
    return "".join(c for c in family.lower() if c not in " -_")


def read_faces(path: Path) -> list[InstalledFace]:
    """Return the faces of one font file read from its name tables; [] when it is not a readable font."""
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    try:
        if path.suffix.lower() in (".ttc", ".otc"):
            fonts = list(TTCollection(str(path), lazy=True).fonts)
        else:
            fonts = [TTFont(str(path), lazy=True)]
    except (TTLibError, OSError, ValueError, AssertionError, KeyError):
        return []
    faces = []
    for index, tt in enumerate(fonts):
        try:
            names = tt["name"].names
        except (KeyError, TTLibError, AssertionError, ValueError):
            continue
        families, style, licence = [], "", ""
        for record in names:
            try:
                text = record.toUnicode().strip()
            except (UnicodeDecodeError, ValueError):
                continue
            if record.nameID in (1, 16) and text and text not in families:
                families.append(text)
            elif record.nameID in (2, 17) and not style:
                style = text
            elif record.nameID == 13 and not licence:
                licence = licence_label(text)
        faces.append(InstalledFace(str(path), index, tuple(families), style, licence))
    return faces


def installed_faces(dirs: list[Path] | None = None, index_file: Path | None = None) -> list[InstalledFace]:
    """Return every face installed in ``dirs`` (default :func:`font_dirs`), reading only new or changed files."""
    old: dict = {}
    if index_file is not None:
        try:
            loaded = json.loads(index_file.read_text(encoding="utf-8"))
            if loaded.get("version") == INDEX_VERSION:
                old = loaded["files"]
        except (OSError, ValueError, KeyError, AttributeError):
            old = {}
    files: dict = {}
    changed = False
    for path in font_files(font_dirs() if dirs is None else dirs):
        try:
            stamp = file_stamp(path)
        except OSError:
            continue
        entry = old.get(str(path))
        if entry is None or entry["stamp"] != stamp:
            entry = {"stamp": stamp, "faces": [asdict(f) for f in read_faces(path)]}
            changed = True
        files[str(path)] = entry
    if index_file is not None and (changed or set(files) != set(old)):
        _save_index(index_file, files)
    return [InstalledFace(**{**f, "families": tuple(f["families"])}) for e in files.values() for f in e["faces"]]


KNOWN_LICENCES = (("open font license", "SIL OFL 1.1"), ("general public license", "GPL"),
                  ("apache license", "Apache 2.0"), ("ubuntu font licence", "Ubuntu Font Licence"))


def licence_label(text: str) -> str:
    """Return a short name for a font's licence description (name ID 13), or its first 40 characters."""
    lowered = text.lower()
    for needle, label in KNOWN_LICENCES:
        if needle in lowered:
            return label
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:40] + "…"


def _save_index(index_file: Path, files: dict) -> None:
    try:
        index_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = index_file.with_name(f".{index_file.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"version": INDEX_VERSION, "files": files}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, index_file)
    except OSError:
        pass  # an unwritable cache only costs time


def find_family(faces: list[InstalledFace], families: tuple[str, ...]) -> InstalledFace | None:
    """Return the installed face of the first of ``families`` that is installed, a regular style preferred."""
    by_name: dict[str, list[InstalledFace]] = {}
    for face in faces:
        for family in face.families:
            by_name.setdefault(normalise(family), []).append(face)
    for family in families:
        candidates = by_name.get(normalise(family))
        if candidates:
            return sorted(candidates, key=lambda f: (not f.regular, f.path, f.index))[0]
    return None
