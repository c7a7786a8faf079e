"""Shared fixtures. The whole suite runs offline: opening a network socket fails the test."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "questions" / "source" / "000_ed36df8d8be193a5.txt"
SHARED_SOURCE = ROOT.parent / "shared" / "source" / "000_ed36df8d8be193a5.txt"

# The answers that end every walk once the pathway is known (debulking, special population,
# baseline chromogranin A, PRRT uptake). Tests give pathway answers explicitly and take these.
TAIL = {
    "high_receptor_uptake": "yes",
    "debulking": "not_assessed",
    "special_population": "no",
    "cga_baseline": "measured",
}


# The app's tests paint as fast as they can: at Textual's usual 60 frames a second they
# wait up to 17 ms for each refresh (this changes when a frame is painted, never what).
os.environ.setdefault("TEXTUAL_FPS", "1000")


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: one worker a core, and one more for the time the app's tests wait on its
    event loop. More cost CPU instead of saving time: on 2 cores, 6 workers took 136 s of
    CPU and 72 s, 3 workers 108 s and 60 s (each worker collects the suite, and the app's
    tests run longer, with more timer work, on a crowded core)."""
    return (os.cpu_count() or 1) + 1


class NetworkBlocked(RuntimeError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any attempt to open an internet socket fails the test (cnsnet runs offline)."""

    real_socket = socket.socket

    class GuardedSocket(real_socket):  # type: ignore[misc,valid-type]
        def __init__(self, family: int = socket.AF_INET, *a: object, **k: object) -> None:
            if family in (socket.AF_INET, socket.AF_INET6):
                raise NetworkBlocked("cnsnet must not open network sockets")
            super().__init__(family, *a, **k)  # type: ignore[arg-type]

    def guarded(*a: object, **k: object) -> None:
        raise NetworkBlocked("cnsnet must not open network connections")

    monkeypatch.setattr(socket, "socket", GuardedSocket)
    monkeypatch.setattr(socket, "create_connection", guarded)
    monkeypatch.setattr(socket, "getaddrinfo", guarded)
    yield


def finish(answers: dict[str, object]) -> dict[str, object]:
    """Add the tail answers that the walk asks for; pathway questions must be given."""
    from engine.answers import normalize
    from engine.walk import walk

    out = {q: normalize(q, v) for q, v in answers.items()}
    while (pending := walk(out).pending) is not None:
        if pending not in TAIL:
            raise AssertionError(f"test case does not answer {pending}")
        out[pending] = TAIL[pending]
    return out


def run_python(script: str, state: Path) -> subprocess.CompletedProcess[str]:
    """`script` in a Python process of its own, with this checkout and the state folder
    `state` (for autosaves written by a process that is then killed)."""
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "CNSNET_STATE_DIR": str(state), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def pseudo_terminal(rows: int, columns: int) -> tuple[int, int]:
    """A pseudo-terminal of this size (POSIX): its (main, sub) file descriptors."""
    import fcntl
    import pty
    import struct
    import termios

    main, sub = pty.openpty()
    fcntl.ioctl(sub, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    return main, sub


def unfinished() -> list:
    """Autosaves offered for resume, newest first (the app reads them from `scan()`)."""
    from engine.autosave import scan

    return scan().unfinished


def unreadable() -> list:
    """Autosave files that could not be read, each with a one-line reason."""
    from engine.autosave import scan

    return scan().unreadable


@pytest.fixture
def write_toml(tmp_path: Path):
    """Write text to a .toml file in tmp_path and return its path."""

    def _write(text: str | bytes, name: str = "case.toml") -> Path:
        p = tmp_path / name
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text, encoding="utf-8")
        return p

    return _write
