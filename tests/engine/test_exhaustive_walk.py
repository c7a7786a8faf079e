"""Every path through the questions, checked against an oracle written from pathway.md.

Paths: every choice of every question; Ki-67 at a value inside each band, at each cut-off,
and unknown. Each path must end in exactly one outcome, ask no question twice, ask only
questions whose "asked when" holds, and together the paths must reach every row, pathway
and flag of pathway.md.
"""

from __future__ import annotations

from engine.answers import by_id, order
from engine.outcome import decide, pathway_of
from engine.walk import progress, walk

KI67_VALUES = [
    0, 1.5, 2.49, 2.5, 2.99, 3, 3.5, 3.51, 5, 9.49, 9.5, 10, 10.5, 10.51, 15, 20, 20.01,
    30, 54.99, 55, 55.01, 80, 100, "unknown",
]  # fmt: skip

ALL_PATHWAYS = {
    "out-of-scope", "workup-histology", "workup-ki67", "workup-sstr", "mdt-review",
    "first-line-ssa", "first-line-targeted", "first-line-alkylating",
    "first-line-targeted-chemo-ineligible", "first-line-platinum", "first-line-captem-g3",
    "second-line-after-ssa", "second-line-after-chemo",
}  # fmt: skip
ALL_FLAGS = {
    "ki67-boundary", "nec-low-ki67", "setting-not-covered", "enets-condition-unmet",
    "wd-high-ki67", "g3-conflict", "g3-not-covered", "prrt-cns", "prrt-low-uptake",
    "ssa-failure-not-covered", "nec-second-line", "chemo-failure-g1", "special-population",
}  # fmt: skip
THERAPY = ALL_PATHWAYS - {
    "out-of-scope", "workup-histology", "workup-ki67", "workup-sstr", "mdt-review",
}  # fmt: skip


# --- the oracle: pathway.md transcribed independently of engine/ ----------------------
def _ki(a):
    v = a.get("ki67")
    return v if isinstance(v, float) else None


def _sstr(a):
    return "not_done" if a.get("sstr_imaging") == "not_done" else a.get("sstr_status")


def oracle_row(a) -> int:
    ki, net, nec, s = (
        _ki(a),
        a.get("histology") == "well_differentiated",
        (a.get("histology") == "poorly_differentiated"),
        a.get("setting"),
    )
    if a["scope"] != "primary_cns_net":
        return 1
    if a["histology"] == "not_confirmed":
        return 2
    if a["ki67"] == "unknown":
        return 3
    if nec and ki <= 20:
        return 4
    if s == "other":
        return 5
    if s == "first_line":
        if ki < 10:
            return {"positive": 7, "negative": 8}.get(_sstr(a), 6)
        if ki <= 20:
            return 10 if a["chemo_contraindicated"] == "yes" else 9
        if ki >= 55:
            return 11
        rapid, fav = a["rapid_progression"] == "yes", a.get("favorable_features") == "yes"
        if rapid and net and fav:
            return 12
        if rapid:
            return 13
        return 14 if net and fav else 15
    if s == "progressed_on_ssa":
        if net and ki <= 20 and _sstr(a) in ("not_done", "equivocal"):
            return 16
        return 17 if net and ki <= 20 and _sstr(a) == "positive" else 18
    return 19 if ki >= 3 else 20


ROW_PATHWAY = {
    1: "out-of-scope", 2: "workup-histology", 3: "workup-ki67", 4: "mdt-review",
    5: "mdt-review", 6: "workup-sstr", 7: "first-line-ssa", 8: "first-line-targeted",
    9: "first-line-alkylating", 10: "first-line-targeted-chemo-ineligible",
    11: "first-line-platinum", 12: "mdt-review", 13: "first-line-platinum",
    14: "first-line-captem-g3", 15: "mdt-review", 16: "workup-sstr",
    17: "second-line-after-ssa", 18: "mdt-review", 19: "second-line-after-chemo",
    20: "mdt-review",
}  # fmt: skip


def oracle_flags(a: dict, row: int) -> set[str]:
    """The flags of pathway.md (revision 2) for a complete path that reached `row`."""
    ki, net, nec = (
        _ki(a),
        a.get("histology") == "well_differentiated",
        (a.get("histology") == "poorly_differentiated"),
    )
    out = set()
    if ki is not None and (
        9.5 <= ki <= 10.5
        or ki in (20, 55)
        or (a.get("setting") == "progressed_on_chemo" and 2.5 <= ki <= 3.5)
    ):
        out.add("ki67-boundary")
    if a.get("special_population") == "yes":
        out.add("special-population")
    simple = {
        4: "nec-low-ki67",
        5: "setting-not-covered",
        12: "g3-conflict",
        15: "g3-not-covered",
        18: "ssa-failure-not-covered",
        20: "chemo-failure-g1",
    }
    if row in simple:
        out.add(simple[row])
    if row == 8 and "yes" in (a.get("hormonal_symptoms"), a.get("rapid_progression")):
        out.add("enets-condition-unmet")
    if row in (11, 13) and net:
        out.add("wd-high-ki67")
    if row == 17:
        out.add("prrt-cns")
        if a.get("high_receptor_uptake") != "yes":
            out.add("prrt-low-uptake")
    if row == 19 and nec:
        out.add("nec-second-line")
    return out


