"""Output staging: safe file names, the folder lock, and all-or-nothing replacement of output files.

Every file of a build (documents, snapshot, manifest) is first written to a
temporary file beside its destination; only then are they renamed into place.
When a rename fails, the files already renamed are put back from kept copies,
so a failed build leaves the previous outputs exactly as they were.
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
import unicodedata
from pathlib import Path

from .data.cells import visible
from .errors import OutputError, os_error_text

LOCK_NAME = ".nqp-report.lock"
PRIVATE_DIR = ".nqp-report"
TEMP_SUFFIX = ".nqp-tmp"
KEEP_SUFFIX = ".nqp-keep"
MAX_NAME_CHARS = 80
_FORBIDDEN = set('/\\:*?"<>|')


def safe_file_name(name: str) -> str:
    """Return ``name`` usable as one file name: Chinese kept; separators, controls, ``..``, leading ``-``/``.`` replaced.

    Raises OutputError when the name is empty or longer than MAX_NAME_CHARS characters.
    """
    text = unicodedata.normalize("NFC", name)
    if not text.strip():
        raise OutputError("名称为空，无法用作文件名")
    if len(text) > MAX_NAME_CHARS:
        raise OutputError(f"名称“{visible(text[:20])}…”超过 {MAX_NAME_CHARS} 个字符，无法用作文件名")
    chars = ["_" if c in _FORBIDDEN or unicodedata.category(c)[0] in "CZ" and c != " " else c for c in text]
    text = "".join(chars)
    while ".." in text:
        text = text.replace("..", "_")
    stripped = text.lstrip("-. ")
    text = "_" * (len(text) - len(stripped)) + stripped
    return text.rstrip(". ") or "_"


def _file_key(name: str) -> str | None:
    try:
        return safe_file_name(name).casefold()
    except OutputError:
        return None


def file_name_clash(regions: list[str], target: str) -> str | None:
    """Return why ``target``'s outputs would share file names with another region's ("宁波" and "宁波."), or None.

    Names are compared as file names (made safe, letter case ignored as Windows and macOS do),
    so building one region can never replace another region's briefing or snapshot.
    """
    key = _file_key(target)
    others = [r for r in regions if r != target and key is not None and _file_key(r) == key]
    if not others:
        return None
    return (f"地区“{visible(target)}”与“{'、'.join(visible(r) for r in others)}”用作文件名时相同"
            f"（都是“{safe_file_name(target)}”），生成的报告会互相覆盖；请在 regions 表中改名其中一个地区")


def inside(out: Path, name: str) -> Path:
    """Return ``out / name``, or raise OutputError when the path would leave ``out``."""
    root = Path(os.path.abspath(out))
    path = Path(os.path.abspath(root / name))
    if path.parent != root:
        raise OutputError(f"输出文件“{visible(name)}”不在输出文件夹 {out} 中")
    return out / name


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def stage(path: Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``path``; return the temporary file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        os.unlink(tmp)
        raise
    return Path(tmp)


def _keep(path: Path) -> Path | None:
    """Return a kept copy of an existing ``path`` (a hard link, else a copy), or None when there is none."""
    if not path.exists():
        return None
    kept = path.with_name(f".{path.name}{KEEP_SUFFIX}")
    _remove(kept)
    try:
        os.link(path, kept)
    except OSError:
        shutil.copy2(path, kept)
    return kept


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _rename_all(staged: list[tuple[Path, Path]]) -> None:
    """Rename each staged file onto its destination; on failure put back what was already replaced."""
    done: list[tuple[Path, Path | None]] = []
    kept: list[Path] = []
    try:
        for tmp, path in staged:
            backup = _keep(path)
            if backup is not None:
                kept.append(backup)
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise OSError(exc.errno, exc.strerror, str(path)) from exc
            done.append((path, backup))
    except BaseException:
        for path, backup in reversed(done):
            if backup is None:
                _remove(path)
            else:
                os.replace(backup, path)
        for tmp, _ in staged:
            _remove(tmp)
        raise
    finally:
        for backup in kept:
            _remove(backup)


def write_all_atomic(files: dict[Path, bytes]) -> None:
    """Stage every file, then rename them all into place: all files are replaced, or none.

    OSError propagates after the previous files have been restored and temporaries removed.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            staged.append((stage(path, data), path))
    except BaseException:
        for tmp, _ in staged:
            _remove(tmp)
        raise
    _rename_all(staged)


def write_atomic(path: Path, data: bytes) -> None:
    """Write one file atomically (temporary file in the same folder, then rename)."""
    write_all_atomic({path: data})


def remove_stale(folders: list[Path]) -> list[Path]:
    """Remove temporaries and kept copies a killed run left in ``folders``; return what was removed."""
    removed = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") and path.name.endswith((TEMP_SUFFIX, KEEP_SUFFIX)) and path.is_file():
                _remove(path)
                removed.append(path)
    return removed


def _probe_lock_file(lock_path: Path) -> None:
    """Open (creating) the lock file once, never through a symlink; OutputError at once when the system refuses.

    The lock library retries any failure to open until its timeout, blaming another
    process; only real contention (the lock held) should wait.
    """
    try:
        os.close(os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o666 & ~_umask()))
    except OSError as exc:
        raise OutputError(f"无法锁定输出文件夹：{os_error_text(exc, lock_path)}") from None


class output_lock:
    """Hold an exclusive lock on an output folder; OutputError after ``timeout`` seconds."""

    def __init__(self, out: Path, timeout: float):
        self.out, self.timeout = out, timeout

    def __enter__(self):
        from filelock import FileLock, Timeout

        if not isinstance(self.timeout, (int, float)) or not math.isfinite(self.timeout) or self.timeout < 0:
            raise OutputError(f"等待时间“{self.timeout}”无效，应为不小于 0 的秒数")
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"无法创建输出文件夹：{os_error_text(exc, self.out)}") from None
        lock_path = self.out / LOCK_NAME
        _probe_lock_file(lock_path)
        self.lock = FileLock(str(lock_path))
        try:
            self.lock.acquire(timeout=self.timeout)
        except Timeout:
            raise OutputError(
                f"输出文件夹 {self.out} 正被另一个 nqp-report 进程使用，等待 {self.timeout:g} 秒后仍未释放；请稍后再试"
            ) from None
        except OSError as exc:
            raise OutputError(f"无法锁定输出文件夹：{os_error_text(exc, lock_path)}") from None
        private = self.out / PRIVATE_DIR
        if private.is_symlink():
            self.lock.release()
            raise OutputError(f"{private} 是符号链接；为免把文件写到输出文件夹以外，已停止。请删去这个链接后重试")
        return self

    def __exit__(self, *exc) -> None:
        self.lock.release()
