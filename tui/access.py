"""The one typed way for a screen to reach the app: `cnsnet_app(self.app).session`."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from tui.app import CnsnetApp


def cnsnet_app(app: object) -> CnsnetApp:
    """`self.app` as the CnsnetApp it is (Textual types it as a plain App)."""
    return cast("CnsnetApp", app)
