"""On start: offer an unfinished autosaved session. enter resumes; discarding asks first."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from engine.autosave import SavedSession
from engine.text import visible
from tui.access import cnsnet_app
from tui.screens.dialog import Dialog, dialog_css


def describe(s: SavedSession) -> Text:
    """One offer, as text: the label, what tells it apart (pathway or next question, Ki-67,
    first answers), when it was last changed, how many answers it holds, and for a session
    written apart, which version it is."""
    t = Text()
    label = visible(s.case_label, one_line=True) or "(no case label)"
    t.append(label, style="bold")
    if s.gist:
        t.append(f"\n  {s.gist}")
    when = s.updated.astimezone().strftime("%Y-%m-%d %H:%M")
    state = "finished, not exported" if s.finished else "unfinished"
    t.append(f"\n  last changed {when} · {s.answers} answer(s) · {state}", style="dim")
    if s.version > 1:
        t.append(
            f"\n  version {s.version} of this session: kept apart when another cnsnet changed "
            "it at the same time",
            style="dim",
        )
    return t


def offer_row(s: SavedSession) -> Group:
    """An offer in the list: the lines after the label wrap under themselves."""
    label, *rest = describe(s).split("\n")
    details = Table.grid()
    details.add_column(width=2, no_wrap=True)
    details.add_column(ratio=1)
    for line in rest:
        details.add_row("", line[2:])
    return Group(label, details)


class ResumeScreen(Dialog[SavedSession | None]):
    """Resume the highlighted session, discard it, or start a new one."""

    CSS_PATH = dialog_css("resume.tcss")
    HELP = (
        "cnsnet autosaves every confirmed answer. enter resumes the highlighted session; "
        "d discards one, asking first (only ctrl+d deletes it); a new session keeps these "
        "for later."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "discard", "Discard"),
        Binding("escape", "new", "New session"),
    ]

    def __init__(self, offers: list[SavedSession], unreadable: int = 0) -> None:
        super().__init__()
        self.offers = list(offers)
        self.unreadable = unreadable

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self._title(), id="resume-title")
            # by position, not by session id: a copied file holds the same session twice
            yield OptionList(*[Option(offer_row(s)) for s in self.offers], id="offers")
            if self.unreadable:
                yield Static(
                    Text(f"{self.unreadable} autosave file(s) could not be read.", style="yellow")
                )
            yield Static(
                Text("enter resumes · d discards · escape starts a new session", style="dim")
            )

    def _title(self) -> Text:
        n = len(self.offers)
        if n == 1:
            return Text("Resume a session that was not exported?", style="bold")
        return Text(f"{n} sessions were not exported: resume one?", style="bold")

    def on_mount(self) -> None:
        offers = self.query_one("#offers", OptionList)
        offers.highlighted = 0
        offers.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.offers[event.option_index])

    def action_new(self) -> None:
        self.dismiss(None)

    def action_discard(self) -> None:
        offers = self.query_one("#offers", OptionList)
        index = offers.highlighted
        if index is None or not self.offers:
            return
        saved = self.offers[index]
        from tui.screens.confirm import ConfirmScreen

        def gone(ok: bool | None) -> None:
            if not ok or not cnsnet_app(self.app).discard_saved(saved):
                return
            self.offers.pop(index)
            offers.remove_option_at_index(index)
            self.query_one("#resume-title", Static).update(self._title())
            if not self.offers:
                self.dismiss(None)

        body = describe(saved)
        body.append("\n\nIts answers will be deleted from this computer.")
        self.app.push_screen(
            ConfirmScreen("Discard this session?", body, yes="Discard", no="Keep", deletes=True),
            gone,
        )
