"""Two cnsnets on one session (issue 9, item 6): no confirmed answer of either is lost.

The first test runs two real app processes (each `CnsnetApp` headless under `run_test`,
driven by keys) on one state folder; they resume the same offered session and answer in
turn, each step waiting for the other's through marker files, so the interleaving is the
same on every run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from engine.autosave import autosave, autosave_path, scan
from engine.reader import read_session
from engine.session import Session
from engine.summary import dumps
from tests.conftest import ROOT
from tests.tui.conftest import answer_all, answer_from_welcome, fixed_clock, started
from tui.app import CnsnetApp
from tui.screens.question import QuestionScreen
from tui.screens.resume import describe

START = {"scope": "primary_cns_net", "histology": "well_differentiated"}

# One app instance, headless, driven by a list of steps: resume the offered session, answer
# the question on screen, touch a marker file, wait for the other's marker file.
DRIVER = r"""
import asyncio, json, sys
from pathlib import Path
from tui.app import CnsnetApp
from tui.screens.question import QuestionScreen
from tui.screens.resume import ResumeScreen
from tui.screenshots import keys_for

steps, sync, me = json.loads(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]


async def until(check, what):
    for _ in range(1200):
        if check():
            return
        await asyncio.sleep(0.05)
    raise SystemExit(f"{me}: timed out waiting for {what}")


async def main():
    app = CnsnetApp()
    confirmed = {}
    async with app.run_test(size=(100, 32)) as pilot:
        for step, arg in steps:
            if step == "resume":
                await until(lambda: isinstance(app.screen, ResumeScreen), "the resume offer")
                await pilot.press("enter")
                await until(lambda: isinstance(app.screen, QuestionScreen), "a question")
            elif step == "answer":
                qid = app.screen.qid
                await pilot.press(*keys_for(qid, arg))
                await until(lambda: qid in app.session.answers, f"{qid} to be taken")
                await pilot.pause()
                confirmed[qid] = app.session.answers[qid]
            elif step == "signal":
                (sync / arg).touch()
            elif step == "wait":
                await until(lambda: (sync / arg).exists(), arg)
        notes = [str(n.message) for n in app._notifications]
        result = {"id": app.session.id, "confirmed": confirmed, "notes": notes}
        (sync / f"{me}.json").write_text(json.dumps(result), encoding="utf-8")


asyncio.run(main())
"""


def _start(steps: list[list[str]], sync: Path, me: str, state: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, json.dumps(steps), str(sync), me],
        cwd=ROOT,
        env={**os.environ, "CNSNET_STATE_DIR": str(state), "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_app_processes_on_one_session_lose_no_confirmed_answer(tmp_path, state_dir):
    """Both resume the offered session; A answers three questions, then B one (over the
    answers B loaded, which A has since changed), then each one more. Every answer either
    confirmed is on disk, each instance's in its own autosave; both are offered."""
    s = Session(case_label="two instances")
    s.load_answers(START)
    autosave(s)
    sync = tmp_path / "sync"
    sync.mkdir()
    a_steps = [
        ["resume", ""],
        ["signal", "a-open"],
        ["wait", "b-open"],
        ["answer", "8.5"],  # Ki-67
        ["answer", "ga68_pet"],
        ["answer", "positive"],
        ["signal", "a-three"],
        ["wait", "b-one"],
        ["answer", "first_line"],
        ["signal", "a-four"],
    ]
    b_steps = [
        ["resume", ""],
        ["signal", "b-open"],
        ["wait", "a-three"],
        ["answer", "25"],  # Ki-67, over the session as B read it: A has moved on since
        ["signal", "b-one"],
        ["wait", "a-four"],
        ["answer", "ga68_pet"],
    ]
    a = _start(a_steps, sync, "a", state_dir)
    b = _start(b_steps, sync, "b", state_dir)
    for p in (a, b):
        _, err = p.communicate(timeout=180)
        assert p.returncode == 0, err[-2000:]
    got = {me: json.loads((sync / f"{me}.json").read_text(encoding="utf-8")) for me in "ab"}
    assert got["a"]["confirmed"] == {
        "ki67": 8.5,
        "sstr_imaging": "ga68_pet",
        "sstr_status": "positive",
        "setting": "first_line",
    }
    assert got["b"]["confirmed"] == {"ki67": 25.0, "sstr_imaging": "ga68_pet"}

    # every confirmed answer of each instance is in that instance's autosave
    for me in "ab":
        on_disk = read_session(autosave_path(got[me]["id"])).answers
        assert on_disk == {**START, **got[me]["confirmed"]}, me
    # A kept the session's file; B, which wrote second over a changed file, went apart
    assert got["a"]["id"] == s.id
    assert got["b"]["id"] == f"{s.id}-2"
    told = [n for n in got["b"]["notes"] if "Another cnsnet" in n]
    assert len(told) == 1 and f"session {s.id}-2" in told[0] and "Both are kept" in told[0]
    assert not any("Another cnsnet" in n for n in got["a"]["notes"])
    # both are offered on the next start, nothing unreadable
    found = scan()
    assert sorted(o.id for o in found.unfinished) == sorted([s.id, f"{s.id}-2"])
    assert found.unreadable == []
    # and the offer of the one written apart says which it is
    offered = {o.id: describe(o).plain for o in found.unfinished}
    assert "version 2 of this session: kept apart" in offered[f"{s.id}-2"]
    assert "kept apart" not in offered[s.id]


