"""Autosave: every confirmed answer is on disk, and an unfinished session is offered back.

Each session is autosaved as `session-<id>.toml` in the state folder, in the same
`cnsnet.session/1` format as an export, written atomically with mode 0600. Exporting a
session leaves a marker beside it, `session-<id>.exported`, holding the SHA-256 of the
autosave as it was exported; a session counts as exported only while its autosave still has
that content, so an edit after the export makes it unfinished again.

The state folder is `$CNSNET_STATE_DIR`; else, on Linux (and other POSIX systems),
`$XDG_STATE_HOME/cnsnet`, else `~/.local/state/cnsnet`; on Windows and macOS the user state
folder platformdirs names (`%LOCALAPPDATA%\\cnsnet`, `~/Library/Application Support/cnsnet`).
It is created (mode 0700) on the first write, never on a read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from engine.files import WriteError, remove_file, write_text_atomic
from engine.reader import SESSION_ID, InputError, read_bytes, read_session, session_from_bytes
from engine.session import Session
from engine.summary import dumps
from engine.text import visible

PREFIX, SUFFIX, MARKER = "session-", ".toml", ".exported"
_ID = re.compile(SESSION_ID)  # one home for the pattern: engine/reader.py


class NoStateDir(WriteError):
    """The state folder cannot be named (no home folder, an unknown `~user`)."""

    def __init__(self, given: str, problem: str) -> None:
        super().__init__(given, problem, verb="find the state folder")


def state_dir() -> Path:
    """Where autosaves live; nothing is created here. Raises `NoStateDir`."""
    if own := os.environ.get("CNSNET_STATE_DIR"):
        try:
            return Path(own).expanduser()
        except RuntimeError:  # `~nosuchuser/…`
            raise NoStateDir(
                own, "CNSNET_STATE_DIR names a user that does not exist here"
            ) from None
    if sys.platform in ("win32", "cygwin", "darwin"):
        import platformdirs

        return Path(platformdirs.user_state_dir("cnsnet", appauthor=False))
    xdg = os.environ.get("XDG_STATE_HOME")
    if xdg and Path(xdg).is_absolute():  # the XDG spec says to ignore a relative path
        return Path(xdg) / "cnsnet"
    try:
        return Path.home() / ".local" / "state" / "cnsnet"
    except (RuntimeError, KeyError):  # HOME unset and the uid not in passwd (containers)
        raise NoStateDir(
            "~/.local/state/cnsnet", "there is no home folder; set CNSNET_STATE_DIR"
        ) from None


def autosave_path(session_id: str) -> Path:
    """The autosave file of a session; the id must be a plain session id (no path parts)."""
    if not _ID.fullmatch(session_id):
        raise ValueError(f"session id {session_id!r} is not 1-64 letters, digits, '-' or '_'")
    return state_dir() / f"{PREFIX}{session_id}{SUFFIX}"


def marker_path(autosave: Path) -> Path:
    """The export marker that belongs to an autosave file."""
    return autosave.with_suffix(MARKER)


def _ensure_state_dir() -> Path:
    d = state_dir()
    if not d.is_dir():
        try:
            d.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(d, 0o700)
        except OSError as e:
            raise WriteError.from_os_error(d, e, verb="create") from None
    return d


def _digest(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


def autosave(session: Session, *, exported: bool = False) -> Path:
    """Write the session to its autosave file; `exported=True` when it was just exported.

    An autosave whose content differs from what was exported removes the export marker: the
    session changed after the export, so it is unfinished again. Raises `WriteError`.
    """
    path = autosave_path(session.id)
    _ensure_state_dir()
    text = dumps(session)
    write_text_atomic(path, text, overwrite=True)
    marker = marker_path(path)
    if exported:
        write_text_atomic(marker, _digest(text) + "\n", overwrite=True)
    elif marker.exists() and _marker_digest(marker) != _digest(text):
        remove_file(marker)
    _remove_stale_temporaries(path)
    return path


def _marker_digest(marker: Path) -> str | None:
    try:
        return marker.read_text(encoding="utf-8", errors="replace").strip()[:64]
    except OSError:
        return None


def _remove_stale_temporaries(path: Path) -> None:
    """Temporary files that a killed write of this same file left behind."""
    for tmp in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()


@dataclass(frozen=True, slots=True)
class SavedSession:
    """An autosaved session, as offered for resuming."""

    path: Path
    id: str
    updated: dt.datetime
    answers: int  # the number of live answers
    case_label: str
    finished: bool  # the walk is complete (but the session was not exported)
    notices: tuple[str, ...] = field(default=(), compare=False)
    pathway: str | None = None  # the outcome's pathway when finished
    next_question: str | None = None  # the label of the next question when unfinished
    gist: str = ""  # what tells it apart from another: pathway or next question, Ki-67, answers
    exported: bool = False  # exported since its last change (only `scan(everything=True)`)


@dataclass(frozen=True, slots=True)
class Scan:
    """What the state folder holds: sessions to offer, and files that could not be read."""

    unfinished: list[SavedSession]
    unreadable: list[tuple[Path, str]]


def _is_exported(path: Path, raw: bytes) -> bool:
    marker = marker_path(path)
    return marker.is_file() and _marker_digest(marker) == _digest(raw)


def gist(session: Session) -> str:
    """One line that tells a session apart from another with no label: its pathway (or
    next question), its Ki-67, and its first answers."""
    from engine.answers import by_id, display

    w = session.walk()
    parts = []
    if w.pending is None:
        o = session.outcome()
        parts.append(o.pathway if o else "")
    else:
        parts.append(f"next: {by_id()[w.pending].label}")
    live = session.live()
    if "ki67" in live:
        parts.append(f"Ki-67 {display('ki67', live['ki67'])}")
    firsts = [q for q in live if q not in ("scope", "ki67")][:2]
    for q in firsts:
        value = display(q, live[q])
        parts.append(value if len(value) <= 32 else value[:31].rsplit(" ", 1)[0] + "…")
    if not firsts and "scope" in live:
        parts.append(display("scope", live["scope"]))
    return " · ".join(p for p in parts if p)


def scan(*, everything: bool = False) -> Scan:
    """Read every autosave: unfinished ones newest first, unreadable ones with the reason.

    `everything=True` lists the exported ones too (their `exported` is True).
    """
    folder = state_dir()  # raises NoStateDir
    found: list[SavedSession] = []
    bad: list[tuple[Path, str]] = []
    if not folder.is_dir():
        return Scan(found, bad)
    for path in sorted(folder.glob(f"{PREFIX}*{SUFFIX}")):
        try:
            raw = read_bytes(path)
            session = session_from_bytes(raw)
        except InputError as e:
            bad.append((path, visible(f"{path}: {e}", one_line=True)))
            continue
        except (OSError, ValueError, OverflowError, RecursionError, MemoryError) as e:
            # one bad file must never stop the start: it is listed, the others offered
            bad.append(
                (path, visible(f"{path}: cannot be read ({type(e).__name__})", one_line=True))
            )
            continue
        exported = _is_exported(path, raw)
        if exported and not everything:
            continue
        w = session.walk()
        outcome = session.outcome() if w.pending is None else None
        found.append(
            SavedSession(
                path=path,
                id=session.id,
                updated=session.updated or session.started,
                answers=len(session.live()),
                case_label=session.case_label,
                finished=w.pending is None,
                notices=tuple(session.notices),
                pathway=outcome.pathway if outcome else None,
                next_question=_label(w.pending),
                gist=gist(session),
                exported=exported,
            )
        )
    found.sort(key=lambda s: (s.updated, s.path.name), reverse=True)
    return Scan(found, bad)


def _label(qid: str | None) -> str | None:
    from engine.answers import by_id

    return by_id()[qid].label if qid else None


RETENTION_DAYS = 30  # exported autosaves older than this are removed when the app starts


def retention_days() -> int:
    """`$CNSNET_RETENTION_DAYS` (a whole number of days, 0 keeps none), else 30.

    Raises ValueError naming the variable when it is not a whole number from 0 up.
    """
    raw = os.environ.get("CNSNET_RETENTION_DAYS", "").strip()
    if not raw:
        return RETENTION_DAYS
    if not raw.isdigit():
        raise ValueError(
            f"CNSNET_RETENTION_DAYS: {raw!r} is not a whole number of days; accepted: 0, 1, 2, …"
        )
    return int(raw)


def prune_exported(now: dt.datetime, days: int | None = None) -> list[Path]:
    """Remove autosaves exported since their last change and last changed more than `days`
    ago (default `retention_days()`); an unexported session is never removed. Returns the
    removed autosave files. Raises `WriteError` when one cannot be removed."""
    keep = retention_days() if days is None else days
    removed = []
    for s in scan(everything=True).unfinished:
        if s.exported and now - s.updated > dt.timedelta(days=keep):
            discard(s)
            removed.append(s.path)
    return removed


def purge_exported() -> list[Path]:
    """Remove every autosave that was exported since its last change, whatever its age."""
    removed = []
    for s in scan(everything=True).unfinished:
        if s.exported:
            discard(s)
            removed.append(s.path)
    return removed


def unfinished() -> list[SavedSession]:
    """Autosaved sessions not exported since their last change, newest first.

    Files that cannot be read are left out here; `unreadable()` lists them.
    """
    return scan().unfinished


def unreadable() -> list[tuple[Path, str]]:
    """Autosave files that could not be read, each with a one-line reason."""
    return scan().unreadable


def load(saved: SavedSession) -> Session:
    """The full session behind an offer (raises `InputError` if the file went bad since)."""
    return read_session(saved.path)


def discard(saved: SavedSession | Path) -> None:
    """Remove an autosave and its export marker. Raises `WriteError` if that fails."""
    path = saved.path if isinstance(saved, SavedSession) else Path(saved)
    remove_file(path)
    remove_file(marker_path(path))
