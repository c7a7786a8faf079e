"""The program's own data files (questions/), as the app and the command line reach them.

The arrows run tui -> engine -> questions: the tui never imports questions/ itself, and this
module is its one door to the files, their validation and what they fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from questions import DataFileError, bank, content

# questions.models is imported where it is needed, not here: the command line imports this
# module at start, and the models are not needed before the first paint.
__all__ = ["DataFileError", "DataFiles", "bank", "check_files", "load_all", "max_question_label"]


def max_question_label() -> int:
    """The most characters a question's label may have (the review's label column)."""
    from questions.models import MAX_QUESTION_LABEL

    return MAX_QUESTION_LABEL


def load_all() -> None:
    """Load and validate the question bank and the outcome content now (they are cached).
    Raises DataFileError, one line naming the file, when either is broken."""
    bank()
    content()


@dataclass(frozen=True, slots=True)
class DataFiles:
    """What `cnsnet doctor` reports of the data files, read afresh from disk."""

    missing: str | None = None  # "<file>: <why>" when one cannot be read
    broken: str | None = None  # the first validation error, when one does not validate
    changed: tuple[str, ...] = field(default=())  # validate, but differ from validated.toml
    source_lines: int = 0


def check_files() -> DataFiles:
    """Each data file against questions/validated.toml, then validated afresh (no cache)."""
    from questions import load as _load
    from questions.models import Bank, Content

    changed: list[str] = []
    for path in _load.DATA_FILES:
        try:
            raw = path.read_bytes()
        except OSError as e:
            return DataFiles(missing=f"{path}: {e.strerror}")
        if not _load.matches_stamp(path, raw):
            changed.append(path.name)
    try:
        _load.load_file(_load.BANK_FILE, Bank)
        _load.load_file(_load.CONTENT_FILE, Content)
        lines = len(_load.SOURCE_FILE.read_text(encoding="utf-8").splitlines())
    except (DataFileError, OSError, UnicodeDecodeError) as e:
        return DataFiles(broken=str(e), changed=tuple(changed))
    return DataFiles(changed=tuple(changed), source_lines=lines)
