"""Reading an answers file or a saved session: validated whole before use, or refused.

Every refusal is an `InputError`: one line that names the file, the field, what was given and
what is accepted. Nothing half-loaded comes out. Nothing derived is trusted: the outcome and
the note are decided again from the answers, and the answers are checked against today's
question bank.

A saved session records the SHA-256 of the question bank it was answered with. When that
differs from today's bank, an answer that today's bank no longer accepts is not an error: it
is dropped into `discarded` with the reason, and `Session.notices` says what happened, for
the app to show and the command line to print.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.answers import AnswerError, Value, by_id, normalize, order
from engine.session import Discarded, Session
from engine.summary import OLDER_SCHEMAS, SCHEMA, utc
from engine.text import shown_value, visible
from questions import bank_sha256

if TYPE_CHECKING:  # pydantic loads only when a saved session is read
    from engine.session_file import SessionFile

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 6
MAX_ANSWER_TEXT = 200
MAX_TEXT = 1000
MAX_KEY = 1000  # characters in one key or table header: cnsnet's own are under 40
# characters in one line: a 10,000-character note of tag characters, each written as a
# 10-letter escape (\U000e0041), fits
MAX_LINE = 110_000

# Session and question ids alike are plain names, never path parts. A question id is checked
# by this form only, loose on purpose: one that today's bank dropped can still be named in
# `discarded`.
PLAIN_ID = r"^[0-9a-zA-Z_-]{1,64}$"
SESSION_ID = QUESTION_ID = PLAIN_ID
_QUESTION_ID = re.compile(QUESTION_ID)

# Top-level keys that only a saved session has: such a file without `schema` is refused.
SESSION_KEYS = ("session", "asked", "discarded", "pending", "outcome", "clinician", "note")


class InputError(ValueError):
    """A file that cannot be used; the message is one printable line for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(visible(message, one_line=True))


# -- parsing ----------------------------------------------------------------------------


