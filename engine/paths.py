"""A file path typed by a user (a dialog's field): made absolute, or refused with one line.

`Path` raises four different exceptions on a typed path (`RuntimeError` for an unknown
`~user`, `ValueError` for a NUL, `FileNotFoundError` when the folder the program started in
is gone, `OSError` for a name too long); here each is a `PathError` that names the field,
what was typed and what is accepted, so no caller meets them.
"""

from __future__ import annotations

import os
from pathlib import Path

from engine.text import visible

NAME_MAX = 255  # bytes in one name of a path: the limit of every common file system
_SEPARATORS = tuple(s for s in (os.sep, os.altsep) if s)


class PathError(ValueError):
    """A typed path that cannot name a file; str() is one line for the user."""

    def __init__(self, field: str, typed: str, problem: str) -> None:
        self.field = field
        self.typed = typed
        self.problem = problem
        shown = visible(typed if len(typed) <= 60 else typed[:57] + "...", one_line=True)
        super().__init__(f"{field}: '{shown}' {problem}")


def names_a_folder(typed: str) -> bool:
    """The path was typed with a separator at its end (`~/exports/`): a folder, not a file."""
    return typed.strip().endswith(_SEPARATORS)


def typed_path(typed: str, *, field: str = "File") -> Path:
    """The absolute path a user typed, `~` expanded; a `PathError` if it can name no file."""
    raw = typed.strip()
    if not raw:
        raise PathError(field, typed, "is empty; type a file path")
    if "\0" in raw:
        raise PathError(
            field, raw, "holds a NUL character (pasted?), which no path can hold; type it again"
        )
    p = Path(raw)
    try:
        p = p.expanduser()
    except RuntimeError:  # `~name` of no known user, or no home folder at all
        user = raw.split("/", 1)[0]
        raise PathError(
            field,
            raw,
            f"starts with {user}, a home folder this computer does not know; accepted: "
            "a full path, ~/… for your own home folder or ~name/… for a known user",
        ) from None
    for name in p.parts:
        size = len(os.fsencode(name))
        if size > NAME_MAX:
            raise PathError(
                field,
                raw,
                f"holds a name of {size} bytes; accepted: at most {NAME_MAX} bytes a name",
            )
    try:
        return p.absolute()
    except OSError:  # a relative path, and the folder cnsnet was started in is gone
        raise PathError(
            field,
            raw,
            "is relative, and the folder cnsnet was started in no longer exists; "
            "type a full path (starting with / or ~)",
        ) from None
