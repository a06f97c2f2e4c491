"""Output staging: all files replaced or none (rename phase included), stale temporaries, names, lock errors."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from nqp_report import staging
from nqp_report.errors import OutputError
from nqp_report.staging import inside, output_lock, remove_stale, safe_file_name, write_all_atomic


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def failing_replace_on_call(monkeypatch, n: int):
    """Make the n-th os.replace of the rename phase fail like a full disk would."""
    real = os.replace
    calls = []

    def replace(src, dst):
        if str(src).endswith(staging.TEMP_SUFFIX):
            calls.append(dst)
            if len(calls) == n:
                raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real(src, dst)

    monkeypatch.setattr(staging.os, "replace", replace)
    return calls


def test_second_rename_failing_restores_the_first_file(tmp_path, monkeypatch):
    a, b, c = tmp_path / "a.docx", tmp_path / "b.pdf", tmp_path / "sub" / "c.json"
    write_all_atomic({a: b"old a", b: b"old b"})
    before = contents(tmp_path)
    calls = failing_replace_on_call(monkeypatch, 2)
    with pytest.raises(OSError):
        write_all_atomic({a: b"new a", b: b"new b", c: b"new c"})
    assert calls == [a, b]
    assert contents(tmp_path) == before
    assert not c.exists() and not list((tmp_path / "sub").iterdir())


def test_failed_rename_on_a_first_build_leaves_no_new_file(tmp_path, monkeypatch):
    failing_replace_on_call(monkeypatch, 2)
    with pytest.raises(OSError):
        write_all_atomic({tmp_path / "a.docx": b"a", tmp_path / "b.pdf": b"b"})
    assert list(tmp_path.iterdir()) == []


def test_all_renamed_when_nothing_fails_and_no_copies_kept(tmp_path):
    write_all_atomic({tmp_path / "a": b"1"})
    write_all_atomic({tmp_path / "a": b"2", tmp_path / "b": b"3"})
    assert [p.name for p in sorted(tmp_path.iterdir())] == ["a", "b"]
    assert (tmp_path / "a").read_bytes() == b"2"


def test_stale_temporaries_are_removed_but_nothing_else(tmp_path):
    keep = [tmp_path / "briefing.pdf", tmp_path / ".hidden", tmp_path / "x.tmp"]
    stale = [tmp_path / f".briefing.pdf.abc123{staging.TEMP_SUFFIX}", tmp_path / f".briefing.pdf{staging.KEEP_SUFFIX}"]
    for p in keep + stale:
        p.write_bytes(b"x")
    assert remove_stale([tmp_path, tmp_path / "missing"]) == sorted(stale)
    assert sorted(tmp_path.iterdir()) == sorted(keep)


@pytest.mark.parametrize("name, safe", [
    ("宁波", "宁波"), ("../../../x", "______x"), ("/tmp/x", "_tmp_x"), ("a/b", "a_b"), ("-rf", "_rf"),
    (".", "_"), ("..", "_"), ("a\x00b", "a_b"), ("a\\b:c", "a_b_c"), ("briefing-宁波.", "briefing-宁波"),
    ("零\u200b宽", "零_宽"),
])
def test_safe_file_names(name, safe):
    assert safe_file_name(name) == safe


def test_names_that_cannot_be_file_names(tmp_path):
    with pytest.raises(OutputError, match="名称为空"):
        safe_file_name("  ")
    with pytest.raises(OutputError, match="超过 80 个字符"):
        safe_file_name("长" * 81)
    with pytest.raises(OutputError, match="不在输出文件夹"):
        inside(tmp_path, "../x")
    assert inside(tmp_path, "a.pdf") == tmp_path / "a.pdf"


def test_lock_path_that_is_a_folder(tmp_path):
    (tmp_path / staging.LOCK_NAME).mkdir()
    with pytest.raises(OutputError) as info:
        with output_lock(tmp_path, 1):
            pass
    assert str(info.value) == f"无法锁定输出文件夹：这是一个文件夹（{tmp_path / staging.LOCK_NAME}）"


def test_lock_on_a_read_only_file_system(tmp_path, monkeypatch):
    import filelock

    def read_only(self, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", self.lock_file)

    monkeypatch.setattr(filelock.FileLock, "acquire", read_only)
    with pytest.raises(OutputError) as info:
        with output_lock(tmp_path, 1):
            pass
    assert str(info.value) == f"无法锁定输出文件夹：文件系统只读（{tmp_path / staging.LOCK_NAME}）"


@pytest.mark.parametrize("wait", [float("nan"), float("inf"), -1])
def test_lock_wait_must_be_finite(tmp_path, wait):
    with pytest.raises(OutputError, match="等待时间"):
        with output_lock(tmp_path / "o", wait):
            pass
    assert not (tmp_path / "o").exists()


def test_output_folder_that_is_a_file(tmp_path):
    (tmp_path / "o").write_text("x")
    with pytest.raises(OutputError) as info:
        with output_lock(tmp_path / "o", 1):
            pass
    assert str(info.value) == f"无法创建输出文件夹：文件已存在（{tmp_path / 'o'}）"
