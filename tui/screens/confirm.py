"""A yes/no dialog: `y`/`enter` confirms, `n`/`escape` declines.

Before a deletion only ctrl+d (or the button) confirms: text typed ahead into the dialog
beneath must never delete anything. A case label typed into the resume list at start,
"day 3 board", opened "Discard this session?" with its `d` and confirmed it with its `y`.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.widgets import Button, Static

from tui.screens.dialog import Dialog, dialog_css
from tui.widgets.in_order import InOrderScroll

DELETE_KEY = "ctrl+d"  # the one key that confirms a deletion (no text typed ahead holds it)


class ConfirmScreen(Dialog[bool]):
    """Ask before something that changes or loses data."""

    CSS_PATH = dialog_css("confirm.tcss")
    HELP = "Confirm or decline. The arrows and page keys scroll a long text."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "typed_yes", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "Cancel"),
        Binding("enter", "typed_yes", "Confirm", show=False),
        Binding(DELETE_KEY, "answer(True)", "Delete"),
    ]

    def __init__(
        self, title: str, body: Text, *, yes: str = "Yes", no: str = "No", deletes: bool = False
    ) -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.yes = yes
        self.no = no
        self.deletes = deletes  # confirmed by ctrl+d or the button only, never y or enter

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "typed_yes":
            return not self.deletes
        if action == "answer" and parameters == (True,):
            return self.deletes
        return super().check_action(action, parameters)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(self.title_text, style="bold"), id="title")
            with InOrderScroll(id="body"):
                yield Static(self.body)
            with Horizontal(id="buttons"):
                key = DELETE_KEY if self.deletes else "y"
                yield Button(Text(f"{self.yes} ({key})"), variant="primary", id="yes")
                yield Button(Text(f"{self.no} (n)"), id="no")

    def on_mount(self) -> None:
        # the body has focus so the arrows and page keys scroll it on a small terminal;
        # enter (a binding of this screen) confirms, tab reaches the buttons
        self.set_focus(self.query_one("#body", VerticalScroll))  # now: keys typed ahead go here
        self._fit(self.app.size.height)

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.height)

    def _fit(self, height: int) -> None:
        """Keep the buttons on screen: the body scrolls in what the title and buttons leave."""
        self.query_one("#body", VerticalScroll).styles.max_height = max(3, height - 10)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def action_typed_yes(self) -> None:
        """y or enter: yes, where typed text may confirm (check_action)."""
        self.action_answer(True)
