"""Review: every answer beside its question; pick one to change it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from engine.answers import by_id, display
from tui.widgets.footer import AppFooter
from tui.widgets.sourced import LABEL_WIDTH


class ReviewScreen(Screen[None]):
    """The live answers in asking order; enter on one opens its question to change it."""

    CSS_PATH = "review.tcss"
    HELP = (
        "Every answer beside its question. Move with the arrows and press enter (or the "
        "number) to change one; before an edit lands you see which later answers it drops "
        "and how the outcome changes."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        *[Binding(str(n), f"edit({n - 1})", f"Edit {n}", show=False) for n in range(1, 10)],
    ]

    def __init__(self) -> None:
        super().__init__()
        self.qids: list[str] = []

    def compose(self) -> ComposeResult:
        s = self.app.session  # type: ignore[attr-defined]
        w = s.walk()
        self.qids = list(w.asked)
        options = []
        for i, q in enumerate(self.qids, 1):
            t = Text()
            t.append(f"{i:>2} ", style="dim")
            t.append(f"{by_id()[q].label:<{LABEL_WIDTH}}", style="bold")
            t.append(display(q, s.answers[q]))
            options.append(Option(t, id=q))
        yield Header()
        with Vertical(id="review"):
            yield Static(Text("Review answers", style="bold"), id="review-title")
            yield OptionList(*options, id="answers")
            status = Text()
            if w.pending:
                status.append("Next question: ", style="bold")
                status.append(by_id()[w.pending].label)
            else:
                o = s.outcome()
                status.append("Outcome: ", style="bold")
                status.append(f"{o.title} [{o.pathway}]")
            if s.discarded:
                status.append(f"\n{len(s.discarded)} earlier answer(s) kept in the audit trail.")
            status.append(
                "\nenter (or 1-9) changes an answer; you see what it changes first.",
                style="dim",
            )
            yield Static(status, id="review-status")
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#answers", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._edit(self.qids[event.option_index])

    def action_edit(self, index: int) -> None:
        if index < len(self.qids):
            self._edit(self.qids[index])

    def _edit(self, qid: str) -> None:
        self.app.pop_screen()
        self.app.edit_from_review(qid)  # type: ignore[attr-defined]

    def action_close(self) -> None:
        self.app.pop_screen()
