"""Walk each public example with keys only, export, read the file back, compare with decide."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import tomli_w
from textual import events
from textual.widgets import Input

from engine.outcome import decide
from engine.reader import read_session
from tests.conftest import finish
from tests.engine.test_public_examples import EXAMPLES
from tests.tui.conftest import answer_all, fixed_clock
from tui.app import CnsnetApp
from tui.cli import main as cli_main
from tui.screens.question import QuestionScreen
from tui.screens.result import ResultScreen


async def start(pilot, label: str = "") -> None:
    await pilot.pause()
    if label:
        await pilot.press(*label)
    await pilot.press("enter")
    await pilot.pause()


async def export(pilot) -> Path:
    app = pilot.app
    await pilot.press("e")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert app.exported_path is not None, "export did not write"
    return app.exported_path


@pytest.mark.parametrize(
    ("answers", "pathway"), [e[1:] for e in EXAMPLES], ids=[e[0] for e in EXAMPLES]
)
async def test_public_example_by_keys_then_export(answers, pathway, tmp_path, capsys):
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await start(pilot, "Board 1")
        await answer_all(pilot, answers)
        assert isinstance(app.screen, ResultScreen)
        path = await export(pilot)
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    assert doc["outcome"]["pathway"] == pathway
    # `cnsnet decide` on the same answers, as a plain answers file, gives the same pathway
    plain = tmp_path / "answers.toml"
    plain.write_text(tomli_w.dumps({"answers": doc["answers"]}), encoding="utf-8")
    capsys.readouterr()
    assert cli_main(["decide", str(plain)]) == 0
    decided = tomllib.loads(capsys.readouterr().out)
    assert decided["outcome"]["pathway"] == doc["outcome"]["pathway"]
    assert decided["outcome"]["flags"] == doc["outcome"]["flags"]
    assert doc["outcome"]["pathway"] == decide(finish(answers)).pathway
    assert doc["session"]["case_label"] == "Board 1"
    assert read_session(path).outcome().pathway == pathway
    assert path.parent == tmp_path and path.name.startswith("cnsnet-")
    assert path.stat().st_mode & 0o777 == 0o600


SSA_START = {
    "scope": "primary_cns_net",
    "histology": "well_differentiated",
    "ki67": 4,
    "sstr_imaging": "ga68_pet",
    "sstr_status": "positive",
}


async def test_back_and_edit_ki67_previews_then_reaches_alkylating():
    from tui.screens.confirm import ConfirmScreen

    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await start(pilot)
        await answer_all(pilot, SSA_START, stop_at="setting")
        assert app.screen.qid == "setting"
        for expected in ("sstr_status", "sstr_imaging", "ki67"):
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen) and app.screen.qid == expected
        assert app.screen.query_one("#number").value == "4"  # its answer kept
        await pilot.press("1", "5", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        body = str(app.screen.body)
        assert "4 %  →  15 %" in body and "Answers this drops" in body
        await pilot.press("y")
        await pilot.pause()
        assert app.screen.qid == "setting"
        await answer_all(pilot, {"setting": "first_line", "chemo_contraindicated": "no"})
        assert isinstance(app.screen, ResultScreen)
        assert app.session.outcome().pathway == "first-line-alkylating"
        path = await export(pilot)
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    assert doc["outcome"]["pathway"] == "first-line-alkylating"
    assert [(d["question"], d["answer"]) for d in doc["discarded"]] == [("ki67", 4.0)]


async def test_edit_from_review_drops_later_answers_and_redecides():
    from tui.screens.confirm import ConfirmScreen
    from tui.screens.review import ReviewScreen

    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await start(pilot)
        await answer_all(pilot, {**SSA_START, "setting": "first_line"})
        assert app.session.outcome().pathway == "first-line-ssa"
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("6")  # treatment setting
        await pilot.pause()
        assert app.screen.qid == "setting"
        await pilot.press("4")  # other
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        body = str(app.screen.body)
        assert "Special population" in body and "mdt-review" in body
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        assert app.session.outcome().pathway == "mdt-review"
        assert "special_population" not in app.session.answers


async def test_declining_the_preview_keeps_the_old_answer():
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await start(pilot)
        await answer_all(pilot, SSA_START, stop_at="setting")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("2")  # negative instead of positive
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert app.session.answers["sstr_status"] == "positive"
        assert app.session.discarded == []


BAD_KI67 = [
    ("abc", "not a number"),
    ("-1", "below 0"),
    ("101", "over 100"),
    ("10-15", "range"),
    ("", "Nothing typed"),
    ("12.345", "more than 2 decimals"),  # refused, not rounded (issue 9, item 13)
    ("0,0001", "more than 2 decimals"),
]


async def test_bad_ki67_shows_reason_inline_and_does_not_advance():
    """Each refused value in turn on one Ki-67 screen, as a clinician correcting a typo
    would: the field emptied, the value typed, enter; the reason is shown under the field,
    for that value, and the walk stays on Ki-67 with nothing recorded."""
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await start(pilot)
        await answer_all(pilot, SSA_START, stop_at="ki67")
        field = app.screen.query_one(Input)
        for typed, reason in BAD_KI67:
            await pilot.press(*["backspace"] * len(field.value))
            assert field.value == "", typed
            if typed:
                await pilot.press(*typed)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen) and app.screen.qid == "ki67", typed
            assert app.screen.query_one(Input) is field
            error = app.screen.query_one("#error")
            shown = str(error.render())
            assert error.display and reason in shown, (typed, shown)
            assert f"'{typed}'" in shown or not typed, (typed, shown)  # this value's reason
            assert "ki67" not in app.session.answers, typed


async def test_ki67_with_a_decimal_comma():
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await start(pilot)
        await answer_all(pilot, SSA_START, stop_at="ki67")
        await pilot.press("1", "2", ",", "5", "enter")
        await pilot.pause()
        assert app.session.answers["ki67"] == 12.5
        assert app.screen.qid == "sstr_imaging"


async def test_declining_resets_the_screen_to_the_kept_answer():
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await start(pilot)
        await answer_all(pilot, SSA_START, stop_at="sstr_imaging")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("5", "enter")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.qid == "ki67" and app.screen.query_one("#number").value == "4"


async def test_keys_typed_ahead_answer_the_question_they_were_meant_for():
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await start(pilot)
        await answer_all(pilot, SSA_START, stop_at="sstr_imaging")
        # 68Ga PET (highlighted) then "negative", sent in one burst as a terminal delivers
        # typed-ahead keys: the second arrives before the first has been handled
        for key, char in (("enter", "\r"), ("2", "2")):
            event = events.Key(key, char)
            event.set_sender(app)
            app._driver.send_message(event)
        await pilot.pause()
        await pilot.pause()
        assert app.session.answers["sstr_imaging"] == "ga68_pet"
        assert app.session.answers["sstr_status"] == "negative"
        assert app.screen.qid == "setting"


async def test_preview_names_flags_an_edit_adds():
    from tui.screens.confirm import ConfirmScreen

    neg = {**SSA_START, "sstr_status": "negative", "setting": "first_line"}
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await start(pilot)
        await answer_all(pilot, {**neg, "hormonal_symptoms": "no", "rapid_progression": "no"})
        assert isinstance(app.screen, ResultScreen)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("7")  # hormonal symptoms
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        body = str(app.screen.body)
        from engine.reference import flag_title

        title = flag_title("enets-condition-unmet")
        assert f"flags added: {title}" in body and "REVIEW REQUIRED" in body
        assert "enets-condition-unmet" not in body  # by title, not id (issue 10, item 2)


async def test_a_new_session_forgets_the_old_one():
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await start(pilot)
        await answer_all(pilot, {"scope": "pituitary"})
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.session.answers == {}
        await pilot.press("ctrl+q")  # nothing to lose now: no question
        await pilot.pause()
        assert not app.is_running


async def test_from_review_the_same_answer_or_a_declined_change_returns_to_the_result():
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await start(pilot)
        await answer_all(pilot, {**SSA_START, "setting": "first_line"})
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.saved_since_change
        for keys in (["2", "1"], ["2", "2", "n"]):  # histology: same answer; then decline
            await pilot.press("r")
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            assert isinstance(app.screen, ResultScreen), keys
        assert app.saved_since_change  # nothing changed, so nothing to ask on quit
