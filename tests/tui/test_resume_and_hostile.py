"""Autosave and resume in the app; hostile text typed into every free-text field."""

from __future__ import annotations

import tomllib

from rich.text import Text
from textual.widgets import Static

from tests.conftest import unfinished
from tests.tui.conftest import answer_all, answer_from_welcome, fixed_clock, started
from tui.app import CnsnetApp
from tui.screens.question import QuestionScreen
from tui.screens.result import ResultScreen
from tui.screens.resume import ResumeScreen

FOUR = {
    "scope": "primary_cns_net",
    "histology": "well_differentiated",
    "ki67": 12.5,
    "sstr_imaging": "in111_scintigraphy",
}


async def test_autosaved_answers_are_offered_and_resumed_in_a_fresh_app(state_dir):
    first = CnsnetApp(clock=fixed_clock())
    async with first.run_test(size=(100, 32)) as pilot:
        await answer_from_welcome(pilot, FOUR, stop_at="sstr_status")
        assert pilot.app.screen.qid == "sstr_status"
        # the process dies here: no export, no quit
    offers = unfinished()
    assert len(offers) == 1 and offers[0].answers == 4

    second = CnsnetApp(clock=fixed_clock())
    async with second.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        assert isinstance(second.screen, ResumeScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(second.screen, QuestionScreen) and second.screen.qid == "sstr_status"
        assert second.session.live() == FOUR


async def test_discarding_an_offer_asks_first(state_dir):
    first = CnsnetApp(clock=fixed_clock())
    async with first.run_test(size=(100, 32)) as pilot:
        await answer_from_welcome(pilot, FOUR, stop_at="ki67")
    second = CnsnetApp(clock=fixed_clock())
    async with second.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("n")  # keep it
        await pilot.pause()
        assert len(unfinished()) == 1
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y", "enter")  # typed text never deletes: only ctrl+d does
        await pilot.pause()
        assert len(unfinished()) == 1
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert unfinished() == []
        assert not isinstance(second.screen, ResumeScreen)


async def test_a_case_label_typed_into_the_resume_list_deletes_nothing(state_dir):
    """Found by a new user's trial: typed at start, "day 3 board" opened "Discard this
    session?" with its d and confirmed it with its y."""
    from engine.autosave import autosave
    from engine.session import Session
    from tests.tui.conftest import burst, settle

    for label in ("g3 case A", "case B"):  # two unexported sessions
        s = Session(case_label=label)
        s.load_answers({"scope": "primary_cns_net"})
        autosave(s)
    assert len(unfinished()) == 2
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        burst(app, [*"day 3 board, day 2 entry"])
        await settle(pilot)
        assert app._exception is None
    assert len(unfinished()) == 2


async def test_an_offer_that_cannot_be_deleted_stays_offered_saying_why(state_dir, monkeypatch):
    """The app deletes (the list only asks): when that fails the offer stays, and why shows."""
    import engine.autosave
    from engine.files import WriteError

    first = CnsnetApp(clock=fixed_clock())
    async with first.run_test(size=(100, 32)) as pilot:
        await answer_from_welcome(pilot, FOUR, stop_at="ki67")

    def refuse(saved):
        raise WriteError(saved.path, "read-only file system", verb="remove")

    monkeypatch.setattr(engine.autosave, "discard", refuse)
    second = CnsnetApp(clock=fixed_clock())
    async with second.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert isinstance(second.screen, ResumeScreen) and len(second.screen.offers) == 1
        (shown,) = [n.message for n in second._notifications]
        assert "cannot remove" in shown and "read-only file system" in shown
    assert len(unfinished()) == 1


async def test_an_exported_session_is_not_offered(state_dir):
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await answer_from_welcome(pilot, {"scope": "pituitary"})
        assert isinstance(app.screen, ResultScreen)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
    assert unfinished() == []


HOSTILE = [
    "[bold]x[/]",
    "[/]",
    "[link=https://example.org]click[/link]",
    "\x1b[31mred\x1b[0m\x07",
    "\x1b]8;;https://x\x07hi\x1b]8;;\x07",
    "שלום مرحبا e\u0301\u0301\u0301",
    "\u202eevil\u202c",
    "W" * 5000,
]


async def test_hostile_text_in_every_free_text_field(tmp_path):
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        label = app.screen.query_one("#case-label")
        label.value = "[bold]x[/] \x1b[31m"
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.case_label == "[bold]x[/] \x1b[31m"
        await answer_all(
            pilot, {"scope": "primary_cns_net", "histology": "well_differentiated"}, stop_at="ki67"
        )
        for text in HOSTILE:
            box = app.screen.query_one("#number")
            box.value = text
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen) and app.screen.qid == "ki67"
            error = app.screen.query_one("#error").render()
            assert "not a number" in str(error) or "range" in str(error)
        app.screen.query_one("#number").value = ""
        await answer_all(pilot, {"ki67": "unknown"})
        assert isinstance(app.screen, ResultScreen)
        note = app.screen.query_one("#clinician-note")
        for text in HOSTILE:
            note.text = text
            await pilot.pause()
            assert app.session.clinician_note == text.replace("\r", "\n")
        note.focus()
        note.text = "[bold]agree[/] \x1b[2J"
        await pilot.pause()
        await pilot.press("escape")  # leave the note: the keys act on the screen again
        await pilot.pause()
        assert app.screen.focused is not note
        await pilot.press("e")
        await pilot.pause()
        path_box = app.screen.query_one("#path")
        path_box.value = str(tmp_path / "[bold]x[/]\x1b.toml")  # "[bold]x[" is no folder
        await pilot.press("enter")
        await pilot.pause()
        message = str(app.screen.query_one("#message").render())
        assert "folder does not exist" in message and "\\x1b" in message
        assert app.exported_path is None
        path_box.value = str(tmp_path / "[bold]x[-]\x1b.toml")
        await pilot.press("enter")
        await pilot.pause()
        assert app.exported_path is not None, str(app.screen.query_one("#message").render())
        assert app.exported_path.exists()
    doc = tomllib.loads(app.exported_path.read_text(encoding="utf-8"))
    assert doc["clinician"]["note"] == "[bold]agree[/] \x1b[2J"
    assert doc["session"]["case_label"] == "[bold]x[/] \x1b[31m"
    assert "\x1b" not in doc["note"]["text"] and "[bold]x[/]" in doc["note"]["text"]


