"""The case label field: held to the length a saved session may hold, saying when it drops.

Textual's `max_length` refused a longer paste whole, and stopped typing at the limit,
without a word; cutting the value afterwards (on `Input.Changed`) came too late for an
`enter` typed in the same burst, which started the session with a label too long for its
own autosave to be read back. Here each insertion keeps what fits and drops the rest, at once,
and posts `Dropped`.
"""

from __future__ import annotations

from textual.message import Message

from engine.limits import MAX_LABEL
from tui.widgets.in_order import InOrderInput


class LabelInput(InOrderInput):
    """An input of at most MAX_LABEL characters that says when it drops typed text."""

    class Dropped(Message):
        """Text typed or pasted past the limit was not kept."""

    def replace(self, text: str, start: int, end: int) -> None:
        room = MAX_LABEL - (len(self.value) - (end - start))
        if len(text) > room:
            text = text[: max(room, 0)]
            self.post_message(self.Dropped())
        super().replace(text, start, end)