def _depth(value: object, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level


def _check_bounds(text: str) -> None:
    """Refuse, before tomllib sees it, what tomllib takes quadratic time and memory for.

    A dotted key of 80,000 characters took tomllib 32 s and 9 GB. Keys and table headers
    are bounded by MAX_KEY characters, lines by MAX_LINE; lines inside a multi-line string
    are text, not keys.
    """
    in_multiline: str | None = None
    for n, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_LINE:
            raise InputError(f"line {n}: {len(line)} characters is over the limit of {MAX_LINE}")
        if in_multiline is None:
            stripped = line.lstrip()
            if stripped.startswith("["):
                key = stripped.split("]", 1)[0]
            else:
                key = stripped.split("=", 1)[0] if "=" in stripped else ""
            quoted = stripped.startswith(('"', "'"))  # a string in an array, or a quoted key
            if len(key) > MAX_KEY and (not quoted or key.count(".") > 64):
                raise InputError(
                    f"line {n}: a key of {len(key)} characters is over the limit of {MAX_KEY}"
                )
        for quote in ('"""', "'''"):
            if line.count(quote) % 2 and in_multiline in (None, quote):
                in_multiline = quote if in_multiline is None else None


def parse_document(text: str) -> dict[str, Any]:
    """TOML text to a dict, refusing empty, too long and too-deeply nested documents."""
    text = text.removeprefix("\ufeff")  # a UTF-8 byte-order mark, as some editors write
    if not text.strip():
        raise InputError("empty file; expected a TOML table [answers]")
    _check_bounds(text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"not valid TOML: {e}") from None
    except RecursionError:
        raise InputError(f"nested deeper than {MAX_DEPTH} levels") from None
    except MemoryError:
        raise InputError("too large to read as TOML") from None
    except ValueError as e:  # e.g. an integer of more than 4300 digits
        raise InputError(f"not valid TOML: {visible(str(e), one_line=True)}") from None
    if _depth(data) > MAX_DEPTH:
        raise InputError(f"nested deeper than {MAX_DEPTH} levels")
    return data


def session_from_document(data: dict[str, Any]) -> Session:
    """A validated Session from a parsed answers file or exported session.

    Raises `InputError` and nothing else. A saved session whose question bank differs from
    today's comes back with its no-longer-accepted answers in `discarded` and the reasons in
    `notices`.
    """
    if not isinstance(data, dict):
        raise InputError("(top level): should be a table")
    if "schema" in data:
        schema = data["schema"]
        if schema != SCHEMA and schema not in OLDER_SCHEMAS:
            accepted = " or ".join(repr(x) for x in (SCHEMA, *OLDER_SCHEMAS))
            raise InputError(
                f"schema: {shown_value(schema)} is not supported; accepted: {accepted}"
            )
        return _from_session(_validate_session(data), schema)
    found = [k for k in SESSION_KEYS if k in data]
    if found:
        raise InputError(
            f'schema: missing; a saved session (this file has "{found[0]}") '
            f'starts with schema = "{SCHEMA}"'
        )
    if "answers" not in data:
        raise InputError(f'no [answers] table and no schema = "{SCHEMA}"')
    return _from_answers(_plain_answers(data))


def _plain_answers(data: dict[str, Any]) -> dict[str, str | bool | int | float]:
    """The `[answers]` of a plain answers file, each a scalar (checked without pydantic)."""
    for key in data:
        if key != "answers":
            raise InputError(f"{visible(str(key), one_line=True)}: unknown key")
    answers = data["answers"]
    if not isinstance(answers, dict):
        raise InputError(f"answers: should be a table (given {shown_value(answers)})")
    for q, v in answers.items():
        where = visible(f"answers.{q}", one_line=True)
        if isinstance(v, str) and len(v) > MAX_ANSWER_TEXT:
            raise InputError(f"{where}: longer than {MAX_ANSWER_TEXT} characters (given {len(v)})")
        if not isinstance(v, str | bool | int | float):
            problem = "should be text, a number, or true/false"
            raise InputError(f"{where}: {problem} (given {shown_value(v)})")
    return answers


def _validate_session(data: dict[str, Any]) -> SessionFile:
    from pydantic import ValidationError

    from engine.session_file import SessionFile, first_error

    try:
        return SessionFile.model_validate(data)
    except ValidationError as e:
        raise InputError(first_error(e)) from None


def _unknown_question(qid: str, where: str) -> InputError:
    return InputError(
        f"{where}: unknown question {shown_value(qid)}; accepted: {', '.join(order())}"
    )


def _check(qid: str, value: object, where: str) -> Value:
    """One answer checked against today's bank, or an InputError."""
    if qid not in by_id():
        raise _unknown_question(qid, where)
    try:
        return normalize(qid, value, field=where)
    except AnswerError as e:
        raise InputError(visible(str(e), one_line=True)) from None


def _utc(value: dt.datetime, where: str) -> dt.datetime:
    try:
        return utc(value)
    except (OverflowError, ValueError):
        raise InputError(f"{where}: out of range in UTC (given {shown_value(value)})") from None


def _same(a: object, b: object) -> bool:
    """The same answer value: numbers compare as numbers, everything else exactly."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        x, y = float(a), float(b)
        return x == y or (math.isnan(x) and math.isnan(y))
    return type(a) is type(b) and a == b


def _from_answers(answers: dict[str, str | bool | int | float]) -> Session:
    session = Session(provenance="answers-file")
    session.load_answers({q: _check(q, v, f"answers.{q}") for q, v in answers.items()})
    return session


def _from_session(f: SessionFile, schema: str) -> Session:
    """The session in a saved file. A file of an earlier schema gets one notice, that it was
    decided again under today's rules, in place of the general ones every such file would
    get (another question bank, a re-decided outcome)."""
    m = f.session
    updated = _utc(m.updated, "session.updated")
    s = Session(
        id=m.id,
        started=_utc(m.started, "session.started"),
        updated=updated,
        case_label=m.case_label,
        clinician_note=f.clinician.note if f.clinician else "",
    )
    drift = m.question_bank_sha256 != bank_sha256()
    for i, d in enumerate(f.discarded):
        at = _utc(d.discarded_at, f"discarded.{i}.discarded_at") if d.discarded_at else updated
        s.discarded.append(Discarded(d.question, d.answer, d.reason, at))

    older = schema != SCHEMA
    if older:
        s.older_schema = schema
        s.notices.append(
            f"this file is {schema}, written by an earlier cnsnet: it was decided again under "
            f"revision 2 of the pathway (option roles, PRRT, flags and notes follow today's rules)"
        )
    elif drift:
        s.notices.append(BANK_CHANGED)
    checked = _checked_answers(_given_answers(f), s, drift)
    prompts = _check_asked(f, s, drift)
    for q in list(s.answered_at):
        if q not in checked:
            del s.answered_at[q]
    s.load_answers(checked)
    s.updated = updated
    if drift:
        _drift_notices(f, s, checked, prompts)
    _outcome_notices(f, s, fold_into_first=older)
    return s


def _given_answers(f: SessionFile) -> dict[str, tuple[str, Any]]:
    """Each answer in the file with where it stands: `[answers]`, then answers held back."""
    given = {q: (f"answers.{q}", v) for q, v in f.answers.items()}
    if f.pending:
        for q, v in f.pending.held_answers.items():
            given.setdefault(q, (f"pending.held_answers.{q}", v))
    return given


def _checked_answers(
    given: dict[str, tuple[str, Any]], s: Session, drift: bool
) -> dict[str, Value]:
    """The answers checked against today's bank. With the same bank, a bad one is refused;
    after the bank changed, one no longer accepted is dropped into `s.discarded`, saying so."""
    checked: dict[str, Value] = {}
    now = s.clock()
    for q, (where, v) in given.items():
        if not drift:
            checked[q] = _check(q, v, where)
            continue
        if not _QUESTION_ID.fullmatch(q):
            raise _unknown_question(q, where)
        if q not in by_id():
            reason = f"dropped: the question bank changed and '{q}' is no longer a question"
        else:
            try:
                checked[q] = normalize(q, v, field=where)
                continue
            except AnswerError:
                reason = (
                    f"dropped: the question bank changed and {shown_value(v)} "
                    f"is no longer accepted for {q}"
                )
        s.discarded.append(Discarded(q, v, reason, now))
        s.notices.append(reason)
    return checked


def _check_asked(f: SessionFile, s: Session, drift: bool) -> dict[str, str]:
    """`[[asked]]` must agree with `[answers]`; returns each asked question's stored prompt."""
    prompts: dict[str, str] = {}
    for i, a in enumerate(f.asked):
        q, where = a.question, f"asked.{i}"
        if q in prompts:
            raise InputError(f"{where}.question: {shown_value(q)} is listed twice")
        if not drift and q not in by_id():
            raise _unknown_question(q, f"{where}.question")
        if q not in f.answers:
            raise InputError(f"{where}.question: {shown_value(q)} has no value in [answers]")
        if not _same(a.answer, f.answers[q]):
            raise InputError(
                f"{where}.answer: {shown_value(a.answer)} differs from answers.{q} "
                f"(given {shown_value(f.answers[q])})"
            )
        prompts[q] = a.prompt
        s.answered_at[q] = _utc(a.answered_at, f"{where}.answered_at")
    return prompts


def _drift_notices(
    f: SessionFile, s: Session, checked: dict[str, Value], prompts: dict[str, str]
) -> None:
    live = s.live()
    for q in s.not_asked:
        if q in f.answers:
            s.notices.append(
                f"dropped: the question bank changed and '{q}' is no longer asked on this path"
            )
    for q, old in prompts.items():
        if q in live and old and old != by_id()[q].prompt:
            s.notices.append(
                f"the question '{q}' now reads \"{by_id()[q].prompt}\" "
                f"(it read {shown_value(old, 120)}); check the answer"
            )


BANK_CHANGED = (
    "this session was saved with a different question bank; its answers were "
    "checked again against today's questions"
)


def _outcome_notices(f: SessionFile, s: Session, *, fold_into_first: bool = False) -> None:
    """Say so when the outcome decided today is not the one the file recorded (as part of
    the first notice when that one already says the file was decided again)."""
    if f.outcome is None:
        return
    old = f.outcome.get("pathway")
    pending = s.walk().pending
    if pending:
        s.notices.append(
            f"the session is no longer complete: the next question is '{pending}' "
            f'("{by_id()[pending].prompt}")'
        )
        return
    outcome = s.outcome()
    if outcome is not None and isinstance(old, str) and old != outcome.pathway:
        change = (
            f"the outcome was decided again from the answers: it is now '{outcome.pathway}' "
            f"(the file said {shown_value(old)})"
        )
        if fold_into_first and s.notices:
            s.notices[0] += "; " + change
        else:
            s.notices.append(change)


# -- files ------------------------------------------------------------------------------


def session_from_bytes(raw: bytes) -> Session:
    """A validated Session from the bytes of a file (size, UTF-8, TOML, then content)."""
    if len(raw) > MAX_BYTES:
        raise InputError(f"over the limit of {MAX_BYTES} bytes (1 MiB)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"not UTF-8 text (byte {e.start})") from None
    session = session_from_document(parse_document(text))
    session.seen_sha256 = hashlib.sha256(raw).hexdigest()  # what its autosave may replace
    return session


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a regular file of at most 1 MiB, or an InputError (without the path)."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise InputError("no such file") from None
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror}") from None
    except ValueError:  # a NUL in the path (pasted into the Open dialog)
        raise InputError("the path holds a NUL character, which no file name can") from None
    if not p.is_file():
        raise InputError("not a regular file")
    if size > MAX_BYTES:
        raise InputError(f"{size} bytes is over the limit of {MAX_BYTES} (1 MiB)")
    try:
        with p.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)  # the file may have grown since stat
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise InputError(f"over the limit of {MAX_BYTES} bytes (1 MiB)")
    return raw


def read_session(path: str | Path) -> Session:
    """Read and validate a file; every problem is an InputError naming the file."""
    p = Path(path)
    try:
        return session_from_bytes(read_bytes(p))
    except InputError as e:
        raise InputError(f"{p}: {e}") from None
