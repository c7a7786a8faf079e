"""Open a saved session file: validated whole by the engine, or refused with a message."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from engine.paths import PathError, typed_path
from engine.reader import InputError, read_session
from engine.session import Session
from tui.screens.dialog import Dialog, dialog_css
from tui.widgets.in_order import InOrderInput


class OpenFileScreen(Dialog[Session | None]):
    """Type a path; enter opens it on its result or its next question."""

    CSS_PATH = dialog_css("open_file.tcss")
    HELP = (
        "Type the path of a saved session (.toml; ~ is your home folder) and press enter. "
        "escape cancels."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", show=False),
        Binding("escape", "cancel", "Cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text("Open a session file", style="bold"))
            yield InOrderInput(placeholder="./cnsnet-….toml", id="path")
            yield Static(Text(""), id="message")
            yield Static(Text("enter opens · escape cancels", style="dim"))

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#path", Input))  # now: keys typed ahead go to it

    def action_open(self) -> None:
        """enter: read and validate the file named in the field."""
        if self.answered:
            return  # keys typed after enter or escape: this dialog has given its answer
        try:
            session = read_session(typed_path(self.query_one("#path", Input).value))
        except (InputError, PathError) as e:
            self.query_one("#message", Static).update(Text(str(e), style="bold red"))
            return
        self.dismiss(session)

    def action_cancel(self) -> None:
        self.dismiss(None)
