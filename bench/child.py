"""One measured process for bench/run.py: first paint, or a keyboard walk, of an app.

    python bench/child.py paint  subject|baseline  OUT.json
    python bench/child.py keys   subject|baseline  OUT.json

Times are CLOCK_MONOTONIC (the same clock in every process), so the parent can subtract the
moment it spawned this process from the moment this process painted its first screen.

The hook is the same for subject and baseline: the app instance's `_display` is wrapped, and
a screen counts as painted when Textual hands the driver the first compositor update for it
(headless, the update is computed in full and then dropped instead of written out).
"""

from __future__ import annotations

import time

T_START = time.clock_gettime(time.CLOCK_MONOTONIC)  # before any other import

import asyncio  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from typing import Any, ClassVar  # noqa: E402

SIZE = (100, 32)

# The README's complete case: the keys a clinician presses, question by question.
CASE: dict[str, object] = {
    "scope": "primary_cns_net",
    "histology": "well_differentiated",
    "ki67": 8.5,
    "sstr_imaging": "ga68_pet",
    "sstr_status": "positive",
    "setting": "first_line",
    "debulking": "not_assessed",
    "special_population": "no",
    "cga_baseline": "measured",
}


def now() -> float:
    return time.clock_gettime(time.CLOCK_MONOTONIC)


def max_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def hook_paints(app: Any) -> list[tuple[float, Any]]:
    """Record (time, screen) for every compositor update that paints something."""
    paints: list[tuple[float, Any]] = []
    display = app._display

    def _display(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is not None:
            paints.append((now(), screen))

    app._display = _display
    return paints


# -- the apps -----------------------------------------------------------------------------


def baseline_app() -> Any:
    """A Textual app whose screen shows one Label; any walk key switches to a fresh one."""
    from textual.app import App, ComposeResult
    from textual.binding import Binding, BindingType
    from textual.screen import Screen
    from textual.widgets import Label

    class LabelScreen(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Label("cnsnet")

    class OneLabelApp(App[None]):
        BINDINGS: ClassVar[list[BindingType]] = [Binding("x", "next", "Next")]

        def on_mount(self) -> None:
            self.push_screen(LabelScreen())

        def action_next(self) -> None:
            """A fresh one-Label screen replaces the current one."""
            self.switch_screen(LabelScreen())

    return OneLabelApp()


def subject_app() -> Any:
    from tui.app import CnsnetApp

    return CnsnetApp(autosave="--autosave" in sys.argv)


# -- first paint --------------------------------------------------------------------------


async def paint(kind: str) -> dict[str, Any]:
    from textual.screen import Screen

    app = subject_app() if kind == "subject" else baseline_app()
    paints = hook_paints(app)

    def first() -> tuple[float, Any] | None:
        # The app's own first screen (welcome or resume; the Label screen), not the default
        # screen that Textual installs before `on_mount` pushes it.
        return next(((t, s) for t, s in paints if type(s) is not Screen), None)

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(1000):
            if first():
                break
            await asyncio.sleep(0.005)
        found = first()
        if found is None:
            raise RuntimeError("no screen of the app was painted")
        rss = max_rss_kib()
    return {
        "t_start": T_START,
        "t_paint": found[0],
        "screen": type(found[1]).__name__,
        "max_rss_kib": rss,
    }


# -- keypresses ---------------------------------------------------------------------------


def keys_for(qid: str, value: object) -> tuple[list[str], str]:
    """(keys typed before the timed key, the timed key) that give `value` to `qid`."""
    from engine.answers import by_id

    q = by_id()[qid]
    if q.kind == "choice":
        return [], str([c.id for c in q.choices].index(str(value)) + 1)
    if q.kind == "yesno":
        from tui.screens.question import YESNO_KEYS  # the app's own key map (loaded by now)

        return [], YESNO_KEYS[str(value)]
    return list(format(value, "g")), "enter"


async def timed_press(pilot: Any, paints: list[tuple[float, Any]], key: str) -> float:
    """Seconds from sending `key` to the first paint of what it brings up.

    That is a new screen, or (cnsnet's question screen is filled in place for the next
    question) the same screen showing another question.
    """
    app = pilot.app
    screen_before, qid_before = app.screen, getattr(app.screen, "qid", None)
    before = len(paints)
    t0 = now()
    await pilot.press(key)
    for _ in range(2000):
        moved = app.screen is not screen_before or getattr(app.screen, "qid", None) != qid_before
        new = [t for t, s in paints[before:] if s is app.screen]
        if moved and new:
            return new[0] - t0
        await asyncio.sleep(0.002)
    raise RuntimeError(f"nothing new painted after {key!r}")


async def keys(kind: str) -> dict[str, Any]:
    app = subject_app() if kind == "subject" else baseline_app()
    paints = hook_paints(app)
    out: dict[str, Any] = {"to_question": [], "to_result": None, "first": None}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if kind == "baseline":
            # As many screen switches as the subject's walk has keypresses: one from the
            # welcome screen, one per question but the last, and the one to the result.
            for _ in range(len(CASE)):
                out["to_question"].append(await timed_press(pilot, paints, "x"))
            out["first"] = out["to_question"][0]
            out["to_result"] = await timed_press(pilot, paints, "x")
        else:
            from tui.screens.question import QuestionScreen
            from tui.screens.result import ResultScreen

            out["first"] = await timed_press(pilot, paints, "enter")
            out["to_question"].append(out["first"])
            for _ in range(30):
                screen = app.screen
                if not isinstance(screen, QuestionScreen):
                    break
                typed, key = keys_for(screen.qid, CASE[screen.qid])
                if typed:
                    await pilot.press(*typed)
                    await pilot.pause()
                dt_s = await timed_press(pilot, paints, key)
                if isinstance(app.screen, QuestionScreen):
                    out["to_question"].append(dt_s)
                elif isinstance(app.screen, ResultScreen):
                    out["to_result"] = dt_s
            if not isinstance(app.screen, ResultScreen):
                raise RuntimeError(f"the walk ended on {type(app.screen).__name__}")
            out["pathway"] = app.session.outcome().pathway
        out["max_rss_kib"] = max_rss_kib()
    return out


def main() -> None:
    mode, kind, path = sys.argv[1:4]
    if kind not in ("subject", "baseline"):
        raise SystemExit(f"unknown kind {kind!r}")
    run = {"paint": paint, "keys": keys}[mode]
    result = asyncio.run(run(kind))
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(result, fh)


if __name__ == "__main__":
    main()
