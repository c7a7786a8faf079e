"""The terminal goes away under a running cnsnet: it saves what it holds and leaves.

Found by hand: `make run` in tmux, then `tmux kill-server`. make led the terminal's session
and did not pass the hangup on, so cnsnet saw only its input hung up (EOF, EIO) and went on
running with no one to see it, at 50-70 % of a core, for good. A terminal window closed
over a shell sends SIGHUP instead, which ended cnsnet without saving a clinician note still
waiting for typing to pause.

Each test runs the app in a pseudo-terminal of its own, answers a question by keys, then
closes the terminal.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT, pseudo_terminal
from tui.app import EXIT_HUNG_UP

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX terminals")

# A parent that leads the terminal's session and ignores the hangup, as make does.
LEADER_THAT_STAYS = (
    "import signal, subprocess, sys; signal.signal(signal.SIGHUP, lambda *a: None); "
    "sys.exit(subprocess.call([sys.executable, '-m', 'tui.cli']))"
)


def _own_terminal() -> None:
    """In the child: a session of its own, with the pseudo-terminal (fd 0) as its terminal."""
    import fcntl  # POSIX only, like this module's tests
    import termios

    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _start(cmd: list[str], state: Path) -> tuple[subprocess.Popen[bytes], int]:
    master, slave = pseudo_terminal(32, 100)
    env = {**os.environ, "CNSNET_STATE_DIR": str(state), "TERM": "xterm-256color"}
    env.pop("TEXTUAL_FPS", None)
    proc = subprocess.Popen(
        cmd,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=ROOT,
        env=env,
        preexec_fn=_own_terminal,
    )
    os.close(slave)
    return proc, master


def _read_until(master: int, text: bytes, timeout: float = 20.0) -> None:
    seen = b""
    deadline = time.monotonic() + timeout
    while text not in seen:
        assert time.monotonic() < deadline, f"{text!r} never shown; saw {seen[-300:]!r}"
        try:
            seen += os.read(master, 65536)
        except BlockingIOError:
            time.sleep(0.05)


def _answers(state: Path) -> dict[str, object]:
    (path,) = state.glob("session-*.toml")
    return dict(tomllib.loads(path.read_text(encoding="utf-8"))["answers"])


def _walk_then_hang_up(cmd: list[str], state: Path) -> subprocess.Popen[bytes]:
    proc, master = _start(cmd, state)
    os.set_blocking(master, False)
    try:
        _read_until(master, b"Case label")
        os.write(master, b"\r")  # start a session
        _read_until(master, b"Question 1")
        os.write(master, b"1")  # scope: a primary CNS neuroendocrine tumour
        _read_until(master, b"Question 2")
        deadline = time.monotonic() + 10
        while not list(state.glob("session-*.toml")):
            assert time.monotonic() < deadline, "the answer was not autosaved"
            time.sleep(0.05)
    finally:
        os.close(master)  # the terminal goes away
    return proc


def test_input_hung_up_without_a_signal_saves_and_leaves(tmp_path):
    proc = _walk_then_hang_up([sys.executable, "-c", LEADER_THAT_STAYS], tmp_path / "state")
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        subprocess.run(["pkill", "-P", str(proc.pid)], check=False)  # the app under it
        proc.kill()
        pytest.fail("cnsnet went on running after its terminal had gone")
    assert proc.returncode == EXIT_HUNG_UP  # it left by itself, having saved
    assert _answers(tmp_path / "state") == {"scope": "primary_cns_net"}


def test_a_hangup_signal_saves_and_leaves(tmp_path):
    proc = _walk_then_hang_up([sys.executable, "-m", "tui.cli"], tmp_path / "state")
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("cnsnet went on running after its terminal had gone")
    assert proc.returncode == EXIT_HUNG_UP  # it left by itself, having saved
    assert _answers(tmp_path / "state") == {"scope": "primary_cns_net"}


async def test_a_note_waiting_for_typing_to_pause_is_saved_before_leaving(state_dir, monkeypatch):
    """The note is autosaved 0.4 s after typing pauses; a hangup inside those 0.4 s must
    not lose it (the app leaves at once, so it saves first)."""
    from tests.tui.conftest import fixed_clock, open_case
    from tui.app import CnsnetApp

    left: list[int] = []
    monkeypatch.setattr(os, "_exit", left.append)  # where the app would leave
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await open_case(pilot, {"scope": "pituitary"})
        app.changed()  # autosaved as an answer would be
        assert app.set_clinician_note("Discussed at board; MRI in 3 months.") == ""
        (path,) = state_dir.glob("session-*.toml")
        assert "clinician" not in tomllib.loads(path.read_text(encoding="utf-8"))
        app.hang_up()
        assert left == [EXIT_HUNG_UP]
        saved = tomllib.loads(path.read_text(encoding="utf-8"))
        assert saved["clinician"]["note"] == "Discussed at board; MRI in 3 months."
