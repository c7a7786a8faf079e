"""Which question comes next: the "asked when" column of pathway.md, and the walk over it.

A question is asked when its condition holds on the answers given before it in asking order,
and only then; the walk stops at the first such question that has no answer yet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from engine import table
from engine.answers import Answers, Value, by_id, possible_values
from engine.case import Case
from engine.ki67 import G2_UPTO, HIGH_FROM, LOW_BELOW, as_ki67, representative


def _row(c: Case) -> table.Row:
    return c.row()


def _status(c: Case) -> str:
    return table.status(_row(c).pathway)


def _imaging_asked(c: Case) -> bool:
    """Ki-67 known and not a discordant NEC (the table's row "nec-discordant")."""
    return c.ki_known and not table.BY_NAME["nec-discordant"].when(c)


ASKED_WHEN: dict[str, Callable[[Case], bool]] = {
    "scope": lambda c: True,
    "histology": lambda c: c.scope == "primary_cns_net",
    "ki67": lambda c: c.confirmed,
    "sstr_imaging": _imaging_asked,
    "sstr_status": lambda c: c.a.get("sstr_imaging") in ("ga68_pet", "in111_scintigraphy"),
    "setting": _imaging_asked,
    "hormonal_symptoms": lambda c: c.first_line and c.ki < LOW_BELOW and c.sstr == "negative",
    # Not asked once hormonal symptoms are present: the ENETS condition is already unmet,
    # and the answer could no longer change the outcome (pathway.md, principle 1).
    "rapid_progression": lambda c: (
        c.first_line
        and (
            (c.ki < LOW_BELOW and c.sstr == "negative" and c.no("hormonal_symptoms"))
            or G2_UPTO < c.ki < HIGH_FROM
        )
    ),
    "favorable_features": lambda c: c.first_line and c.net and G2_UPTO < c.ki < HIGH_FROM,
    "chemo_contraindicated": lambda c: c.first_line and c.net and LOW_BELOW <= c.ki <= G2_UPTO,
    "high_receptor_uptake": lambda c: _row(c).pathway == "second-line-after-ssa",
    "debulking": lambda c: _status(c) in table.WEIGHS_TREATMENT,
    "special_population": lambda c: _status(c) == "therapy",
    "cga_baseline": lambda c: _row(c).name not in table.BEFORE_KI67,
}


# The asking order is this table's order (pathway.md, "Questions ... in asking order"); a
# test checks that the question bank lists the same questions in the same order.
ORDER: tuple[str, ...] = tuple(ASKED_WHEN)


@dataclass(frozen=True, slots=True)
class Walk:
    """Where a set of answers stands: questions asked in order, and the next one, if any."""

    asked: tuple[str, ...]
    pending: str | None
    skipped: frozenset[str]  # questions whose condition was evaluated and did not hold


def walk(answers: Answers) -> Walk:
    """Walk the questions in order over `answers`; answers off the path are not read."""
    live: dict[str, Value] = {}
    case = Case(live)
    asked: list[str] = []
    skipped: set[str] = set()
    for qid in ORDER:
        if not ASKED_WHEN[qid](case):
            skipped.add(qid)
            continue
        if qid not in answers:
            return Walk(tuple(asked), qid, frozenset(skipped))
        live[qid] = answers[qid]
        case.forget()
        asked.append(qid)
    return Walk(tuple(asked), None, frozenset(skipped))


@dataclass(frozen=True, slots=True)
class Progress:
    """For the progress line: "question 4 · at most 3 more"."""

    number: int  # the position of the pending question, from 1
    more_at_most: int  # questions that may still follow it


def held(answers: Answers, w: Walk) -> dict[str, Value]:
    """The answers to questions the walk `w` has neither asked nor left pending: kept after an
    edit, for a question it may come to later."""
    return {q: v for q, v in answers.items() if q not in w.asked and q != w.pending}


def progress(answers: Answers) -> Progress | None:
    """Position of the next question and the exact most that can follow it; None if done.
    Answers kept for later questions (after an edit) count as given: where the walk asks
    such a question, it is not counted and its kept answer leads on."""
    w = walk(answers)
    if w.pending is None:
        return None
    key = _abstract({q: answers[q] for q in w.asked})
    kept = _abstract(held(answers, w))
    return Progress(len(w.asked) + 1, _most_remaining(key, _position()[w.pending], kept) - 1)


def _abstract(live: Answers) -> tuple[tuple[str, Value], ...]:
    """The answers with Ki-67 replaced by its band's representative (same walk, same row)."""
    return tuple((q, representative(as_ki67(v)) if q == "ki67" else v) for q, v in live.items())


@cache
def _position() -> dict[str, int]:
    """Each question's index in asking order."""
    return {q: i for i, q in enumerate(ORDER)}


@cache
def _most_remaining(
    key: tuple[tuple[str, Value], ...], pending: int, kept: tuple[tuple[str, Value], ...] = ()
) -> int:
    """The most questions still to be asked from these answers, the pending one included.

    `key` is the walk's live answers in asking order (abstract Ki-67) and `pending` the index
    of the question the walk asks next; `kept` holds answers already given to later questions,
    which are asked without being counted. The walk over the answers before `pending` is
    settled, so each answer to it resumes the walk just after it instead of walking again
    from the start: the questions after `pending` are read with all of `key` plus that
    answer, exactly as `walk` reads them.
    """
    qids = ORDER
    qid = qids[pending]
    given = dict(kept)
    values = [given[qid]] if qid in given else possible_values(by_id()[qid])
    best = 0
    for v in values:
        value = representative(as_ki67(v)) if qid == "ki67" else v
        live = dict(key)
        live[qid] = value
        case = Case(live)
        following = next(
            (i for i in range(pending + 1, len(qids)) if ASKED_WHEN[qids[i]](case)), None
        )
        if following is not None:
            best = max(best, _most_remaining((*key, (qid, value)), following, kept))
    return (0 if qid in given else 1) + best