def oracle_asked_when(q: str, a: dict) -> bool:
    """The "asked when" column, over the answers given before q."""
    ki = _ki(a)
    first = a.get("setting") == "first_line"
    net = a.get("histology") == "well_differentiated"
    nec = a.get("histology") == "poorly_differentiated"
    imaging_asked = ki is not None and not (nec and ki <= 20)
    if q == "scope":
        return True
    if q == "histology":
        return a["scope"] == "primary_cns_net"
    if q == "ki67":
        return net or nec
    if q in ("sstr_imaging", "setting"):
        return imaging_asked
    if q == "sstr_status":
        return a.get("sstr_imaging") in ("ga68_pet", "in111_scintigraphy")
    if q == "hormonal_symptoms":
        return first and ki < 10 and _sstr(a) == "negative"
    if q == "rapid_progression":
        # Documented choice: once hormonal symptoms are present, the answer cannot change
        # the outcome, so it is not asked (principle 1).
        low = ki is not None and ki < 10 and _sstr(a) == "negative"
        return first and (
            (low and a.get("hormonal_symptoms") == "no") or (ki is not None and 20 < ki < 55)
        )
    if q == "favorable_features":
        return first and net and 20 < ki < 55
    if q == "chemo_contraindicated":
        return first and net and 10 <= ki <= 20
    pathway = ROW_PATHWAY[oracle_row(a)]
    if q == "high_receptor_uptake":
        return pathway == "second-line-after-ssa"
    if q == "debulking":
        return pathway in THERAPY or pathway == "mdt-review"
    if q == "special_population":
        return pathway in THERAPY
    if q == "cga_baseline":
        return pathway not in ("out-of-scope", "workup-histology")
    raise AssertionError(q)


def values(q: str):
    spec = by_id()[q]
    if spec.kind == "number":
        return [float(v) if v != "unknown" else v for v in KI67_VALUES]
    if spec.kind == "yesno":
        return ["yes", "no", "unknown"] if spec.allow_unknown else ["yes", "no"]
    return [c.id for c in spec.choices]


def enumerate_paths():
    """Depth-first over the engine's walk; yields (answers in order asked, outcome)."""
    for answers, w in enumerate_walks():
        yield answers, decide(answers, w)


def enumerate_walks():
    """The same paths in the same order, each with its finished walk, not decided: for tests
    that read only the answers (deciding is two thirds of the time)."""
    stack: list[dict] = [{}]
    while stack:
        answers = stack.pop()
        w = walk(answers)
        if w.pending is None:
            yield answers, w
            continue
        for v in values(w.pending):
            stack.append({**answers, w.pending: v})


def test_every_path_is_sound_and_covers_the_table():
    rows, pathways, flags = set(), set(), set()
    n = 0
    for answers, outcome in enumerate_paths():
        n += 1
        asked = list(answers)
        assert len(asked) == len(set(asked)), f"asked twice: {asked}"
        assert asked == [q for q in order() if q in asked], "asked out of order"
        before: dict = {}
        for q in order():
            holds = oracle_asked_when(q, before)
            assert (q in answers) == holds, f"{q}: asked={q in answers}, oracle={holds}, {before}"
            if q in answers:
                before[q] = answers[q]
        assert outcome.row == oracle_row(answers), answers
        assert outcome.pathway == ROW_PATHWAY[outcome.row]
        assert pathway_of(answers) == outcome.pathway, answers  # what edit previews weigh
        assert set(outcome.flag_ids) == oracle_flags(answers, outcome.row), answers
        review = outcome.status == "mdt-review" or bool(set(outcome.flag_ids) - {"ki67-boundary"})
        assert outcome.review_required == review, answers
        rows.add(outcome.row)
        pathways.add(outcome.pathway)
        flags.update(outcome.flag_ids)
    assert rows == set(range(1, 21))
    assert pathways == ALL_PATHWAYS
    assert flags == ALL_FLAGS
    assert n > 5_000  # 9,471 paths today (make bench times this walk)


def test_progress_bound_is_exact_at_every_step():
    """ "at most N more" is never exceeded along any path, and is reached by some path."""
    longest: dict[tuple, int] = {}
    bound: dict[tuple, int] = {}
    for answers, _ in enumerate_walks():
        items = list(answers.items())
        for i in range(len(items)):
            key = tuple(items[:i])
            if key not in bound:  # paths share their first answers: each prefix once
                p = progress(dict(key))
                assert p is not None and p.number == i + 1
                bound[key] = p.more_at_most
            longest[key] = max(longest.get(key, 0), len(items) - i - 1)
        assert progress(answers) is None
    assert bound == longest
