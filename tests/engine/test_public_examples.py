"""The public examples of pathway.md, each as a complete answer set."""

import pytest

from engine.outcome import decide
from tests.conftest import finish

EXAMPLES = [
    (
        "ssa",
        dict(
            scope="primary_cns_net",
            histology="well_differentiated",
            ki67=4,
            sstr_imaging="ga68_pet",
            sstr_status="positive",
            setting="first_line",
        ),
        "first-line-ssa",
    ),
    (
        "targeted",
        dict(
            scope="primary_cns_net",
            histology="well_differentiated",
            ki67=8,
            sstr_imaging="ga68_pet",
            sstr_status="negative",
            setting="first_line",
            hormonal_symptoms="no",
            rapid_progression="no",
        ),
        "first-line-targeted",
    ),
    (
        "alkylating",
        dict(
            scope="primary_cns_net",
            histology="well_differentiated",
            ki67=15,
            sstr_imaging="ga68_pet",
            sstr_status="positive",
            setting="first_line",
            chemo_contraindicated="no",
        ),
        "first-line-alkylating",
    ),
    (
        "captem-g3",
        dict(
            scope="primary_cns_net",
            histology="well_differentiated",
            ki67=35,
            sstr_imaging="ga68_pet",
            sstr_status="negative",
            setting="first_line",
            rapid_progression="no",
            favorable_features="yes",
        ),
        "first-line-captem-g3",
    ),
    (
        "platinum",
        dict(
            scope="primary_cns_net",
            histology="poorly_differentiated",
            ki67=80,
            sstr_imaging="not_done",
            setting="first_line",
        ),
        "first-line-platinum",
    ),
    (
        "workup-sstr",
        dict(
            scope="primary_cns_net",
            histology="well_differentiated",
            ki67=6,
            sstr_imaging="not_done",
            setting="first_line",
        ),
        "workup-sstr",
    ),
    ("out-of-scope", dict(scope="pituitary"), "out-of-scope"),
]


@pytest.mark.parametrize(
    ("answers", "pathway"), [e[1:] for e in EXAMPLES], ids=[e[0] for e in EXAMPLES]
)
def test_public_example(answers, pathway):
    assert decide(finish(answers)).pathway == pathway
