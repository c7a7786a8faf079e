"""Writing files safely: all or nothing, readable by the owner only.

A file is written to a temporary file in the same folder, flushed to disk, and only then
moved onto its name (`os.replace`), so a crash, a full disk or a kill leaves either the old
file or the new one, never half of one. Every failure is a `WriteError` whose message is
one line for the user.

The POSIX-only calls each have a fallback that keeps the same promise where they are missing
(Windows, some file systems): `os.fchmod` -> `os.chmod` on the temporary file's path; a
folder `fsync` -> skipped where a folder cannot be opened (the rename stays atomic);
`os.link` for "never overwrite" -> `os.rename`, which refuses an existing name on Windows,
or elsewhere the name reserved with `O_CREAT | O_EXCL` and then replaced.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from engine.text import visible

FILE_MODE = 0o600
# errno values meaning "this file system cannot do that" (so take the fallback)
_NO_SUPPORT = {errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL, errno.EPERM}
_NO_LINKS = _NO_SUPPORT | {errno.EMLINK, errno.EXDEV}
_WINDOWS = os.name == "nt"  # where os.rename refuses an existing name

_PROBLEMS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.ENOENT: "folder does not exist",
    errno.ENOTDIR: "part of the path is not a folder",
    errno.EISDIR: "it is a folder",
    errno.EROFS: "read-only file system",
    errno.ENAMETOOLONG: "file name too long",
    errno.EEXIST: "a file with that name already exists",
    errno.EIO: "input/output error",
}


def shown_path(path: Path | str) -> str:
    """A path as one printable line."""
    return visible(str(path), one_line=True)


class WriteError(Exception):
    """A file that could not be written (or removed); str() is one line naming the path."""

    def __init__(self, path: Path | str, problem: str, *, verb: str = "write") -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"cannot {verb} {shown_path(path)}: {problem}")

    @classmethod
    def from_os_error(cls, path: Path | str, error: OSError, *, verb: str = "write") -> WriteError:
        problem = _PROBLEMS.get(error.errno or 0) or (error.strerror or str(error)).lower()
        return cls(path, visible(problem, one_line=True), verb=verb)


class TargetExistsError(FileExistsError):
    """The file is there already and `overwrite` was not given; str() is one line."""

    def __init__(self, path: Path) -> None:
        super().__init__(errno.EEXIST, "file exists", str(path))
        self.path = path

    def __str__(self) -> str:
        return f"cannot write {shown_path(self.path)}: a file with that name already exists"


def _target(path: Path | str) -> Path:
    """The absolute path to write: its folder resolved, its own name kept (not followed).

    A path that cannot name a file (an unknown `~user`, a NUL, a relative path once the
    current folder is gone, a name too long) is a `WriteError`.
    """
    if "\0" in str(path):
        raise WriteError(path, "the path holds a NUL character")
    try:
        p = Path(path).expanduser()
    except RuntimeError:
        raise WriteError(path, "no such home folder") from None
    try:
        if p.name in ("", ".", ".."):
            return p.resolve()
        return p.parent.resolve() / p.name
    except RuntimeError:  # a loop of symbolic links (Python 3.11)
        raise WriteError(path, "too many levels of symbolic links") from None
    except OSError as e:
        raise WriteError.from_os_error(path, e) from None


_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def _refuse_what_is_not_a_file(target: Path) -> bool:
    """Whether a file is there (True) or nothing (False); `WriteError` for anything else.

    Only a regular file is ever replaced. A symbolic link is refused too, even one to a
    regular file: replacing it would put a file where the link was and leave the file it
    points to as it was, which is not what "replace" promised.
    """
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return False
    except OSError as e:
        raise WriteError.from_os_error(target, e) from None
    if stat.S_ISREG(mode):
        return True
    kind = next((k for test, k in _KINDS if test(mode)), "not a regular file")
    problem = f"it is {kind}; only a regular file is replaced: choose another name"
    if stat.S_ISLNK(mode):
        try:
            to = os.readlink(target)
        except OSError:
            to = "?"
        problem = (
            f"it is a symbolic link (to {shown_path(to)}); only a regular file is replaced: "
            "type the path of the file it points to, or another name"
        )
    raise WriteError(target, problem)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _set_mode(fd: int, path: str) -> None:
    """Mode 0600 on the open temporary file; by its path where `os.fchmod` is missing."""
    fchmod = getattr(os, "fchmod", None)
    if fchmod is not None:
        try:
            fchmod(fd, FILE_MODE)
            return
        except (NotImplementedError, OSError) as e:
            if isinstance(e, OSError) and e.errno not in _NO_SUPPORT:
                raise
    os.chmod(path, FILE_MODE)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; best effort (Windows cannot open a folder to sync it,
    some file systems refuse): the file itself was synced and the rename is atomic either way.
    """
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_text_atomic(path: Path | str, text: str, *, overwrite: bool = False) -> Path:
    """Write `text` (UTF-8) to `path` whole or not at all, with mode 0600.

    Raises `TargetExistsError` (a `FileExistsError`) before writing anything when the file
    exists and `overwrite` is False, and `WriteError` for every other failure; on failure
    no temporary file is left and an existing file is unchanged. Returns the path written.
    """
    target = _target(path)
    if _refuse_what_is_not_a_file(target) and not overwrite:
        raise TargetExistsError(target)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise WriteError(target, f"the text is not valid Unicode (character {e.start})") from None

    tmp: str | None = None
    fd: int | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        _set_mode(fd, tmp)
        _write_all(fd, data)
        os.fsync(fd)
        os.close(fd)
        fd = None
        if overwrite:
            _refuse_what_is_not_a_file(target)  # again: it may have changed since asked
            os.replace(tmp, target)
        else:
            _link_no_clobber(tmp, target)
        tmp = None
    except OSError as e:
        if isinstance(e, FileExistsError) and not overwrite:
            raise TargetExistsError(target) from None
        raise WriteError.from_os_error(target, e) from None
    finally:
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    _sync_folder(target.parent)
    return target


def _link_no_clobber(tmp: str, target: Path) -> None:
    """Move `tmp` onto `target` unless a file of that name appeared meanwhile.

    A hard link fails if the name exists, atomically. Where there are no hard links (no
    `os.link`, or a file system without them), `_move_no_clobber` keeps that promise.
    """
    link = getattr(os, "link", None)
    if link is None:
        _move_no_clobber(tmp, target)
        return
    try:
        link(tmp, target)
    except FileExistsError:
        raise
    except (NotImplementedError, OSError) as e:
        if isinstance(e, OSError) and e.errno not in _NO_LINKS:
            raise
        _move_no_clobber(tmp, target)
        return
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def _move_no_clobber(tmp: str, target: Path) -> None:
    """Move `tmp` onto `target` without hard links, never replacing a file someone else made.

    On Windows `os.rename` itself refuses an existing name. Elsewhere the name is first
    reserved with `O_CREAT | O_EXCL` (which fails if it exists, atomically) and the finished
    temporary file then replaces that empty placeholder; a failure removes the placeholder.
    """
    if _WINDOWS:
        os.rename(tmp, target)
        return
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.close(fd)
    try:
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(target)
        raise


def remove_file(path: Path | str) -> None:
    """Remove a file if it is there; a failure is a `WriteError`."""
    try:
        Path(path).unlink(missing_ok=True)
    except OSError as e:
        raise WriteError.from_os_error(path, e, verb="remove") from None
