"""The committed screenshots are what the app renders today (`make screenshots` renews them)."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.tui.conftest import resize_to
from tests.tui.small_terminals import (
    SMALL,
    check_footer_and_dialog,
    check_help_readable,
    has_help,
)
from tui.screenshots import BASE_SCENES, SCENES, Scene, render, running

FOLDER = ROOT / "screenshots"


SIZES = ((100, 32), *SMALL)
# the order each screen is shown in: shrinking, growing, and from the middle size
ORDERS = (SIZES, SIZES[::-1], (SIZES[1], SIZES[0], SIZES[2]))


def at(base: Scene, size: tuple[int, int]) -> Scene:
    """The scene of `base`'s screen at `size` (its committed picture is of an app opened at
    that size)."""
    name = base.name if size == base.size else f"{base.name}-{size[0]}x{size[1]}"
    return next(s for s in SCENES if s.name == name)


async def matches(app, pilot, scene: Scene, *, resized: bool) -> None:
    golden = FOLDER / f"{scene.name}.svg"
    assert golden.exists(), f"{golden.name} missing: run `make screenshots`"
    expected = golden.read_text(encoding="utf-8")
    # after a resize the screens fit themselves after a refresh: allow a few pauses more
    for _ in range(5 if resized else 1):
        rendered = app.export_screenshot(title=f"cnsnet: {scene.name}")
        if rendered == expected:
            return
        await pilot.pause()
    how = "resized to this size, " if resized else ""
    raise AssertionError(
        f"{scene.name}: the app {how}no longer renders the committed picture. If the change "
        "is intended, run `make screenshots`, look at the PNGs, and commit them; if only the "
        "resized app differs, a screen does not fit itself again when the terminal is resized"
    )


@pytest.mark.parametrize("number", range(len(BASE_SCENES)), ids=[s.name for s in BASE_SCENES])
async def test_every_screen_matches_its_pictures_at_every_size(number):
    """One app a screen, its scene played once, then the terminal resized: at each size the
    picture is the committed one, which `make screenshots` renders on an app opened at that
    size. So a resized terminal shows what one opened at its size does. A third of the
    screens start at 100×32 and shrink, a third start at 60×20 and grow, a third start at
    80×24: every size is also seen at a fresh start. At 80×24 and 60×20 the footer keeps
    Help, and help can be read whole (last: it presses keys)."""
    base = BASE_SCENES[number]
    sizes = ORDERS[number % len(ORDERS)]
    async with running(at(base, sizes[0])) as (app, pilot):
        for i, size in enumerate(sizes):
            if i:
                await resize_to(pilot, size)
            scene = at(base, size)
            await matches(app, pilot, scene, resized=bool(i))
            if size in SMALL:
                check_footer_and_dialog(scene.name, app)
        if has_help(app):
            for size in SMALL:
                await resize_to(pilot, size)
                await check_help_readable(app, pilot)


@pytest.mark.parametrize(
    "scene", [s for s in SCENES if s.size == SIZES[0] and s not in BASE_SCENES],
    ids=lambda s: s.name,
)  # fmt: skip
async def test_other_scenes_match_their_pictures(scene):
    async with running(scene) as (app, pilot):
        await matches(app, pilot, scene, resized=False)


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


async def test_a_narrowed_terminal_keeps_the_cursor_of_a_long_path_in_view():
    """The export dialog opened at 100×32, the terminal then narrowed to 60×20: the path
    field shows its end, where the cursor is, as on a terminal opened at 60×20 (it showed the
    path's start, the cursor out of view). The screens' own test may resize it otherwise."""
    base = next(s for s in BASE_SCENES if s.name == "export-dialog")
    async with running(base) as (app, pilot):
        await resize_to(pilot, (60, 20))
        await matches(app, pilot, at(base, (60, 20)), resized=True)
