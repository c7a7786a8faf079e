"""Faults at start-up (issue 9): broken program data exits non-zero; copied autosaves and
oddly dated ones are offered or listed, never a crash."""

from __future__ import annotations

import shutil
import subprocess
import sys

from engine.autosave import autosave, autosave_path
from engine.session import Session
from tests.conftest import ROOT
from tests.tui.conftest import answer_from_welcome, fixed_clock, started
from tui.app import CnsnetApp
from tui.screens.resume import ResumeScreen

RUN_HEADLESS = r"""
import sys
from pathlib import Path
import questions.load as load
load.CONTENT_FILE = Path(sys.argv[1])
import tui.app
run = tui.app.CnsnetApp.run
tui.app.CnsnetApp.run = lambda self, *a, **k: run(self, headless=True)
from tui.cli import main
sys.exit(main([]))
"""


def test_the_app_exits_non_zero_when_its_own_data_is_broken(tmp_path):
    broken = tmp_path / "outcomes.toml"
    text = (ROOT / "questions" / "outcomes.toml").read_text(encoding="utf-8")
    broken.write_text(text.replace('title = "PRRT in the CNS"\n', ""), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", RUN_HEADLESS, str(broken)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "CNSNET_STATE_DIR": str(tmp_path / "state")},
    )
    assert done.returncode == 1, (done.stdout[-500:], done.stderr[-500:])
    assert "the program's data is broken" in done.stdout + done.stderr


async def test_two_copies_of_one_autosave_are_both_offered(monkeypatch, tmp_path):
    monkeypatch.setenv("CNSNET_STATE_DIR", str(tmp_path))
    s = Session(case_label="copied")
    s.load_answers({"scope": "primary_cns_net"})
    autosave(s)
    original = autosave_path(s.id)
    shutil.copy(original, original.with_name(original.stem + " (copy).toml"))
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        assert len(app.screen.offers) == 2  # offered twice, not a DuplicateID crash


async def test_no_state_folder_starts_with_autosave_off_and_says_why(monkeypatch):
    monkeypatch.setenv("CNSNET_STATE_DIR", "~nosuchuser-cnsnet/state")
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        await pilot.pause()
        assert app.autosave_enabled is False
        shown = [n.message for n in app._notifications]
        assert any("Autosave is off" in m and "does not exist" in m for m in shown), shown


async def test_the_quit_dialog_says_so_when_autosave_fails(monkeypatch, tmp_path):
    from textual.widgets import Static

    from tui.render.find import shown_lines
    from tui.screens.confirm import ConfirmScreen

    blocker = tmp_path / "state"
    blocker.write_text("a file where the state folder should be", encoding="utf-8")
    monkeypatch.setenv("CNSNET_STATE_DIR", str(blocker))
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await answer_from_welcome(pilot, {"scope": "pituitary"})
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        text = "\n".join(line for w in app.screen.query(Static) for line in shown_lines(w, 100))
        assert "NOT autosaved" in text and "autosaved and will be offered" not in text
