"""Quit, help, palette, copy, resume FILE: the app's keys and commands."""

from __future__ import annotations

import os
import subprocess
import sys

from textual.app import SystemCommand

from tests.conftest import ROOT
from tests.tui.conftest import fixed_clock, open_case, started
from tui.app import CnsnetApp
from tui.screens.confirm import ConfirmScreen
from tui.screens.help import HelpScreen
from tui.screens.result import ResultScreen
from tui.screenshots import SSA  # the screenshots' first-line SSA case


async def test_quit_asks_first_when_not_exported():
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, ConfirmScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0


async def test_quit_without_answers_does_not_ask():
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_help_lists_the_keys_of_the_screen_beneath():
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await open_case(pilot, SSA)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.rows)
        for needle in ("Export", "Copy brief", "Copy full", "Review", "Map", "ctrl+q"):
            assert needle in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_palette_offers_the_commands_and_copy_sends_the_note():
    app = CnsnetApp(clock=fixed_clock())
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=(100, 32)) as pilot:
        await open_case(pilot, SSA)
        titles = {
            c.title for c in app.get_system_commands(app.screen) if isinstance(c, SystemCommand)
        }
        for title in (
            "New session", "Review answers", "Export", "Copy brief note", "Copy full note",
            "Open a session file", "Decision map",
        ):  # fmt: skip
            assert title in titles
        assert any("theme" in t.lower() for t in titles)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("C")
        await pilot.pause()
    brief, full = copied
    assert "first-line-ssa" in brief and len(brief.splitlines()) <= 20
    assert "DISCLAIMER" not in brief and "full note" in brief
    assert "first-line-ssa" in full and "DISCLAIMER" in full and len(full.splitlines()) > 20
    assert brief.isascii() and full.isascii()


def _cnsnet(*args: str, cwd) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CNSNET_STATE_DIR": str(cwd)}
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *args], capture_output=True, text=True, env=env, cwd=cwd
    )


def test_resume_refuses_an_unusable_file_with_exit_2(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("schema = 3\n", encoding="utf-8")
    r = _cnsnet("resume", str(bad), cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "schema" in r.stderr
    r = _cnsnet("resume", str(tmp_path / "missing.toml"), cwd=tmp_path)
    assert r.returncode == 2 and "no such file" in r.stderr


async def test_resume_opens_a_saved_session_on_its_result(tmp_path):
    from engine.reader import read_session
    from engine.session import Session
    from engine.summary import dumps
    from tests.conftest import finish

    s = Session(case_label="Board 7")
    s.load_answers(finish(SSA))
    path = tmp_path / "saved.toml"
    path.write_text(dumps(s), encoding="utf-8")
    app = CnsnetApp(read_session(path), clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        assert isinstance(app.screen, ResultScreen)
        assert app.session.case_label == "Board 7"
        await pilot.press("ctrl+q")  # opened from a file: nothing unsaved, no question
        await pilot.pause()
        assert not app.is_running


async def test_resume_opens_an_unfinished_session_on_its_next_question(tmp_path):
    from engine.session import Session

    s = Session()
    s.load_answers({"scope": "primary_cns_net", "histology": "poorly_differentiated"})
    app = CnsnetApp(s, clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        assert app.screen.qid == "ki67"
