"""Text and numbers in the app (issue 9, items 13, 14, 18): what a file holds is shown made
visible and saved as it was; a Ki-67 of -0 is 0."""

from __future__ import annotations

from textual.widgets import TextArea

from engine.autosave import autosave, autosave_path
from engine.reader import read_session
from engine.session import Session
from engine.summary import dumps
from tests.conftest import unfinished
from tests.tui.conftest import answer_all, fixed_clock, started
from tests.tui.test_walks import SSA_START, start
from tui.app import CnsnetApp
from tui.screens.result import ResultScreen
from tui.screens.resume import describe

NOTE = "agree \x1b[42m, see\u202e report\u200b\n\tline two \x9b2J"
INVISIBLE_LABEL = "bed\u200b4\u200f\u061c\ufeff\U000e0041 中文"


def _saved(tmp_path, note: str = NOTE, label: str = "") -> Session:
    """A finished session written to a file and read back, as `cnsnet resume FILE` does."""
    s = Session(case_label=label, clinician_note=note)
    s.load_answers({"scope": "pituitary"})
    path = tmp_path / "saved.toml"
    path.write_text(dumps(s), encoding="utf-8")
    return read_session(path)


async def test_a_note_read_from_a_file_and_edited_keeps_its_characters(tmp_path, state_dir):
    session = _saved(tmp_path)
    assert session.clinician_note == NOTE
    app = CnsnetApp(session, clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        assert isinstance(app.screen, ResultScreen)
        box = app.screen.query_one("#clinician-note", TextArea)
        assert "\\x1b[42m" in box.text and "\x1b" not in box.text  # shown made visible
        box.focus()
        await pilot.pause()
        box.move_cursor(box.document.end)
        await pilot.press("space", "o", "k")  # typed after the last escape
        box.move_cursor((0, 0))
        await pilot.press("N", "B", "space")  # and before the first
        await pilot.pause()
        assert app.session.clinician_note == "NB " + NOTE + " ok"
        app._flush_note()
    # what was saved is the note as typed: ESC, not the letters \x1b
    saved = read_session(autosave_path(session.id))
    assert saved.clinician_note == "NB " + NOTE + " ok"
    assert "\\x1b" not in saved.clinician_note


async def test_a_typed_escape_stays_letters_and_a_cut_escape_is_gone(tmp_path, state_dir):
    app = CnsnetApp(_saved(tmp_path, note="a\x1bb"), clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        box = app.screen.query_one("#clinician-note", TextArea)
        assert box.text == "a\\x1bb"
        box.focus()
        box.move_cursor((0, 6))
        await pilot.press(*"\\x07")  # typed by the user: four letters
        await pilot.pause()
        assert app.session.clinician_note == "a\x1bb\\x07"
        box.move_cursor((0, 3))
        await pilot.press("backspace")  # into the shown escape: it is letters now
        await pilot.pause()
        assert app.session.clinician_note == "a\\1bb\\x07"


async def test_opening_the_result_again_does_not_change_the_note(tmp_path, state_dir):
    session = _saved(tmp_path)
    app = CnsnetApp(session, clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        await pilot.press("r")  # the review, then back to the result
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        assert app.session.clinician_note == NOTE


async def test_invisible_characters_in_a_label_are_shown(tmp_path, state_dir):
    session = _saved(tmp_path, note="", label=INVISIBLE_LABEL)
    app = CnsnetApp(session, clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        shown = "bed\\u200b4\\u200f\\u061c\\ufeff\\U000e0041 中文"
        assert app.sub_title == shown
    autosave(session)
    offer = [o for o in unfinished() if o.id == session.id]
    assert offer and describe(offer[0]).plain.splitlines()[0] == shown


async def test_ki67_minus_zero_is_zero():
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await start(pilot)
        await answer_all(pilot, SSA_START, stop_at="ki67")
        await pilot.press("-", "0", "enter")
        await pilot.pause()
        assert str(app.session.answers["ki67"]) == "0.0"


async def test_a_note_over_the_limit_is_refused_inline_and_the_session_stays_readable(
    tmp_path, state_dir
):
    """A note over 10,000 characters was autosaved, and the reader then refused the whole
    file: every answer of the session could no longer be resumed. Now the note is refused
    as it is typed, the field says so, and the last note within the limit is what is saved."""
    from textual.widgets import Static

    from engine.limits import MAX_NOTE

    app = CnsnetApp(_saved(tmp_path, note="short"), clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        box = app.screen.query_one("#clinician-note", TextArea)
        box.text = "x" * MAX_NOTE
        await pilot.pause()
        assert app.session.clinician_note == "x" * MAX_NOTE  # the limit itself is taken
        box.text = "x" * (MAX_NOTE + 1)
        await pilot.pause()
        assert app.session.clinician_note == "x" * MAX_NOTE
        problem = app.screen.query_one("#note-problem", Static)
        assert problem.display and "10,001 characters is over the limit of 10,000" in str(
            problem.render()
        )
        assert box.text == "x" * (MAX_NOTE + 1)  # what was typed stays in view to shorten
        app._flush_note()  # autosaved: the note within the limit, a file cnsnet reads back
        assert read_session(autosave_path(app.session.id)).clinician_note == "x" * MAX_NOTE
        box.text = "x" * 10
        await pilot.pause()
        assert not problem.display and app.session.clinician_note == "x" * 10
