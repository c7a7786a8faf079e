"""Issue 10, item 3: at 80×24 and 60×20 no screen cuts off its footer's Help or a line of help.

Checked by `tests/tui/test_screenshots.py` on the app it renders each screen with, so a
scene is played once for its pictures and its layout.
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from tui.screens.help import HelpScreen

SMALL = ((80, 24), (60, 20))


def _inside(inner: Region, outer: Region) -> bool:
    return outer.contains_region(inner)


async def _check_help_reachable(app, pilot) -> None:
    """Every line of the help window can be brought on screen; its frame is not cut."""
    screen = app.screen
    assert isinstance(screen, HelpScreen)
    whole = Region(0, 0, *app.size)
    dialog = screen.query_one("#dialog")
    assert _inside(dialog.region, whole), f"help window {dialog.region} is cut by {whole}"
    scroll = screen.query_one("#help-scroll", VerticalScroll)
    assert screen.focused is scroll, "the help text must take the arrows to scroll"
    keys = screen.query_one("#keys", Static)
    for _ in range(40):  # page down as a user would, until the last key line shows
        if keys.region.bottom <= scroll.region.bottom and keys.region.height:
            break
        await pilot.press("pagedown")
        await pilot.pause()
    assert keys.region.height > 0 and keys.region.bottom <= scroll.region.bottom, (
        "the last lines of help cannot be scrolled into view"
    )
    assert _inside(scroll.region, dialog.region)
    # rows wrap inside the window: none is wider than it
    assert keys.content_region.right <= dialog.region.right


def check_footer_and_dialog(name: str, app) -> None:
    """The footer's Help shows whole; a dialog's frame and its buttons too (a dialog has no
    footer and no f1). Looks only: nothing is pressed."""
    footers = list(app.screen.query(Footer))
    if footers:
        footer = footers[0]
        help_keys = [k for k in footer.children if getattr(k, "action", "").endswith("help")]
        assert help_keys, f"{name}: the footer has no Help key"
        region = help_keys[0].region
        assert region.width and region.right <= app.size.width, (
            f"{name}: the footer's Help is cut off at {app.size}"
        )
    if isinstance(app.screen, ModalScreen) and not isinstance(app.screen, HelpScreen):
        dialog = app.screen.query_one("#dialog")
        assert _inside(dialog.region, Region(0, 0, *app.size)), f"{name}: cut"
        for button in app.screen.query(Button):
            assert _inside(button.region, dialog.region), f"{name}: button cut"


def has_help(app) -> bool:
    """Whether f1 opens help here (a dialog has no f1)."""
    return isinstance(app.screen, HelpScreen) or not isinstance(app.screen, ModalScreen)


async def check_help_readable(app, pilot) -> None:
    """Every line of this screen's help can be scrolled into view (this presses f1 and page
    keys: call it when the screen has been looked at)."""
    if not isinstance(app.screen, HelpScreen):
        await pilot.press("f1")
        await pilot.pause()
    await _check_help_reachable(app, pilot)
