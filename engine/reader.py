"""Reading an answers file or a saved session: validated whole before use, or refused.

Every refusal is one line that names the file, the field, what was given and what is
accepted. Nothing half-loaded comes out.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from engine.answers import AnswerError, Value, order
from engine.session import Discarded, Session
from engine.summary import SCHEMA, utc

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 6
MAX_LABEL = 200
MAX_NOTE = 10_000


class InputError(ValueError):
    """A file that cannot be used; the message is one line for the user."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


AnswerValue = Annotated[str | bool | int | float, Field(union_mode="left_to_right")]


class _SessionMeta(_Strict):
    id: str = Field(pattern=r"^[0-9a-zA-Z_-]{1,64}$")
    started: dt.datetime
    updated: dt.datetime
    app_version: str = Field(max_length=64)
    source: str = Field(max_length=200)
    source_updated: dt.date
    question_bank_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    case_label: str = Field(default="", max_length=MAX_LABEL)


class _Asked(_Strict):
    question: str
    prompt: str = ""
    answer: AnswerValue
    display: str = ""
    answered_at: dt.datetime


class _Discarded(_Strict):
    question: str
    answer: AnswerValue
    reason: str = Field(max_length=1000)
    discarded_at: dt.datetime | None = None


class _Pending(_Strict):
    next_question: str
    question_number: int = 0
    more_at_most: int = 0
    held_answers: dict[str, AnswerValue] = Field(default_factory=dict)


class _Clinician(_Strict):
    note: str = Field(default="", max_length=MAX_NOTE)


class _Note(_Strict):
    text: str = ""
    disclaimer: str = ""


class SessionFile(_Strict):
    """An exported session. The outcome and note are derived, so they are re-decided."""

    schema_: Literal["cnsnet.session/1"] = Field(alias="schema")
    disclaimer: str = ""
    session: _SessionMeta
    answers: dict[str, AnswerValue]
    asked: list[_Asked] = Field(default_factory=list)
    discarded: list[_Discarded] = Field(default_factory=list)
    pending: _Pending | None = None
    outcome: dict[str, Any] | None = None
    clinician: _Clinician | None = None
    note: _Note | None = None


class AnswersFile(_Strict):
    """A plain answers file: just `[answers]`."""

    answers: dict[str, AnswerValue]


def _depth(value: object, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level


def _first_error(e: ValidationError) -> str:
    err = e.errors()[0]
    loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        return f"{loc}: unknown key"
    if err["type"] == "missing":
        return f"{loc}: missing"
    if err["type"] in ("model_type", "dict_type"):
        return f"{loc}: should be a table"
    given = err.get("input")
    shown = "" if isinstance(given, dict | list) else f" (given {given!r})"
    return f"{loc}: {msg}{shown}"


def parse_document(text: str) -> dict[str, Any]:
    """TOML text to a dict, refusing empty and too-deeply nested documents."""
    if not text.strip():
        raise InputError("empty file; expected a TOML table [answers]")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"not valid TOML: {e}") from None
    except RecursionError:
        raise InputError(f"nested deeper than {MAX_DEPTH} levels") from None
    if _depth(data) > MAX_DEPTH:
        raise InputError(f"nested deeper than {MAX_DEPTH} levels")
    return data


def session_from_document(data: dict[str, Any]) -> Session:
    """A validated Session from a parsed answers file or exported session."""
    if "schema" in data:
        if data["schema"] != SCHEMA:
            raise InputError(f"schema: {data['schema']!r} is not supported; accepted: {SCHEMA!r}")
        return _from_session(_validate(SessionFile, data))
    if "answers" not in data:
        raise InputError('no [answers] table and no schema = "cnsnet.session/1"')
    return _from_answers(_validate(AnswersFile, data).answers, Session())


def _validate(model: type[_Strict], data: dict[str, Any]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise InputError(_first_error(e)) from None


def _check_question(qid: str, field: str) -> None:
    if qid not in order():
        raise InputError(f"{field}: unknown question {qid!r}; accepted: {', '.join(order())}")


def _from_answers(answers: dict[str, Value | int | bool], session: Session) -> Session:
    for q in answers:
        _check_question(q, f"answers.{q}")
    try:
        session.load_answers(answers)
    except AnswerError as e:
        raise InputError(str(e)) from None
    return session


def _from_session(f: SessionFile) -> Session:
    m = f.session
    s = Session(
        id=m.id,
        started=utc(m.started),
        updated=utc(m.updated),
        case_label=m.case_label,
        clinician_note=f.clinician.note if f.clinician else "",
    )
    for i, d in enumerate(f.discarded):
        _check_question(d.question, f"discarded.{i}.question")
        s.discarded.append(
            Discarded(d.question, d.answer, d.reason, utc(d.discarded_at or m.updated))
        )  # type: ignore[arg-type]
    for i, a in enumerate(f.asked):
        _check_question(a.question, f"asked.{i}.question")
        s.answered_at[a.question] = utc(a.answered_at)
    given = dict(f.answers)
    if f.pending:
        for q, v in f.pending.held_answers.items():
            given.setdefault(q, v)
    _from_answers(given, s)
    s.updated = utc(m.updated)
    return s


def read_session(path: str | Path) -> Session:
    """Read and validate a file; every problem is an InputError naming the file."""
    p = Path(path)
    try:
        try:
            size = p.stat().st_size
        except FileNotFoundError:
            raise InputError("no such file") from None
        except OSError as e:
            raise InputError(f"cannot read: {e.strerror}") from None
        if not p.is_file():
            raise InputError("not a regular file")
        if size > MAX_BYTES:
            raise InputError(f"{size} bytes is over the limit of {MAX_BYTES} (1 MiB)")
        try:
            raw = p.read_bytes()
        except OSError as e:
            raise InputError(f"cannot read: {e.strerror}") from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise InputError(f"not UTF-8 text (byte {e.start})") from None
        return session_from_document(parse_document(text))
    except InputError as e:
        raise InputError(f"{p}: {e}") from None
