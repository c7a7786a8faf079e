"""Autosave: every confirmed answer is on disk, and an unfinished session is offered back.

Each session is autosaved as `session-<id>.toml` in the state folder, in the session format
of an export (`engine.summary.SCHEMA`), written atomically with mode 0600. Exporting a
session leaves a marker beside it, `session-<id>.exported`, holding the SHA-256 of the
autosave as it was exported; a session counts as exported only while its autosave still has
that content, so an edit after the export makes it unfinished again.

The state folder is `$CNSNET_STATE_DIR`; else, on Linux (and other POSIX systems),
`$XDG_STATE_HOME/cnsnet`, else `~/.local/state/cnsnet`; on Windows and macOS the user state
folder platformdirs names (`%LOCALAPPDATA%\\cnsnet`, `~/Library/Application Support/cnsnet`).
It is created (mode 0700) on the first write, never on a read; an existing one open to
other users is made 0700 when it holds only cnsnet's files, else the caller is warned.

Two cnsnets on one session (both resumed it, or one opened an old export of it) never write
over each other: a session remembers the SHA-256 of the file it was read from or last
autosaved to (`Session.seen_sha256`), and its autosave is replaced only while the file on
disk still holds those bytes. Otherwise another cnsnet changed it, and this session is
written apart under a new id (`<id>-2`, `<id>-3`, …): both are kept and both are offered.
The check and the write hold an advisory lock on the state folder (`flock`, which the
kernel drops when its process dies, so a killed cnsnet leaves no lock behind).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import stat
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from engine.clock import NEW_ID, new_id
from engine.files import (
    TargetExistsError,
    WriteError,
    remove_file,
    shown_path,
    write_text_atomic,
)
from engine.reader import (
    MAX_BYTES,
    SESSION_ID,
    InputError,
    read_bytes,
    read_session,
    session_from_bytes,
)
from engine.session import Session
from engine.summary import dumps
from engine.text import visible

PREFIX, SUFFIX, MARKER = "session-", ".toml", ".exported"
_ID = re.compile(SESSION_ID)  # one home for the pattern: engine/reader.py
_APART = re.compile(r"-(\d+)$")  # the `-2`, `-3`, ... of a session written apart
# ... of a session cnsnet itself named (engine.clock.new_id), and only that: an id from a file
# written by hand may end in "-12" without being a twelfth version of anything
_MADE_APART = re.compile(NEW_ID + _APART.pattern)
LOCK_WAIT = 5.0  # seconds to wait for another cnsnet's write before writing apart
Warn = Callable[[str], None]  # told, in one line, what the user should know about a write


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


def _ensure_state_dir(warn: Warn | None = None) -> Path:
    d = state_dir()
    if d.is_dir():
        _make_private(d, warn)
        return d
    try:
        _make_folders(d)
    except OSError as e:
        raise WriteError.from_os_error(d, e, verb="create") from None
    return d


def _make_folders(d: Path) -> None:
    """Create `d` and each missing folder above it with mode 0700, whatever the umask."""
    missing = []
    p = d
    while not os.path.lexists(p) and p != p.parent:
        missing.append(p)
        p = p.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:  # another cnsnet made it meanwhile
            if not folder.is_dir():
                raise
            continue
        os.chmod(folder, 0o700)  # mkdir's mode is cut by the umask: set it as meant


def _make_private(d: Path, warn: Warn | None) -> None:
    """An existing state folder open to other users: made 0700 when it is the user's own
    and holds only cnsnet's files; otherwise left as it is and `warn` told why."""
    if os.name == "nt":  # modes mean nothing there
        return
    try:
        st = d.stat()
    except OSError:
        return
    mode = stat.S_IMODE(st.st_mode)
    if not mode & 0o077:
        return
    if st.st_uid != os.geteuid():
        why = "it belongs to another user"
    elif not _only_ours(d):
        why = "it holds files that are not cnsnet's"
    else:
        try:
            os.chmod(d, 0o700)
            return
        except OSError as e:
            why = (e.strerror or str(e)).lower()
    if warn is not None:
        warn(
            f"The state folder {shown_path(d)} is open to other users (mode {mode:04o}) and "
            f"was left so ({why}); its autosaves are still readable by you only (0600)."
        )


def _only_ours(d: Path) -> bool:
    """The folder holds nothing but autosaves, export markers and their temporaries."""
    try:
        return all(n.startswith((PREFIX, "." + PREFIX)) for n in os.listdir(d))
    except OSError:
        return False


