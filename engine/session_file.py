"""The saved-session file (`cnsnet.session/2`, and `/1` before it) as strict pydantic models.

Imported only when a saved session is read: a plain answers file needs none of it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from engine.limits import MAX_LABEL, MAX_NOTE
from engine.reader import (
    MAX_ANSWER_TEXT,
    MAX_TEXT,
    QUESTION_ID,
    SESSION_ID,
)
from engine.text import shown_value, visible


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


AnswerText = Annotated[str, StringConstraints(max_length=MAX_ANSWER_TEXT)]
AnswerValue = Annotated[AnswerText | bool | int | float, Field(union_mode="left_to_right")]


class _SessionMeta(_Strict):
    id: str = Field(pattern=SESSION_ID)
    started: dt.datetime
    updated: dt.datetime
    app_version: str = Field(max_length=64)
    source: str = Field(max_length=200)
    source_updated: dt.date
    question_bank_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    case_label: str = Field(default="", max_length=MAX_LABEL)


class _Asked(_Strict):
    question: str = Field(pattern=QUESTION_ID)
    prompt: str = Field(default="", max_length=MAX_TEXT)
    answer: AnswerValue
    display: str = Field(default="", max_length=MAX_TEXT)
    answered_at: dt.datetime


class _Discarded(_Strict):
    question: str = Field(pattern=QUESTION_ID)
    answer: AnswerValue
    reason: str = Field(max_length=MAX_TEXT)
    discarded_at: dt.datetime | None = None


class _Pending(_Strict):
    next_question: str = Field(max_length=64)
    question_number: int = 0
    more_at_most: int = 0
    held_answers: dict[str, AnswerValue] = Field(default_factory=dict)


class _Clinician(_Strict):
    note: str = Field(default="", max_length=MAX_NOTE)


class _Note(_Strict):
    brief: str = ""
    text: str = ""
    disclaimer: str = ""


class SessionFile(_Strict):
    """An exported session. The outcome and note are derived, so they are re-decided."""

    # which schemas are read is engine.summary's (SCHEMA, OLDER_SCHEMAS): the reader checks
    # it before this model sees the file
    schema_: str = Field(alias="schema")
    disclaimer: str = ""
    source: dict[str, Any] | None = None  # what the source is (/2); derived, not trusted
    session: _SessionMeta
    answers: dict[str, AnswerValue]
    asked: list[_Asked] = Field(default_factory=list)
    discarded: list[_Discarded] = Field(default_factory=list)
    pending: _Pending | None = None
    outcome: dict[str, Any] | None = None  # must be a table; its contents are not trusted
    clinician: _Clinician | None = None
    note: _Note | None = None


# -- messages ---------------------------------------------------------------------------

_UNION_TAGS = {"str", "constrained-str", "bool", "int", "float"}
_EXPECTED = {
    "string_type": "should be text",
    "bool_type": "should be true or false",
    "int_type": "should be a whole number",
    "float_type": "should be a number",
    "datetime_type": "should be a date and time such as 2026-11-26T14:01:06Z",
    "date_type": "should be a date such as 2025-11-08",
    "list_type": "should be an array",
    "model_type": "should be a table",
    "model_attributes_type": "should be a table",
    "dict_type": "should be a table",
}
_PATTERNS = {
    "id": "should be 1 to 64 letters, digits, '-' or '_'",
    "question": "should be a question id (1 to 64 letters, digits, '-' or '_')",
    "question_bank_sha256": "should be 64 lowercase hexadecimal digits",
}


def first_error(e: ValidationError) -> str:
    err = e.errors()[0]
    loc = list(err["loc"])
    union = bool(loc) and loc[-1] in _UNION_TAGS
    if union:
        loc = loc[:-1]
    where = visible(".".join(str(p) for p in loc), one_line=True) or "(top level)"
    kind = err["type"]
    value = err.get("input")
    if kind == "extra_forbidden":
        return f"{where}: unknown key"
    if kind == "missing":
        return f"{where}: missing"
    if kind == "string_too_long":
        limit = (err.get("ctx") or {}).get("max_length")
        return f"{where}: longer than {limit} characters (given {len(value)})"
    if union:
        problem = "should be text, a number, or true/false"
    elif kind == "string_pattern_mismatch":
        problem = _PATTERNS.get(str(loc[-1]), "does not have the expected form")
    elif kind == "literal_error":
        problem = f"should be {(err.get('ctx') or {}).get('expected', '')}"
    else:
        problem = _EXPECTED.get(kind, err["msg"])
    return f"{where}: {problem} (given {shown_value(value)})"
