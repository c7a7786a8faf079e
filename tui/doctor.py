"""`cnsnet doctor`: one screenful for IT and the user, and a one-line verdict.

Version, Python, where cnsnet is installed (and its files checked against the wheel's
RECORD), the data files checked against the hashes recorded in questions/validated.toml, the
state and export folders (writable? mode?), and the terminal (size, colours, whether the
clipboard escape OSC 52 is likely to work). Exit 0 when nothing is wrong (warnings
allowed), 1 when something would stop cnsnet working. Reads only: creates nothing but a
temporary probe file in each folder, removed at once. Never imports textual's app.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import platform
import stat
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from engine.autosave import PREFIX, SUFFIX, NoStateDir, state_dir
from engine.text import visible
from engine.version import __version__

OK, WARN, FAIL = "ok", "warn", "FAIL"
MIN_COLUMNS, MIN_LINES = 80, 24


@dataclass(frozen=True, slots=True)
class Check:
    """One line of the report: what was checked, its status, and what was found."""

    name: str
    status: str  # OK, WARN or FAIL
    detail: str
    problem: str = ""  # for the verdict, when not OK


def _shown(path: Path | str) -> str:
    return visible(str(path), one_line=True)


def _version_of(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "missing"


def check_program() -> Check:
    libs = " · ".join(f"{n} {_version_of(n)}" for n in ("textual", "rich", "pydantic"))
    missing = [n for n in ("textual", "rich", "pydantic") if _version_of(n) == "missing"]
    if missing:
        return Check("program", FAIL, f"cnsnet {__version__} · {libs}", "libraries missing")
    return Check("program", OK, f"cnsnet {__version__} · {libs}")


def check_python() -> Check:
    v = sys.version_info
    detail = (
        f"{platform.python_implementation()} {platform.python_version()} {_shown(sys.executable)}"
    )
    if v < (3, 11):
        return Check("python", FAIL, detail, "Python older than 3.11")
    return Check("python", OK, detail)


def check_command() -> Check:
    """The command that was run (what to put on PATH or in a shortcut)."""
    argv0 = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path("cnsnet")
    if argv0.stem == "cnsnet":
        return Check("command", OK, _shown(argv0.absolute()))
    return Check("command", OK, f"{_shown(sys.executable)} -m tui.cli")


def _record_hash(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes()).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def check_install() -> Check:
    """Where the code runs from; for a wheel install, every file against its RECORD hash."""
    here = Path(__file__).resolve().parent.parent
    try:
        dist = metadata.distribution("cnsnet")
    except metadata.PackageNotFoundError:
        return Check(
            "installed", WARN, f"{_shown(here)} (not installed: a source folder)", "not installed"
        )
    try:
        direct = json.loads(dist.read_text("direct_url.json") or "{}")
    except ValueError:
        direct = {}
    if isinstance(direct, dict) and direct.get("dir_info", {}).get("editable"):
        return Check("installed", OK, f"{_shown(here)} (editable, from a source folder)")
    bad: list[str] = []
    checked = 0
    for f in dist.files or []:
        if f.hash is None or f.hash.mode != "sha256":
            continue
        located = Path(str(f.locate()))
        checked += 1
        try:
            if _record_hash(located) != f"sha256={f.hash.value}":
                bad.append(str(f))
        except OSError:
            bad.append(str(f))
    where = _shown(here)
    if bad:
        return Check(
            "installed",
            FAIL,
            f"{where}: {len(bad)} of {checked} files changed or missing, e.g. {_shown(bad[0])}",
            "installed files changed: reinstall",
        )
    return Check("installed", OK, f"{where} (wheel: {checked} files match its RECORD)")


def check_data() -> Check:
    """bank.toml and outcomes.toml against questions/validated.toml, then loaded."""
    from engine.data import check_files

    found = check_files()
    if found.missing:
        return Check("data files", FAIL, _shown(found.missing), "data file missing")
    if found.broken:
        return Check("data files", FAIL, _shown(found.broken), "data files broken")
    source = f"source {found.source_lines} lines"
    if found.changed:
        return Check(
            "data files",
            WARN,
            f"{', '.join(found.changed)} differ from validated.toml but validate; {source}",
            "data files changed since release",
        )
    return Check("data files", OK, f"bank.toml, outcomes.toml match validated.toml; {source}")


def _mode(path: Path) -> str:
    if os.name == "nt":
        return "mode n/a (Windows ACLs)"
    return f"mode {stat.S_IMODE(path.stat().st_mode):04o}"


def _probe_write(folder: Path) -> str | None:
    """None when a file can be created in `folder` (tried for real: root ignores modes)."""
    try:
        fd, name = tempfile.mkstemp(prefix=".cnsnet-doctor-", dir=folder)
    except OSError as e:
        return (e.strerror or str(e)).lower()
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(name)
    return None


def check_folder(label: str, folder: Path, *, created_on_write: bool, severity: str) -> Check:
    """Is `folder` (or, when it is still to be created, its nearest parent) writable?"""
    shown = _shown(folder)
    if folder.exists() and not folder.is_dir():
        return Check(
            label, severity, f"{shown}: a file is where the folder should be", f"{label} is a file"
        )
    if folder.is_dir():
        problem = _probe_write(folder)
        detail = f"{shown} {_mode(folder)}"
        if label == "state folder":
            n = len(list(folder.glob(f"{PREFIX}*{SUFFIX}")))
            detail += f", {n} autosave{'s' if n != 1 else ''}"
        if problem:
            return Check(
                label, severity, f"{detail}: not writable ({problem})", f"{label} not writable"
            )
        if os.name != "nt" and label == "state folder" and folder.stat().st_mode & 0o077:
            return Check(
                label,
                WARN,
                f"{detail}, writable; others may read it",
                "state folder readable by others",
            )
        return Check(label, OK, f"{detail}, writable")
    parent = folder.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        return Check(
            label,
            severity,
            f"{shown}: {_shown(parent)} is a file, not a folder",
            f"{label} cannot be created",
        )
    problem = _probe_write(parent)
    if problem:
        return Check(
            label,
            severity,
            f"{shown}: cannot be created in {_shown(parent)} ({problem})",
            f"{label} cannot be created",
        )
    when = " on the first autosave" if created_on_write else ""
    return Check(label, OK, f"{shown} (to be created{when}, mode 0700)")


def check_state_folder() -> Check:
    """The folder autosaves go to: cnsnet cannot keep a session where it cannot be named."""
    try:
        folder = state_dir()
    except NoStateDir as e:
        return Check(
            "state folder", FAIL, f"{_shown(e.path)}: {e.problem}", "state folder cannot be named"
        )
    return check_folder("state folder", folder, created_on_write=True, severity=FAIL)


def check_export_folder() -> Check:
    """The folder the export dialog proposes (not the current folder, which may be gone)."""
    from engine.export_dir import default_export_dir

    folder = default_export_dir()
    if folder is None:
        why = "no export folder can be named ($CNSNET_EXPORT_DIR, the home folder)"
        return Check("export folder", WARN, f"{why}: type a full path when exporting", why)
    return check_folder("export folder", folder, created_on_write=False, severity=WARN)


def clipboard_outlook(env: Mapping[str, str]) -> tuple[str, str]:
    """Whether the terminal is likely to pass OSC 52 to the clipboard: (likely|unlikely|
    unknown, why). A guess from the environment; `cnsnet show` prints the note anyway."""
    term = env.get("TERM", "")
    program = env.get("TERM_PROGRAM", "")
    if env.get("TMUX"):
        return "unknown", "tmux: only with set-clipboard on"
    if env.get("STY") or term.startswith("screen"):
        return "unlikely", "GNU screen drops it"
    if env.get("KITTY_WINDOW_ID") or "kitty" in term:
        return "likely", "kitty"
    if env.get("WT_SESSION"):
        return "likely", "Windows Terminal"
    if program in ("WezTerm", "ghostty") or "alacritty" in term or term.startswith("foot"):
        return "likely", program or term
    if env.get("ALACRITTY_WINDOW_ID") or env.get("ALACRITTY_SOCKET"):
        return "likely", "Alacritty"
    if program == "iTerm.app":
        return "unknown", "iTerm2: only if clipboard access is allowed in its settings"
    if program == "Apple_Terminal":
        return "unlikely", "Terminal.app does not support it"
    if program == "vscode":
        return "unknown", "VS Code terminal"
    if env.get("VTE_VERSION"):
        return "unlikely", "VTE terminals (GNOME Terminal, Tilix…) do not support it"
    if env.get("KONSOLE_VERSION"):
        return "unknown", "Konsole: recent versions only"
    if term == "linux":
        return "unlikely", "the Linux console"
    if env.get("XTERM_VERSION"):
        return "unlikely", "xterm: off unless allowWindowOps"
    return "unknown", f"TERM={term or 'unset'}"


def colours(env: Mapping[str, str]) -> str:
    if "NO_COLOR" in env:
        return "no colour (NO_COLOR set)"
    if env.get("COLORTERM", "").lower() in ("truecolor", "24bit") or env.get("WT_SESSION"):
        return "truecolor"
    term = env.get("TERM", "")
    if "256" in term:
        return "256 colours"
    if term in ("", "dumb"):
        return f"no colour (TERM={term or 'unset'})"
    return "16 colours"


def check_terminal(env: Mapping[str, str]) -> Check:
    try:
        size = os.get_terminal_size(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        size = None
    clip, why = clipboard_outlook(env)
    tail = f"{colours(env)}; clipboard (OSC 52) {clip}: {why}"
    if size is None:
        return Check(
            "terminal",
            WARN,
            f"not a terminal (output redirected); {tail}",
            "output is not a terminal",
        )
    detail = f"{size.columns}x{size.lines}, {tail}"
    if size.columns < MIN_COLUMNS or size.lines < MIN_LINES:
        return Check(
            "terminal",
            WARN,
            f"{detail}; under {MIN_COLUMNS}x{MIN_LINES}",
            "terminal smaller than 80x24",
        )
    if env.get("TERM", "") in ("", "dumb"):
        return Check("terminal", WARN, detail, "TERM does not name a terminal")
    return Check("terminal", OK, detail)


def run(env: Mapping[str, str] | None = None) -> list[Check]:
    """Every check, in the order shown."""
    env = os.environ if env is None else env
    return [
        check_program(),
        check_python(),
        check_install(),
        check_command(),
        check_data(),
        check_state_folder(),
        check_export_folder(),
        check_terminal(env),
    ]


def verdict(checks: list[Check]) -> str:
    failed = [c.problem for c in checks if c.status == FAIL]
    warned = [c.problem for c in checks if c.status == WARN]
    if failed:
        return f"NOT READY: {'; '.join(failed)}"
    if warned:
        return f"ready, with {len(warned)} warning{'s' if len(warned) > 1 else ''}: " + "; ".join(
            warned
        )
    return "ready: all checks passed"


def render(checks: list[Check]) -> str:
    width = max(len(c.name) for c in checks)
    lines = [f"cnsnet doctor · {platform.system()} {platform.machine()}"]
    lines += [f"  {c.status:<4}  {c.name:<{width}}  {c.detail}" for c in checks]
    lines.append(f"verdict: {verdict(checks)}")
    return "\n".join(lines) + "\n"


def cmd_doctor() -> int:
    """Print the report; 0 when nothing failed, 1 otherwise."""
    checks = run()
    sys.stdout.write(render(checks))
    return 1 if any(c.status == FAIL for c in checks) else 0
