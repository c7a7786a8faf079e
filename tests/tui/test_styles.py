"""Every screen's style file is read when the app starts. Textual parses the whole stylesheet
again each time a screen brings a file it has not seen: that cost each first visit to a
screen, and a screen's look could depend on which screens had been visited before it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from pathlib import Path

from textual.css.stylesheet import Stylesheet
from textual.screen import Screen

import tui.screens
from tests.tui.conftest import answer_all, open_case
from tests.tui.test_walk_polish import SSA
from tui.app import CnsnetApp
from tui.screens.result import ResultScreen


def screen_classes() -> Iterator[type[Screen]]:
    """Every screen and dialog class that tui/screens defines."""
    for info in pkgutil.iter_modules(tui.screens.__path__):
        module = importlib.import_module(f"tui.screens.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Screen) and cls.__module__ == module.__name__:
                yield cls


def style_files(cls: type[Screen]) -> list[Path]:
    """The files of a screen's CSS_PATH, resolved as Textual resolves them: beside the
    module that defines the class."""
    paths = cls.CSS_PATH if isinstance(cls.CSS_PATH, list) else [cls.CSS_PATH]
    here = Path(inspect.getfile(cls)).parent
    return [(here / p).resolve() for p in paths if p is not None]


def test_the_app_reads_the_style_of_every_screen_it_can_show():
    read = set(CnsnetApp(autosave=False).css_path)
    classes = list(screen_classes())
    assert len(classes) >= 12  # the welcome, question and result screens and every dialog
    missing = {cls.__name__: f for cls in classes for f in style_files(cls) if f not in read}
    assert not missing, f"read only when the screen is first shown: {missing}"


async def test_no_screen_shown_in_a_walk_parses_the_stylesheet_again(monkeypatch):
    made: list[str] = []
    reparse = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        made.append(type(app.screen).__name__)
        reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    app = CnsnetApp(autosave=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_case(pilot, SSA, stop_at="ki67")  # the welcome screen, then a question
        await answer_all(pilot, SSA)  # by keys to the result
        assert isinstance(app.screen, ResultScreen)
        for key in ("r", "m", "slash", "e", "f1"):  # review, map, find, export, help
            await pilot.press(key)
            await pilot.pause()
            assert not isinstance(app.screen, ResultScreen), key
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ResultScreen), key
    assert made == [], "the whole stylesheet was parsed again while these were on top"
