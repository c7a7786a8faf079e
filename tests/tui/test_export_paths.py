"""Issue 9, items 2 (export part), 10, 16, 17: export and open paths in the app.

A bad path is a message in its dialog, the dialog stays and so does the session; a path
ending in / is a folder; nothing but a regular file is replaced; and a burst of keys on the
export dialog never dismisses it twice, writes after escape, or takes the result with it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.tui.conftest import burst, fixed_clock, send_at_once, settle, started
from tests.tui.test_files_in_app import _to_result
from tui.app import CnsnetApp
from tui.screens.confirm import ConfirmScreen
from tui.screens.export import ExportScreen
from tui.screens.open_file import OpenFileScreen
from tui.screens.result import ResultScreen

LONG = "x" * 300 + ".toml"


async def _export_to(pilot, typed: str) -> None:
    """Open the export dialog, put `typed` in the field (as a paste does), press enter."""
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ExportScreen)
    pilot.app.screen.query_one("#path", Input).value = typed
    await pilot.press("enter")
    await pilot.pause()


def _message(app: CnsnetApp) -> str:
    return str(app.screen.query_one("#message").render())


def _files(folder: Path) -> dict[str, str]:
    """Every file in `folder` (not below it) and a hash of what it holds."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.iterdir()
        if p.is_file() and not p.is_symlink()
    }


