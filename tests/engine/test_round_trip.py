"""decide -> TOML -> read -> decide gives the same outcome, for random complete answer sets."""

from __future__ import annotations

import tomllib

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.answers import by_id
from engine.reader import session_from_document
from engine.session import Session
from engine.summary import dumps
from engine.walk import walk


@st.composite
def complete_answers(draw: st.DrawFn) -> dict:
    """Walk the engine's questions, drawing each answer; returns a complete answer set."""
    answers: dict = {}
    while (q := walk(answers).pending) is not None:
        spec = by_id()[q]
        if spec.kind == "number":
            v = draw(
                st.one_of(
                    st.just("unknown"),
                    st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 2)),  # as reported
                    st.sampled_from([3.0, 9.5, 10.0, 10.5, 20.0, 55.0]),
                )
            )
        elif spec.kind == "yesno":
            v = draw(
                st.sampled_from(["yes", "no", "unknown"] if spec.allow_unknown else ["yes", "no"])
            )
        else:
            v = draw(st.sampled_from([c.id for c in spec.choices]))
        answers[q] = v
    return answers


@given(complete_answers(), st.text(max_size=40), st.text(max_size=200))
@settings(max_examples=150, deadline=None)
def test_round_trip_keeps_the_outcome(answers, label, note):
    s = Session(case_label=label, clinician_note=note)
    s.load_answers(answers)
    first = s.outcome()
    text = dumps(s)
    doc = tomllib.loads(text)
    assert doc["outcome"]["pathway"] == first.pathway
    again = session_from_document(doc)
    second = again.outcome()
    assert second == first
    assert again.case_label == s.case_label and again.clinician_note == s.clinician_note
    assert again.id == s.id and again.answers == s.answers
    assert dumps(again) == text


def test_label_is_one_line_and_note_newlines_are_lf():
    s = Session(case_label="a\r\nb\nc\u2028d", clinician_note="x\r\ny\rz")
    assert s.case_label == "a b c d"
    assert s.clinician_note == "x\ny\nz"
