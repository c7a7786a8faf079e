"""Making text from a user or a file safe to print: no control sequences reach a terminal."""

from __future__ import annotations

import datetime as dt
import re

# C0 controls (but tab and newline), DEL, C1 controls, and the bidirectional overrides and
# isolates that can make text read differently from how it is stored.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, one_line: bool = False) -> str:
    """Control characters made visible as `\\x1b`-style escapes; everything else as typed."""
    return (_UNSAFE_LINE if one_line else _UNSAFE).sub(_visible, text)


def shown_value(value: object, limit: int = 60) -> str:
    """A value from a user or a file as a short, single, printable piece of text."""
    if isinstance(value, bool):
        return str(value).lower()  # as TOML writes it
    if isinstance(value, int) and abs(value) > 10**limit:
        return "a number too large to show"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, str):
        shown = repr(value[:limit]) + ("..." if len(value) > limit else "")
        return visible(shown, one_line=True)
    return visible(repr(value)[:limit], one_line=True)


def one_line(text: str) -> str:
    """A single line: line breaks of any kind become spaces (for the case label)."""
    return " ".join(re.split(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]", text))


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF, as TOML reads them back (for the clinician note)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Typographic characters and their plain ASCII spelling (pathway.md, "The clinical note").
_ASCII = {
    "≤": "<=",
    "≥": ">=",
    "→": "->",
    "←": "<-",
    "—": "--",
    "–": "-",
    "…": "...",
    "•": "*",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "×": "x",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "⚑": "!",
    "✓": "v",
}


def ascii_text(text: str) -> str:
    """Text in plain ASCII for record systems: typographic characters spelled out, anything
    else (a name with an accent, a script) kept recoverable as a `\\u00e9`-style escape."""
    out = []
    for ch in text:
        if ch < "\x80":
            out.append(ch)
        elif ch in _ASCII:
            out.append(_ASCII[ch])
        else:
            code = ord(ch)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return "".join(out)