@pytest.fixture
def gone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder cnsnet was started in, deleted while it runs."""
    here = tmp_path / "started-here"
    here.mkdir()
    monkeypatch.chdir(here)
    return here


# -- item 10: a path that names no file is a message in the dialog ------------------------


# Paths that name no file ({tmp} is the test's folder; ./ is read after the start folder
# is gone), by id: typed in the export dialog and in the open dialog.
NO_FILE = {
    "unknown-user": "~nosuchuser/x.toml",
    "name-300-chars": "{tmp}/" + LONG,
    "nul-pasted": "{tmp}/a\0b.toml",
    "relative-after-cwd-deleted": "./x.toml",
}


def no_file(says: dict[str, str]) -> pytest.MarkDecorator:
    """Each path of NO_FILE with what a dialog says of it."""
    return pytest.mark.parametrize(
        ("typed", "says"), [(NO_FILE[k], says[k]) for k in NO_FILE], ids=list(NO_FILE)
    )


@no_file(
    {
        "unknown-user": "starts with ~nosuchuser, a home folder this computer",
        "name-300-chars": "holds a name of 305 bytes; accepted: at most 255",
        "nul-pasted": "holds a NUL character",
        "relative-after-cwd-deleted": (
            "the folder cnsnet was started in no longer exists; type a full path"
        ),
    }
)
async def test_a_path_that_names_no_file_is_a_message_and_the_session_stays(
    tmp_path, gone, typed, says
):
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await _to_result(pilot)
        answers = dict(app.session.answers)
        gone.rmdir()
        await _export_to(pilot, typed.replace("{tmp}", str(tmp_path)))
        assert isinstance(app.screen, ExportScreen)
        message = _message(app)
        assert message.startswith("Not written: File: '") and says in message
        assert "\0" not in message
        assert app.exported_path is None and app.session.answers == answers
        app.screen.query_one("#path", Input).value = str(tmp_path / "good.toml")
        await pilot.press("enter")  # the dialog still works: a good path is written
        await pilot.pause()
        assert app.exported_path == tmp_path / "good.toml"
        assert isinstance(app.screen, ResultScreen)


async def test_the_proposed_relative_path_after_the_start_folder_is_deleted(
    tmp_path, gone, monkeypatch
):
    monkeypatch.setenv("CNSNET_EXPORT_DIR", ".")  # exports go to the folder started in
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await _to_result(pilot)
        gone.rmdir()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert "no longer exists" in str(app.screen.query_one("#full-path").render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert "type a full path" in _message(app)


@no_file(
    {
        "unknown-user": "a home folder this computer does not know",
        "name-300-chars": "at most 255 bytes a name",
        "nul-pasted": "NUL character",
        "relative-after-cwd-deleted": "no longer exists; type a full path",
    }
)
async def test_the_open_dialog_says_what_is_wrong_with_a_path(tmp_path, gone, typed, says):
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        gone.rmdir()
        app.action_open_file()
        await pilot.pause()
        assert isinstance(app.screen, OpenFileScreen)
        app.screen.query_one("#path", Input).value = typed.replace("{tmp}", str(tmp_path))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OpenFileScreen)
        assert says in _message(app)


# -- item 16: a path ending in / is a folder -----------------------------------------------


async def test_a_path_ending_in_a_slash_is_written_into_that_folder(tmp_path):
    out = tmp_path / "board"
    out.mkdir()
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await _to_result(pilot)
        await _export_to(pilot, f"{tmp_path}/missing/")
        assert isinstance(app.screen, ExportScreen)
        assert "no such folder" in _message(app)
        assert not (tmp_path / "missing").exists()
        app.screen.query_one("#path", Input).value = f"{out}/"
        await pilot.pause()
        assert str(out / "cnsnet-") in str(app.screen.query_one("#full-path").render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        written = app.exported_path
        assert written is not None and written.parent == out
        assert written.name.startswith("cnsnet-20261126-") and written.name.endswith(".toml")
        assert written.is_file()


# -- item 17: only a regular file is replaced -----------------------------------------------


async def test_a_fifo_or_a_symlink_is_refused_without_asking_to_replace_it(tmp_path):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    real = tmp_path / "real.toml"
    real.write_text("precious\n", encoding="utf-8")
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await _to_result(pilot)
        for target, says in ((fifo, "named pipe (FIFO)"), (link, "symbolic link")):
            await _export_to(pilot, str(target))
            assert not isinstance(app.screen, ConfirmScreen), "asked to replace a non-file"
            assert isinstance(app.screen, ExportScreen)
            assert says in _message(app) and "only a regular file is replaced" in _message(app)
            await pilot.press("escape")
            await pilot.pause()
        assert app.exported_path is None
    assert fifo.is_fifo() and link.is_symlink()
    assert real.read_text(encoding="utf-8") == "precious\n"


# -- item 2, the export part: bursts of keys on the export dialog ---------------------------


def _type(app: CnsnetApp, keys: list[str | tuple[str, str]]) -> None:
    """Every key in the app's queue at once; a plain string is typed character by character."""
    from textual.keys import _character_to_key

    pairs: list[tuple[str, str | None]] = []
    for item in keys:
        pairs += [item] if isinstance(item, tuple) else [(_character_to_key(c), c) for c in item]
    send_at_once(app, pairs)


@pytest.mark.parametrize("dialog", ["export", "open"])
async def test_a_path_typed_in_a_burst_with_editing_keys_is_taken_as_typed(tmp_path, dialog):
    """ctrl+u (clear), backspace and the characters in one burst, in order: the proposed
    path is cleared first and the last character typed is the one taken back."""
    out = tmp_path / "board"
    out.mkdir()
    saved = out / "saved.toml"
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await _to_result(pilot)
        if dialog == "open":
            await _export_to(pilot, str(saved))
            assert saved.is_file()
        if dialog == "export":
            await pilot.press("e")
        else:
            app.action_open_file()
        await pilot.pause()
        _type(app, [("ctrl+u", "\x15"), f"{out}/case-3.tomlx"])
        _type(app, [("backspace", "\x7f"), ("enter", "\r")])
        await settle(pilot)
        if dialog == "export":
            assert app.exported_path == out / "case-3.toml"
        else:
            assert isinstance(app.screen, OpenFileScreen)
            assert "case-3.toml: no such file" in _message(app)  # read as typed


