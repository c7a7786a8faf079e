"""Where an export is proposed: a documented folder, never the folder the app started in.

`$CNSNET_EXPORT_DIR`, else the platform's documents folder (XDG_DOCUMENTS_DIR from
`~/.config/user-dirs.dirs` on Linux, `~/Documents` elsewhere) when it exists, else the home
folder. The app remembers the last folder written to for the rest of the session.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
from pathlib import Path

from engine.paths import PathError, names_a_folder, typed_path

_XDG_DOCS = re.compile(r"^\s*XDG_DOCUMENTS_DIR\s*=\s*(.+?)\s*$", re.MULTILINE)


def documents_dir(home: Path | None = None) -> Path | None:
    """The platform's documents folder if it exists, else None."""
    home = home or Path.home()
    config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    try:
        found = _XDG_DOCS.search((config / "user-dirs.dirs").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        found = None
    candidates = []
    if found:
        try:
            raw = shlex.split(found.group(1))[0]
        except (ValueError, IndexError):
            raw = ""
        raw = raw.replace("$HOME", str(home))
        if raw and Path(raw).is_absolute() and Path(raw) != home:
            candidates.append(Path(raw))
    candidates.append(home / "Documents")
    return next((c for c in candidates if c.is_dir()), None)


def default_export_dir() -> Path | None:
    """`$CNSNET_EXPORT_DIR`, else the documents folder, else home (absolute, not created);
    None when none of them can be named (an unknown `~user`, no home folder, no current
    folder for a relative one): the dialog then proposes the file name alone and says why
    it cannot be written as it stands."""
    if own := os.environ.get("CNSNET_EXPORT_DIR", "").strip():
        try:
            return typed_path(own, field="CNSNET_EXPORT_DIR")
        except PathError:
            return None
    try:
        home = Path.home()
        return (documents_dir(home) or home).absolute()
    except (RuntimeError, OSError):  # no home folder (HOME unset, a uid not in passwd)
        return None


def export_name(now: dt.datetime, session_id: str) -> str:
    """`cnsnet-YYYYMMDD-HHMM-<id8>.toml`, in the local time of `now`."""
    local = now.astimezone()
    return f"cnsnet-{local:%Y%m%d-%H%M}-{session_id[:8]}.toml"


def proposed_path(now: dt.datetime, session_id: str, last_dir: Path | None = None) -> Path:
    """The full path the export dialog proposes: the last folder used, else the default."""
    name = export_name(now, session_id)
    folder = last_dir or default_export_dir()
    return folder / name if folder is not None else Path(name)


def export_path(typed: str, name: str) -> Path:
    """Where an export typed as `typed` goes: the absolute file path, or a `PathError`.

    A path ending in a separator, or naming an existing folder, is a folder: the file is
    `name` in it, and the folder must exist.
    """
    path = typed_path(typed, field="File")
    if names_a_folder(typed) or _is_dir(path):
        if not _is_dir(path):
            raise PathError(
                "File",
                typed.strip(),
                "ends with a folder separator, but there is no such folder; accepted: "
                "an existing folder (the file is named for you) or a file path",
            )
        return path / name
    return path


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long for the file system, a loop of links: not a folder
        return False
