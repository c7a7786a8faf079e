"""Help: what the screen beneath is for, and its keys."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.actions import parse
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

KEY_NAMES = {
    "question_mark": "?",
    "escape": "esc",
    "enter": "enter",
}

APP_KEYS = [
    ("f1 or ?", "help for this screen"),
    ("ctrl+p", "command palette: new session, review, export, copy note, open a file, map, theme"),
    ("ctrl+q", "quit (asks first if the session is not exported)"),
]


class HelpScreen(ModalScreen[None]):
    """Keys of the screen it was opened from; any of escape, f1, ? or q closes it."""

    CSS_PATH = "help.tcss"
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
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, what in rows:
            table.add_row(key, what)
        with Vertical(id="dialog"):
            yield Static(Text(f"Help: {type(b).__name__.removesuffix('Screen')}", style="bold"))
            with VerticalScroll():
                yield Static(Text(getattr(b, "HELP", "")), id="help-text")
                yield Static(table, id="keys")
            yield Static(Text("escape closes", style="dim"))

    def key_rows(self) -> list[tuple[str, str]]:
        """(key, what it does) for the screen beneath, then the keys that work everywhere."""
        b = self.beneath
        rows: list[tuple[str, str]] = []
        seen: set[str] = set()
        digits = [
            x for x in getattr(b, "BINDINGS", []) if isinstance(x, Binding) and x.key.isdigit()
        ]
        if digits and b.check_action(*parse(digits[0].action)[:2]) is not False:
            rows.append(("1-9", "pick that numbered item"))
        for binding in getattr(b, "BINDINGS", []):
            if not isinstance(binding, Binding) or binding.key.isdigit():
                continue
            name, params = parse(binding.action)[:2]
            if b.check_action(name, params) is False:
                continue
            if binding.description in seen:
                continue
            seen.add(binding.description)
            rows.append((KEY_NAMES.get(binding.key, binding.key), binding.description))
        return rows + APP_KEYS

    def action_close(self) -> None:
        self.dismiss(None)
