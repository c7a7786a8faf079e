"""The private parts of Textual that cnsnet relies on, by name: a Textual upgrade that renames
or drops one fails here, saying which, instead of only as a key burst that goes astray.

Where they are used: tui/widgets/in_order.py (keys handled in the order typed: a widget's
message queue and pending message, an event forwarded, the app's bindings checked; an
input's `_cursor_offset`),
tui/widgets/footer.py (FooterKey, the footer's `_bindings_ready`, a key's
`_reactive_connect`), tui/widgets/header.py (HeaderTitle), tui/screens/palette.py (the
palette's `_action_command_list`, its handler of Input.Submitted) and tui/app.py
(`_handle_exception`, where a note waiting to be autosaved is saved before the app ends).
pyproject.toml pins textual to 8.2.x; read this file before raising that pin.
"""

from __future__ import annotations

import inspect

from textual import events
from textual.app import App
from textual.widget import Widget
from textual.widgets import Footer, Input

from tui.app import CnsnetApp
from tui.widgets.footer import AppFooter
from tui.widgets.in_order import InOrderInput


def test_the_private_methods_cnsnet_calls_are_there_and_take_what_it_passes():
    forward = inspect.signature(Widget._forward_event)
    assert list(forward.parameters) == ["self", "event"]
    check = inspect.signature(App._check_bindings)
    assert list(check.parameters)[:3] == ["self", "key", "priority"]
    assert inspect.iscoroutinefunction(App._check_bindings)
    # KeysInOrder's _on_key runs before Input's own, which types a printable key at its turn
    assert "_on_key" in vars(Input) and inspect.iscoroutinefunction(Input._on_key)


def test_the_private_methods_cnsnet_overrides_are_there():
    from textual.command import CommandPalette

    handle = inspect.signature(App._handle_exception)
    assert list(handle.parameters) == ["self", "error"]
    assert list(inspect.signature(CommandPalette._action_command_list).parameters) == [
        "self",
        "action",
    ]
    # the palette's own enter handler, which Palette's runs before (and stops once answered)
    handlers = CommandPalette.__dict__["_decorated_handlers"]
    assert any(m.__name__ == "_select_or_command" for m, _ in handlers[Input.Submitted])


def test_the_private_attributes_cnsnet_reads_are_there():
    widget = Widget()
    assert hasattr(widget, "_pending_message")
    assert widget._message_queue.empty()  # an asyncio.Queue, made on first use
    assert "_bindings_ready" in dir(Footer)
    assert not events.Key("a", "a").is_forwarded  # read by the app's key backlog
    # InOrderInput scrolls to the cursor's cell after a resize, as Input's watcher does
    # (what it scrolls to is checked by test_screenshots' narrowed export dialog)
    assert isinstance(inspect.getattr_static(Input, "_cursor_offset"), property)


def test_the_footer_keys_are_built_as_cnsnet_expects():
    """AppFooter sets each key's `compact` before it is mounted, reading `_reactive_connect`
    (None, or a dict once data_bind has run); both private imports resolve."""
    from textual.widgets._footer import FooterKey
    from textual.widgets._header import HeaderTitle

    key = FooterKey("f1", "f1", "Help", "app.help")
    assert getattr(key, "_reactive_connect", "missing") is None
    assert "compact" in {name for name, _ in FooterKey._reactives.items()}
    assert issubclass(HeaderTitle, Widget)
    assert issubclass(AppFooter, Footer) and issubclass(InOrderInput, Input)
    assert CnsnetApp.COMMAND_PALETTE_BINDING  # the footer shows this key on wide terminals
