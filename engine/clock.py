"""Time and ids for sessions, with nothing heavy to import (the app's first paint uses it)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The time now, in UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


NEW_ID = r"[0-9a-f]{16}"  # what new_id makes


def new_id() -> str:
    """A random session id: 16 hex digits (NEW_ID)."""
    return secrets.token_hex(8)
