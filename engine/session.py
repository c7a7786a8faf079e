"""A session: the answers given, when, what an edit dropped, and the decision they lead to.

Edits re-decide (pathway.md, principle 3): changing an answer re-runs the walk; answers that
are no longer asked leave the live answers and go to `discarded` with the reason and time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from engine import table
from engine.answers import Value, by_id, display, normalize, possible_values
from engine.clock import Clock, new_id, utc_now
from engine.limits import MAX_LABEL, MAX_NOTE, LabelTooLong, NoteTooLong
from engine.outcome import Outcome, decide, pathway_of
from engine.text import normalize_newlines, one_line
from engine.walk import Progress, Walk, held, progress, walk

# The reason given to answers in a file that the walk does not ask on its path.
NOT_ASKED = "not asked on this path"


@dataclass(frozen=True, slots=True)
class Discarded:
    question: str
    answer: Value
    reason: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class WhatIf:
    """One answer to the question an edit opens, and where it would lead."""

    value: Value
    pathways: tuple[str, ...]  # every outcome this answer can still lead to, in table order
    then_asks: str | None  # the next question it opens (None: the walk is complete)

    @property
    def pathway(self) -> str | None:
        """The outcome, when this answer settles it whatever the later answers are."""
        return self.pathways[0] if len(self.pathways) == 1 else None


@dataclass(frozen=True, slots=True)
class EditPreview:
    """What an edit would do, before it lands: the answers it drops and the outcome change."""

    question: str
    old_value: Value | None
    new_value: Value
    dropped: tuple[tuple[str, Value], ...]
    old_pathway: str | None  # None while the walk was unfinished
    new_pathway: str | None  # None while the walk stays unfinished
    new_pending: str | None
    old_flags: tuple[str, ...] = ()
    new_flags: tuple[str, ...] = ()
    old_review: bool = False
    new_review: bool = False
    # whether review can be said at all (Outcome.review_assessed): not outside the pathway
    old_review_assessed: bool = True
    new_review_assessed: bool = True
    # when the edit opens a question that has no answer: what each of its answers leads to
    # (the other answers kept); empty for the Ki-67 number, which has no short list
    opened_what_if: tuple[WhatIf, ...] = ()


def _reachable(answers: Mapping[str, Value]) -> tuple[str, ...]:
    """Every pathway that some answers to the questions still open can lead to, in table
    order."""
    found: set[str] = set()

    def visit(given: dict[str, Value]) -> None:
        w = walk(given)
        if w.pending is None:
            found.add(pathway_of(given, w))
            return
        for v in possible_values(by_id()[w.pending]):
            visit({**given, w.pending: v})

    visit(dict(answers))
    return tuple(p for p in table.PATHWAYS if p in found)


@dataclass
class Session:
    """Everything a session holds; the outcome is derived from the answers, never stored."""

    id: str = field(default_factory=new_id)
    started: dt.datetime = field(default_factory=utc_now)
    updated: dt.datetime | None = None
    case_label: str = ""
    clinician_note: str = ""
    answers: dict[str, Value] = field(default_factory=dict)
    answered_at: dict[str, dt.datetime] = field(default_factory=dict)
    discarded: list[Discarded] = field(default_factory=list)
    # What reading the session from a file changed or wants checked (shown, never saved).
    notices: list[str] = field(default_factory=list, compare=False)
    # The answers the last `load_answers` was given that this path does not ask: dropped
    # into `discarded` by that load (a `discarded` read from a file is not among them).
    not_asked: tuple[str, ...] = field(default=(), compare=False)
    clock: Clock = field(default=utc_now, repr=False, compare=False)
    # "answers-file" when read from a plain answers file: it was never saved as a session
    provenance: str = field(default="session", compare=False)
    # The schema of the file it was read from when that is an earlier one (cnsnet.session/1):
    # its file no longer says what the session says today, so it is not "saved".
    older_schema: str = field(default="", compare=False)
    # The SHA-256 of the file this session was last read from or autosaved to by this
    # program (None: none yet). Its autosave is overwritten only while it still holds these
    # bytes; otherwise another cnsnet changed it, and this one writes a new autosave.
    seen_sha256: str | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.updated is None:
            self.updated = self.started
        self.case_label = one_line(self.case_label)
        self.clinician_note = normalize_newlines(self.clinician_note)

    def set_case_label(self, label: str) -> None:
        """The case label is one line; it must not identify the patient. Raises LabelTooLong
        over MAX_LABEL characters (the welcome screen's field holds no more)."""
        label = one_line(label)
        if len(label) > MAX_LABEL:
            raise LabelTooLong(len(label))
        self.case_label = label
        self.touch()

    def set_clinician_note(self, note: str) -> None:
        """Take the note as typed. Raises NoteTooLong (the note kept as it was) over
        MAX_NOTE characters: a longer note would make the saved file unreadable."""
        note = normalize_newlines(note)
        if len(note) > MAX_NOTE:
            raise NoteTooLong(len(note))
        self.clinician_note = note
        self.touch()

    # -- reading ---------------------------------------------------------------------
    def walk(self) -> Walk:
        return walk(self.answers)

    def outcome(self) -> Outcome | None:
        """The decided outcome, or None while a question is pending."""
        w = self.walk()
        return None if w.pending else decide(self.answers, w)

    def progress(self) -> Progress | None:
        """Where the pending question stands and the most that can follow it, answers kept
        after an edit counted as given (engine.walk.progress); None when nothing is pending."""
        return progress(self.answers)

    def held(self) -> dict[str, Value]:
        """Answers kept for questions after the pending one (after an edit): not asked again."""
        return held(self.answers, self.walk())

    def live(self) -> dict[str, Value]:
        """The answers on the path, in asking order."""
        return {q: self.answers[q] for q in self.walk().asked}

    # -- changing --------------------------------------------------------------------
    def answer(self, qid: str, value: object) -> Walk:
        """Give or change the answer to a question that the walk asks now or asked before."""
        new = normalize(qid, value, field=qid)
        w = self.walk()
        if qid != w.pending and qid not in w.asked:
            raise ValueError(f"{qid}: not asked at this point of the walk")
        now = self.clock()
        old = self.answers.get(qid)
        if old == new and qid in self.answers:
            return w
        if old is not None:
            self.discarded.append(Discarded(qid, old, f"changed to {display(qid, new)}", now))
        self.answers[qid] = new
        self.answered_at[qid] = now
        self.updated = now
        return self._drop_off_path(f"no longer asked after {qid} changed to {display(qid, new)}")

    def _drop_off_path(self, reason: str) -> Walk:
        w = self.walk()
        for q in [q for q in self.answers if q in w.skipped]:
            self.discarded.append(Discarded(q, self.answers.pop(q), reason, self.clock()))
            self.answered_at.pop(q, None)
        return w

    def preview(self, qid: str, value: object) -> EditPreview:
        """What `answer(qid, value)` would do, without doing it."""
        before = self.outcome()
        trial = replace(
            self,
            answers=dict(self.answers),
            answered_at=dict(self.answered_at),
            discarded=list(self.discarded),
        )
        n = len(trial.discarded)
        w = trial.answer(qid, value)
        after = None if w.pending else decide(trial.answers, w)
        dropped = tuple((d.question, d.answer) for d in trial.discarded[n:] if d.question != qid)
        opened: tuple[WhatIf, ...] = ()
        if w.pending is not None and w.pending != self.walk().pending:
            opened = self._what_if(trial.answers, w.pending)
        return EditPreview(
            question=qid,
            old_value=self.answers.get(qid),
            new_value=trial.answers[qid],
            dropped=dropped,
            old_pathway=before.pathway if before else None,
            new_pathway=after.pathway if after else None,
            new_pending=w.pending,
            old_flags=before.flag_ids if before else (),
            new_flags=after.flag_ids if after else (),
            old_review=before.review_required if before else False,
            new_review=after.review_required if after else False,
            old_review_assessed=before.review_assessed if before else True,
            new_review_assessed=after.review_assessed if after else True,
            opened_what_if=opened,
        )

    @staticmethod
    def _what_if(answers: Mapping[str, Value], qid: str) -> tuple[WhatIf, ...]:
        """For each answer to the open question `qid`: the outcome, or the next question."""
        q = by_id()[qid]
        if q.kind == "number":
            return ()
        found = []
        for v in possible_values(q):
            trial = {**answers, qid: v}
            found.append(WhatIf(v, _reachable(trial), walk(trial).pending))
        return tuple(found)

    def load_answers(self, given: Mapping[str, object], *, field_prefix: str = "answers") -> None:
        """Take a whole set of answers (from a file); answers off the path go to discarded."""
        checked = {q: normalize(q, v, field=f"{field_prefix}.{q}") for q, v in given.items()}
        now = self.clock()
        self.answers = checked
        for q in checked:
            self.answered_at.setdefault(q, now)
        given_ids = tuple(checked)
        self._drop_off_path(NOT_ASKED)
        self.not_asked = tuple(q for q in given_ids if q not in self.answers)

    def touch(self) -> None:
        self.updated = self.clock()
