"""Making text from a user or a file safe to print: no control sequences reach a terminal,
and no character that shows nothing (or reorders what follows) passes unseen."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

# Characters that show nothing, or change how the text around them reads: the C0 controls
# but tab and newline, DEL, the C1 controls (U+009B is a CSI, U+0085 a line break), and
# every Unicode format character (category Cf: zero-width spaces and joiners, the soft
# hyphen, bidirectional marks, embeddings, overrides and isolates, the byte-order mark,
# the tag characters U+E0000-E007F) and the line and paragraph separators U+2028/U+2029.
# tests/engine/test_text_and_numbers.py checks this against unicodedata.
_INVISIBLE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e007f"
)
_UNSAFE = re.compile(f"[{_INVISIBLE}]")
_UNSAFE_LINE = re.compile(f"[\t\n{_INVISIBLE}]")


def _escape(ch: str, *, toml: bool = False) -> str:
    """`\\x1b`, `\\u202e` or `\\U000e0041`: the character's code, readable and unambiguous;
    with `toml`, only the forms a TOML basic string reads (`\\u001b`)."""
    code = ord(ch)
    if code < 0x100 and not toml:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def visible(text: str, *, one_line: bool = False) -> str:
    """Control and invisible characters made visible as `\\x1b`-style escapes; everything
    else as typed."""
    return (_UNSAFE_LINE if one_line else _UNSAFE).sub(lambda m: _escape(m.group()), text)


def toml_escaped(toml: str) -> str:
    """TOML text with every control or invisible character written as a `\\u009b` escape.

    For text from a TOML writer that quotes every string as a basic string (tomli_w): there,
    outside strings, there are none of these characters, and inside a string `\\uXXXX` and
    `\\UXXXXXXXX` read back as the same character, so the document means the same. A `cat`
    of the file then shows the escape, not a terminal control or reordered text.
    """
    return _UNSAFE.sub(lambda m: _escape(m.group(), toml=True), toml)


@dataclass(frozen=True)
class Editable:
    """A text as shown in an editor: `shown` is `visible(raw)`; `marks` says where each made
    visible character stands in it, as (start, end, character), so that an edited copy can be
    read back into the text it stands for instead of the escapes' letters."""

    raw: str
    shown: str
    marks: tuple[tuple[int, int, str], ...] = ()


def editable(raw: str) -> Editable:
    """`raw` made visible for an editor, with where each escape stands."""
    parts: list[str] = []
    marks: list[tuple[int, int, str]] = []
    at = last = 0
    for m in _UNSAFE.finditer(raw):
        parts.append(raw[last : m.start()])
        at += m.start() - last
        escape = _escape(m.group())
        marks.append((at, at + len(escape), m.group()))
        parts.append(escape)
        at += len(escape)
        last = m.end()
    parts.append(raw[last:])
    return Editable(raw, "".join(parts), tuple(marks))


def _common_start(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def edited(before: Editable, shown: str) -> Editable:
    """What the editor's new text `shown` stands for, after an edit of `before.shown`.

    An escape the edit left whole is its character again; what the edit put in is kept as
    typed (a typed `\\x1b` is those four letters); an escape cut into, or inside what was
    replaced, is gone, as the user edited it. The edit is taken to be one stretch replaced,
    the common start and end kept (as each keystroke, paste or cut is). Where the stretch
    could stand in more than one place (a backslash typed just before an escape, one of two
    like runs deleted), the place that leaves the most escapes whole is taken.
    """
    old = before.shown
    if shown == old:
        return before
    m = min(len(old), len(shown))
    head = _common_start(old, shown)
    back = _common_start(old[::-1], shown[::-1])
    hi = min(head, m)
    lo = min(max(0, m - back), hi)
    cuts = {hi, lo, *(x for a, b, _ in before.marks for x in (a, b) if lo <= x <= hi)}
    starts = [a for a, _, _ in before.marks]  # in order, never overlapping
    ends = [b for _, b, _ in before.marks]

    def tail(p: int) -> int:
        """Where the kept end starts in `old` when the replaced stretch starts at `p`."""
        return len(old) - min(back, m - p)

    def whole(p: int) -> int:
        """How many escapes are left whole when the replaced stretch starts at `p`."""
        return bisect.bisect_right(ends, p) + len(starts) - bisect.bisect_left(starts, tail(p))

    p = max(sorted(cuts, reverse=True), key=whole)
    shift = len(shown) - len(old)
    marks = list(before.marks[: bisect.bisect_right(ends, p)])
    marks += [(a + shift, b + shift, ch) for a, b, ch in before.marks if a >= tail(p)]
    raw: list[str] = []
    last = 0
    for a, b, ch in marks:
        raw += [shown[last:a], ch]
        last = b
    raw.append(shown[last:])
    return Editable("".join(raw), shown, tuple(marks))


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
    if text.isascii():
        return text
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
