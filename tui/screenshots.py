"""Render every screen headlessly as SVG (and PNG where rsvg-convert exists).

`make screenshots` writes them into screenshots/; tests/tui/test_screenshots.py renders the
same scenes and fails when a committed SVG no longer matches what the app renders. One
mechanism for the docs and for regression.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import os
import shutil
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from textual.widgets import Input

from engine.answers import by_id
from engine.session import Session

START = dt.datetime(2026, 11, 26, 14, 1, 6, tzinfo=dt.UTC)
SESSION_ID = "5c4ee2b0d1a3f7e9"
EXPORT_DIR = "/home/clinician/Documents"

Step = Callable[[Any], Awaitable[None]]


def _clock() -> Callable[[], dt.datetime]:
    ticks = itertools.count()
    return lambda: START + dt.timedelta(seconds=next(ticks))


def keys_for(qid: str, value: object) -> list[str]:
    """The keys that give `value` to question `qid`."""
    q = by_id()[qid]
    if q.kind == "choice":
        return [str([c.id for c in q.choices].index(str(value)) + 1)]
    if q.kind == "yesno":
        from tui.screens.question import YESNO_KEYS  # the app's own key map

        return [YESNO_KEYS[str(value)]]
    return [*str(value), "enter"]


TAIL = {
    "high_receptor_uptake": "yes",
    "debulking": "feasible",
    "special_population": "no",
    "cga_baseline": "not_measured",
}

SSA = {
    "scope": "primary_cns_net",
    "histology": "well_differentiated",
    "ki67": 4,
    "sstr_imaging": "ga68_pet",
    "sstr_status": "positive",
    "setting": "first_line",
}
WORKUP = {**SSA, "ki67": 6, "sstr_imaging": "not_done"}
MDT = {
    **SSA,
    "ki67": 30,
    "rapid_progression": "yes",
    "favorable_features": "yes",
}
OUT = {"scope": "cns_metastasis"}
# After SSA failure without high receptor expression: PRRT shown apart (S:77).
SECOND_NO_UPTAKE = {
    **SSA,
    "ki67": 8,
    "setting": "progressed_on_ssa",
    "high_receptor_uptake": "no",
}


def opened(
    answers: Mapping[str, object],
    stop_at: str | None = None,
    tail: Mapping[str, object] = TAIL,
) -> Step:
    """The app with these answers (and `tail`'s for the rest) given up to `stop_at`, opened on
    the next question or the result, as a walk by keys leaves it: the same pictures, without
    rendering every question on the way (walks by keys are tests/tui/test_walks.py's)."""

    async def run(pilot: Any) -> None:
        app = pilot.app
        label = app.screen.query_one("#case-label", Input).value
        session = app.session_factory()
        session.set_case_label(label)
        while (qid := session.walk().pending) is not None and qid != stop_at:
            session.answer(qid, answers[qid] if qid in answers else tail[qid])
        app.open_session(session, exported=False)
        await pilot.pause()

    return run


def then(*steps: Step) -> Step:
    async def run(pilot: Any) -> None:
        for step in steps:
            await step(pilot)

    return run


def keys(*pressed: str) -> Step:
    async def run(pilot: Any) -> None:
        await pilot.press(*pressed)
        await pilot.pause()

    return run


async def _nothing(pilot: Any) -> None:
    return None


def push(make: Callable[[], Any]) -> Step:
    """Push a screen made by `make` (for dialogs that need files or state to appear)."""

    async def run(pilot: Any) -> None:
        pilot.app.push_screen(make())
        await pilot.pause()

    return run


def _resume_offers() -> Any:
    from engine.autosave import SavedSession
    from tui.screens.resume import ResumeScreen

    def offer(n: int, gist: str, answers: int, finished: bool) -> SavedSession:
        return SavedSession(
            path=Path(f"/state/session-{n}.toml"),
            id=f"{n:016x}",
            updated=START - dt.timedelta(hours=n),
            answers=answers,
            case_label="",
            finished=finished,
            gist=gist,
        )

    return ResumeScreen(
        [
            offer(1, "first-line-ssa · Ki-67 4 % · Confirmed (IHC:… · 68Ga-DOTATATE", 9, True),
            offer(2, "next: SSTR result · Ki-67 8.5 % · Confirmed (IHC:…", 4, False),
        ]
    )


def _open_file() -> Any:
    from tui.screens.open_file import OpenFileScreen

    return OpenFileScreen()


async def _identifying_label(pilot: Any) -> None:
    pilot.app.screen.query_one("#case-label").value = "John Smith DOB 01/02/1960 MRN 12345678"
    await pilot.press("enter")
    await pilot.pause()


@dataclass(frozen=True)
class Scene:
    name: str
    steps: Step
    size: tuple[int, int] = (100, 32)
    theme: str = "textual-dark"
    label: str = "Tumour board 12 Dec, case 3"


BASE_SCENES: tuple[Scene, ...] = (
    Scene("welcome", _nothing),
    Scene("question-choice", opened(SSA, stop_at="histology")),
    Scene("question-ki67-error", then(opened(SSA, stop_at="ki67"), keys(*"10-15", "enter"))),
    Scene("review", then(opened(SSA), keys("r"))),
    Scene("review-edit-preview", then(opened(SSA), keys("r", "3"), keys(*"15", "enter"))),
    Scene("result-therapy", opened(SSA)),
    Scene("result-second-line-no-uptake", opened(SECOND_NO_UPTAKE)),
    Scene("result-workup-what-if", opened(WORKUP)),
    Scene("result-mdt-review", opened(MDT)),
    Scene("result-out-of-scope", opened(OUT)),
    Scene("decision-map", then(opened(MDT), keys("m"))),
    Scene("export-dialog", then(opened(SSA), keys("e"))),
    Scene("help", then(opened(SSA, stop_at="ki67"), keys("f1"))),
    Scene("help-result", then(opened(SSA), keys("f1"))),
    Scene("result-find", then(opened(SSA), keys("slash", *"monitor", "enter", "n"))),
    Scene("resume-list", push(_resume_offers)),
    Scene("label-identifier", _identifying_label),
    Scene("open-file", push(_open_file)),
)
SMALL_SIZES = ((80, 24), (60, 20))  # every screen is rendered at these too

SCENES: tuple[Scene, ...] = (
    *BASE_SCENES,
    *(
        replace(s, name=f"{s.name}-{w}x{h}", size=(w, h))
        for w, h in SMALL_SIZES
        for s in BASE_SCENES
    ),
    Scene("result-light-theme", opened(SSA), theme="textual-light"),
)


async def render(scene: Scene) -> str:
    """The SVG of one scene, rendered headlessly with a fixed clock and session id."""
    async with running(scene) as (app, _pilot):
        svg: str = app.export_screenshot(title=f"cnsnet: {scene.name}")
        return svg


@asynccontextmanager
async def running(scene: Scene) -> AsyncIterator[tuple[Any, Any]]:
    """The app and its pilot, with `scene` played: for screenshots and for layout tests."""
    os.environ["TZ"] = "UTC"
    old_export_dir = os.environ.get("CNSNET_EXPORT_DIR")
    os.environ["CNSNET_EXPORT_DIR"] = EXPORT_DIR  # the same proposed path on every machine
    time.tzset()
    from tui.app import CnsnetApp

    clock = _clock()
    app = CnsnetApp(
        clock=clock,
        autosave=False,
        session_factory=lambda: Session(id=SESSION_ID, clock=clock, started=START),
    )
    app.theme = scene.theme
    async with app.run_test(size=scene.size) as pilot:
        await pilot.pause()
        if scene.label:
            app.screen.query_one("#case-label", Input).value = scene.label
        await scene.steps(pilot)
        await pilot.pause()
        # A blinking cursor is on or off by the clock: hold it on, so a slow machine
        # renders the same picture as a fast one.
        for field in app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()
        try:
            yield app, pilot
        finally:
            if old_export_dir is None:
                os.environ.pop("CNSNET_EXPORT_DIR", None)
            else:
                os.environ["CNSNET_EXPORT_DIR"] = old_export_dir


def write_all(folder: Path) -> list[Path]:
    """Render every scene into `folder` as SVG, and PNG when rsvg-convert is on the PATH."""
    folder.mkdir(parents=True, exist_ok=True)
    rsvg = shutil.which("rsvg-convert")
    written = []
    for scene in SCENES:
        svg = asyncio.run(render(scene))
        path = folder / f"{scene.name}.svg"
        path.write_text(svg, encoding="utf-8")
        written.append(path)
        if rsvg:
            png = path.with_suffix(".png")
            subprocess.run([rsvg, "-f", "png", str(path), "-o", str(png)], check=True)
            written.append(png)
        print(f"wrote {path}" + (" (+ .png)" if rsvg else ""))
    if not rsvg:
        print("rsvg-convert not found: SVG only (Debian: apt-get install librsvg2-bin)")
    return written


if __name__ == "__main__":
    write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
