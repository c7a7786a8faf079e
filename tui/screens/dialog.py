"""The base of every dialog: one shared look (`dialog.tcss`), and a result given once.

A burst of keys (`enter enter`, `escape enter`, `y y`) can ask a dialog to close twice
before the first close has taken effect; a second `dismiss` would pop the screen beneath
it as well (or raise `InvalidStateError`). Here the first answer is the answer, and a
dialog that is no longer on top answers nothing.
"""

from __future__ import annotations

import asyncio
from pathlib import PurePath
from typing import TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen

ResultT = TypeVar("ResultT")

DIALOG_CSS = "dialog.tcss"


def dialog_css(*own: str) -> list[str | PurePath]:
    """A dialog's CSS_PATH: the shared style first, then its own file (where it differs)."""
    return [DIALOG_CSS, *own]


class Dialog(ModalScreen[ResultT]):
    """A ModalScreen in the shared dialog style that can be dismissed once only."""

    CSS_PATH = dialog_css()
    _answered = False

    @property
    def answered(self) -> bool:
        """Whether this dialog has given its result (keys after that are not its own)."""
        return self._answered or self.app.screen is not self

    def dismiss(self, result: ResultT | None = None) -> AwaitComplete:
        if self.answered:
            return AwaitComplete(asyncio.sleep(0))  # already closing, or not on top
        self._answered = True
        return super().dismiss(result)
