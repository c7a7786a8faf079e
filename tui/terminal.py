"""Whether the terminal cnsnet runs in is still there."""

from __future__ import annotations

import errno
import sys


def hung_up() -> bool:
    """True once the terminal has gone away (its window closed, its ssh or tmux session
    ended): its settings can no longer be read (EIO). False where there is no terminal to
    lose, or no termios (Windows)."""
    try:
        import termios
    except ImportError:
        return False
    stdin = sys.__stdin__
    if stdin is None:
        return False
    try:
        termios.tcgetattr(stdin.fileno())
    except termios.error as e:
        return bool(e.args) and e.args[0] == errno.EIO
    except (OSError, ValueError):  # closed, or not a file
        return False
    return False