async def test_markup_in_the_case_label_shows_as_typed():
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        app.screen.query_one("#case-label").value = "[bold]Board[/] [red]3"
        await pilot.press("enter")
        await pilot.pause()
        await answer_all(pilot, {"scope": "paraganglioma"})
        header_title = app.screen.query_one("HeaderTitle").render()
        rendered = header_title.plain if isinstance(header_title, Text) else str(header_title)
        assert "[bold]Board[/] [red]3" in rendered


async def test_the_clinician_note_is_autosaved_when_typing_pauses(state_dir):
    from engine.autosave import load

    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await answer_from_welcome(pilot, {"scope": "pituitary"})
        note = app.screen.query_one("#clinician-note")
        note.focus()
        await pilot.press(*"Agree")
        await pilot.pause(0.8)
        assert load(unfinished()[0]).clinician_note == "Agree"
        await pilot.press(*" with MDT")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert load(unfinished()[0]).clinician_note == "Agree with MDT"


async def test_a_note_typed_just_before_a_fault_in_the_app_is_autosaved(state_dir):
    """A fault ends the app (Textual's way); the note typed in the 0.4 s before it, still
    waiting for typing to pause, was lost with it (a new user's trial, by a key burst that
    Textual's command palette did not bear)."""
    import pytest

    from engine.autosave import load

    app = CnsnetApp(clock=fixed_clock())
    with pytest.raises(RuntimeError, match="a fault"):
        async with app.run_test(size=(100, 32)) as pilot:
            await answer_from_welcome(pilot, {"scope": "pituitary"})
            app.screen.query_one("#clinician-note").focus()
            await pilot.press(*"Declined chemotherapy")

            def fault() -> None:
                raise RuntimeError("a fault")

            app.call_later(fault)  # before typing has paused for 0.4 s
            await pilot.pause()
    assert load(unfinished()[0]).clinician_note == "Declined chemotherapy"


async def test_escape_sequences_from_a_file_are_made_visible_in_the_app():
    from engine.session import Session

    s = Session(case_label="\x1b[41mRED", clinician_note="ok \x1b[42m")
    s.load_answers({"scope": "pituitary"})
    app = CnsnetApp(s, clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        assert isinstance(app.screen, ResultScreen)
        assert "\x1b" not in app.sub_title and "\\x1b[41mRED" in app.sub_title
        note = app.screen.query_one("#clinician-note").text
        assert "\x1b" not in note and "\\x1b[42m" in note


async def test_a_v1_file_resumes_re_decided_with_one_notice_and_is_not_taken_as_saved():
    from engine.reader import read_session
    from tests.conftest import ROOT

    session = read_session(ROOT / "tests" / "fixtures" / "v1-second-line-after-ssa.toml")
    assert session.older_schema == "cnsnet.session/1"
    app = CnsnetApp(session, clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        assert isinstance(app.screen, ResultScreen)
        shown = [n.message for n in app._notifications]
        assert len(shown) == 1 and "cnsnet.session/1" in shown[0] and "revision 2" in shown[0]
        assert app.saved_since_change is False  # quit asks, so the /2 summary can be exported
        from tui.render.find import shown_lines

        apart = shown_lines(app.screen.query_one("#not-supported", Static), 100)
        assert "not-supported-here" in "\n".join(apart)
