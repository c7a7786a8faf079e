"""Answer values: checking what was given against the question bank, and showing it."""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache

from engine.ki67 import ACCEPTED as KI67_ACCEPTED
from engine.ki67 import (
    BELOW_LOWEST,
    OVER_HIGHEST,
    UNKNOWN,
    Ki67Error,
    as_ki67,
    check_range,
    format_ki67,
    parse_ki67,
)
from engine.text import shown_value
from questions import bank
from questions.models import Question

Value = str | float
Answers = Mapping[str, Value]

YES, NO = "yes", "no"


class AnswerError(ValueError):
    """An answer that is refused: names the field, what was given and what is accepted."""

    def __init__(self, field: str, given: object, problem: str, accepted: str) -> None:
        self.field = field
        self.given = given
        self.problem = problem
        self.accepted = accepted
        shown = shown_value(given)
        super().__init__(f"{field}: {shown} {problem}; accepted: {accepted}")


@cache
def by_id() -> dict[str, Question]:
    """The bank's questions by id, in asking order."""
    return {q.id: q for q in bank().questions}


@cache
def order() -> tuple[str, ...]:
    """Question ids in the question bank's order, which a test holds to the walk's asking
    order (engine.walk.ORDER)."""
    return tuple(by_id())


def accepted(q: Question) -> str:
    """What a question accepts, in words."""
    if q.kind == "number":
        return KI67_ACCEPTED
    if q.kind == "yesno":
        return '"yes" or "no" (or true/false)' + (' or "unknown"' if q.allow_unknown else "")
    return ", ".join(f'"{c.id}"' for c in q.choices)


def yesno_values(q: Question) -> tuple[str, ...]:
    """The values a yes/no question takes."""
    return (YES, NO, UNKNOWN) if q.allow_unknown else (YES, NO)


def possible_values(q: Question) -> tuple[Value, ...]:
    """Every value a question can take; a number question gives one per Ki-67 band."""
    if q.kind == "choice":
        return tuple(c.id for c in q.choices)
    if q.kind == "yesno":
        return yesno_values(q)
    from engine.ki67 import BAND_REPRESENTATIVES

    return (*BAND_REPRESENTATIVES, UNKNOWN)


def normalize(qid: str, value: object, field: str | None = None) -> Value:
    """Check one answer and return it in its stored form (Ki-67 as float or "unknown")."""
    field = field or f"answers.{qid}"
    q = by_id().get(qid)
    if q is None:
        raise AnswerError(field, qid, "is not a question", ", ".join(order()))
    if q.kind == "number":
        return _number(q, value, field)
    if q.kind == "yesno" and isinstance(value, bool):  # TOML true/false (interfaces.md, rev 2)
        return YES if value else NO
    allowed = yesno_values(q) if q.kind == "yesno" else tuple(c.id for c in q.choices)
    if isinstance(value, str) and value in allowed:
        return value
    problem = "is not one of the choices" if isinstance(value, str) else "is not text"
    raise AnswerError(field, value, problem, accepted(q))


def _number(q: Question, value: object, field: str) -> Value:
    if isinstance(value, bool):
        raise AnswerError(field, value, "is not a number", accepted(q))
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise AnswerError(field, value, "is not a finite number", accepted(q))
        if isinstance(value, int) and not -1000 <= value <= 1000:  # float() could overflow
            problem = OVER_HIGHEST if value > 0 else BELOW_LOWEST
            raise AnswerError(field, value, problem, accepted(q))
        try:
            return check_range(float(value), str(value))
        except Ki67Error as e:
            raise AnswerError(field, value, e.reason, accepted(q)) from None
    if isinstance(value, str):
        try:
            return parse_ki67(value)
        except Ki67Error as e:
            raise AnswerError(field, value, e.reason, accepted(q)) from None
    raise AnswerError(field, value, "is not a number", accepted(q))


def display(qid: str, value: Value) -> str:
    """How an answer reads: a choice's label, `yes`, `8.5 %`."""
    q = by_id()[qid]
    if q.kind == "number":
        return format_ki67(as_ki67(value))
    if q.kind == "choice":
        for c in q.choices:
            if c.id == value:
                return c.label
    return str(value).capitalize()
