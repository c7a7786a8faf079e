"""Rendering the engine's items as safe rich Text: never markup, always the source line."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from engine.cite import cite
from engine.outcome import Item

LABEL_WIDTH = 38  # the longest question label (36) and two spaces

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


def bullet_list(items: Iterable[Item], empty: str = "") -> Text:
    """One bullet per item, its source lines after it; program sentences are marked."""
    out = Text()
    for it in items:
        if out:
            out.append("\n")
        out.append("• ", style="bold" if it.strong else "")
        quoted = f"“{it.text}”" if it.origin == "source" else it.text
        out.append(quoted, style="bold" if it.strong else "")
        if it.origin == "program":
            out.append("  (cnsnet)", style="dim italic")
        out.append_text(refs(it.source))
    if not out and empty:
        out.append(empty, style="dim")
    return out


def badge(status: str) -> Text:
    label, style = STATUS_BADGE.get(status, (status.upper(), "reverse"))
    return Text().append(f" {label} ", style=style)
