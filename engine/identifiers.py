"""Does a case label look like it identifies a patient? The app asks before keeping it.

A heuristic, said as such: it looks for dates, runs of 6 or more digits, the words MRN, DOB,
NHS (and a few like them), and two capitalised words in a row (a name). It cannot prove a
label is safe; it catches the common slips.
"""

from __future__ import annotations

import re

_CHECKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"\b\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}\b"),
        "a date",
    ),
    (
        re.compile(
            r"\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}\b",
            re.IGNORECASE,
        ),
        "a date",
    ),
    (re.compile(r"\d{6,}"), "a run of 6 or more digits (a record number?)"),
    (
        re.compile(r"\b(?:MRN|DOB|D\.O\.B|NHS|CHI|SSN|URN|NHI|born)\b", re.IGNORECASE),
        "a record or birth-date word (MRN, DOB, NHS…)",
    ),
    (
        re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?\s+[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?\b"),
        "two capitalised words (a name?)",
    ),
)


def identifier_hints(label: str) -> list[str]:
    """What in `label` looks like a patient identifier, each reason once, with the text found."""
    found: list[str] = []
    seen: set[str] = set()
    for pattern, what in _CHECKS:
        m = pattern.search(label)
        if m and what not in seen:
            seen.add(what)
            found.append(f"{what}: “{m.group(0)}”")
    return found
