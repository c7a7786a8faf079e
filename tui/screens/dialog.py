"""The base of every dialog: one shared look (`dialog.tcss`), and a result given once.

A burst of keys (`enter enter`, `escape enter`, `y y`) can ask a dialog to close twice
before the first close has taken effect; a second `dismiss` would pop the screen beneath
it as well (or raise `InvalidStateError`). Here the first answer is the answer, and a
dialog that is no longer on top answers nothing.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TypeVar

from textual.screen import ModalScreen

from tui.screens import DIALOG_CSS
from tui.widgets.in_order import OnTopOnly

ResultT = TypeVar("ResultT")


def dialog_css(*own: str) -> list[str | PurePath]:
    """A dialog's CSS_PATH: the shared style first, then its own file (where it differs)."""
    return [DIALOG_CSS, *own]


class Dialog(OnTopOnly, ModalScreen[ResultT]):
    """A ModalScreen in the shared dialog style that gives its result once, while on top."""

    CSS_PATH = dialog_css()
