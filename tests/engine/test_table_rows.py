"""Each of the 20 decision-table rows of pathway.md, reached by a named test."""

from __future__ import annotations

from engine.outcome import decide
from tests.conftest import finish

P = {"scope": "primary_cns_net"}
NET = {**P, "histology": "well_differentiated"}
NEC = {**P, "histology": "poorly_differentiated"}
POS = {"sstr_imaging": "ga68_pet", "sstr_status": "positive"}
NEG = {"sstr_imaging": "ga68_pet", "sstr_status": "negative"}
EQV = {"sstr_imaging": "in111_scintigraphy", "sstr_status": "equivocal"}
NOT_DONE = {"sstr_imaging": "not_done"}
FIRST = {"setting": "first_line"}


def outcome(**answers: object):
    return decide(finish(answers))


def test_row_01_out_of_scope_for_each_other_scope():
    for scope in ("cns_metastasis", "pituitary", "paraganglioma", "other"):
        o = outcome(scope=scope)
        assert (o.row, o.pathway, o.status) == (1, "out-of-scope", "out-of-scope")
        assert o.options == ()
        assert o.rationale[0].origin == "program"  # the reason for this scope


def test_row_01_cns_metastasis_still_shows_cns_caveats():
    o = outcome(scope="cns_metastasis")
    assert {"S:76", "S:77", "S:78", "S:79"} <= {s for c in o.caveats for s in c.source}
    assert outcome(scope="pituitary").caveats == ()


def test_row_02_histology_not_confirmed():
    o = outcome(**P, histology="not_confirmed")
    assert (o.row, o.pathway, o.status) == (2, "workup-histology", "workup")


def test_row_03_ki67_unknown():
    o = outcome(**NET, ki67="unknown")
    assert (o.row, o.pathway) == (3, "workup-ki67")


def test_row_04_nec_with_low_ki67_is_discordant():
    o = outcome(**NEC, ki67=15)
    assert (o.row, o.pathway, o.flag_ids) == (4, "mdt-review", ("nec-low-ki67",))
    assert o.review_required


def test_row_05_setting_other():
    o = outcome(**NET, ki67=5, **POS, setting="other")
    assert (o.row, o.pathway, o.flag_ids) == (5, "mdt-review", ("setting-not-covered",))


def test_row_06_first_line_low_grade_imaging_pending():
    o = outcome(**NET, ki67=5, **NOT_DONE, **FIRST)
    assert (o.row, o.pathway) == (6, "workup-sstr")
    assert o.what_if == {
        "positive": "first-line-ssa",
        "negative": "first-line-targeted",
        "equivocal": "workup-sstr",
    }
    assert outcome(**NET, ki67=5, **EQV, **FIRST).row == 6


def test_row_07_first_line_ssa():
    o = outcome(**NET, ki67=5, **POS, **FIRST)
    assert (o.row, o.pathway, o.status) == (7, "first-line-ssa", "therapy")
    assert [(x.name, x.dose) for x in o.options] == [
        ("Octreotide LAR", "30 mg IM monthly"),
        ("Lanreotide", "120 mg deep SC monthly"),
    ]


def test_row_08_first_line_targeted_and_enets_condition():
    o = outcome(**NET, ki67=5, **NEG, **FIRST, hormonal_symptoms="no", rapid_progression="no")
    assert (o.row, o.pathway, o.flag_ids) == (8, "first-line-targeted", ())
    assert not o.review_required
    sym = outcome(**NET, ki67=5, **NEG, **FIRST, hormonal_symptoms="yes")
    assert sym.flag_ids == ("enets-condition-unmet",) and sym.review_required
    assert "hormonal symptoms" in sym.flags[0].text
    fast = outcome(**NET, ki67=5, **NEG, **FIRST, hormonal_symptoms="no", rapid_progression="yes")
    assert fast.flag_ids == ("enets-condition-unmet",) and "rapidly" in fast.flags[0].text


