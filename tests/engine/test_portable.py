"""Each POSIX-only call has a fallback that keeps the same promise; each is tested here by
making the POSIX call unavailable, as it is on Windows or on some file systems."""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

import pytest

from engine import autosave, files
from engine.files import TargetExistsError, write_text_atomic


def mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def public_mkstemp(monkeypatch):
    """Temporary files created readable by all, as on a platform whose mkstemp is not private:
    only the mode fallback can make the result 0600."""
    real = files.tempfile.mkstemp

    def mkstemp(*a: object, **k: object) -> tuple[int, str]:
        fd, name = real(*a, **k)
        os.chmod(name, 0o644)
        return fd, name

    monkeypatch.setattr(files.tempfile, "mkstemp", mkstemp)


def no_link(monkeypatch):
    monkeypatch.delattr(files.os, "link")


def someone_writes_meanwhile(monkeypatch, target: Path) -> None:
    """Another program creates `target` after cnsnet checked it was free."""
    real_mkstemp = files.tempfile.mkstemp

    def racing(*a: object, **k: object) -> tuple[int, str]:
        target.write_text("someone else's\n", encoding="utf-8")
        return real_mkstemp(*a, **k)

    monkeypatch.setattr(files.tempfile, "mkstemp", racing)


# -- fchmod ----------------------------------------------------------------------------------


def test_without_fchmod_the_file_is_still_0600(tmp_path, monkeypatch, public_mkstemp):
    monkeypatch.delattr(files.os, "fchmod")
    out = write_text_atomic(tmp_path / "a.toml", "x = 1\n")
    assert out.read_text(encoding="utf-8") == "x = 1\n"
    assert mode(out) == 0o600


def test_fchmod_not_supported_by_the_file_system_falls_back(tmp_path, monkeypatch, public_mkstemp):
    def refuse(fd: int, m: int) -> None:
        raise OSError(errno.ENOTSUP, "Operation not supported")

    monkeypatch.setattr(files.os, "fchmod", refuse)
    out = write_text_atomic(tmp_path / "a.toml", "x = 1\n")
    assert mode(out) == 0o600


def test_the_mode_is_set_even_through_the_normal_path(tmp_path, public_mkstemp):
    """Control: the fixture really makes a public temporary file, and fchmod fixes it."""
    assert mode(write_text_atomic(tmp_path / "a.toml", "x\n")) == 0o600


# -- folder fsync ----------------------------------------------------------------------------


def test_a_folder_that_cannot_be_opened_for_fsync_still_gets_the_file(tmp_path, monkeypatch):
    """Windows refuses os.open on a folder (PermissionError): the write still happens whole."""
    real_open = files.os.open
    refused: list[str] = []

    def open_no_folders(path: object, flags: int, *a: object, **k: object) -> int:
        if os.path.isdir(path):  # type: ignore[arg-type]
            refused.append(str(path))
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(files.os, "open", open_no_folders)
    target = tmp_path / "a.toml"
    target.write_text("old\n", encoding="utf-8")
    write_text_atomic(target, "new\n", overwrite=True)
    assert refused == [str(tmp_path)]
    assert target.read_text(encoding="utf-8") == "new\n"
    assert leftovers(tmp_path) == []


def test_no_fsync_for_folders_at_all(tmp_path, monkeypatch):
    real_fsync = files.os.fsync

    def fsync_files_only(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "Invalid argument")
        real_fsync(fd)

    monkeypatch.setattr(files.os, "fsync", fsync_files_only)
    out = write_text_atomic(tmp_path / "a.toml", "x\n")
    assert out.read_text(encoding="utf-8") == "x\n"


# -- os.link (never overwrite) ---------------------------------------------------------------


@pytest.mark.parametrize("how", ["no os.link", "file system without hard links"])
def test_without_hard_links_a_new_file_is_written_0600(tmp_path, monkeypatch, how):
    if how == "no os.link":
        no_link(monkeypatch)
    else:

        def refuse(a: object, b: object) -> None:
            raise OSError(errno.EPERM, "Operation not permitted")  # vfat, exFAT

        monkeypatch.setattr(files.os, "link", refuse)
    out = write_text_atomic(tmp_path / "a.toml", "mine\n")
    assert out.read_text(encoding="utf-8") == "mine\n"
    assert mode(out) == 0o600
    assert leftovers(tmp_path) == []


