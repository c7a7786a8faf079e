"""Pilot helpers: drive the app with keys only."""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual import _wait, events

from tests.conftest import TAIL
from tui.screenshots import keys_for

# A pilot's press and pause wait until the app is idle: they sleep in steps of
# SLEEP_GRANULARITY (Textual's is 20 ms) until a step passes with (almost) no CPU used by
# the app. Steps of 2 ms find the same idle moment without waiting up to 20 ms past it, for
# each key and each pause: the app's tests take half the time and less CPU. What the app
# does later than that (on a timer, after a paint) a test waits for with `until`.
_wait.SLEEP_GRANULARITY = 1 / 500
_wait.SLEEP_IDLE = _wait.SLEEP_GRANULARITY / 20

FIXED_START = dt.datetime(2026, 11, 26, 14, 1, 6, tzinfo=dt.UTC)


def fixed_clock():
    """A clock that ticks one second per call, from a fixed start (stable screenshots)."""
    ticks = itertools.count()
    return lambda: FIXED_START + dt.timedelta(seconds=next(ticks))


@pytest.fixture(autouse=True)
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Autosaves go to a folder of the test's own; exports land in the test's folder."""
    state = tmp_path / "state"
    monkeypatch.setenv("CNSNET_STATE_DIR", str(state))
    monkeypatch.setenv("CNSNET_EXPORT_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return state


async def until(pilot, done: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    """Pause until `done()` holds: for what the app does on a timer or after a paint, which
    a pause (waiting only until the app is idle) can return before."""
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, f"still waiting after {timeout} s for {what}"
        await pilot.pause(0.005)


async def started(pilot) -> None:
    """Until the app's start checks have run: the resume offer, if any, is up."""
    await until(pilot, lambda: pilot.app.start_checked, "the start checks")
    await pilot.pause()


async def answer_all(pilot, answers: dict[str, object], *, stop_at: str | None = None) -> None:
    """Answer each question the app shows from `answers` (then TAIL), by keys only."""
    from tui.screens.question import QuestionScreen

    app = pilot.app
    for _ in range(30):
        screen = app.screen
        if not isinstance(screen, QuestionScreen) or screen.qid == stop_at:
            return
        qid = screen.qid
        value = answers[qid] if qid in answers else TAIL[qid]
        await pilot.press(*keys_for(qid, value))
        await pilot.pause()
    raise AssertionError("the walk did not end")


async def answer_from_welcome(
    pilot, answers: dict[str, object], *, stop_at: str | None = None
) -> None:
    """Start a session from the welcome screen (no case label), then `answer_all`."""
    await started(pilot)
    await pilot.press("enter")
    await pilot.pause()
    await answer_all(pilot, answers, stop_at=stop_at)


async def open_case(pilot, answers: dict[str, object], *, stop_at: str | None = None) -> None:
    """Where `answer_from_welcome` ends, without typing each answer: the welcome screen's
    session given `answers` (then TAIL) up to `stop_at`, and opened on the next question or
    the result. For tests of what comes after the walk; walks by keys are test_walks'."""
    from tui.screenshots import opened

    await started(pilot)
    await opened(answers, stop_at, tail=TAIL)(pilot)


# -- keys in one burst, as a terminal delivers them (tmux send-keys, a paste, a fast typist) --
CHAR = {"enter": "\r", "space": " ", "full_stop": ".", "down": None, "up": None, "escape": "\x1b"}


def send_at_once(app, keys: list[tuple[str, str | None]]) -> None:
    """Put every (key, character) in the app's queue at once, before any is handled."""
    for key, char in keys:
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)


def burst(app, keys: list[str]) -> None:
    """`send_at_once` by key name; a name not in CHAR is its own character."""
    send_at_once(app, [(key, CHAR.get(key, key)) for key in keys])


def typed(text: str) -> list[str]:
    return ["space" if c == " " else "full_stop" if c == "." else c for c in text]


async def settle(pilot) -> None:
    for _ in range(4):
        await pilot.pause()


async def resize_to(pilot, size: tuple[int, int]) -> None:
    """Resize the terminal, and pause until the screen is laid out anew (two pauses here)."""
    await pilot.resize_terminal(*size)
    await settle(pilot)