def test_row_09_first_line_alkylating():
    o = outcome(**NET, ki67=15, **POS, **FIRST, chemo_contraindicated="no")
    assert (o.row, o.pathway) == (9, "first-line-alkylating")
    assert "S:78" in {s for c in o.caveats for s in c.source}  # temozolomide vs STZ


def test_row_10_first_line_targeted_chemo_ineligible():
    o = outcome(**NET, ki67=15, **NEG, **FIRST, chemo_contraindicated="yes")
    assert (o.row, o.pathway) == (10, "first-line-targeted-chemo-ineligible")
    assert all(x.dose == "" and x.dose_note for x in o.options)


def test_row_11_first_line_platinum_high_ki67():
    o = outcome(**NEC, ki67=80, **NOT_DONE, **FIRST)
    assert (o.row, o.pathway, o.flag_ids) == (11, "first-line-platinum", ())
    wd = outcome(**NET, ki67=60, **POS, **FIRST)
    assert (wd.row, wd.flag_ids) == (11, ("wd-high-ki67",))
    roles = [x.role for x in o.options]
    assert roles == ["standard", "standard", "alternative", "alternative"]


def test_row_12_g3_conflict():
    o = outcome(**NET, ki67=30, **POS, **FIRST, rapid_progression="yes", favorable_features="yes")
    assert (o.row, o.pathway, o.flag_ids) == (12, "mdt-review", ("g3-conflict",))
    names = {x.name for x in o.options}
    assert "Capecitabine-temozolomide (CAP-TEM)" in names and "Cisplatin/etoposide" in names
    assert all(x.role == "nearby" and x.wording for x in o.options)


def test_row_13_first_line_platinum_rapid():
    o = outcome(**NEC, ki67=30, **NOT_DONE, **FIRST, rapid_progression="yes")
    assert (o.row, o.pathway) == (13, "first-line-platinum")
    net = outcome(**NET, ki67=30, **POS, **FIRST, rapid_progression="yes", favorable_features="no")
    assert net.row == 13


def test_row_14_first_line_captem_g3():
    o = outcome(**NET, ki67=35, **NEG, **FIRST, rapid_progression="no", favorable_features="yes")
    assert (o.row, o.pathway) == (14, "first-line-captem-g3")


def test_row_15_g3_not_covered():
    o = outcome(**NET, ki67=35, **NEG, **FIRST, rapid_progression="no", favorable_features="no")
    assert (o.row, o.pathway, o.flag_ids) == (15, "mdt-review", ("g3-not-covered",))
    nec = outcome(**NEC, ki67=35, **NEG, **FIRST, rapid_progression="no")
    assert nec.row == 15 and "NEC" in nec.flags[0].text


def test_row_16_after_ssa_imaging_pending():
    o = outcome(**NET, ki67=8, **NOT_DONE, setting="progressed_on_ssa")
    assert (o.row, o.pathway) == (16, "workup-sstr")
    assert o.what_if == {
        "positive": "second-line-after-ssa",
        "negative": "mdt-review",
        "equivocal": "workup-sstr",
    }


def test_row_17_second_line_after_ssa_and_prrt_flags():
    o = outcome(**NET, ki67=8, **POS, setting="progressed_on_ssa", high_receptor_uptake="yes")
    assert (o.row, o.pathway, o.flag_ids) == (17, "second-line-after-ssa", ("prrt-cns",))
    low = outcome(**NET, ki67=8, **POS, setting="progressed_on_ssa", high_receptor_uptake="no")
    assert low.flag_ids == ("prrt-cns", "prrt-low-uptake")
    unk = outcome(**NET, ki67=8, **POS, setting="progressed_on_ssa", high_receptor_uptake="unknown")
    assert unk.flag_ids == ("prrt-cns", "prrt-low-uptake")
    roles = {x.agent: x.role for x in o.options}
    assert roles == {
        "prrt_lu177": "conditional",
        "everolimus": "equal-weight",
        "sunitinib": "equal-weight",
        "captem": "equal-weight",
    }


