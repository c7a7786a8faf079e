"""The committed screenshots are what the app renders today (`make screenshots` renews them)."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.tui.small_terminals import SMALL, check_footer_keeps_help_and_help_is_readable
from tui.screenshots import BASE_SCENES, SCENES, render, running

FOLDER = ROOT / "screenshots"


@pytest.mark.parametrize("scene", SCENES, ids=[s.name for s in SCENES])
async def test_screenshot_matches(scene):
    """The picture is the committed one; at 80×24 and 60×20 the footer keeps Help and help
    can be read whole (the same app, the scene played once)."""
    golden = FOLDER / f"{scene.name}.svg"
    assert golden.exists(), f"{golden.name} missing: run `make screenshots`"
    async with running(scene) as (app, pilot):
        rendered = app.export_screenshot(title=f"cnsnet: {scene.name}")
        assert rendered == golden.read_text(encoding="utf-8"), (
            f"{scene.name} no longer matches what the app renders: if the change is intended, "
            "run `make screenshots`, look at the PNGs, and commit them"
        )
        if scene.size in SMALL:
            await check_footer_keeps_help_and_help_is_readable(scene, app, pilot)


def test_every_required_screen_has_a_scene():
    names = {s.name for s in SCENES}
    required = {
        "welcome", "question-choice", "question-ki67-error", "review-edit-preview",
        "result-therapy", "result-workup-what-if", "result-mdt-review", "result-out-of-scope",
        "decision-map", "export-dialog", "help", "result-therapy-80x24", "help-60x20",
    }  # fmt: skip
    assert required <= names
    assert {s.size for s in SCENES} == {(100, 32), (80, 24), (60, 20)}
    for base in BASE_SCENES:  # every screen at every size
        assert {f"{base.name}-80x24", f"{base.name}-60x20"} <= names


async def test_a_slow_machine_renders_the_same_picture():
    """Under load, more than the cursor's 0.5 s blink can pass before the picture is taken;
    the cursor must still show as it does in the committed screenshot."""
    import asyncio
    from dataclasses import replace

    async def slow(pilot):
        await asyncio.sleep(0.75)  # one blink and a half

    scene = replace(next(s for s in SCENES if s.name == "welcome"), steps=slow)
    rendered = await render(scene)
    assert rendered == (FOLDER / "welcome.svg").read_text(encoding="utf-8")
