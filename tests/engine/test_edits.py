"""Edits re-decide; answers no longer asked move to `discarded` with reason and time."""

from __future__ import annotations

import datetime as dt
import itertools
import tomllib

import pytest

from engine.session import Session
from engine.summary import dumps

SSA_PATH = [
    ("scope", "primary_cns_net"),
    ("histology", "well_differentiated"),
    ("ki67", "4"),
    ("sstr_imaging", "ga68_pet"),
    ("sstr_status", "positive"),
    ("setting", "first_line"),
    ("debulking", "feasible"),
    ("special_population", "no"),
    ("cga_baseline", "measured"),
]


def ticking_clock():
    t = itertools.count()
    start = dt.datetime(2026, 11, 26, 14, 0, tzinfo=dt.UTC)
    return lambda: start + dt.timedelta(seconds=next(t))


@pytest.fixture
def ssa_session() -> Session:
    s = Session(clock=ticking_clock())
    for q, v in SSA_PATH:
        s.answer(q, v)
    assert s.outcome().pathway == "first-line-ssa"
    return s


def test_after_an_edit_the_file_and_the_screen_count_the_same_questions_left(ssa_session):
    """Kept answers count as given in the progress the session reports, which both the
    question screen and the [pending] table of the file show."""
    from engine.walk import progress

    ssa_session.answer("ki67", "15")  # opens chemo_contraindicated; later answers kept
    assert ssa_session.held()
    p = ssa_session.progress()
    ignoring_kept = progress(ssa_session.live())  # the same walk with no answer kept
    assert p is not None and ignoring_kept is not None
    assert p.number == ignoring_kept.number
    assert p.more_at_most < ignoring_kept.more_at_most  # the kept ones are not asked again
    pending = tomllib.loads(dumps(ssa_session))["pending"]
    assert (pending["question_number"], pending["more_at_most"]) == (p.number, p.more_at_most)


def test_changing_ki67_redecides_and_records_the_old_answer(ssa_session: Session):
    preview = ssa_session.preview("ki67", "15")
    assert (preview.old_pathway, preview.new_pathway) == ("first-line-ssa", None)
    assert preview.new_pending == "chemo_contraindicated" and preview.dropped == ()
    assert ssa_session.answers["ki67"] == 4.0  # a preview changes nothing
    ssa_session.answer("ki67", "15")
    ssa_session.answer("chemo_contraindicated", "no")
    assert ssa_session.outcome().pathway == "first-line-alkylating"
    doc = tomllib.loads(dumps(ssa_session))
    assert doc["discarded"] == [
        {
            "question": "ki67",
            "answer": 4.0,
            "reason": "changed to 15 %",
            "discarded_at": doc["discarded"][0]["discarded_at"],
        }
    ]


def test_answers_no_longer_asked_are_dropped_with_reason(ssa_session: Session):
    preview = ssa_session.preview("setting", "other")
    assert preview.new_pathway == "mdt-review"
    assert preview.dropped == (("special_population", "no"),)
    ssa_session.answer("setting", "other")
    assert "special_population" not in ssa_session.answers
    gone = [d for d in ssa_session.discarded if d.question == "special_population"]
    assert gone and "no longer asked after setting changed" in gone[0].reason
    assert gone[0].at.tzinfo is not None


def test_scope_change_drops_everything_after_it(ssa_session: Session):
    ssa_session.answer("scope", "pituitary")
    assert ssa_session.answers == {"scope": "pituitary"}
    assert ssa_session.outcome().pathway == "out-of-scope"
    dropped = {d.question for d in ssa_session.discarded}
    assert dropped == {q for q, _ in SSA_PATH}


def test_same_answer_again_changes_nothing(ssa_session: Session):
    before = list(ssa_session.discarded)
    ssa_session.answer("ki67", "4")
    assert ssa_session.discarded == before


def test_answering_a_question_not_on_the_path_is_refused(ssa_session: Session):
    with pytest.raises(ValueError, match="not asked"):
        ssa_session.answer("favorable_features", "yes")


def test_invalid_answer_is_refused_with_field_and_accepted_values():
    s = Session()
    with pytest.raises(ValueError) as e:
        s.answer("scope", "brain")
    assert "scope" in str(e.value) and "'brain'" in str(e.value)
    assert "primary_cns_net" in str(e.value)


def test_preview_of_an_edit_that_opens_a_question_says_where_each_answer_leads():
    """Issue 10, item 2: the engine computes the what-if; later open questions included."""
    from engine.session import Session

    s = Session()
    s.load_answers(
        {
            "scope": "primary_cns_net",
            "histology": "well_differentiated",
            "ki67": 6,
            "sstr_imaging": "not_done",
            "setting": "first_line",
            "debulking": "feasible",
            "cga_baseline": "measured",
        }
    )
    p = s.preview("sstr_imaging", "ga68_pet")
    assert p.new_pending == "sstr_status"
    leads = {w.value: (w.pathway, w.then_asks) for w in p.opened_what_if}
    assert leads["positive"] == ("first-line-ssa", "debulking")  # settled, more to ask
    assert leads["equivocal"] == ("workup-sstr", None)
    assert s.preview("ki67", 7).opened_what_if == ()  # nothing opened: nothing to show


def test_what_an_opened_question_can_lead_to_is_listed_in_table_order():
    """As the decision map lists them, not in the order the search happened to find them."""
    from engine.session import Session
    from engine.table import PATHWAYS, ROWS

    s = Session()
    s.answer("scope", "cns_metastasis")
    (first, *_) = s.preview("scope", "primary_cns_net").opened_what_if
    assert first.value == "well_differentiated" and len(first.pathways) > 5
    rank = {p: min(r.number for r in ROWS if r.pathway == p) for p in PATHWAYS}
    assert list(first.pathways) == sorted(first.pathways, key=rank.__getitem__)