def test_row_18_after_ssa_not_covered():
    o = outcome(**NET, ki67=8, **NEG, setting="progressed_on_ssa")
    assert (o.row, o.pathway, o.flag_ids) == (18, "mdt-review", ("ssa-failure-not-covered",))
    assert outcome(**NET, ki67=30, **POS, setting="progressed_on_ssa").row == 18


def test_row_19_second_line_after_chemo():
    o = outcome(**NET, ki67=15, **POS, setting="progressed_on_chemo")
    assert (o.row, o.pathway, o.flag_ids) == (19, "second-line-after-chemo", ())
    nec = outcome(**NEC, ki67=70, **POS, setting="progressed_on_chemo")
    assert (nec.row, nec.flag_ids) == (19, ("nec-second-line",))


def test_row_20_g1_after_chemo():
    o = outcome(**NET, ki67=2, **POS, setting="progressed_on_chemo")
    assert (o.row, o.pathway, o.flag_ids) == (20, "mdt-review", ("chemo-failure-g1",))


def test_special_population_flag_requires_review():
    o = decide(finish({**NET, "ki67": 5, **POS, **FIRST, "special_population": "yes"}))
    assert o.flag_ids == ("special-population",) and o.review_required


def test_prrt_is_conditional_in_the_cns_and_apart_without_high_uptake():
    """S:77: PRRT "may be considered if imaging demonstrates high receptor expression"."""
    base = {**NET, "ki67": 8, **POS, "setting": "progressed_on_ssa"}
    high = outcome(**base, high_receptor_uptake="yes")
    prrt = high.options[-1]  # below the equal-weight options even when its condition is met
    assert prrt.agent == "prrt_lu177" and prrt.role == "conditional" and not prrt.set_apart
    assert "S:77" in prrt.source and prrt.wording_source == "S:77"
    unknown = outcome(**base, high_receptor_uptake="unknown")
    assert [x.agent for x in unknown.options][-1] == "prrt_lu177"  # last while unknown
    assert unknown.options[-1].role == "conditional" and not unknown.options[-1].set_apart
    no = outcome(**base, high_receptor_uptake="no")
    apart = [x for x in no.options if x.set_apart]
    assert [(x.agent, x.role) for x in apart] == [("prrt_lu177", "not-supported-here")]
    assert apart[0].reason is not None and apart[0].reason.source == ("S:77",)
    assert {x.role for x in no.options if not x.set_apart} == {"equal-weight"}


def test_row_18_names_no_prrt_for_a_receptor_negative_tumour():
    for sstr in (NEG, NOT_DONE):
        o = outcome(**NET, ki67=30, **sstr, setting="progressed_on_ssa")
        assert o.row == 18 and o.options
        assert "prrt_lu177" not in {x.agent for x in o.options}
        assert not any("PRRT" in c.text for c in o.caveats)
    positive_g3 = outcome(**NET, ki67=30, **POS, setting="progressed_on_ssa")
    assert positive_g3.row == 18
    assert {x.role for x in positive_g3.options} == {"nearby"}
    assert "prrt_lu177" in {x.agent for x in positive_g3.options}


def test_the_walk_asks_in_the_order_the_bank_lists_and_pathway_md_gives():
    from engine.answers import order
    from engine.walk import ORDER

    assert order() == ORDER
    assert ORDER[:3] == ("scope", "histology", "ki67") and ORDER[-1] == "cga_baseline"


def test_rows_have_unique_names_and_the_sets_name_real_rows():
    from engine import table

    assert len(table.BY_NAME) == len(table.ROWS) == 20
    for group in (table.DECIDED_BY_3, table.DECIDED_BY_10, table.DECIDED_BY_55, table.BEFORE_KI67):
        assert group <= set(table.BY_NAME)
