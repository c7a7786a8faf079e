"""The welcome screen: what cnsnet is for, for whom, the disclaimer, the source; a case label."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Static

from engine import sections
from engine.about import about
from engine.identifiers import identifier_hints
from engine.limits import MAX_LABEL
from engine.version import __version__
from tui.access import cnsnet_app
from tui.render.mark import marked
from tui.widgets.footer import AppFooter
from tui.widgets.header import AppHeader
from tui.widgets.label_input import LabelInput

LABEL_WARNING = (
    "Optional. Do not type patient identifiers: no names, dates of birth or record numbers. "
    "Use something like “Tumour board 12 Dec, case 3”."
)


START_HINT = "Press enter to start."
LABEL_FULL = (
    f"The label holds at most {MAX_LABEL} characters: what was typed or pasted past them "
    "was not kept."
)


class WelcomeScreen(Screen[None]):
    """Start a session: `enter` starts, with the case label typed (or left empty)."""

    CSS_PATH = "welcome.tcss"
    # none: on_mount focuses the label field (Textual's first focusable, the scrolling
    # column, took the focus first, and each move restyled the whole screen)
    AUTO_FOCUS = ""
    HELP = "Read what the tool is for, type an optional case label, press enter to start."
    BINDINGS: ClassVar[list[BindingType]] = [
        # run by the label field at its turn, after every character typed before it
        Binding("enter", "start", "Start"),
    ]

    def compose(self) -> ComposeResult:
        m = about()
        yield AppHeader()
        with VerticalScroll(id="welcome"):
            intro = Text()
            intro.append("cnsnet ", style="bold")
            intro.append(f"{__version__}\n", style="dim")
            intro.append(
                "Walks you through the work-up of a primary CNS neuroendocrine tumour, then "
                "shows the systemic-therapy options that its source article gives for the "
                "case, each with its basis: the source line, your answers, the decision row, "
                "and the limits of the evidence.\n"
            )
            intro.append(m.audience, style="bold")
            yield Static(intro, id="intro")
            yield Static(Text("Case label", style="bold"), id="label-title")
            yield LabelInput(
                placeholder="e.g. Tumour board 12 Dec, case 3 (optional)",
                id="case-label",  # held to MAX_LABEL as it is typed, saying when it drops
            )
            yield Static(Text(LABEL_WARNING), id="label-warning")
            yield Static(Text(START_HINT, style="bold"), id="start-hint")
            src = Text()
            src.append("Source  ", style="bold")
            src.append(f"“{m.source_title}”, last updated {m.source_updated}")
            src.append(f"  ({m.source_file})", style="dim")
            src.append(f"\n{m.provenance}")
            marked(src)
            src.append(f"  {', '.join(m.provenance_source)}", style="dim")
            yield Static(src, id="source")
            disc = Static(Text(m.disclaimer), id="disclaimer", classes="section")
            disc.border_title = sections.DISCLAIMER
            yield disc
        yield AppFooter()

    def on_mount(self) -> None:
        # now, not later: keys typed ahead (held by the app until this screen is up) go to it
        self.set_focus(self.query_one("#case-label", Input), scroll_visible=False)

    def on_label_input_dropped(self, event: LabelInput.Dropped) -> None:
        """Typed or pasted text past the label's limit was not kept: say so."""
        self._start_hint(dropped=True)

    def on_input_changed(self, event: Input.Changed) -> None:
        if len(event.value) < MAX_LABEL:  # room again: the warning is over
            self._start_hint(dropped=False)

    def _start_hint(self, *, dropped: bool) -> None:
        hint = f"{LABEL_FULL} {START_HINT}" if dropped else START_HINT
        self.query_one("#start-hint", Static).update(Text(hint, style="bold"))

    def action_start(self) -> None:
        label = self.query_one("#case-label", Input).value
        hints = identifier_hints(label)
        if not hints:
            cnsnet_app(self.app).start_session(label)
            return
        from tui.screens.confirm import ConfirmScreen

        body = Text("The case label is autosaved and goes into every export. It has:\n")
        for hint in hints:
            body.append(f"\n  • {hint}")
        body.append("\n\nKeep it only if it does not identify the patient.")

        def decided(keep: bool | None) -> None:
            if keep:
                cnsnet_app(self.app).start_session(label)
            else:
                self.query_one("#case-label", Input).focus()

        self.app.push_screen(
            ConfirmScreen(
                "This label may identify the patient", body, yes="Keep it", no="Change it"
            ),
            decided,
        )
