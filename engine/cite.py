"""Citing the source: `S:40 (ref 2)`, the line number with the reference it rests on.

Each cited line of the article ends with a footnote digit naming one of its two references
(1: a summary about a gastrointestinal NET sarcoma, S:95/S:97; 2: a guideline overview,
S:101/S:103). pathway.md, revision 2, item 6: beside every cited line, its reference.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from questions import line_numbers, source_lines

# The number of the source's reference (1 or 2) that ends each cited line of the article.
FOOTNOTE = re.compile(r"\s([12])\s*$")


@cache
def footnote(line: int) -> int | None:
    """The reference number a source line ends with, or None (a heading, the disclaimer)."""
    lines = source_lines()
    if not 1 <= line <= len(lines):
        return None
    m = FOOTNOTE.search(lines[line - 1])
    return int(m.group(1)) if m else None


def footnotes(source: Sequence[str]) -> tuple[int, ...]:
    """The references the cited lines rest on, in order, each once."""
    seen = dict.fromkeys(f for ref in source for n in line_numbers(ref) if (f := footnote(n)))
    return tuple(seen)


def cite(source: Sequence[str]) -> str:
    """`S:66, S:68 (ref 2)`; lines of different references are grouped by reference in the
    order cited: `S:30 (ref 1), S:31 (ref 2)`; a line without a footnote stands alone."""
    groups: list[tuple[tuple[int, ...], list[str]]] = []
    for ref in source:
        refs = footnotes((ref,))
        if groups and groups[-1][0] == refs:
            groups[-1][1].append(ref)
        else:
            groups.append((refs, [ref]))
    parts = []
    for refs, cited in groups:
        label = ", ".join(cited)
        if refs:
            word = "ref" if len(refs) == 1 else "refs"
            label += f" ({word} {', '.join(map(str, refs))})"
        parts.append(label)
    return ", ".join(parts)
