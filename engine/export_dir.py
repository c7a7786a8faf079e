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


def default_export_dir() -> Path:
    """`$CNSNET_EXPORT_DIR`, else the documents folder, else home (absolute, not created)."""
    if own := os.environ.get("CNSNET_EXPORT_DIR", "").strip():
        return Path(own).expanduser().absolute()
    home = Path.home()
    return (documents_dir(home) or home).absolute()


def export_name(now: dt.datetime, session_id: str) -> str:
    """`cnsnet-YYYYMMDD-HHMM-<id8>.toml`, in the local time of `now`."""
    local = now.astimezone()
    return f"cnsnet-{local:%Y%m%d-%H%M}-{session_id[:8]}.toml"


def proposed_path(now: dt.datetime, session_id: str, last_dir: Path | None = None) -> Path:
    """The full path the export dialog proposes: the last folder used, else the default."""
    return (last_dir or default_export_dir()) / export_name(now, session_id)
