"""The footer every screen uses: Help comes first, and the keys close up on narrow terminals.

Textual's Footer lists the focused widget's keys first and the app's last, so on a 60-column
terminal the app's `f1 Help` was the first key cut off. Here it is always the first one shown.
It is also rebuilt only when the keys it shows change: Textual's rebuilds it (every key
widget unmounted and mounted again) whenever any binding might have, which is on every
question (the focus moves, the bindings are refreshed) for the same keys.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from textual.app import ComposeResult
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

NARROW = 80  # below this many columns the keys are shown compact (and wider, when they overflow)
PALETTE_WIDTH = 11  # "▏^p palette", on the right of a footer that is not compact
_UNKNOWN = object()
Shown = tuple[tuple[Any, ...], ...]  # the keys shown, as AppFooter._shown gives them


class AppFooter(Footer):
    """A Footer whose first key is Help; compact below NARROW columns."""

    _composed_for: Hashable = None

    def _shown(self) -> Shown:
        """Everything the keys shown depend on (the command palette key among them)."""
        return tuple(
            (b.key, self.app.get_key_display(b), b.description, b.action, enabled, tooltip,
             b.group.description if b.group else None, b.show)
            for _node, b, enabled, tooltip in self.screen.active_bindings.values()
            if b.show or b.key == self.app.COMMAND_PALETTE_BINDING
        )  # fmt: skip

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached:
            return
        shown = self._shown()
        if shown != self._composed_for:
            self._fit(shown)  # the keys changed: they may no longer fit as they are shown
            await self.recompose()

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._composed_for = self._shown()
        widgets = list(super().compose())
        for key in widgets:
            # Each key's `compact` as it will end up, set before it is mounted: the reactive
            # starts True (its watcher adds "-compact"), then data_bind sets the footer's
            # value (the watcher takes the class off again), each a restyle of the key. The
            # command palette's key is not bound to the footer: it stays True. Where a
            # Textual keeps its bindings elsewhere, the keys are left as Textual makes them.
            connected = getattr(key, "_reactive_connect", _UNKNOWN)
            if isinstance(key, FooterKey) and (connected is None or isinstance(connected, dict)):
                bound = isinstance(connected, dict) and "compact" in connected
                compact = self.compact if bound else True
                key.set_reactive(FooterKey.compact, compact)
                key.set_class(compact, "-compact", update=False)
        help_first = sorted(
            widgets,
            key=lambda w: 0 if isinstance(w, FooterKey) and w.action.endswith("help") else 1,
        )
        yield from help_first

    def on_mount(self) -> None:
        self._fit()

    def on_resize(self, event: Resize) -> None:
        palette = self.show_command_palette
        self._fit()
        if self.show_command_palette != palette:  # the palette key is composed, not bound
            self.call_after_refresh(self.recompose)

    def _full_width(self, shown: Shown) -> int:
        """The columns the keys `shown` take in full: " key " and "description " each."""
        # one key an action, its first, as Footer shows them (`C` and `shift+c` are one)
        first: dict[str, tuple[str, str]] = {}
        for _key, display, description, action, *_rest, show in shown:
            if show:
                first.setdefault(action, (display, description))
        keys = first.values()
        return sum(len(key) + len(description) + 3 for key, description in keys) + PALETTE_WIDTH

    def _fit(self, shown: Shown | None = None) -> None:
        """Compact keys below NARROW columns, or wherever the full keys would be cut (the
        result's "Find" and "Quit" were, at 80 columns), and ctrl+p left to help there (it
        lists it). `shown`: the keys, where the caller has them already."""
        width = self.app.size.width
        if width < NARROW:
            narrow = True
        elif self._bindings_ready:
            narrow = self._full_width(self._shown() if shown is None else shown) > width
        else:
            narrow = False
        self.compact = narrow
        self.show_command_palette = not narrow