@contextlib.contextmanager
def _folder_lock(folder: Path, wait: float | None = None) -> Iterator[bool]:
    """Hold the state folder's lock while an autosave is checked and written.

    Yields False when another cnsnet held it for `wait` (default `LOCK_WAIT`) seconds: then
    nothing may be replaced and the caller writes apart. An advisory `flock` on the folder
    itself: the kernel drops it when its process dies, so a killed cnsnet never blocks
    another (a lock file with a pid would need guessing whether that pid is still the same
    cnsnet). Where there is no such lock (Windows, a file system without locks) this yields
    True unlocked: the content check before the write still catches another cnsnet's write,
    bar a moment's race.
    """
    try:
        import fcntl
    except ImportError:
        yield True
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield True
        return
    try:
        deadline = time.monotonic() + (LOCK_WAIT if wait is None else wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() < deadline:
                    time.sleep(0.01)
                    continue
                held = False
            except OSError:  # no locks on this file system
                held = True
            else:
                held = True
            break
        yield held
    finally:
        os.close(fd)  # releases the lock


def _digest(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


def autosave(session: Session, *, exported: bool = False, warn: Warn | None = None) -> Path:
    """Write the session to its autosave file; `exported=True` when it was just exported.

    An autosave whose content differs from what was exported removes the export marker: the
    session changed after the export, so it is unfinished again.

    An autosave that another cnsnet changed since this session was read or last written
    (`Session.seen_sha256`) is never replaced: the session takes a new id and is written
    apart, and `warn` is told in one line. `warn` also hears of a state folder that stays
    open to others. Returns the file written; raises `WriteError`.
    """
    path = autosave_path(session.id)
    folder = _ensure_state_dir(warn)
    with _folder_lock(folder) as locked:
        text = dumps(session)
        if not (locked and _replace_if_unchanged(path, text, session.seen_sha256)):
            old = session.id
            path, text = _write_apart(session)
            if warn is not None:
                warn(
                    f"Another cnsnet is working on this case, or saved it later (session "
                    f"{old}): these answers are now autosaved as session {session.id}. "
                    "Both are kept and offered for resume."
                )
        session.seen_sha256 = _digest(text)
        marker = marker_path(path)
        if exported:
            write_text_atomic(marker, _digest(text) + "\n", overwrite=True)
        elif marker.exists() and _marker_digest(marker) != _digest(text):
            remove_file(marker)
        _remove_stale_temporaries(path)
    return path


def _replace_if_unchanged(path: Path, text: str, seen: str | None) -> bool:
    """Write `text` to `path` when the file is missing or still holds what was `seen`.

    False (nothing written) when another cnsnet made or changed it, or it cannot be read
    (or is not a regular file of at most 1 MiB: a FIFO there would block the read).
    """
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
            return False
        raw = path.read_bytes()
    except FileNotFoundError:
        try:
            write_text_atomic(path, text)  # never over a file that appears meanwhile
        except TargetExistsError:
            return False
        return True
    except OSError:
        return False
    if _digest(raw) != seen:
        return False
    write_text_atomic(path, text, overwrite=True)
    return True


def _write_apart(session: Session) -> tuple[Path, str]:
    """Give the session the next free id `<id>-2`, `<id>-3`, … and write it there (never
    over an existing file). The session keeps its id when nothing could be written."""
    old = session.id
    base = _APART.sub("", old)
    names = [f"{base}-{n}" for n in range(2, 100)]
    for candidate in [*(n for n in names if _ID.fullmatch(n)), new_id(), new_id()]:
        session.id = candidate
        text = dumps(session)
        try:
            path = autosave_path(candidate)
            write_text_atomic(path, text)
            return path, text
        except TargetExistsError:
            continue
        except WriteError:
            session.id = old
            raise
    session.id = old
    raise WriteError(autosave_path(old), "no free name for a second autosave")


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

    @property
    def version(self) -> int:
        """1; or n for a session written apart as `<id>-n`, when another cnsnet had changed
        its autosave (both are kept, and both offered)."""
        apart = _MADE_APART.fullmatch(self.id)
        return int(apart.group(1)) if apart else 1


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


def load(saved: SavedSession) -> Session:
    """The full session behind an offer (raises `InputError` if the file went bad since)."""
    return read_session(saved.path)


def discard(saved: SavedSession | Path) -> None:
    """Remove an autosave and its export marker. Raises `WriteError` if that fails."""
    path = saved.path if isinstance(saved, SavedSession) else Path(saved)
    remove_file(path)
    remove_file(marker_path(path))
