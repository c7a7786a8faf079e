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


class TooLong(ValueError):
    """Text over the length a saved file may hold; the message names field, given, accepted."""

    FIELD = ""
    LIMIT = 0
    ADVICE = ""  # what to do, where there is more to say than the limit

    def __init__(self, length: int) -> None:
        self.length = length
        super().__init__(
            f"{self.FIELD}: {length:,} characters is over the limit of {self.LIMIT:,}; "
            f"accepted: at most {self.LIMIT:,} characters{self.ADVICE}"
        )


class LabelTooLong(TooLong):
    """A case label over MAX_LABEL characters: its saved file could not be read back."""

    FIELD, LIMIT = "case label", MAX_LABEL


class NoteTooLong(TooLong):
    """A clinician note over MAX_NOTE characters."""

    FIELD, LIMIT = "clinician note", MAX_NOTE
    ADVICE = (
        f". Shorten it: the note as it was at {MAX_NOTE:,} characters or fewer is what is kept "
        "and saved"
    )
