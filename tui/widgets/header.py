"""The app's header: Textual's, with a title update that tolerates a header being taken down."""

from __future__ import annotations

from contextlib import suppress

from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.widgets import Header
from textual.widgets._header import HeaderTitle


class AppHeader(Header):
    """Textual's Header, whose title watcher does not crash while the header is removed.

    Keys in a burst can change the case label (the app's sub-title) while a screen is being
    switched: Textual's watcher then looks for a `HeaderTitle` already gone (`NoMatches`),
    and the app stopped. The title is simply not updated on a header about to go.
    """

    def _on_mount(self, event: Mount) -> None:
        event.prevent_default()  # instead of Header._on_mount, the same without the crash

        async def set_title() -> None:
            with suppress(NoScreen, NoMatches):
                self.query_one(HeaderTitle).update(self.format_title())

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