async def test_keys_typed_after_an_enter_that_fails_or_asks_go_on_to_the_dialog(tmp_path):
    """The dialog stays open on a failure, so a path typed on at once is taken; `enter n`
    answers "Replace?" (n on the result would start a new session)."""
    kept = tmp_path / "kept.toml"
    kept.write_text("old\n", encoding="utf-8")
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await _to_result(pilot)
        await pilot.press("e")
        await pilot.pause()
        clear, enter = ("ctrl+u", "\x15"), ("enter", "\r")
        _type(app, [clear, f"{tmp_path}/missing/a.toml", enter, clear, f"{tmp_path}/b.toml", enter])
        await settle(pilot)
        assert app.exported_path == tmp_path / "b.toml"
        await pilot.press("e")
        await pilot.pause()
        _type(app, [clear, str(kept), enter, ("n", "n")])
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen) and "choose another name" in _message(app)
        assert kept.read_text(encoding="utf-8") == "old\n"
        assert app.session.answers  # not a new session
        _type(app, [clear, str(kept), enter, ("n", "n"), clear, f"{tmp_path}/c.toml", enter])
        await settle(pilot)  # the keys after n go on from "Replace?" to the dialog
        assert app.exported_path == tmp_path / "c.toml"
        assert kept.read_text(encoding="utf-8") == "old\n"


BURSTS = [
    ["enter", "enter"],
    ["escape", "enter"],
    ["enter", "escape"],
    ["enter", "escape", "escape"],
    ["enter", "enter", "enter"],
    ["enter", "y", "y"],  # an export after the first asks "Replace?": y twice
    ["enter", "enter", "y"],
    ["enter", "y", "escape", "enter"],
]
SEEDED = 5  # runs of four random bursts of enter, escape and y, each run from its own seed


def _runs() -> list[list[list[str]]]:
    """Runs of bursts; within a run each burst lands on whatever the last one left open."""
    import random

    runs = [[list(keys)] for keys in BURSTS]
    for seed in range(SEEDED):
        rnd = random.Random(seed)
        keys = ["enter", "escape", "y", "enter"]
        runs.append([[rnd.choice(keys) for _ in range(3)] for _ in range(4)])
    return runs


async def test_a_burst_of_keys_never_dismisses_the_export_dialog_twice(tmp_path):
    """A key after the dialog has closed acts where it lands (escape on the result goes
    back a question, as it should); no key closes a screen the dialog did not open, and
    nothing is written by a burst on the dialog that starts with escape."""
    from textual.screen import ModalScreen

    from tui.screens.question import QuestionScreen

    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await _to_result(pilot)
        beneath = list(app.screen_stack)  # the default screen, the welcome and the result
        for n, run in enumerate(_runs()):
            for keys in run:
                before = _files(tmp_path)
                on_dialog = n % 2 == 1  # else the burst starts before the dialog is mounted
                if on_dialog:
                    await pilot.press("e")
                    await pilot.pause()
                    on_dialog = isinstance(app.screen, ExportScreen)
                burst(app, keys if on_dialog else ["e", *keys])
                await settle(pilot)
                assert app.is_running and app.return_code is None, keys
                stack = app.screen_stack
                assert stack[:2] == beneath[:2] and len(stack) >= 3, f"{keys}: popped {stack}"
                assert isinstance(stack[2], ResultScreen | QuestionScreen), keys
                assert all(isinstance(s, ModalScreen) for s in stack[3:]), keys
                assert sum(isinstance(s, ExportScreen) for s in stack) <= 1, keys
                if on_dialog and keys[0] == "escape":
                    assert _files(tmp_path) == before, f"{keys}: written after escape"
            for _ in range(6):  # close what the run left open
                if not isinstance(app.screen, ModalScreen):
                    break
                await pilot.press("n" if isinstance(app.screen, ConfirmScreen) else "escape")
                await settle(pilot)
            if not isinstance(app.screen, ResultScreen):
                app.show_next()  # every question is answered: back to the result
                await settle(pilot)
            assert isinstance(app.screen, ResultScreen) and len(app.screen_stack) == 3, run
        assert app.exported_path is not None
