"""Export: write the session summary TOML to a path the user can edit; never overwrite silently."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from engine.files import WriteError, write_text_atomic
from engine.summary import dumps


def default_path(app: object) -> str:
    """`./cnsnet-YYYYMMDD-HHMM-<id8>.toml`, local time."""
    now = app.clock().astimezone()  # type: ignore[attr-defined]
    sid = app.session.id[:8]  # type: ignore[attr-defined]
    return f"./cnsnet-{now:%Y%m%d-%H%M}-{sid}.toml"


class ExportScreen(ModalScreen[Path | None]):
    """`enter` writes; an existing file asks first; a failure is a message, not a crash."""

    CSS_PATH = "export.tcss"
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
            yield Static(Text(""), id="message")
            yield Static(Text("enter writes · escape cancels", style="dim"))

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        raw = event.value.strip()
        if not raw:
            self._message("Type a file path.")
            return
        self._write(Path(raw).expanduser(), overwrite=False)

    def _write(self, path: Path, *, overwrite: bool) -> None:
        text = dumps(self.app.session)  # type: ignore[attr-defined]
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
