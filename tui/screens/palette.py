"""Textual's command palette (ctrl+p), made to answer once and to bear keys sent in a burst.

Two faults of Textual 8.2's palette, found by sending keys in one burst:
- `enter enter` on a chosen command: the second enter dismissed the palette again, which
  popped the screen beneath it as well (and ran the command twice); the app stopped with
  "Can't pop screen". Here, as in every dialog, the first answer is the answer.
- `ctrl+p pagedown`: a page key before the command list was laid out raised KeyError in
  Textual's OptionList; here it does nothing, as a page key on an empty list does.
"""

from __future__ import annotations

from contextlib import suppress

from textual import on
from textual.command import CommandPalette
from textual.widgets import Button, Input

from tui.widgets.in_order import OnTopOnly


class Palette(OnTopOnly, CommandPalette):
    """The command palette, answering once and only while it is on top."""

    @on(Input.Submitted)
    @on(Button.Pressed)
    def _answered_already(self, event: Input.Submitted | Button.Pressed) -> None:
        """Runs before the palette's own handler: once it has answered, nothing more."""
        if self.answered:
            event.stop()
            event.prevent_default()

    def _action_command_list(self, action: str) -> None:
        with suppress(KeyError, IndexError):  # a page key before the list has its lines
            super()._action_command_list(action)
