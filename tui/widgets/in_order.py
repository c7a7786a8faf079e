"""Answer widgets that take every key in the order it was typed, typed-ahead keys included.

Textual hands each key to the focused widget's own queue, but runs key bindings later, in
the app's queue, once the key has bubbled up there; a `priority` binding runs at once, before
the keys queued ahead of it. Keys arriving in one burst (a fast typist, a paste, `tmux
send-keys`) were therefore handled out of order: `25⏎` over a kept Ki-67 of 8.5 answered 8.5,
because the priority `enter` ran before the Input had taken `2` and `5`.

A widget here handles each key completely, bindings included, in its own queue at the key's
turn, so `enter` sees every character typed before it. `enter` itself is the screen's binding
(the widget's own submit/select gives way to it), and it runs at once: when it moves the
focus on (the next question, a dialog), the keys already queued here after it are passed on,
in order, to where the focus now is, before any later key can get there first.

A screen just pushed (the first question after the welcome screen, a dialog) has no focused
widget until it is mounted; keys that arrive meanwhile are held by the app, in order, and
handed to the widget it focuses once it is mounted (`KeyBacklog`), one at a time: each once
the widget that took the one before has handled it, and what that sent the app has run (a
dialog's answer, the screen it puts up), so that each key reaches the screen it was typed for.
"""

from __future__ import annotations

from asyncio import Queue
from collections import deque
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any
from weakref import WeakSet

from textual import events
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList

RETRY_AFTER = 0.2  # seconds: held keys are looked at again, should the screen go first
# a held key waits for the last one released to be handled; it looks every LOOK_EVERY seconds
# whether the widget that took it is gone (then it cannot say so), at most LOOKS times
LOOK_EVERY = 0.05
LOOKS = 40
ENTER_ACTIONS = frozenset({"submit", "select"})  # the widgets' own enter; the screen's runs


def _copy(event: events.Key) -> events.Key:
    """The same key, unhandled: the one given may have been stopped where it was."""
    return events.Key(event.key, event.character)


if TYPE_CHECKING:
    _Mixin = Widget
    _AppMixin = App[None]
    _ScreenMixin = Screen[Any]
else:  # not a Widget, App or Screen itself, so the class's own styles and classes stay whole
    _Mixin = object
    _AppMixin = object
    _ScreenMixin = object


@dataclass(eq=False)
class _Backlog:
    """The keys an app holds, and where handing them on stands."""

    held: deque[events.Key] = field(default_factory=deque)  # oldest first
    older: int = 0  # how many of the first held came back from a widget's queue (typed first)
    released: WeakSet[events.Key] = field(default_factory=WeakSet)  # handed on from `held`
    releasing: bool = False  # a release is running (it awaits bindings)
    turn: int = 0  # the key released last; a callback for another turn is over
    waiting: bool = False  # that key is not handled yet: nothing else releases one


