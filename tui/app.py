"""The cnsnet Textual app: it pushes screens and asks the engine what to ask and what it decided.

It decides nothing itself: the walk, the decision and the summary are the engine's.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer

from engine.clock import Clock, utc_now
from engine.limits import BRIEF_LINES
from tui.screens import styles
from tui.screens.welcome import WelcomeScreen
from tui.widgets.in_order import KeyBacklog

if TYPE_CHECKING:  # the engine loads after the first paint (see _after_first_paint)
    from engine.answers import Value
    from engine.autosave import SavedSession
    from engine.session import Session

NOTE_AUTOSAVE_DELAY = 0.4  # seconds of no typing before the clinician note is autosaved
TERMINAL_CHECK_EVERY = 1.0  # seconds between checks that the terminal is still there
EXIT_HUNG_UP = 129  # 128 + SIGHUP, as a shell reports a process its hangup ended


class CnsnetApp(KeyBacklog, App[None]):
    """Walk a case from the first question to an exported summary, by keyboard alone."""

    TITLE = "cnsnet"
    SUB_TITLE = "primary CNS neuroendocrine tumour: systemic therapy options"
    # every screen's style too, read once at start (see tui.screens.styles)
    CSS_PATH: ClassVar[list[str | PurePath]] = ["app.tcss", *styles()]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(
        self,
        session: Session | None = None,
        *,
        clock: Clock = utc_now,
        autosave: bool = True,
        session_factory: Callable[[], Session] | None = None,
    ) -> None:
        super().__init__()
        self.clock = clock
        self.session_factory = session_factory or self._new_session
        self._session = session
        if session is not None:
            session.clock = clock
        self.opened_with_session = session is not None
        self.autosave_enabled = autosave
        self.saved_since_change = session is not None
        self.exported_path: Path | None = None
        self.last_export_dir: Path | None = None  # proposed again for the next export
        self._note_timer: Timer | None = None
        self.editing_from_review = False
        self.autosave_problem = ""  # why the last autosave failed, or why autosave is off
        # True once the start's checks have run (data loaded, a resume offered or not), a
        # moment after the welcome screen is painted
        self.start_checked = False
        self._autosave_warned: set[str] = set()  # each autosave warning is shown once

    @property
    def session(self) -> Session:
        """The session in hand (made on first use, so the first paint needs no engine)."""
        if self._session is None:
            self._session = self.session_factory()
        return self._session

    @session.setter
    def session(self, value: Session) -> None:
        self._session = value

    def _new_session(self) -> Session:
        from engine.session import Session

        return Session(clock=self.clock)

    # -- start -------------------------------------------------------------------------
    def on_mount(self) -> None:
        if not self.is_headless:
            self._watch_terminal()
        if self.opened_with_session:
            # a file of an earlier schema was re-decided: its file is not what it says now
            self.open_session(self.session, exported=not self.session.older_schema)
            self.start_checked = True
            return
        self.push_screen(WelcomeScreen())
        self.call_after_refresh(self._after_first_paint)

    def _watch_terminal(self) -> None:
        """Leave, saving, when the terminal goes away. A closed window sends SIGHUP; a
        terminal whose session leader stays (`make run` in tmux, then the tmux server
        killed) only reads as hung up, and Textual would go on reading it, busy, for good."""
        import asyncio
        import signal
        from contextlib import suppress

        # where signal handlers cannot be set, the check below still runs
        if hasattr(signal, "SIGHUP"):
            with suppress(NotImplementedError, RuntimeError, ValueError):
                asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self.hang_up)
        self.set_interval(TERMINAL_CHECK_EVERY, self._check_terminal)

    def _check_terminal(self) -> None:
        from tui.terminal import hung_up

        if hung_up():
            self.hang_up()

    def hang_up(self) -> None:
        """The terminal is gone: autosave a clinician note still waiting for typing to
        pause (answers are autosaved as they are given), and leave at once. Not through
        Textual's exit: it restores a terminal that is no longer there, and its output
        thread, whose writes now fail, can leave that exit waiting for good (seen under
        load). Every file cnsnet writes is written whole, then renamed, before this."""
        self._flush_note()
        os._exit(EXIT_HUNG_UP)

    def _after_first_paint(self) -> None:
        """While the welcome screen is read: load and validate the engine, offer a resume."""
        from engine.data import DataFileError, load_all
        from engine.walk import progress
        from tui.screens import question, result  # noqa: F401  (imported to warm up)

        try:
            load_all()
        except DataFileError as e:  # the installation's own data: nothing can be decided
            self.exit(
                return_code=1, message=f"cnsnet: the program's data is broken, reinstall: {e}"
            )
            return
        progress({})
        gc.collect()
        gc.freeze()  # what is loaded now lives as long as the app: keep it out of GC passes
        if self.autosave_enabled:
            self.offer_resume()
        self.start_checked = True

    def offer_resume(self) -> None:
        """Offer autosaved sessions that were not exported since their last change."""
        from engine.autosave import load, prune_exported, scan
        from engine.files import WriteError

        try:
            prune_exported(self.clock())
        except (WriteError, ValueError, OSError) as e:
            self.notify(str(e), title="Old sessions", severity="warning", markup=False)
        try:
            found = scan()
        except WriteError as e:  # no home folder, an unknown ~user: start with autosave off
            self.autosave_enabled = False
            self.autosave_problem = str(e)
            self.notify(f"Autosave is off: {e}", title="Autosave", severity="warning", markup=False)
            return
        except OSError as e:  # the state folder cannot be listed
            self.notify(
                f"Autosaved sessions cannot be listed: {e.strerror or e}",
                title="Resume",
                severity="warning",
                markup=False,
            )
            return
        if not found.unfinished:
            return
        from tui.screens.resume import ResumeScreen

        def chosen(saved: SavedSession | None) -> None:
            if saved is None:
                return
            from engine.reader import InputError

            try:
                session = load(saved)
            except InputError as e:
                self.notify(str(e), title="Cannot resume", severity="error", markup=False)
                return
            self.open_session(session, exported=False)

        self.push_screen(ResumeScreen(found.unfinished, len(found.unreadable)), chosen)

    def open_session(self, session: Session, *, exported: bool = True) -> None:
        """Continue a saved session: on its next question, or its result.

        `exported` says whether the session as opened is already saved as a file the user
        chose (a resumed autosave is not).
        """
        session.clock = self.clock
        self.session = session
        self.saved_since_change = exported
        self.exported_path = None
        from engine.text import visible

        for notice in session.notices:
            self.notify(
                visible(notice, one_line=True),
                title="Session file",
                severity="warning",
                markup=False,
                timeout=15,
            )
        self.show_next()

    def start_session(self, case_label: str) -> None:
        """Start a new session (from the welcome screen or the command palette)."""
        self.session = self.session_factory()
        self.session.set_case_label(case_label)
        self._mark_unsaved()
        self._refresh_title()
        self.show_next()

    def _refresh_title(self) -> None:
        from engine.text import visible

        label = visible(self.session.case_label, one_line=True)  # a file's label may hold ESC
        self.sub_title = label if label else self.SUB_TITLE

    # -- moving through the walk ---------------------------------------------------------
    def _once_up(self, then: Callable[[], None]) -> bool:
        """Whether `then` had to wait: a screen still being put up (the map opened by a key
        typed ahead) is not taken down midway, where its on_mount would find its widgets
        gone; `then` runs once it is up."""
        if self.screen.is_mounted:
            return False
        self.screen.call_later(then)
        return True

    def _show(self, screen: Screen[Any]) -> None:
        """Replace the walk screen (question or result) on top of the welcome screen."""
        from tui.screens.question import QuestionScreen
        from tui.screens.result import ResultScreen

        if self._once_up(lambda: self._show(screen)):
            return
        while len(self.screen_stack) > 2 and not isinstance(
            self.screen, QuestionScreen | ResultScreen
        ):
            self.pop_screen()
        if isinstance(self.screen, QuestionScreen | ResultScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def show_question(self, qid: str) -> None:
        from tui.screens.question import QuestionScreen

        if isinstance(self.screen, QuestionScreen):
            self.screen.show(qid)  # the same screen, filled for the next question
            return
        self._show(QuestionScreen(qid))

    def show_next(self, after: str | None = None) -> None:
        """After `after` comes the next question on the path; otherwise the pending one."""
        from tui.screens.result import ResultScreen

        self._refresh_title()
        w = self.session.walk()
        if after is not None and after in w.asked:
            i = w.asked.index(after)
            if i + 1 < len(w.asked):
                self.show_question(w.asked[i + 1])
                return
        if w.pending is not None:
            self.show_question(w.pending)
        else:
            self._show(ResultScreen())

    def back_from(self, qid: str) -> None:
        """escape on a question: the one before it on the path. An edit begun from review is
        then an ordinary walk back: answering no longer returns to the result."""
        self.editing_from_review = False
        prev = self.previous_question(qid)
        if prev is None:
            self.notify("This is the first question.", markup=False)
            return
        self.show_question(prev)

    def previous_question(self, qid: str | None) -> str | None:
        """The question before `qid` on the path (before the result if qid is None)."""
        w = self.session.walk()
        if qid is None:
            return w.asked[-1] if w.asked else None
        order = [*w.asked, *([w.pending] if w.pending else [])]
        if qid in order and order.index(qid) > 0:
            return order[order.index(qid) - 1]
        return None

    def submit_answer(self, qid: str, value: Value) -> None:
        """Take an answer; a change to an earlier answer is previewed and confirmed first."""
        from engine.answers import normalize

        new = normalize(qid, value, field=qid)
        old = self.session.answers.get(qid)
        if qid in self.session.answers and old != new:
            from tui.render.preview import preview_text
            from tui.screens.confirm import ConfirmScreen

            preview = self.session.preview(qid, new)

            def confirmed(ok: bool | None) -> None:
                from_review, self.editing_from_review = self.editing_from_review, False
                if ok:
                    self.session.answer(qid, new)
                    self.changed()
                    self.show_next()
                    self.notify(self._after_edit_message(), markup=False)
                elif from_review:
                    self.show_next()  # back where the review was opened from
                else:
                    self.show_question(qid)  # show the kept answer again

            self.push_screen(
                ConfirmScreen(
                    "Change this answer?",
                    preview_text(preview),
                    yes="Change it",
                    no="Keep the old answer",
                ),
                confirmed,
            )
            return
        if qid in self.session.answers:  # the same answer again: nothing changes
            if self.editing_from_review:
                self.editing_from_review = False
                self.show_next()  # back to the next open question or the result
            else:
                self.show_next(after=qid)  # paging forward through kept answers
            return
        self.session.answer(qid, new)
        self.changed()
        # a new answer goes on to the next question with no answer (or the result): kept
        # answers after it are not asked again
        self.show_next()

    def _after_edit_message(self) -> str:
        """What happens after a confirmed edit, said as it is."""
        from engine.answers import by_id

        w = self.session.walk()
        if w.pending is None:
            return "Answer changed; every question is answered: this is the new result."
        return f"Answer changed; next, a question without an answer: {by_id()[w.pending].label}."

    def edit_from_review(self, qid: str) -> None:
        """Open a question picked in the review; once answered, return to the walk's end."""
        self.editing_from_review = True
        self.show_question(qid)

    def _mark_unsaved(self) -> None:
        """What the user holds is no longer the file they last exported (quit asks first)."""
        self.saved_since_change = False
        self.exported_path = None

    def changed(self) -> None:
        """The session changed: it is no longer saved as exported; autosave it."""
        self._mark_unsaved()
        self._refresh_title()
        self.autosave()

    def autosave(self, *, exported: bool = False) -> None:
        """Write the session to the state folder (a failure is a message, not a crash)."""
        if not self.autosave_enabled or not self.session.answers:
            return
        from engine.autosave import autosave
        from engine.files import WriteError

        try:
            autosave(self.session, exported=exported, warn=self._autosave_warning)
        except WriteError as e:
            if str(e) != self.autosave_problem:  # said when it starts or changes, not per answer
                self.notify(str(e), title="Autosave failed", severity="warning", markup=False)
            self.autosave_problem = str(e)
        else:
            self.autosave_problem = ""

    def _autosave_warning(self, message: str) -> None:
        """What the engine says about an autosave (written apart from another cnsnet's,
        a state folder open to others): a warning, once."""
        if message in self._autosave_warned:
            return
        self._autosave_warned.add(message)
        self.notify(message, title="Autosave", severity="warning", markup=False, timeout=20)

    def set_clinician_note(self, text: str) -> str:
        """The clinician's note changed: keep it now, autosave once typing pauses. Returns
        why it was not taken (over the length a saved file may hold), or ""."""
        from engine.limits import NoteTooLong

        if text == self.session.clinician_note:
            return ""
        try:
            self.session.set_clinician_note(text)
        except NoteTooLong as e:
            return str(e)
        self._mark_unsaved()
        if self._note_timer is not None:
            self._note_timer.stop()
        self._note_timer = self.set_timer(NOTE_AUTOSAVE_DELAY, self._flush_note)
        return ""

    def _handle_exception(self, error: Exception) -> None:
        """A fault in the app ends it, as Textual has it; a clinician note still waiting for
        typing to pause is autosaved first, so that what was typed is not lost with it."""
        with suppress(Exception):  # the fault may lie in what saves: end the app regardless
            self._flush_note()
        super()._handle_exception(error)

    def _flush_note(self) -> None:
        """Autosave a clinician note that is waiting for typing to pause."""
        if self._note_timer is not None:
            self._note_timer.stop()
            self._note_timer = None
            self.autosave()

    # -- actions -----------------------------------------------------------------------
    def action_command_palette(self) -> None:
        """ctrl+p: Textual's palette, made to answer once (tui/screens/palette.py)."""
        from textual.command import CommandPalette

        from tui.screens.palette import Palette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(Palette(id="--command-palette"))

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_review(self) -> None:
        from tui.screens.review import ReviewScreen

        if self.session.answers and not isinstance(self.screen, ReviewScreen):
            self.push_screen(ReviewScreen())

    def action_export(self) -> None:
        """Ask where to export (the last folder of this run, else the export folder)."""
        from engine.export_dir import proposed_path
        from tui.screens.export import ExportScreen

        if self.session.answers and not isinstance(self.screen, ExportScreen):
            proposed = proposed_path(self.clock(), self.session.id, self.last_export_dir)
            self.push_screen(ExportScreen(str(proposed), proposed.name), self._exported)

    def discard_saved(self, saved: SavedSession) -> bool:
        """Delete an autosave the resume list offered (asked and confirmed there); False, the
        reason shown, when it could not be deleted."""
        from engine.autosave import discard
        from engine.files import WriteError

        try:
            discard(saved)
        except WriteError as e:
            self.notify(str(e), severity="error", markup=False)
            return False
        return True

    def export(
        self, path: Path, done: Callable[[Path | None, str], None], *, overwrite: bool = False
    ) -> None:
        """Write the session summary to `path`, asking first over an existing file; then
        `done(written path, "")`, or `done(None, why not)` for the dialog to show."""
        from rich.text import Text

        from engine.files import WriteError, shown_path, write_text_atomic
        from engine.summary import dumps
        from tui.screens.confirm import ConfirmScreen

        try:
            written = write_text_atomic(path, dumps(self.session), overwrite=overwrite)
        except FileExistsError:

            def replace(ok: bool | None) -> None:
                if ok:
                    self.export(path, done, overwrite=True)
                else:
                    done(None, "Not written: choose another name.")

            body = Text(f"{shown_path(path)} already exists. Replace it with this session?")
            self.push_screen(
                ConfirmScreen("Replace the file?", body, yes="Replace", no="Keep it"), replace
            )
            return
        except WriteError as e:
            done(None, f"Not written: {e}")
            return
        done(written, "")

    def _exported(self, path: Path | None) -> None:
        """The export dialog's result: the session is in `path` (None: cancelled)."""
        from engine.files import shown_path

        if path is None:
            return
        if self._note_timer is not None:
            self._note_timer.stop()
            self._note_timer = None
        self.exported_path = path
        self.last_export_dir = path.parent
        self.saved_since_change = True
        self.autosave(exported=True)
        self.notify(f"Exported to {shown_path(path)}", title="Exported", markup=False)

    def action_copy_note(self, which: str = "brief") -> None:
        """Copy the brief note (`c`, what a clinician pastes) or the full one (`C`)."""
        from engine.note import build_brief, build_note

        if not self.session.answers:
            self.notify("Nothing to copy yet: no question has been answered.", markup=False)
            return
        build = build_note if which == "full" else build_brief
        self.copy_to_clipboard(build(self.session, self.session.outcome()))
        name = "full note" if which == "full" else "brief note"
        show = "cnsnet show FILE" if which == "full" else "cnsnet show --brief FILE"
        self.notify(
            f"The {name} was sent to the clipboard (OSC 52). If your terminal does not pass it "
            f"on, export the session and run `{show}`.",
            title=f"{name.capitalize()} copied",
            markup=False,
        )

    def action_map(self) -> None:
        from tui.screens.decision_map import DecisionMapScreen

        if not isinstance(self.screen, DecisionMapScreen):
            self.push_screen(DecisionMapScreen())

    def action_new_session(self) -> None:
        def go(ok: bool | None) -> None:
            if ok and not self._once_up(lambda: go(ok)):
                self._flush_note()
                self._session = None  # the next session starts from the welcome screen
                self._mark_unsaved()
                self.sub_title = self.SUB_TITLE
                while len(self.screen_stack) > 2:
                    self.pop_screen()
                self.switch_screen(WelcomeScreen())

        self._confirm_if_unsaved("Start a new session?", go)

    def action_open_file(self) -> None:
        from tui.screens.open_file import OpenFileScreen

        def opened(session: Session | None) -> None:
            if session is not None:
                self.open_session(session)

        def go(ok: bool | None) -> None:
            if ok and not self._once_up(lambda: go(ok)):
                self._flush_note()
                self.push_screen(OpenFileScreen(), opened)

        self._confirm_if_unsaved("Open another session?", go)

    async def action_quit(self) -> None:
        def go(ok: bool | None) -> None:
            if ok and not self._once_up(lambda: go(ok)):
                self._flush_note()
                self.exit()

        self._confirm_if_unsaved("Quit cnsnet?", go)

    def _confirm_if_unsaved(self, title: str, then: Callable[[bool | None], None]) -> None:
        if self.saved_since_change or not self.session.answers:
            then(True)
            return
        from rich.text import Text

        from tui.screens.confirm import ConfirmScreen

        body = Text("This session has not been exported since its last change.")
        if self.autosave_enabled and not self.autosave_problem:
            body.append("\nIts answers are autosaved and will be offered for resume.")
        else:  # say what is true: the answers are not saved anywhere
            why = self.autosave_problem or "autosave is off"
            body.append(f"\nIts answers are NOT autosaved ({why}).", style="bold")
            body.append("\nChoose No and press e to export them first.")
        self.push_screen(ConfirmScreen(title, body, yes="Yes", no="No, go back"), then)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("New session", "Start a new case", self.action_new_session)
        yield SystemCommand(
            "Review answers", "Every answer; pick one to change it", self.action_review
        )
        yield SystemCommand("Export", "Write the session summary (TOML)", self.action_export)
        yield SystemCommand(
            "Copy brief note",
            f"Copy the brief note (at most {BRIEF_LINES} lines)",
            self.action_copy_note,
        )
        yield SystemCommand(
            "Copy full note", "Copy the full note", lambda: self.action_copy_note("full")
        )
        yield SystemCommand("Open a session file", "Resume a saved session", self.action_open_file)
        yield SystemCommand("Decision map", "The decision table, this case lit", self.action_map)
