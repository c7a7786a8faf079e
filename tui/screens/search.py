"""The search prompt: one line at the bottom; enter searches, escape cancels."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.widgets.in_order import InOrderInput, OnTopOnly


class SearchScreen(OnTopOnly, ModalScreen[None]):
    """Ask for the text to find, and hand it (or None when cancelled) to `answer` at once,
    as the dialog goes. Not through `dismiss`: its callback runs later, in whatever asked,
    and a key typed after enter could reach the result before it (in a real terminal,
    `/ the enter n` now and then meant New session, the find not yet on)."""

    CSS_PATH = "search.tcss"
    HELP = "Type the text to find and press enter; n then goes to the next place it is found."
    BINDINGS: ClassVar[list[BindingType]] = [
        # run by the field at its turn, after every character typed before it; the keys
        # typed after it go on to the result (as `/ the enter n` goes to the next match)
        Binding("enter", "find", "Find", show=False),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, last: str, answer: Callable[[str | None], None]) -> None:
        super().__init__()
        self.last = last
        self.answer = answer

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text("Find (enter searches · escape cancels)", style="dim"))
            yield InOrderInput(value=self.last, id="term", select_on_focus=True)

    def on_mount(self) -> None:
        # now, not later: keys typed ahead (held by the app until this is up) go to it
        self.set_focus(self.query_one("#term", Input))

    def action_find(self) -> None:
        self._answer(self.query_one("#term", Input).value.strip() or None)

    def action_cancel(self) -> None:
        self._answer(None)

    def _answer(self, term: str | None) -> None:
        if self.answered:
            return  # keys typed after enter or escape: this dialog has given its answer
        self.dismiss()
        self.answer(term)
