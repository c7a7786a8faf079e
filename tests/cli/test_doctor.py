"""`cnsnet doctor`: one screenful, a verdict, exit 0 when healthy and 1 when cnsnet could not
work (an unwritable state folder, broken data files)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from engine.version import __version__
from tui import doctor
from tui.cli import main


@pytest.fixture
def healthy(tmp_path, monkeypatch):
    state = tmp_path / "state"
    state.mkdir(mode=0o700)
    state.chmod(0o700)
    monkeypatch.setenv("CNSNET_STATE_DIR", str(state))
    monkeypatch.chdir(tmp_path)
    return state


def report(capsys) -> tuple[int, list[str]]:
    code = main(["doctor"])
    out = capsys.readouterr().out
    return code, out.splitlines()


def line(lines: list[str], name: str) -> str:
    (found,) = [ln for ln in lines if ln[8:].startswith(name)]
    return found


def test_a_healthy_install_is_one_screen_and_exit_0(healthy, capsys):
    code, lines = report(capsys)
    assert code == 0
    assert len(lines) <= 24  # one screenful
    assert f"cnsnet {__version__}" in line(lines, "program")
    assert "textual 8.2" in line(lines, "program")
    assert "CPython 3." in line(lines, "python")
    assert line(lines, "data files").startswith("  ok")
    assert "match validated.toml" in line(lines, "data files")
    state = line(lines, "state folder")
    assert state.startswith("  ok") and str(healthy) in state
    assert "mode 0700" in state and "writable" in state
    assert line(lines, "export folder").startswith("  ok")
    assert "clipboard (OSC 52)" in line(lines, "terminal")
    # pytest's stdout is not a terminal: a warning, not a failure
    assert lines[-1] == "verdict: ready, with 1 warning: output is not a terminal"


def test_a_state_folder_not_made_yet_is_fine_when_it_can_be(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CNSNET_STATE_DIR", str(tmp_path / "new" / "state"))
    monkeypatch.chdir(tmp_path)
    code, lines = report(capsys)
    assert code == 0
    assert "to be created on the first autosave" in line(lines, "state folder")
    assert not (tmp_path / "new").exists()  # the doctor creates nothing


@pytest.mark.parametrize("shape", ["is a file", "under a file"])
def test_an_unwritable_state_folder_fails_with_exit_1(tmp_path, monkeypatch, capsys, shape):
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    state = blocker if shape == "is a file" else blocker / "state"
    monkeypatch.setenv("CNSNET_STATE_DIR", str(state))
    monkeypatch.chdir(tmp_path)
    code, lines = report(capsys)
    assert code == 1
    assert line(lines, "state folder").startswith("  FAIL")
    assert lines[-1].startswith("verdict: NOT READY: state folder")


def test_an_immutable_state_folder_fails_even_for_root(tmp_path, monkeypatch, capsys):
    """Permission bits do not stop root: an immutable folder (chattr +i) does."""
    state = tmp_path / "state"
    state.mkdir(mode=0o700)
    if not shutil.which("chattr"):
        pytest.skip("no chattr here")
    made = subprocess.run(["chattr", "+i", str(state)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"this file system has no immutable flag: {made.stderr.decode().strip()}")
    try:
        monkeypatch.setenv("CNSNET_STATE_DIR", str(state))
        monkeypatch.chdir(tmp_path)
        code, lines = report(capsys)
    finally:
        subprocess.run(["chattr", "-i", str(state)], check=True)
    assert code == 1
    assert "not writable (operation not permitted)" in line(lines, "state folder")
    assert "NOT READY: state folder not writable" in lines[-1]


def test_an_unwritable_export_folder_is_a_warning(tmp_path, monkeypatch, capsys):
    here = tmp_path / "cwd"
    here.mkdir()
    monkeypatch.setenv("CNSNET_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("CNSNET_EXPORT_DIR", str(here))
    real = doctor._probe_write
    monkeypatch.setattr(
        doctor, "_probe_write", lambda f: "read-only file system" if f == here else real(f)
    )
    code, lines = report(capsys)
    assert code == 0  # exports can go to another folder: a warning
    assert line(lines, "export folder").startswith("  warn")
    assert "not writable (read-only file system)" in line(lines, "export folder")


def test_a_changed_data_file_is_named_and_a_broken_one_fails(healthy, monkeypatch, capsys):
    from questions import load

    monkeypatch.setattr(load, "validated_stamps", lambda: {"bank.toml": "0" * 64})
    code, lines = report(capsys)
    assert code == 0
    assert "outcomes.toml differ from validated.toml but validate" in line(lines, "data files")

    broken = healthy.parent / "bank.toml"
    broken.write_text("[[questions]]\nid = 3\n", encoding="utf-8")
    monkeypatch.setattr(load, "BANK_FILE", broken)
    code, lines = report(capsys)
    assert code == 1
    assert line(lines, "data files").startswith("  FAIL")
    assert "bank.toml" in line(lines, "data files")


def test_changed_installed_files_fail(healthy, monkeypatch, capsys, tmp_path):
    """A wheel install: a file whose hash no longer matches the RECORD is named."""
    victim = tmp_path / "engine_file.py"
    victim.write_text("changed\n", encoding="utf-8")

    class FakeHash:
        mode, value = "sha256", "AAAA"

    class FakeFile:
        hash = FakeHash()

        def locate(self) -> Path:
            return victim

        def __str__(self) -> str:
            return "engine/walk.py"

    class FakeDist:
        files = (FakeFile(),)

        def read_text(self, name: str) -> str | None:
            return None

    real = doctor.metadata.distribution
    monkeypatch.setattr(
        doctor.metadata, "distribution", lambda n: FakeDist() if n == "cnsnet" else real(n)
    )
    code, lines = report(capsys)
    assert code == 1
    assert "1 of 1 files changed or missing, e.g. engine/walk.py" in line(lines, "installed")


@pytest.mark.parametrize(
    ("env", "outlook"),
    [
        ({"TERM": "xterm-kitty"}, "likely"),
        ({"WT_SESSION": "x", "TERM": "xterm-256color"}, "likely"),
        ({"TMUX": "/tmp/x", "TERM": "tmux-256color"}, "unknown"),
        ({"TERM_PROGRAM": "Apple_Terminal"}, "unlikely"),
        ({"VTE_VERSION": "7200", "TERM": "xterm-256color"}, "unlikely"),
        ({"TERM": "linux"}, "unlikely"),
        ({"TERM": "xterm-256color"}, "unknown"),
    ],
)
def test_clipboard_outlook(env, outlook):
    assert doctor.clipboard_outlook(env)[0] == outlook


def test_colours():
    assert doctor.colours({"NO_COLOR": "1", "COLORTERM": "truecolor"}).startswith("no colour")
    assert doctor.colours({"COLORTERM": "truecolor"}) == "truecolor"
    assert doctor.colours({"TERM": "xterm-256color"}) == "256 colours"


def test_in_a_real_terminal_size_and_verdict(healthy, monkeypatch):
    """Through a pseudo-terminal: the size is read and, 100x30 with TERM set, all is well."""
    import sys

    from tests.conftest import pseudo_terminal

    main_fd, sub_fd = pseudo_terminal(30, 100)
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    env.pop("TMUX", None)
    proc = subprocess.run(
        [sys.executable, "-m", "tui.cli", "doctor"],
        stdout=sub_fd,
        stderr=subprocess.PIPE,
        env=env,
        cwd=healthy.parent,
        timeout=60,
    )
    os.close(sub_fd)
    chunks = []
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main_fd)
    out = b"".join(chunks).decode()
    assert proc.returncode == 0, out + proc.stderr.decode()
    assert "100x30, truecolor" in out
    assert "verdict: ready" in out


def test_the_export_folder_is_the_proposed_one_and_a_lost_current_folder_is_no_crash(
    tmp_path, monkeypatch, capsys
):
    """Issue 9, item 10 on the command line: doctor checked the current folder (not where
    exports go) and, once it was deleted, failed with "cannot write the output"."""
    exports = tmp_path / "exports"
    exports.mkdir()
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.setenv("CNSNET_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("CNSNET_EXPORT_DIR", str(exports))
    monkeypatch.chdir(gone)
    gone.rmdir()
    code, lines = report(capsys)
    assert code == 0
    assert line(lines, "export folder").startswith("  ok") and str(exports) in line(
        lines, "export folder"
    )
    monkeypatch.setenv("CNSNET_EXPORT_DIR", "./relative")
    code, lines = report(capsys)
    assert code == 0 and line(lines, "export folder").startswith("  warn")
    assert "no export folder can be named" in line(lines, "export folder")


def test_a_state_folder_that_cannot_be_named_is_a_failed_check(healthy, capsys, monkeypatch):
    """Doctor is what one runs when the setup is broken: a traceback here helped nobody."""
    monkeypatch.setenv("CNSNET_STATE_DIR", "~nosuchuser-cnsnet/state")
    code, lines = report(capsys)
    assert code == 1
    state = line(lines, "state folder")
    assert state.startswith("  FAIL") and "~nosuchuser-cnsnet/state" in state
    assert "CNSNET_STATE_DIR names a user that does not exist here" in state
    assert lines[-1].startswith("verdict: NOT READY: state folder")
