"""Issue 10, item 3: at 80×24 and 60×20 no screen cuts off its footer's Help or a line of help.

Checked by `tests/tui/test_screenshots.py` on the app it renders each small scene with, so a
scene is played once for both its picture and its layout.
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from tui.screens.help import HelpScreen
from tui.screenshots import Scene

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


async def check_footer_keeps_help_and_help_is_readable(scene: Scene, app, pilot) -> None:
    """The footer's Help shows whole, a dialog's frame and buttons too, and every line of
    help can be scrolled into view (this presses f1 and page keys: call it last)."""
    footers = list(app.screen.query(Footer))
    if footers:
        footer = footers[0]
        help_keys = [k for k in footer.children if getattr(k, "action", "").endswith("help")]
        assert help_keys, f"{scene.name}: the footer has no Help key"
        region = help_keys[0].region
        assert region.width and region.right <= app.size.width, (
            f"{scene.name}: the footer's Help is cut off at {app.size}"
        )
    if isinstance(app.screen, ModalScreen) and not isinstance(app.screen, HelpScreen):
        # a dialog has no footer and no f1: its frame and its buttons must show whole
        dialog = app.screen.query_one("#dialog")
        assert _inside(dialog.region, Region(0, 0, *app.size)), f"{scene.name}: cut"
        for button in app.screen.query(Button):
            assert _inside(button.region, dialog.region), f"{scene.name}: button cut"
        return
    if not isinstance(app.screen, HelpScreen):
        await pilot.press("f1")
        await pilot.pause()
    await _check_help_reachable(app, pilot)
