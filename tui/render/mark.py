"""cnsnet's mark on a sentence of its own (not the source's), as every screen shows it."""

from __future__ import annotations

from rich.text import Text

from engine.sections import PROGRAM_MARK

MARK_STYLE = "dim italic"


def marked(t: Text, lead: str = "  ") -> Text:
    """`t` with the mark after it: "…  (cnsnet)"."""
    return t.append(f"{lead}{PROGRAM_MARK}", style=MARK_STYLE)
