"""Review: every answer beside its question; pick one to change it."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from engine.answers import by_id, display
from engine.data import max_question_label
from tui.access import cnsnet_app
from tui.widgets.footer import AppFooter
from tui.widgets.header import AppHeader
from tui.widgets.in_order import InOrderOptionList, OnTopOnly


def label_width(labels: list[str], screen_width: int) -> int:
    """The label column: as wide as the longest label (at most max_question_label(), all a
    label may hold), and no more than a third of the screen, so an answer keeps room on a
    narrow terminal."""
    most = min(max(map(len, labels), default=1), max_question_label())
    return min(most, max(10, (screen_width - 14) // 3))


def answer_row(number: int, label: str, answer: str, width: int) -> Table:
    """One answer: number, label and answer each wrap in their own column (hanging indent)."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="dim", width=2, justify="right")
    grid.add_column(style="bold", width=width)
    grid.add_column(ratio=1)
    grid.add_row(str(number), label, answer)
    return grid


class ReviewScreen(OnTopOnly, Screen[None]):
    """The live answers in asking order; enter on one opens its question to change it."""

    CSS_PATH = "review.tcss"
    HELP = (
        "Every answer beside its question. Move with the arrows and press enter (or the "
        "number) to change one; before an edit lands you see which later answers it drops "
        "and how the outcome changes."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        # run by the list at its turn: keys typed after it go to the question it opens
        Binding("enter", "edit_highlighted", "Edit", show=False),
        *[Binding(str(n), f"edit({n - 1})", f"Edit {n}", show=False) for n in range(1, 10)],
    ]

    def __init__(self) -> None:
        super().__init__()
        self.qids: list[str] = []
        self.shown: list[tuple[str, str]] = []  # (label, answer) of each row, as composed
        self.label_width = 0

    def compose(self) -> ComposeResult:
        s = cnsnet_app(self.app).session
        w = s.walk()
        self.qids = list(w.asked)
        self.shown = [(by_id()[q].label, display(q, s.answers[q])) for q in self.qids]
        self.label_width = self._label_width()
        options = [Option(row, id=q) for q, row in zip(self.qids, self._rows(), strict=True)]
        yield AppHeader()
        with Vertical(id="review"):
            yield Static(Text("Review answers", style="bold"), id="review-title")
            status = Text()
            if w.pending:
                status.append("Next question: ", style="bold")
                status.append(by_id()[w.pending].label)
            else:
                o = s.outcome()
                status.append("Outcome: ", style="bold")
                status.append(f"{o.title} [{o.pathway}]" if o else "not decided")
            if s.discarded:
                status.append(f"\n{len(s.discarded)} earlier answer(s) kept in the audit trail.")
            status.append(
                "\nenter (or 1-9) changes an answer; you see what it changes first.",
                style="dim",
            )
            yield Static(status, id="review-status")
            yield InOrderOptionList(*options, id="answers")
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#answers", OptionList).focus()
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _label_width(self) -> int:
        return label_width([label for label, _ in self.shown], self.app.size.width)

    def _rows(self) -> list[Table]:
        """Each answer shown as a row, its label column `self.label_width` wide."""
        return [
            answer_row(i, label, answer, self.label_width)
            for i, (label, answer) in enumerate(self.shown, 1)
        ]

    def _fit(self) -> None:
        """The rows' label column for this width, and the list scrolls in the rows left
        above the footer, its frame whole (nothing to fit on a screen taken down meanwhile)."""
        answers = next(self.query("#answers").results(OptionList), None)
        if answers is None:
            return
        width = self._label_width()
        if width != self.label_width:  # the terminal was resized
            self.label_width = width
            for i, row in enumerate(self._rows()):
                answers.replace_option_prompt_at_index(i, row)
        answers.styles.max_height = max(4, self.size.height - answers.region.y - 2)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._edit(self.qids[event.option_index])

    def action_edit_highlighted(self) -> None:
        index = self.query_one("#answers", OptionList).highlighted
        if index is not None:
            self.action_edit(index)

    def action_edit(self, index: int) -> None:
        if index < len(self.qids):
            self._edit(self.qids[index])

    def _edit(self, qid: str) -> None:
        if self.pop_if_on_top():  # not for an enter typed ahead after review has gone
            cnsnet_app(self.app).edit_from_review(qid)

    def action_close(self) -> None:
        self.pop_if_on_top()