async def test_resuming_an_old_export_never_replaces_a_newer_autosave(tmp_path, state_dir):
    """`cnsnet resume old_export.toml` plus one answer: the newer autosave of the same
    session (more answers) stays byte for byte; the answer goes to a second autosave."""
    s = Session(clock=fixed_clock())
    s.load_answers(START)
    export = tmp_path / "old_export.toml"
    export.write_text(dumps(s), encoding="utf-8")
    s.load_answers({**START, "ki67": 8.5, "sstr_imaging": "ga68_pet", "sstr_status": "positive"})
    newer = autosave(s)
    before = newer.read_bytes()

    app = CnsnetApp(read_session(export), clock=fixed_clock())  # as `cnsnet resume` does
    async with app.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        assert isinstance(app.screen, QuestionScreen) and app.screen.qid == "ki67"
        await answer_all(pilot, {"ki67": "30"}, stop_at="sstr_imaging")
        await pilot.pause()
        notes = [str(n.message) for n in app._notifications]
    assert newer.read_bytes() == before
    apart = read_session(autosave_path(f"{s.id}-2"))
    assert apart.answers == {**START, "ki67": 30.0}
    assert any("Another cnsnet" in n for n in notes), notes


async def test_an_export_resumed_while_its_autosave_is_unchanged_goes_on_in_place(
    tmp_path, state_dir
):
    """The usual case is untouched: the autosave holds what was exported, so it is the same
    session file, written in place, and nobody is warned."""
    s = Session(clock=fixed_clock())
    s.load_answers(START)
    path = autosave(s)
    export = tmp_path / "export.toml"
    export.write_bytes(path.read_bytes())
    app = CnsnetApp(read_session(export), clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        await answer_all(pilot, {"ki67": "30"}, stop_at="sstr_imaging")
        await pilot.pause()
        notes = [str(n.message) for n in app._notifications]
    assert read_session(path).answers == {**START, "ki67": 30.0}
    assert [p.name for p in state_dir.glob("session-*")] == [path.name]
    assert not any("Another cnsnet" in n for n in notes)


async def test_a_state_folder_open_to_others_is_a_warning_shown_once(state_dir):
    """Item 15 in the app: a folder that cannot be made private is said once, not per answer."""
    state_dir.mkdir(mode=0o700)
    os.chmod(state_dir, 0o777)
    (state_dir / "notes.txt").write_text("someone else's", encoding="utf-8")
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await answer_from_welcome(pilot, {**START, "ki67": "8"}, stop_at="sstr_imaging")
        await pilot.pause()
        notes = [str(n.message) for n in app._notifications]
    said = [n for n in notes if "open to other users" in n]
    assert len(said) == 1 and "mode 0777" in said[0], notes
