"""Help: what the screen beneath is for, and exactly the keys that work on it now."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tui.screens.dialog import Dialog, dialog_css

# Keys whose bindings are hidden or live elsewhere, said once each: (key, what it does).
ALSO = [
    ("ctrl+p", "command palette: new session, review, export, copy note, open a file, map, theme"),
]


def key_name(binding: Binding) -> str:
    """How a key is written in help: `f1`, `?`, `esc`, `ctrl+q`."""
    names = {"question_mark": "?", "escape": "esc", "slash": "/"}
    return names.get(binding.key, binding.key)


def active_key_rows(screen: Screen[object]) -> list[tuple[str, str]]:
    """(keys, what they do) for every binding active on `screen`, from its bindings alone.

    The screen's and the app's bindings are listed; a widget's own movement keys are not.
    Textual leaves out keys that the focused widget takes itself (letters typed into the
    Ki-67 field) and actions whose `check_action` says no (y/n on a choice question), so
    help never lists a key that does nothing there. Keys with one description are joined:
    `1-9`, `f1 or ?`.
    """
    by_what: dict[str, list[str]] = {}
    for key, active in screen.active_bindings.items():
        b = active.binding
        if active.node not in (screen, screen.app):
            continue  # a widget's own keys (arrows, page keys): the screen's text says them
        if not active.enabled or not b.description or key == "ctrl+p":
            continue
        what = b.description
        if key.isdigit() and what.startswith(("Pick ", "Edit ")):
            what = f"{what.split()[0].lower()} that numbered item"
        by_what.setdefault(what, []).append(key_name(b))
    rows = []
    for what, keys in by_what.items():
        digits = [k for k in keys if k.isdigit()]
        others = [k for k in keys if not k.isdigit()]
        if len(digits) > 1:
            others.insert(0, f"{min(digits)}-{max(digits)}")
        else:
            others = keys
        rows.append((" or ".join(others), what))
    return rows + ALSO


def help_text(screen: Screen[object]) -> str:
    """What a screen says of itself in help: its `help_text()` where what it wants changes
    while it is up (the question screen, by kind of question), else its HELP."""
    own = getattr(screen, "help_text", None)
    return str(own()) if callable(own) else (screen.HELP or "")


class HelpScreen(Dialog[None]):
    """Keys of the screen it was opened from; any of escape, f1, ? or q closes it."""

    CSS_PATH = dialog_css("help.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("f1", "close", "Close", show=False),
        Binding("question_mark", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def __init__(self, beneath: Screen[object]) -> None:
        super().__init__()
        self.beneath = beneath

    def compose(self) -> ComposeResult:
        b = self.beneath
        rows = self.rows = self.key_rows()
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=False)
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, what in rows:
            table.add_row(key, what)
        with Vertical(id="dialog") as dialog:
            dialog.border_title = f"Help: {type(b).__name__.removesuffix('Screen')}"
            dialog.border_subtitle = "escape closes · arrows scroll"
            with VerticalScroll(id="help-scroll"):
                yield Static(Text(help_text(b)), id="help-text")
                yield Static(table, id="keys")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def key_rows(self) -> list[tuple[str, str]]:
        """(key, what it does) on the screen beneath, derived from its active bindings."""
        return active_key_rows(self.beneath)

    def action_close(self) -> None:
        self.dismiss(None)
