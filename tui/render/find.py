"""Finding text in a scrolling column of Static widgets, line by line as they are shown."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.console import Console
from textual.widget import Widget
from textual.widgets import Static


@dataclass(frozen=True, slots=True)
class Hit:
    widget: Widget
    line: int  # the line of the widget's content where the text is found; -1: its title
    count: int = 1  # how many times the text is on that line


def shown_lines(widget: Static, width: int) -> list[str]:
    """The widget's content as plain lines, wrapped at `width` as the screen wraps it."""
    console = Console(width=max(10, width), record=True, color_system=None, file=io.StringIO())
    console.print(widget.content)
    return console.export_text().split("\n")


def find(widgets: Iterable[Static], term: str) -> list[Hit]:
    """Every line (of every widget, in order) holding `term`, case-insensitively."""
    needle = term.casefold()
    hits = []
    for w in widgets:
        if n := str(w.border_title or "").casefold().count(needle):
            hits.append(Hit(w, -1, n))  # the section's title, on its top border
        for i, line in enumerate(shown_lines(w, w.content_region.width)):
            if n := line.casefold().count(needle):
                hits.append(Hit(w, i, n))
    return hits


def same_place(
    before: Sequence[Hit], at: int, now: Sequence[Hit], widgets: Sequence[Widget]
) -> int:
    """Where the search at `before[at]` is among `now`, the same text wrapped anew: in the
    same widget, the line now holding the same occurrence of the text (its first on the line
    the search was at; lines wrapped anew can hold more or fewer), or the next line holding
    one (an occurrence now split across two lines is found on neither); else the first
    place after that widget, else the last. -1 when nothing is found now; 0 when nothing was
    found before."""
    if not now:
        return -1
    if not 0 <= at < len(before):
        return 0
    widget = before[at].widget
    nth = sum(h.count for h in before[:at] if h.widget is widget)  # occurrences before it
    seen = 0
    for i, h in enumerate(now):
        if h.widget is widget:
            if nth < seen + h.count:
                return i  # holds that occurrence, or is the first line after it
            seen += h.count
    order = {id(w): n for n, w in enumerate(widgets)}
    after = [
        i for i, h in enumerate(now) if order.get(id(h.widget), -1) > order.get(id(widget), -1)
    ]
    return after[0] if after else len(now) - 1
