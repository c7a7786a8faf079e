"""Rendering the engine's items as safe rich Text: never markup, always the source line."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from engine.cite import cite
from engine.outcome import Item
from tui.render.mark import marked

STATUS_BADGE = {
    "therapy": ("THERAPY", "bold black on green"),
    "workup": ("WORK-UP", "bold black on yellow"),
    "mdt-review": ("MDT REVIEW", "bold white on dark_orange3"),
    "out-of-scope": ("OUT OF SCOPE", "bold white on grey42"),
}


def refs(source: Iterable[str]) -> Text:
    """`  S:40 (ref 2)` in a dim style (each line with the reference it rests on), or nothing."""
    s = list(source)
    return Text(f"  {cite(s)}", style="dim") if s else Text()


def hanging(rows: Sequence[tuple[str, Text]]) -> Table:
    """Rows of (marker, text): a wrapped line continues under its text, not under the marker."""
    grid = Table.grid(expand=True)
    grid.add_column(no_wrap=True, width=max((len(m) for m, _ in rows), default=0))
    grid.add_column(ratio=1)
    for marker, text in rows:
        grid.add_row(Text(marker, style="bold"), text)
    return grid


def sourced(it: Item) -> Text:
    """A sentence: the source's in quotation marks, cnsnet's marked; its lines after it."""
    style = "bold" if it.strong else ""
    out = Text(f"“{it.text}”" if it.origin == "source" else it.text, style=style)
    if it.origin == "program":
        marked(out)
    return out.append_text(refs(it.source))


def bullet_list(items: Iterable[Item], empty: str = "") -> RenderableType:
    """One bullet per item, its source lines after it; program sentences are marked."""
    rows = [("• ", sourced(it)) for it in items]
    if not rows:
        return Text(empty, style="dim")
    return hanging(rows)


def badge(status: str) -> Text:
    label, style = STATUS_BADGE.get(status, (status.upper(), "reverse"))
    return Text().append(f" {label} ", style=style)