class KeyBacklog(_AppMixin):
    """Mixin for the App: hold keys while the screen they go to is still being mounted."""

    @property
    def _backlog(self) -> _Backlog:
        """The held keys and their release (made on first use: the mixin has no __init__)."""
        backlog = self.__dict__.get("_backlog_state")
        if backlog is None:
            backlog = self.__dict__["_backlog_state"] = _Backlog()
        return backlog

    @property
    def _held_keys(self) -> deque[events.Key]:
        """The keys held, oldest first."""
        return self._backlog.held

    def _holding(self) -> bool:
        """Keys wait while any are held (they keep their order) or the screen is not up."""
        return bool(self._held_keys) or not self.screen.is_mounted

    def pass_on(self, keys: list[events.Key], *, older: bool = False) -> None:
        """Give `keys` to the focus, or hold them until the screen they go to is up
        (`older`: typed before any key already held)."""
        if not self._holding():
            for key in keys:
                (self.focused or self.screen)._forward_event(key)
            return
        backlog = self._backlog
        held = backlog.held
        was_empty = not held
        if was_empty:
            backlog.older = 0
        if older:
            # after the older keys held already (typed before these), before the newer ones:
            # one key at a time from a widget's queue, each put first, came out reversed
            for i, key in enumerate(keys):
                held.insert(backlog.older + i, key)
            backlog.older += len(keys)
        else:
            held.extend(keys)
        if was_empty:
            self._schedule_release()

    def _schedule_release(self) -> None:
        """Release once the screen has run what is queued before (its mounting); and, should
        that screen go away first, a moment later in any case."""
        if not self.screen.call_later(self._release_held_keys):
            self.call_later(self._release_held_keys)
        self.set_timer(RETRY_AFTER, self._release_held_keys)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and self._holding():
            self.pass_on([event])
            return
        await super().on_event(event)

    async def _on_key(self, event: events.Key) -> None:
        """A key that bubbled up from a widget of a screen since replaced: its bindings are
        the new screen's, which is not up yet; it waits, and goes to that screen's focus.
        A key handed on from the held ones that no widget took (a screen with nothing
        focused passes it up) had its turn: it is held again only for a screen not up yet
        (held again behind other held keys, it came round for good; let through to a screen
        still being put up, its bindings ran on a dialog with no fields yet)."""
        released = event in self._backlog.released
        if (not self.screen.is_mounted) if released else self._holding():
            event.prevent_default()
            self.pass_on([_copy(event)])

    async def _release_held_keys(self) -> None:
        """Hand the held keys, in order, to the focus of the now mounted screen."""
        backlog = self._backlog
        if backlog.releasing or not backlog.held:
            return
        if backlog.waiting:
            return  # the key released last is not handled yet: _release_after goes on
        if not self.screen.is_mounted:  # yet another screen came meanwhile: wait for it
            self._schedule_release()
            return
        backlog.releasing = True
        held = backlog.held
        try:
            while held:
                key = held[0]  # left in place while bindings run, so a key arriving waits
                target: Widget | None = None
                if not await self._check_bindings(key.key, priority=True):
                    target = self.focused or self.screen
                    backlog.released.add(key)
                    target._forward_event(key)
                held.popleft()
                backlog.older = max(0, backlog.older - 1)
                if not self.screen.is_mounted:
                    self._schedule_release()
                    return
                if held and target is not None and self._wait_for(target):
                    return
        finally:
            backlog.releasing = False

    def _wait_for(self, target: Widget) -> bool:
        """Release the next key once `target` has handled the one just given it, and what
        that sent the app has run too (a dialog's answer, the screen it replaces): released
        at once, `enter` after `n y` reached the result being left, not the new session.
        A target taken down with the key (a dialog closed by it) never gets to the callback:
        the next key goes once it is gone. Whether it waits."""
        backlog = self._backlog
        backlog.turn += 1
        turn = backlog.turn
        if not target.call_later(self._release_after, turn):
            return False
        # meanwhile nothing else releases a key (the retry timer set when the keys were
        # first held, on a slow machine, released the next one to the screen being left)
        backlog.waiting = True
        self.set_timer(LOOK_EVERY, partial(self._look_at, turn, target, LOOKS))
        return True

    def _look_at(self, turn: int, target: Widget, looks: int) -> None:
        """Look again while `target` is still there (on a slow machine it may not have got
        to the key yet, and the key after it must not overtake it); once it is gone, on. And
        on in any case after LOOKS looks: keys are never held for good."""
        if turn != self._backlog.turn:
            return
        if looks > 1 and target.is_attached and target.is_running:
            self.set_timer(LOOK_EVERY, partial(self._look_at, turn, target, looks - 1))
        else:
            self._release_after(turn)

    def _release_after(self, turn: int) -> None:
        """The key of `turn` was handled (or its time is up): on to the next key, once."""
        backlog = self._backlog
        if turn != backlog.turn:
            return  # that turn is over already
        backlog.turn = turn + 1
        backlog.waiting = False
        if not self.call_later(self._release_held_keys):
            self._schedule_release()


