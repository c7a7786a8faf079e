"""The footer every screen uses: Help comes first, and the keys close up on narrow terminals.

Textual's Footer lists the focused widget's keys first and the app's last, so on a 60-column
terminal the app's `f1 Help` was the first key cut off. Here it is always the first one shown.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.events import Resize
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

NARROW = 80  # below this many columns the keys are shown compact


class AppFooter(Footer):
    """A Footer whose first key is Help; compact below NARROW columns."""

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        help_first = sorted(
            widgets,
            key=lambda w: 0 if isinstance(w, FooterKey) and w.action.endswith("help") else 1,
        )
        yield from help_first

    def on_mount(self) -> None:
        self._fit()

    def on_resize(self, event: Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        """Below NARROW columns: compact keys, and ctrl+p left to help (it lists it)."""
        narrow = self.app.size.width < NARROW
        self.compact = narrow
        self.show_command_palette = not narrow
