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
        if needle in str(w.border_title or "").casefold():
            hits.append(Hit(w, -1))  # the section's title, on its top border
        for i, line in enumerate(shown_lines(w, w.content_region.width)):
            if needle in line.casefold():
                hits.append(Hit(w, i))
    return hits


def same_place(
    before: Sequence[Hit], at: int, now: Sequence[Hit], widgets: Sequence[Widget]
) -> int:
    """Where the search at `before[at]` is among `now`, the same text wrapped anew: the same
    place in the same widget (its first, second, … line holding the text), else the first
    place after that widget, else the last. -1 when nothing is found now; 0 when nothing was
    found before."""
    if not now:
        return -1
    if not 0 <= at < len(before):
        return 0
    widget = before[at].widget
    nth = sum(1 for h in before[:at] if h.widget is widget)
    same = [i for i, h in enumerate(now) if h.widget is widget]
    if same:
        return same[min(nth, len(same) - 1)]
    order = {id(w): n for n, w in enumerate(widgets)}
    after = [
        i for i, h in enumerate(now) if order.get(id(h.widget), -1) > order.get(id(widget), -1)
    ]
    return after[0] if after else len(now) - 1
