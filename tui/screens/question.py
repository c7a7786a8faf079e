"""One question at a time: numbered choices, yes/no, or the Ki-67 number with inline errors."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from engine.answers import Value, by_id, display, yesno_values
from engine.cite import cite
from engine.ki67 import ACCEPTED as KI67_ACCEPTED
from engine.ki67 import HIGHEST, LOWEST, UNKNOWN, Ki67Error, as_ki67, format_ki67, parse_ki67
from engine.reference import quote, wording
from tui.access import cnsnet_app
from tui.widgets.footer import AppFooter
from tui.widgets.header import AppHeader
from tui.widgets.in_order import InOrderInput, InOrderOptionList

YESNO_KEYS = {"yes": "y", "no": "n", "unknown": "u"}  # the one key map: bindings, tests, bench


def option_row(key: Text, label: str, current: bool) -> Table:
    """An option: its key, then its label wrapping under itself (hanging indent); a kept
    answer is marked "✓ current" on its own line when the label leaves no room for it."""
    grid = Table.grid(padding=(0, 0, 0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    text = Text(label)
    if current:
        text.append("  ✓ current answer", style="italic")
    grid.add_row(key, text)
    return grid


class QuestionScreen(Screen[None]):
    """Ask one question; the engine chose it and will decide what its answer means."""

    CSS_PATH = "question.tcss"
    AUTO_FOCUS = ""  # none: `show` focuses the answer widget of the question shown
    HELP_BY_KIND: ClassVar[dict[str, str]] = {
        "choice": "Pick one answer: its number, or the arrows and enter.",
        "yesno": "Answer yes or no: y or n, or 1 for yes and 2 for no, or the arrows and enter.",
        "number": (
            "Type the Ki-67 value and press enter: 12, 12.5, 12,5 or 12 %, or “unknown”. "
            "Letters go into the field here, so review and the map are in the command palette "
            "(ctrl+p)."
        ),
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        # enter runs in the answer widget's own queue, at its turn (tui/widgets/in_order.py):
        # after what was typed before it, before what was typed after it
        Binding("enter", "confirm", "Answer", show=False),
        Binding("escape", "back", "Back"),
        Binding("r", "app.review", "Review"),
        Binding("m", "app.map", "Map"),
        *[Binding(str(n), f"pick({n - 1})", f"Pick {n}", show=False) for n in range(1, 10)],
        *[
            Binding(key, f"pick_value('{value}')", value.capitalize(), show=False)
            for value, key in YESNO_KEYS.items()
        ],
    ]

    def __init__(self, qid: str) -> None:
        super().__init__()
        self.qid = qid
        self.question = by_id()[qid]
        self.values: list[Value] = []
        self.generation = 0

    # -- layout ------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # Both kinds of answer widget are composed once; `show` fills them for a question
        # and hides the one it does not use, so moving between questions re-mounts nothing.
        yield AppHeader()
        with Vertical(id="question"):
            yield Static(id="progress")
            yield Static(id="prompt")
            with Vertical(id="number-box"):
                yield InOrderInput(
                    placeholder="e.g. 12, 12.5 or 12,5 — or unknown",
                    id="number",
                    select_on_focus=True,
                )
                yield Static(Text(""), id="error")
                yield Static(
                    Text(
                        f"Enter the single hotspot value from {LOWEST:g} to {HIGHEST:g} and "
                        "press enter; "
                        "type “unknown” if it has not been measured.",
                        style="dim",
                    ),
                    id="number-hint",
                )
            yield InOrderOptionList(id="choices")
            with VerticalScroll(id="why", classes="section") as why:
                why.border_title = "Why this is asked"
                yield Static(id="why-text")
        yield AppFooter()

    def show(self, qid: str) -> None:
        """Fill the screen for question `qid` (the engine chose it)."""
        self.qid = qid
        self.question = q = by_id()[qid]
        self.generation += 1  # events posted for the question shown before are stale
        self.query_one("#progress", Static).update(self._progress_text())
        self.query_one("#prompt", Static).update(Text(q.prompt, style="bold"))
        self.query_one("#why-text", Static).update(self._why_text())
        self.query_one("#why", VerticalScroll).scroll_home(animate=False)
        self.call_after_refresh(self._fit_why)
        number = self.query_one("#number-box")
        choices = self.query_one("#choices", OptionList)
        error = self.query_one("#error", Static)
        error.update(Text(""))
        error.remove_class("shown")
        number.display = q.kind == "number"
        choices.display = q.kind != "number"
        if q.kind == "number":
            self.values = []
            box = self.query_one("#number", Input)
            box.value = self._kept_text()
            self.set_focus(box)  # now, not later: keys typed ahead go to the widget shown
            box.select_all()
        else:
            choices.clear_options()
            choices.add_options(self._options())
            kept = self._kept()
            choices.highlighted = self.values.index(kept) if kept in self.values else 0
            self.set_focus(choices)
        self.refresh_bindings()

    def help_text(self) -> str:
        """What this question wants, for the help window (the keys come from the bindings)."""
        return self.HELP_BY_KIND[self.question.kind]

    def _progress_text(self) -> Text:
        s = cnsnet_app(self.app).session
        w = s.walk()
        t = Text()
        if w.pending == self.qid and (p := s.progress()):
            t.append(f"Question {p.number}", style="bold")
            more = "the last question" if p.more_at_most == 0 else f"at most {p.more_at_most} more"
            t.append(f" · {more}")
            if held := s.held():  # after an edit, kept answers are not asked again
                t.append(f" · {len(held)} later answer(s) kept")
        elif self.qid in w.asked:
            n = w.asked.index(self.qid) + 1
            t.append(f"Question {n}", style="bold")
            t.append(" · answered: enter keeps it and shows the next; another answer changes it")
        return t

    def _kept(self) -> Value | None:
        return cnsnet_app(self.app).session.answers.get(self.qid)

    def _kept_text(self) -> str:
        v = self._kept()
        if v is None:
            return ""
        return UNKNOWN if v == UNKNOWN else format_ki67(as_ki67(v)).removesuffix(" %")

    def _options(self) -> list[Option]:
        q = self.question
        if q.kind == "yesno":
            self.values = list(yesno_values(q))
            labels = [
                (f"{i}/{YESNO_KEYS[str(v)]}", display(self.qid, v))
                for i, v in enumerate(self.values, 1)
            ]
        else:
            self.values = [c.id for c in q.choices]
            labels = [(str(i), c.label) for i, c in enumerate(q.choices, 1)]
        kept = self._kept()
        return [
            Option(
                option_row(Text(f" {key} ", style="bold reverse"), label, value == kept),
                id=f"{self.generation}:{value}",
            )
            for (key, label), value in zip(labels, self.values, strict=True)
        ]

    def _why_text(self) -> Text:
        q = self.question
        t = Text(q.help)
        if q.outside:  # a fact from outside the source, in cnsnet's words
            t.append("\n\n")
            t.append(q.outside, style="italic")
            t.append("  (cnsnet, not the source)", style="dim italic")
        for ref in q.source:
            t.append(f"\n\n{cite([ref])}  ", style="bold")
            t.append(f"“{quote(ref)}”", style="italic")
        if not q.source:
            t.append(f"\n\n{wording().unsourced_question}", style="dim")
        return t

    def on_mount(self) -> None:
        self.show(self.qid)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_why)

    def _fit_why(self) -> None:
        """ "Why this is asked" is as tall as its text, and scrolls in what is left above the
        footer when the text is longer. Nothing to fit on a screen taken down meanwhile."""
        found = self.query("#why").results(VerticalScroll)
        why = next(found, None)
        if why is None:
            return
        why.styles.max_height = max(4, self.size.height - why.region.y - 1)

    # -- answering ---------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        kind = self.question.kind
        if action == "pick":  # 1 = yes, 2 = no on a yes/no question
            index = parameters[0]
            return kind != "number" and isinstance(index, int) and index < len(self.values)
        if action == "pick_value":
            return kind == "yesno" and parameters[0] in self.values
        return True

    def action_pick(self, index: int) -> None:
        if index < len(self.values):
            self._answer(self.values[index])

    def action_pick_value(self, value: str) -> None:
        if value in self.values:
            self._answer(value)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        generation, _, value = (event.option.id or "").partition(":")
        if generation != str(self.generation):
            return  # selected on a question that is no longer shown (keys typed ahead)
        self._answer(value)

    def action_confirm(self) -> None:
        """enter: the highlighted choice, or the typed Ki-67 value."""
        if self.question.kind == "number":
            self._submit_number(self.query_one("#number", Input).value)
            return
        index = self.query_one("#choices", OptionList).highlighted
        if index is not None and index < len(self.values):
            self._answer(self.values[index])

    def _submit_number(self, typed: str) -> None:
        error = self.query_one("#error", Static)
        kept = self._kept()
        if not typed.strip() and kept is not None:
            self._answer(kept)  # an emptied field keeps the answer, as the header says
            return
        try:
            value = parse_ki67(typed)
        except Ki67Error as e:
            msg = Text()
            msg.append("✗ ", style="bold")
            msg.append("Nothing typed. " if not typed.strip() else f"{e.given!r} {e.reason}. ")
            msg.append(f"Accepted: {KI67_ACCEPTED}.")
            error.update(msg)
            error.add_class("shown")
            self.call_after_refresh(self._fit_why)  # the message moved the box down
            self.query_one("#number", Input).focus()
            return
        error.update(Text(""))
        error.remove_class("shown")
        self._answer(value)

    def _answer(self, value: Value) -> None:
        cnsnet_app(self.app).submit_answer(self.qid, value)

    def action_back(self) -> None:
        cnsnet_app(self.app).back_from(self.qid)