class KeysInOrder(_Mixin):
    """Mixin: handle each key whole (typing, then bindings from here up) at its turn."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ENTER_ACTIONS:
            return False  # enter is the screen's: it answers, starts or confirms
        return super().check_action(action, parameters)

    async def _on_key(self, event: events.Key) -> None:
        app = self.app
        focused = app.focused
        if focused is not None and focused is not self and self in focused.ancestors:
            return  # bubbling up from the focused widget inside (the note): Textual's way
        if focused is not self:
            # the focus moved on after this key was sent here: it belongs where it now is
            event.prevent_default()
            event.stop()
            if (app.focused or app.screen) is not self:
                self._pass_on([_copy(event)])
            return
        if isinstance(self, Input) and event.is_printable:
            return  # Input._on_key types it, now, in order
        if await app._check_bindings(event.key):
            event.prevent_default()
            event.stop()
            self._pass_on_queued_keys()

    def _pass_on_queued_keys(self) -> None:
        """Keys queued here after the one just handled go, in order, to the focus now."""
        app = self.app
        target = app.focused or app.screen
        if target is self or not self.is_attached:
            return
        pending: list[Message | None] = []
        if self._pending_message is not None:
            pending.append(self._pending_message)
            self._pending_message = None
            self._message_queue.task_done()
        queue: Queue[Message | None] = self._message_queue
        while not queue.empty():
            pending.append(queue.get_nowait())
            queue.task_done()
        for message in pending:
            if not isinstance(message, events.Key):
                queue.put_nowait(message)
        keys = [_copy(m) for m in pending if isinstance(m, events.Key)]
        if keys:
            self._pass_on(keys)

    def _pass_on(self, keys: list[events.Key]) -> None:
        """Keys typed before any the app holds: to the focus now, or held with the others
        until the screen they go to is up (the app's own `pass_on`)."""
        app = self.app
        if isinstance(app, KeyBacklog):
            app.pass_on(keys, older=True)
        else:
            for key in keys:
                (app.focused or app.screen)._forward_event(key)


class InOrderInput(KeysInOrder, Input):
    """An Input whose keys, enter included, are handled in the order they were typed."""

    def on_resize(self, event: events.Resize) -> None:
        # Input scrolls to its cursor when the cursor moves, not when the field narrows: the
        # cursor at the end of a long path was left out of view (on a narrowed terminal)
        self.call_after_refresh(self._cursor_into_view)

    def _cursor_into_view(self) -> None:
        """As Input's own watcher scrolls when the cursor moves."""
        region = Region(self._cursor_offset, 0, width=1, height=1)
        self.scroll_to_region(region, force=True, animate=False)


class InOrderOptionList(KeysInOrder, OptionList):
    """An OptionList whose keys, enter included, are handled in the order they were typed."""


class InOrderScroll(KeysInOrder, VerticalScroll):
    """A scrolling column whose keys (the screen's too: `e` opening the export dialog, with
    the path typed after it) are handled in the order they were typed."""


class OnTopOnly(_ScreenMixin):
    """Mixin for a dialog or a screen pushed over the walk: it gives its result once, and
    only while it is the screen on top.

    Textual's `dismiss` pops whatever screen is on top. A second `enter` typed ahead, or an
    `escape` then `enter`, delivers a dialog's event after the dialog has gone: it must not
    close the screen beneath (the walk, or the app's last screen).
    """

    _answered = False

    @property
    def answered(self) -> bool:
        """Whether it has given its result or is no longer on top: keys arriving now are not
        its own."""
        return self._answered or not self.is_active

    def dismiss(self, result: Any = None) -> AwaitComplete:
        if self.answered:
            return AwaitComplete()  # nothing to wait for
        self._answered = True
        return super().dismiss(result)

    def pop_if_on_top(self) -> bool:
        """Close this screen (which no one awaits a result from) if it is on top."""
        if not self.is_active:
            return False
        self.app.pop_screen()
        return True
