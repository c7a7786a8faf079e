"""Principle 1 of pathway.md, proved by enumeration: ask only what can change the outcome.

At every reachable set of answers:
- the question the walk asks next can change the outcome: two of its answers lead to
  different sets of reachable outcomes (pathway and row, flags, options with their roles,
  work-up, caveats, monitoring);
- every question the walk has skipped could not change the decision: giving it any answer,
  on top of the answers of a finished walk, leaves the row, the flags and the options as
  they are. (The work-up, caveats and monitoring list what was asked: a question not asked
  adds no item, by construction.)

The second half is checked with `decision`, the part of `decide_live` that decides (row,
flags, options): it reads the answers as given and does not walk, so it tests the walk's
"asked when" against the decision table itself. A test below holds `decision` to what
`decide_live` gives.
"""

from __future__ import annotations

from collections.abc import Iterable

from engine.outcome import Flag, Option, Outcome, decide, decide_live, decision
from engine.walk import walk
from tests.engine.test_exhaustive_walk import enumerate_walks, values


def full(o: Outcome) -> tuple:
    return (
        o.row,
        tuple((f.id, f.text) for f in o.flags),
        tuple((x.agent, x.role) for x in o.options),
        tuple(i.text for i in o.workup),
        tuple(i.text for i in o.caveats),
        tuple(i.text for i in o.monitoring),
    )


def _decided(row: int, flags: Iterable[Flag], options: Iterable[Option]) -> tuple:
    """What a skipped question must not change: the row, the flags, the options' roles."""
    return (row, tuple(f.id for f in flags), tuple((x.agent, x.role) for x in options))


def decided(o: Outcome) -> tuple:
    return _decided(o.row, o.flags, o.options)


def decided_live(live: dict) -> tuple:
    """`decided(decide_live(live))`, without building the rest of the outcome."""
    row, flags, options = decision(live)
    return _decided(row.number, flags, options)


class Checker:
    def __init__(self) -> None:
        self.asked_checks = 0
        self.skip_checks = 0

    def reach(self, answers: dict) -> frozenset:
        """The outcomes reachable from these answers, checking principle 1 on the way."""
        w = walk(answers)
        if w.pending is None:
            outcome = decide(answers, w)
            self.check_skipped(answers, w.skipped, outcome)
            return frozenset({full(outcome)})
        q = w.pending
        per_value = {v: self.reach({**answers, q: v}) for v in values(q)}
        distinct = set(per_value.values())
        assert len(distinct) > 1, f"{q} is asked after {answers}, but no answer changes anything"
        self.asked_checks += 1
        return frozenset().union(*per_value.values())

    def check_skipped(self, answers: dict, skipped: frozenset[str], outcome: Outcome) -> None:
        expected = decided(outcome)
        for q in skipped:
            for v in values(q):
                other = decided_live({**answers, q: v})
                assert other == expected, (
                    f"{q} = {v!r} was not asked after {answers}, yet it changes the decision "
                    f"from {expected} to {other}"
                )
                self.skip_checks += 1


def test_principle_one_holds_at_every_reachable_set_of_answers():
    checker = Checker()
    outcomes = checker.reach({})
    assert len(outcomes) > 500
    assert checker.asked_checks > 3000 and checker.skip_checks > 50_000


def test_the_check_would_catch_a_question_asked_in_vain(monkeypatch):
    """Asking rapid progression after hormonal symptoms = yes (revision 1) is caught."""
    import pytest

    from engine import walk as walk_module

    original = walk_module.ASKED_WHEN["rapid_progression"]
    monkeypatch.setitem(
        walk_module.ASKED_WHEN,
        "rapid_progression",
        lambda c: original(c) or (c.first_line and c.yes("hormonal_symptoms")),
    )
    with pytest.raises(AssertionError, match="rapid_progression is asked"):
        Checker().reach({})


def test_the_check_would_catch_a_question_skipped_that_matters(monkeypatch):
    import pytest

    from engine import walk as walk_module

    # never asked: a NET with 20 < Ki-67 < 55 always lands on row 15, never on row 14
    monkeypatch.setitem(walk_module.ASKED_WHEN, "favorable_features", lambda c: False)
    with pytest.raises(AssertionError, match="favorable_features = 'yes' was not asked"):
        Checker().reach({})


def test_decision_is_what_decide_live_decides():
    """The shortcut above reads what `decide_live` would: checked on answers off the path
    too (every skipped question given every value, over a sample of finished walks)."""
    import random

    finished = [answers for answers, _ in enumerate_walks()]
    checked = 0
    for answers in random.Random(1).sample(finished, 300):
        for q in walk(answers).skipped:
            for v in values(q):
                live = {**answers, q: v}
                assert decided_live(live) == decided(decide_live(live)), live
                checked += 1
    assert checked > 3000
