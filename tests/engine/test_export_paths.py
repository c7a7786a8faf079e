"""Issue 9, items 10, 16, 17: a typed path never crashes a write, a folder is a folder, and
only a regular file is ever replaced."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from engine.export_dir import export_path, proposed_path
from engine.files import WriteError, write_text_atomic
from engine.paths import PathError, typed_path

NAME = "cnsnet-20261126-1501-abcdef12.toml"
LONG = "x" * 300 + ".toml"


@pytest.fixture
def gone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The current folder, deleted (the app was started in it; someone removed it)."""
    here = tmp_path / "started-here"
    here.mkdir()
    monkeypatch.chdir(here)
    here.rmdir()
    return here


# -- item 10: the writer itself refuses what cannot name a file, with one line -------------


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("~nosuchuser/x.toml", "no such home folder"),
        ("x\0y.toml", "NUL"),
        (LONG, "file name too long"),
    ],
    ids=["unknown-user", "nul", "name-300-chars"],
)
def test_a_path_that_names_no_file_is_a_write_error(tmp_path, path, problem):
    target = path if path.startswith("~") else str(tmp_path / path)
    with pytest.raises(WriteError, match=problem) as e:
        write_text_atomic(target, "text\n")
    assert "\n" not in str(e.value) and "\0" not in str(e.value)
    assert list(tmp_path.iterdir()) == []


def test_a_relative_path_once_the_current_folder_is_gone_is_a_write_error(gone):
    with pytest.raises(WriteError, match="folder does not exist"):
        write_text_atomic("x.toml", "text\n")


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "is empty"),
        ("~nosuchuser/x.toml", "home folder this computer does not know"),
        ("/tmp/a\0b.toml", "NUL character"),
        ("/tmp/" + LONG, "at most 255 bytes a name"),
    ],
    ids=["empty", "unknown-user", "nul", "name-300-chars"],
)
def test_a_typed_path_is_refused_naming_field_value_and_what_is_accepted(typed, says):
    with pytest.raises(PathError, match=says) as e:
        typed_path(typed)
    message = str(e.value)
    assert message.startswith("File: '") and "\0" not in message and len(message) < 300


def test_a_relative_typed_path_once_the_current_folder_is_gone_says_so(gone):
    with pytest.raises(PathError, match="no longer exists; type a full path"):
        typed_path("./x.toml")
    assert typed_path("/tmp/x.toml") == Path("/tmp/x.toml")


def test_the_proposed_path_survives_an_unknown_user_and_a_lost_current_folder(gone, monkeypatch):
    now = dt.datetime(2026, 11, 26, 15, 1, tzinfo=dt.UTC)
    for bad in ("~nosuchuser/exports", "./exports"):
        monkeypatch.setenv("CNSNET_EXPORT_DIR", bad)
        assert proposed_path(now, "abcdef12-0000").name.startswith("cnsnet-")


# -- item 16: a path ending in a separator is a folder -------------------------------------


def test_a_path_ending_in_a_slash_gets_the_file_name_in_that_folder(tmp_path):
    (tmp_path / "out").mkdir()
    assert export_path(f"{tmp_path}/out/", NAME) == tmp_path / "out" / NAME
    assert export_path(f"{tmp_path}/out", NAME) == tmp_path / "out" / NAME  # a folder too
    assert export_path(f"{tmp_path}/out/x.toml", NAME) == tmp_path / "out" / "x.toml"


def test_a_folder_that_does_not_exist_is_said_not_made_into_a_file(tmp_path):
    with pytest.raises(PathError, match="no such folder"):
        export_path(f"{tmp_path}/missing/", NAME)
    assert list(tmp_path.iterdir()) == []


# -- item 17: only a regular file is ever replaced -----------------------------------------


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_fifo_is_never_replaced(tmp_path, overwrite):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(WriteError, match=r"named pipe \(FIFO\); only a regular file"):
        write_text_atomic(fifo, "text\n", overwrite=overwrite)
    assert fifo.is_fifo()
    assert [p.name for p in tmp_path.iterdir()] == ["pipe.toml"]


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_symlink_to_a_regular_file_is_refused_and_both_stay(tmp_path, overwrite):
    real = tmp_path / "real.toml"
    real.write_text("precious\n", encoding="utf-8")
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    with pytest.raises(WriteError, match=r"symbolic link .*type the path of the file it points"):
        write_text_atomic(link, "text\n", overwrite=overwrite)
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "precious\n"


def test_a_device_is_never_replaced(tmp_path):
    """A null device like /dev/null (made in the test's folder: root only), even for root."""
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (OSError, AttributeError):
        pytest.skip("making a device needs root")
    with pytest.raises(WriteError, match="it is a device; only a regular file"):
        write_text_atomic(null, "text\n", overwrite=True)
    assert null.is_char_device()


def test_a_regular_file_is_still_replaced_when_asked(tmp_path):
    target = tmp_path / "x.toml"
    target.write_text("old\n", encoding="utf-8")
    write_text_atomic(target, "new\n", overwrite=True)
    assert target.read_text(encoding="utf-8") == "new\n"
