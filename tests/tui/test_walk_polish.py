"""Issue 10: the walk a busy clinician expects, tried with the keys a user would type."""

from __future__ import annotations

from tests.tui.conftest import answer_all, fixed_clock
from tui.app import CnsnetApp
from tui.screens.confirm import ConfirmScreen
from tui.screens.question import QuestionScreen
from tui.screens.result import ResultScreen

SSA = {
    "scope": "primary_cns_net",
    "histology": "well_differentiated",
    "ki67": 5,
    "sstr_imaging": "ga68_pet",
    "sstr_status": "positive",
    "setting": "first_line",
}


async def start(pilot, answers: dict[str, object] = SSA) -> None:
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    await answer_all(pilot, answers)


# -- 1: an edit comes straight back --------------------------------------------------------
async def test_edit_from_the_result_takes_only_the_keys_it_needs():
    app = CnsnetApp(clock=fixed_clock(), autosave=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await start(pilot)
        assert isinstance(app.screen, ResultScreen)
        kept = {q: app.session.answers[q] for q in ("debulking", "special_population")}
        presses = ["r", "3", "1", "5", "enter", "y", "n"]  # the field's text is selected
        for key in presses:
            await pilot.press(key)
            await pilot.pause()
        assert isinstance(app.screen, ResultScreen), "kept answers were asked again"
        assert app.session.answers["ki67"] == 15
        assert app.session.answers["chemo_contraindicated"] == "no"
        for q, v in kept.items():
            assert app.session.answers[q] == v


async def test_edit_that_opens_nothing_says_the_result_is_new():
    app = CnsnetApp(clock=fixed_clock(), autosave=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await start(pilot)
        await pilot.press("r", "3", *"6", "enter", "y")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        toasts = [n.message for n in app._notifications]
        assert any("this is the new result" in m for m in toasts), toasts


async def test_edit_toast_names_the_question_it_goes_to():
    app = CnsnetApp(clock=fixed_clock(), autosave=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await start(pilot)
        await pilot.press("r", "3")
        await pilot.pause()
        await pilot.press(*"15", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.qid == "chemo_contraindicated"
        toasts = [n.message for n in app._notifications]
        assert any("without an answer" in m and "ontraindicated" in m for m in toasts), toasts
