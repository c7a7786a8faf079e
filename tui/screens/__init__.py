"""The app's screens, one a module, each with its style file (`.tcss`) beside it."""

from __future__ import annotations

from pathlib import Path

DIALOG_CSS = "dialog.tcss"  # the look every dialog shares; a dialog's own file refines it

_HERE = Path(__file__).resolve().parent


def styles() -> list[Path]:
    """Every screen's style file, the shared dialog style first. The app reads them all
    when it starts: Textual parses the whole stylesheet again each time a screen brings a
    file it has not seen, which cost every first visit to a screen that parse, and left a
    screen's look depending on which screens had been visited before it."""
    return sorted(_HERE.glob("*.tcss"), key=lambda p: (p.name != DIALOG_CSS, p.name))