def test_without_hard_links_an_existing_file_is_kept(tmp_path, monkeypatch):
    no_link(monkeypatch)
    target = tmp_path / "a.toml"
    target.write_text("theirs\n", encoding="utf-8")
    with pytest.raises(TargetExistsError):
        write_text_atomic(target, "mine\n")
    assert target.read_text(encoding="utf-8") == "theirs\n"


def test_without_hard_links_a_file_appearing_meanwhile_is_not_clobbered(tmp_path, monkeypatch):
    no_link(monkeypatch)
    target = tmp_path / "a.toml"
    someone_writes_meanwhile(monkeypatch, target)
    with pytest.raises(FileExistsError):
        write_text_atomic(target, "mine\n")
    assert target.read_text(encoding="utf-8") == "someone else's\n"
    assert leftovers(tmp_path) == []


def test_without_hard_links_a_failed_move_leaves_neither_placeholder_nor_temporary(
    tmp_path, monkeypatch
):
    no_link(monkeypatch)

    def broken_replace(a: object, b: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(files.WriteError, match="input/output error"):
        write_text_atomic(tmp_path / "a.toml", "mine\n")
    assert list(tmp_path.iterdir()) == []


def test_on_windows_rename_is_the_no_clobber_move(tmp_path, monkeypatch):
    """Windows: os.rename refuses an existing name; the fallback relies on exactly that."""
    no_link(monkeypatch)
    monkeypatch.setattr(files, "_WINDOWS", True)
    real_rename = files.os.rename
    renamed: list[str] = []

    def windows_rename(src: str, dst: object) -> None:
        if os.path.lexists(dst):  # type: ignore[arg-type]
            raise FileExistsError(
                errno.EEXIST, "Cannot create a file when that file already exists"
            )
        renamed.append(str(dst))
        real_rename(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(files.os, "rename", windows_rename)
    target = tmp_path / "a.toml"
    write_text_atomic(target, "mine\n")
    assert renamed == [str(target)]
    assert target.read_text(encoding="utf-8") == "mine\n"

    other = tmp_path / "b.toml"
    someone_writes_meanwhile(monkeypatch, other)
    with pytest.raises(FileExistsError):
        write_text_atomic(other, "mine\n")
    assert other.read_text(encoding="utf-8") == "someone else's\n"
    assert leftovers(tmp_path) == []


def test_autosave_works_with_none_of_the_posix_calls(tmp_path, monkeypatch, public_mkstemp):
    from engine.session import Session

    monkeypatch.setenv("CNSNET_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delattr(files.os, "fchmod")
    no_link(monkeypatch)
    session = Session()
    path = autosave.autosave(session)
    again = autosave.autosave(session, exported=True)
    assert path == again and mode(path) == 0o600
    assert mode(autosave.marker_path(path)) == 0o600
    assert autosave.scan().unfinished == []


# -- the state folder ------------------------------------------------------------------------


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_windows_and_macos_take_the_state_folder_from_platformdirs(tmp_path, monkeypatch, platform):
    import platformdirs

    asked: list[tuple[object, ...]] = []

    def user_state_dir(*a: object, **k: object) -> str:
        asked.append((*a, *sorted(k.items())))
        return str(tmp_path / "platform" / "cnsnet")

    monkeypatch.setattr(platformdirs, "user_state_dir", user_state_dir)
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.delenv("CNSNET_STATE_DIR", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))  # a Linux convention: ignored
    assert autosave.state_dir() == tmp_path / "platform" / "cnsnet"
    assert asked == [("cnsnet", ("appauthor", False))]
    monkeypatch.setenv("CNSNET_STATE_DIR", str(tmp_path / "own"))  # still first
    assert autosave.state_dir() == tmp_path / "own"


def test_the_macos_folder_is_application_support(tmp_path, monkeypatch):
    import platformdirs
    from platformdirs.macos import MacOS

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("CNSNET_STATE_DIR", raising=False)
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(
        platformdirs, "user_state_dir", lambda *a, **k: MacOS(*a, **k).user_state_dir
    )
    assert autosave.state_dir() == tmp_path / "Library" / "Application Support" / "cnsnet"


def test_linux_keeps_xdg_first(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("CNSNET_STATE_DIR", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert autosave.state_dir() == tmp_path / "xdg" / "cnsnet"
