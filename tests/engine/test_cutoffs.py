"""Every Ki-67 cut-off of pathway.md, tested on both sides."""

from __future__ import annotations

import pytest

from engine.ki67 import boundary_variant, grade_label
from engine.outcome import decide
from tests.conftest import finish

NET = {"scope": "primary_cns_net", "histology": "well_differentiated"}
POS_FIRST = {"sstr_imaging": "ga68_pet", "sstr_status": "positive", "setting": "first_line"}
G3 = {"rapid_progression": "no", "favorable_features": "yes"}


def first_line_net(ki: float):
    answers = {**NET, "ki67": ki, **POS_FIRST}
    if 10 <= ki <= 20:
        answers["chemo_contraindicated"] = "no"
    elif 20 < ki < 55:
        answers.update(G3)
    return decide(finish(answers))


@pytest.mark.parametrize(
    ("ki", "pathway"),
    [
        (0, "first-line-ssa"),
        (2.99, "first-line-ssa"),
        (3, "first-line-ssa"),
        (9.49, "first-line-ssa"),
        (9.5, "first-line-ssa"),
        (10, "first-line-alkylating"),
        (10.5, "first-line-alkylating"),
        (10.51, "first-line-alkylating"),
        (20, "first-line-alkylating"),
        (20.01, "first-line-captem-g3"),
        (54.99, "first-line-captem-g3"),
        (55, "first-line-platinum"),
        (55.01, "first-line-platinum"),
        (100, "first-line-platinum"),
    ],
)
def test_branch_at_each_cutoff(ki, pathway):
    assert first_line_net(ki).pathway == pathway


@pytest.mark.parametrize(
    ("ki", "grade"),
    [(0, "G1"), (2.99, "G1"), (3, "G2"), (20, "G2"), (20.01, "G3"), (100, "G3")],
)
def test_grade_labels(ki, grade):
    assert grade_label("well_differentiated", ki) == grade
    assert first_line_net(ki).grade == grade


def test_nec_label_whatever_ki67_and_empty_when_unknown():
    assert grade_label("poorly_differentiated", 1.0) == "NEC"
    assert grade_label("well_differentiated", "unknown") == ""
    assert grade_label("not_confirmed", None) == ""


@pytest.mark.parametrize(
    ("ki", "variant"),
    [
        (9.49, None),
        (9.5, "near_10_below"),
        (9.99, "near_10_below"),
        (10, "near_10_above"),
        (10.5, "near_10_above"),
        (10.51, None),
        (19.99, None),
        (20, "at_20"),
        (20.01, None),
        (54.99, None),
        (55, "at_55"),
        (55.01, None),
        (0, None),
        (100, None),
    ],
)
def test_boundary_flag_says_which_side(ki, variant):
    assert boundary_variant(ki) == variant
    o = first_line_net(ki)
    assert ("ki67-boundary" in o.flag_ids) == (variant is not None)
    if variant:
        flag = next(f for f in o.flags if f.id == "ki67-boundary")
        assert not flag.review
        others = [f for f in o.flags if f.id != "ki67-boundary"]
        assert o.review_required == any(f.review for f in others)
        assert "read as" in flag.text and str(ki).rstrip("0").rstrip(".") in flag.text


def test_progression_after_chemo_splits_at_3():
    base = {**NET, "sstr_imaging": "not_done", "setting": "progressed_on_chemo"}
    assert decide(finish({**base, "ki67": 2.99})).pathway == "mdt-review"
    assert decide(finish({**base, "ki67": 3})).pathway == "second-line-after-chemo"


def test_nec_discordance_splits_at_20():
    nec = {"scope": "primary_cns_net", "histology": "poorly_differentiated"}
    assert decide(finish({**nec, "ki67": 20})).row == 4
    rest = {"sstr_imaging": "not_done", "setting": "first_line", "rapid_progression": "yes"}
    assert decide(finish({**nec, "ki67": 20.01, **rest})).row == 13


def test_boundary_flag_names_the_side_only_where_the_cutoff_decided():
    nec = {"scope": "primary_cns_net", "histology": "poorly_differentiated"}
    at20 = decide(finish({**nec, "ki67": 20}))
    text20 = next(f.text for f in at20.flags if f.id == "ki67-boundary")
    assert "discordant" in text20 and "G2" not in text20
    chemo = {**NET, "sstr_imaging": "not_done", "setting": "progressed_on_chemo"}
    at55 = decide(finish({**chemo, "ki67": 55}))
    text55 = next(f.text for f in at55.flags if f.id == "ki67-boundary")
    assert "does not change the outcome" in text55 and "platinum" not in text55
    at10 = decide(finish({**chemo, "ki67": 10}))
    assert "does not change the outcome" in next(f.text for f in at10.flags)
    first = decide(finish({**NET, "ki67": 10, **POS_FIRST, "chemo_contraindicated": "no"}))
    assert "read as 10 % or more" in next(f.text for f in first.flags)


def test_sstr_imaging_not_done_says_when_it_would_not_change_the_options():
    nec = {"scope": "primary_cns_net", "histology": "poorly_differentiated", "ki67": 80}
    o = decide(finish({**nec, "sstr_imaging": "not_done", "setting": "first_line"}))
    assert any("does not change the options" in w.text for w in o.workup)
    ssa = decide(finish({**NET, "ki67": 5, "sstr_imaging": "not_done", "setting": "first_line"}))
    assert not any("does not change the options" in w.text for w in ssa.workup)


def test_platinum_and_targeted_options_carry_a_cns_caveat():
    nec = {"scope": "primary_cns_net", "histology": "poorly_differentiated", "ki67": 80}
    o = decide(finish({**nec, "sstr_imaging": "not_done", "setting": "first_line"}))
    assert any(c.source == ("S:78",) and "penetration" in c.text for c in o.caveats)
    neg = {"sstr_imaging": "ga68_pet", "sstr_status": "negative", "setting": "first_line"}
    t = decide(
        finish({**NET, "ki67": 5, **neg, "hormonal_symptoms": "no", "rapid_progression": "no"})
    )
    assert any(c.origin == "program" and "everolimus" in c.text for c in t.caveats)
