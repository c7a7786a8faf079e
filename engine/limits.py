"""How long the free text of a session and the brief note may be: one home for the writer,
the reader, and the help that states them.

The session refuses a clinician note over MAX_NOTE characters as it is typed, so what cnsnet
autosaves or exports is always a file it reads back (a longer note made the whole session
file unreadable, its answers with it).
"""

from __future__ import annotations

MAX_LABEL = 200
MAX_NOTE = 10_000
BRIEF_LINES = 20  # the brief note: what a clinician pastes into the record


class LabelTooLong(ValueError):
    """A case label over MAX_LABEL characters: its saved file could not be read back."""

    def __init__(self, length: int) -> None:
        self.length = length
        super().__init__(
            f"case label: {length:,} characters is over the limit of {MAX_LABEL:,}; "
            f"accepted: at most {MAX_LABEL:,} characters"
        )


class NoteTooLong(ValueError):
    """A clinician note over MAX_NOTE characters; the message names field, given, accepted."""

    def __init__(self, length: int) -> None:
        self.length = length
        super().__init__(
            f"clinician note: {length:,} characters is over the limit of {MAX_NOTE:,}; "
            f"accepted: at most {MAX_NOTE:,} characters. Shorten it: the note as it was at "
            f"{MAX_NOTE:,} characters or fewer is what is kept and saved"
        )
