"""Checking that a quote is the source's own words: word for word from the lines it cites.

A quote may leave words out where it says so ("…" or "..."), may start with a capital or a
small letter where the source has the other, and may end with a full stop; nothing else.
"""

from __future__ import annotations

import re

from questions import line_numbers, source_lines

_BULLET = re.compile(r"^\s*•\s*")
_FOOTNOTE = re.compile(r"\s+[12]\s*$")
_GAP = re.compile(r"\s*(?:…|\.\.\.)\s*")


def line_text(n: int) -> str:
    """Line n of the source as it reads: no bullet, no footnote digit, single spaces."""
    text = _FOOTNOTE.sub("", _BULLET.sub("", source_lines()[n - 1]))
    return " ".join(text.split())


def cited_lines(refs: tuple[str, ...] | list[str]) -> list[str]:
    return [line_text(n) for ref in refs for n in line_numbers(ref)]


def cited_text(refs: tuple[str, ...] | list[str]) -> str:
    return " ".join(cited_lines(refs))


def _pieces(quote: str) -> list[str]:
    quote = " ".join(quote.split()).strip().strip('"')
    return [p.rstrip(".") for p in _GAP.split(quote) if p.strip(". ")]


def _find(piece: str, text: str, start: int) -> int:
    """Where `piece` is in `text` from `start` (its first letter in either case), or -1."""
    found = text.find(piece, start)
    if found < 0 and piece:
        swapped = piece[0].swapcase() + piece[1:]
        found = text.find(swapped, start)
    return found


def is_quote(quote: str, refs: tuple[str, ...] | list[str]) -> bool:
    """Every piece of `quote` is in the cited lines, word for word and in order."""
    return not why_not(quote, refs)


def why_not(quote: str, refs: tuple[str, ...] | list[str]) -> str:
    """The first piece of `quote` that the cited lines do not hold (for a failing test)."""
    text = cited_text(refs)
    at = 0
    for piece in _pieces(quote):
        found = _find(piece, text, at)
        if found < 0:
            return piece
        at = found + len(piece)
    return ""


def why_cut(quote: str, refs: tuple[str, ...] | list[str]) -> str:
    """Where `quote` stops short of the source's sentence, or starts inside one, without
    saying so with "…": '' when it is whole (a quote that leaves off the end of a sentence,
    as "rarely suitable due to radiation safety concerns" without the "though it may be
    considered" that follows, says less or other than its source)."""
    lines = cited_lines(refs)
    text = " ".join(lines)
    ends = set()
    at = 0
    for line in lines:  # where each cited line ends and the next begins
        at += len(line)
        ends.add(at)
        at += 1
    body = " ".join(quote.split()).strip().strip('"')
    pieces = _pieces(quote)
    if not pieces:
        return ""
    if not _GAP.match(body):
        first = _find(pieces[0], text, 0)
        starts = {0} | {e + 1 for e in ends}
        if first not in starts and not text[:first].rstrip().endswith((".", "?", "!")):
            return f"starts inside a sentence: {pieces[0][:40]!r}"
    if not body.endswith(("…", "...", "….")):  # not marked as cut at its end
        at = 0
        for piece in pieces:
            at = _find(piece, text, at) + len(piece)
        rest = text[at:]
        # a line that ends with a colon (a list follows) may be quoted whole, ending in "."
        whole_line = rest == ":" or (rest.startswith(": ") and at + 1 in ends)
        if at not in ends and not rest.startswith((".", "?", "!")) and not whole_line:
            return f"stops inside a sentence, before {rest[:40]!r}"
    return ""
