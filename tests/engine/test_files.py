"""Safe writes: whole or nothing, mode 0600, no overwrite unless asked, one-line errors."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from engine import files
from engine.files import TargetExistsError, WriteError, remove_file, write_text_atomic


def mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_writes_the_text_with_mode_0600(tmp_path):
    target = tmp_path / "summary.toml"
    old_umask = os.umask(0)  # even with a permissive umask the file is private
    try:
        written = write_text_atomic(target, 'schema = "x"\nnote = "Ki-67 8,5 %"\n')
    finally:
        os.umask(old_umask)
    assert written == target.resolve()
    assert target.read_text(encoding="utf-8") == 'schema = "x"\nnote = "Ki-67 8,5 %"\n'
    assert mode(target) == 0o600
    assert leftovers(tmp_path) == []


def test_relative_path_is_returned_resolved(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert write_text_atomic("out.toml", "a = 1\n") == (tmp_path / "out.toml").resolve()


def test_existing_file_is_kept_without_overwrite(tmp_path):
    target = tmp_path / "summary.toml"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(FileExistsError) as info:
        write_text_atomic(target, "new\n")
    assert isinstance(info.value, TargetExistsError)
    assert str(info.value) == f"cannot write {target}: a file with that name already exists"
    assert target.read_text(encoding="utf-8") == "old\n"
    assert leftovers(tmp_path) == []


def test_a_dangling_symlink_is_refused_not_written_through(tmp_path):
    link = tmp_path / "link.toml"
    link.symlink_to(tmp_path / "nowhere")
    for overwrite in (False, True):
        with pytest.raises(WriteError, match="symbolic link"):
            write_text_atomic(link, "new\n", overwrite=overwrite)
    assert not (tmp_path / "nowhere").exists() and link.is_symlink()


def test_overwrite_replaces_and_makes_the_file_private(tmp_path):
    target = tmp_path / "summary.toml"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o644)
    write_text_atomic(target, "new\n", overwrite=True)
    assert target.read_text(encoding="utf-8") == "new\n"
    assert mode(target) == 0o600
    assert leftovers(tmp_path) == []


def test_folder_that_does_not_exist(tmp_path):
    target = tmp_path / "missing" / "summary.toml"
    with pytest.raises(WriteError) as info:
        write_text_atomic(target, "x\n")
    assert str(info.value) == f"cannot write {target}: folder does not exist"
    assert "\n" not in str(info.value)
    assert not target.parent.exists()


def test_folder_that_is_a_file(tmp_path):
    not_a_folder = tmp_path / "plain.txt"
    not_a_folder.write_text("I am a file\n", encoding="utf-8")
    with pytest.raises(WriteError) as info:
        write_text_atomic(not_a_folder / "summary.toml", "x\n")
    assert "part of the path is not a folder" in str(info.value)
    assert not_a_folder.read_text(encoding="utf-8") == "I am a file\n"


def test_target_that_is_a_folder(tmp_path):
    (tmp_path / "dir.toml").mkdir()
    with pytest.raises(WriteError, match="it is a folder"):
        write_text_atomic(tmp_path / "dir.toml", "x\n", overwrite=True)
    assert leftovers(tmp_path) == []


def test_disk_full_leaves_no_temporary_and_no_target(tmp_path, monkeypatch):
    def full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "write", full)
    target = tmp_path / "summary.toml"
    with pytest.raises(WriteError) as info:
        write_text_atomic(target, "x" * 10_000)
    assert str(info.value) == f"cannot write {target}: no space left on device"
    assert list(tmp_path.iterdir()) == []


def test_disk_full_midway_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "summary.toml"
    target.write_text("old\n", encoding="utf-8")
    real_write = os.write
    calls = []

    def half_then_full(fd: int, data: memoryview) -> int:
        calls.append(len(data))
        if len(calls) == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "write", half_then_full)
    with pytest.raises(WriteError, match="no space left on device"):
        write_text_atomic(target, "new text\n" * 100, overwrite=True)
    assert len(calls) == 2  # a short write is continued, not taken as the whole
    assert target.read_text(encoding="utf-8") == "old\n"
    assert leftovers(tmp_path) == []


def test_replace_failure_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "summary.toml"
    target.write_text("old\n", encoding="utf-8")

    def denied(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(files.os, "replace", denied)
    with pytest.raises(WriteError) as info:
        write_text_atomic(target, "new\n", overwrite=True)
    assert str(info.value) == f"cannot write {target}: permission denied"
    assert target.read_text(encoding="utf-8") == "old\n"
    assert leftovers(tmp_path) == []


def test_read_only_file_system(tmp_path, monkeypatch):
    def read_only(*a: object, **k: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(files.tempfile, "mkstemp", read_only)
    with pytest.raises(WriteError, match=r"read-only file system$"):
        write_text_atomic(tmp_path / "summary.toml", "x\n")


def test_fsync_failure_is_a_write_error(tmp_path, monkeypatch):
    def io_error(fd: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(files.os, "fsync", io_error)
    with pytest.raises(WriteError, match="input/output error"):
        write_text_atomic(tmp_path / "summary.toml", "x\n")
    assert list(tmp_path.iterdir()) == []


def test_a_file_appearing_meanwhile_is_not_clobbered(tmp_path, monkeypatch):
    """Without overwrite the final step refuses to replace a file created after the check."""
    target = tmp_path / "summary.toml"
    real_mkstemp = files.tempfile.mkstemp

    def racing(*a: object, **k: object) -> tuple[int, str]:
        target.write_text("someone else's\n", encoding="utf-8")
        return real_mkstemp(*a, **k)

    monkeypatch.setattr(files.tempfile, "mkstemp", racing)
    with pytest.raises(FileExistsError):
        write_text_atomic(target, "mine\n")
    assert target.read_text(encoding="utf-8") == "someone else's\n"
    assert leftovers(tmp_path) == []


def test_text_that_is_not_unicode(tmp_path):
    with pytest.raises(WriteError, match=r"not valid Unicode \(character 2\)"):
        write_text_atomic(tmp_path / "summary.toml", "ab\udcff")
    assert list(tmp_path.iterdir()) == []


def test_message_is_one_line_even_for_a_path_with_a_newline(tmp_path):
    target = tmp_path / "no\nfolder" / "x.toml"
    with pytest.raises(WriteError) as info:
        write_text_atomic(target, "x\n")
    assert "\n" not in str(info.value) and "\\x0a" in str(info.value)


def test_remove_file(tmp_path):
    target = tmp_path / "x.toml"
    target.write_text("x", encoding="utf-8")
    remove_file(target)
    remove_file(target)  # already gone: fine
    assert not target.exists()
    (tmp_path / "d").mkdir()
    with pytest.raises(WriteError, match=r"^cannot remove "):
        remove_file(tmp_path / "d")
