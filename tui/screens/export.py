"""Export: write the session summary TOML to a path the user can edit; never overwrite silently."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from engine.export_dir import proposed_path
from engine.files import WriteError, write_text_atomic
from engine.summary import dumps
from tui.access import cnsnet_app
from tui.screens.dialog import Dialog, dialog_css


def default_path(app: object) -> str:
    """The full path proposed: the last export folder of this run, else the export folder
    (`$CNSNET_EXPORT_DIR`, documents, home; see engine/export_dir.py)."""
    last = getattr(app, "last_export_dir", None)
    return str(proposed_path(app.clock(), app.session.id, last))  # type: ignore[attr-defined]


class ExportScreen(Dialog[Path | None]):
    """`enter` writes; an existing file asks first; a failure is a message, not a crash."""

    CSS_PATH = dialog_css("export.tcss")
    HELP = (
        "Edit the path if you like and press enter to write the session summary (TOML, "
        "readable by `cnsnet show`). An existing file is never replaced without asking. "
        "escape cancels."
    )
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text("Export the session summary", style="bold"))
            yield Static(Text("File (TOML):", style="dim"))
            yield Input(value=default_path(self.app), id="path")
            yield Static(Text(""), id="full-path")
            yield Static(self._label_reminder(), id="label-reminder")
            yield Static(Text(""), id="message")
            yield Static(Text("enter writes · escape cancels", style="dim"))

    def on_mount(self) -> None:
        box = self.query_one("#path", Input)
        box.focus()
        self._show_full_path(box.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show_full_path(event.value)

    def _show_full_path(self, typed: str) -> None:
        """The whole path that enter writes, wrapped, however narrow the field is."""
        t = Text("Writes ", style="dim")
        raw = typed.strip()
        t.append(str(Path(raw).expanduser().absolute()) if raw else "(no path yet)")
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

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        raw = event.value.strip()
        if not raw:
            self._message("Type a file path.")
            return
        self._write(Path(raw).expanduser(), overwrite=False)

    def _write(self, path: Path, *, overwrite: bool) -> None:
        text = dumps(cnsnet_app(self.app).session)
        try:
            written = write_text_atomic(path, text, overwrite=overwrite)
        except FileExistsError:
            from tui.screens.confirm import ConfirmScreen

            def replace(ok: bool | None) -> None:
                if ok:
                    self._write(path, overwrite=True)
                else:
                    self._message("Not written: choose another name.")

            body = Text(f"{path} already exists. Replace it with this session?")
            self.app.push_screen(
                ConfirmScreen("Replace the file?", body, yes="Replace", no="Keep it"), replace
            )
            return
        except WriteError as e:
            self._message(f"Not written: {e}")
            return
        self.dismiss(written)

    def _message(self, text: str) -> None:
        self.query_one("#message", Static).update(Text(text, style="bold red"))
        self.query_one("#path", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
