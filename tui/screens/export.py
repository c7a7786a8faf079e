"""Export: the dialog where the user chooses the file; the app writes it (`CnsnetApp.export`).

The dialog writes nothing itself: on enter it hands the checked path to the app, which
writes it (asking first over an existing file) and answers with the file written or why
not. The dialog shows a failure inline and stays open, so keys typed after enter go on to
it (or to the "Replace?" question); once written, it dismisses with the path, and the app
records the export.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from engine.export_dir import export_path
from engine.paths import PathError
from tui.access import cnsnet_app
from tui.screens.dialog import Dialog, dialog_css
from tui.widgets.in_order import InOrderInput


class ExportScreen(Dialog[Path | None]):
    """`enter` chooses the file (a folder gets `name` in it); escape cancels."""

    CSS_PATH = dialog_css("export.tcss")
    HELP = (
        "Edit the path if you like and press enter to write the session summary (TOML, "
        "readable by `cnsnet show`). A path ending in / is a folder: the file is named for "
        "you. An existing file is never replaced without asking. escape cancels."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Write", show=False),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, typed: str, name: str) -> None:
        """`typed`: the path proposed in the field; `name`: the file name a folder gets."""
        super().__init__()
        self.typed = typed
        self.name_in_folder = name

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text("Export the session summary", style="bold"))
            yield Static(Text("File (TOML):", style="dim"))
            yield InOrderInput(value=self.typed, id="path")
            yield Static(Text(""), id="full-path")
            yield Static(self._label_reminder(), id="label-reminder")
            yield Static(Text(""), id="message")
            yield Static(Text("enter writes · escape cancels", style="dim"))

    def on_mount(self) -> None:
        box = self.query_one("#path", Input)
        self.set_focus(box)  # now, not later: keys typed ahead go to the field
        self._show_full_path(box.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show_full_path(event.value)

    def _show_full_path(self, typed: str) -> None:
        """The whole path that enter writes, wrapped, however narrow the field is."""
        t = Text("Writes ", style="dim")
        if not typed.strip():
            t.append("(no path yet)")
        else:
            try:
                t.append(str(export_path(typed, self.name_in_folder)))
            except PathError as e:  # its first clause; enter shows the whole message
                t.append(f"nothing: {e.problem.split(';')[0]}", style="yellow")
        self.query_one("#full-path", Static).update(t)

    def _label_reminder(self) -> Text:
        """The file holds what the case label holds."""
        from engine.text import visible

        label = visible(cnsnet_app(self.app).session.case_label, one_line=True)
        if not label:
            return Text("The file holds no case label.", style="dim")
        t = Text("The file holds the case label ", style="dim")
        t.append(f"“{label}”")
        t.append(": check it identifies no patient.", style="dim")
        return t

    def action_choose(self) -> None:
        """enter: the path in the field, checked, for the app to write."""
        if self.answered:
            return  # keys typed after enter or escape: this dialog has given its answer
        try:
            path = export_path(self.query_one("#path", Input).value, self.name_in_folder)
        except PathError as e:
            self._message(f"Not written: {e}")
            return
        cnsnet_app(self.app).export(path, self._written)

    def _written(self, path: Path | None, why_not: str) -> None:
        """The app's answer: the file written (the dialog's result), or why not."""
        if path is not None:
            self.dismiss(path)
        else:
            self._message(why_not)

    def _message(self, text: str) -> None:
        self.query_one("#message", Static).update(Text(text, style="bold red"))
        self.query_one("#path", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
