"""The decision table of pathway.md, row for row: first match wins, top to bottom.

Each row's predicate reads the case; the row's wording for the user is in
questions/outcomes.toml under [rows.N]. Flags that a row raises are computed beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from engine.case import Case
from engine.ki67 import G1_BELOW, G2_UPTO, HIGH_FROM, LOW_BELOW, boundary_variant

FlagHit = tuple[str, str | None]  # (flag id, variant or None)


def _none(c: Case) -> list[FlagHit]:
    return []


@dataclass(frozen=True, slots=True)
class Row:
    """A row of the decision table: `number` as pathway.md numbers it (and the data keys
    its wording), `name` as the code refers to it."""

    number: int
    name: str
    pathway: str
    when: Callable[[Case], bool]
    flags: Callable[[Case], list[FlagHit]] = _none


def _g3_low(c: Case) -> bool:
    """20 < Ki-67 < 55."""
    return G2_UPTO < c.ki < HIGH_FROM


def _sstr_pending(c: Case) -> bool:
    return c.sstr in ("not_done", "equivocal")


def _enets(c: Case) -> list[FlagHit]:
    if c.yes("hormonal_symptoms"):
        return [("enets-condition-unmet", "symptoms")]
    if c.yes("rapid_progression"):
        return [("enets-condition-unmet", "rapid")]
    return []


def _prrt(c: Case) -> list[FlagHit]:
    hits: list[FlagHit] = [("prrt-cns", None)]
    if not c.yes("high_receptor_uptake"):
        hits.append(("prrt-low-uptake", "no" if c.no("high_receptor_uptake") else "unknown"))
    return hits


def _wd_platinum(variant: str) -> Callable[[Case], list[FlagHit]]:
    """A well-differentiated NET on the platinum pathway (Ki-67 55 % or more, or G3 rapid)."""
    return lambda c: [("wd-high-ki67", variant)] if c.net else []


ROWS: tuple[Row, ...] = (
    Row(1, "out-of-scope", "out-of-scope", lambda c: c.scope != "primary_cns_net"),
    Row(2, "histology-not-confirmed", "workup-histology",
        lambda c: c.histology == "not_confirmed"),
    Row(3, "ki67-unknown", "workup-ki67", lambda c: c.ki_unknown),
    Row(4, "nec-discordant", "mdt-review", lambda c: c.nec and c.ki <= G2_UPTO,
        lambda c: [("nec-low-ki67", None)]),
    Row(5, "setting-not-covered", "mdt-review", lambda c: c.setting == "other",
        lambda c: [("setting-not-covered", None)]),
    Row(6, "first-low-sstr-pending", "workup-sstr",
        lambda c: c.first_line and c.net and c.ki < LOW_BELOW and _sstr_pending(c)),
    Row(7, "first-low-sstr-positive", "first-line-ssa",
        lambda c: c.first_line and c.net and c.ki < LOW_BELOW and c.sstr == "positive"),
    Row(8, "first-low-sstr-negative", "first-line-targeted",
        lambda c: c.first_line and c.net and c.ki < LOW_BELOW and c.sstr == "negative", _enets),
    Row(9, "first-g2-high", "first-line-alkylating",
        lambda c: c.first_line and c.net and LOW_BELOW <= c.ki <= G2_UPTO
        and c.no("chemo_contraindicated")),
    Row(10, "first-g2-high-chemo-contraindicated", "first-line-targeted-chemo-ineligible",
        lambda c: c.first_line and c.net and LOW_BELOW <= c.ki <= G2_UPTO
        and c.yes("chemo_contraindicated")),
    Row(11, "first-ki67-55-or-more", "first-line-platinum",
        lambda c: c.first_line and c.ki >= HIGH_FROM, _wd_platinum("high")),
    Row(12, "first-g3-two-rules", "mdt-review",
        lambda c: c.first_line and _g3_low(c) and c.yes("rapid_progression")
        and c.net and c.yes("favorable_features"),
        lambda c: [("g3-conflict", None)]),
    Row(13, "first-g3-rapid", "first-line-platinum",
        lambda c: c.first_line and _g3_low(c) and c.yes("rapid_progression"),
        _wd_platinum("rapid")),
    Row(14, "first-g3-favorable", "first-line-captem-g3",
        lambda c: c.first_line and c.net and _g3_low(c) and c.yes("favorable_features")),
    Row(15, "first-g3-otherwise", "mdt-review", lambda c: c.first_line and _g3_low(c),
        lambda c: [("g3-not-covered", "nec" if c.nec else "net")]),
    Row(16, "after-ssa-sstr-pending", "workup-sstr",
        lambda c: c.setting == "progressed_on_ssa" and c.net and c.ki <= G2_UPTO
        and _sstr_pending(c)),
    Row(17, "after-ssa-receptor-positive", "second-line-after-ssa",
        lambda c: c.setting == "progressed_on_ssa" and c.sstr == "positive" and c.net
        and c.ki <= G2_UPTO, _prrt),
    Row(18, "after-ssa-otherwise", "mdt-review", lambda c: c.setting == "progressed_on_ssa",
        lambda c: [("ssa-failure-not-covered", None)]),
    Row(19, "after-chemo-g2-g3", "second-line-after-chemo",
        lambda c: c.setting == "progressed_on_chemo" and c.ki >= G1_BELOW,
        lambda c: [("nec-second-line", None)] if c.nec else []),
    Row(20, "after-chemo-g1", "mdt-review",
        lambda c: c.setting == "progressed_on_chemo" and c.ki < G1_BELOW,
        lambda c: [("chemo-failure-g1", None)]),
)  # fmt: skip

BY_NUMBER: dict[int, Row] = {r.number: r for r in ROWS}
BY_NAME: dict[str, Row] = {r.name: r for r in ROWS}
# every pathway, in the order of the first row that leads to it
PATHWAYS: tuple[str, ...] = tuple(dict.fromkeys(r.pathway for r in ROWS))


class NoRowMatched(LookupError):
    """No row of the table fits the answers: the walk has not reached an outcome yet."""


def match(case: Case) -> Row:
    """The first row whose condition holds. The walk guarantees the facts a row reads."""
    for row in ROWS:
        try:
            if row.when(case):
                return row
        except LookupError:
            raise NoRowMatched(f"row {row.number} needs Ki-67") from None
    raise NoRowMatched("no decision-table row matches these answers")


# The rows whose outcome the 10 % and the 55 % cut-offs decide. The 20 % cut-off always
# matters: it is the G2/G3 line (grade label, monitoring) and the NEC discordance line.
DECIDED_BY_10 = frozenset(
    {
        "first-low-sstr-pending",
        "first-low-sstr-positive",
        "first-low-sstr-negative",
        "first-g2-high",
        "first-g2-high-chemo-contraindicated",
    }
)
DECIDED_BY_55 = frozenset(
    {
        "first-ki67-55-or-more",
        "first-g3-two-rules",
        "first-g3-rapid",
        "first-g3-favorable",
        "first-g3-otherwise",
    }
)
# The WHO 3 % line decides only after chemotherapy failure: near it is flagged only there.
DECIDED_BY_3 = frozenset({"after-chemo-g2-g3", "after-chemo-g1"})
# Rows decided before Ki-67 is read: no Ki-67 flag, and no baseline chromogranin A asked.
BEFORE_KI67 = frozenset({"out-of-scope", "histology-not-confirmed"})


def _boundary_side(variant: str, row: Row, case: Case) -> str:
    """The flag text to use: the side taken where the cut-off decided, else a neutral one."""
    if variant.startswith("near_10") and row.name not in DECIDED_BY_10:
        return "near_10_no_effect"
    if variant == "at_55" and row.name not in DECIDED_BY_55:
        return "at_55_no_effect"
    if variant == "at_20" and case.nec:
        return "at_20_nec"
    return variant


# The statuses whose outcome weighs a treatment: debulking is asked and its caveat shown,
# and monitoring is shown.
WEIGHS_TREATMENT = frozenset({"therapy", "mdt-review"})


@lru_cache(maxsize=32)
def status(pathway: str) -> str:
    """therapy · workup · mdt-review · out-of-scope: what kind of outcome a pathway is."""
    from questions import content

    return content().pathways[pathway].status


def flags(row: Row, case: Case) -> list[FlagHit]:
    """The row's flags, then the flags that hold everywhere: the Ki-67 boundary, and the
    special population on a therapy outcome (the only one that asks it)."""
    hits = row.flags(case)
    if row.name in BEFORE_KI67:
        return hits
    variant = boundary_variant(case.ki67, after_chemo=row.name in DECIDED_BY_3)
    if variant is not None:
        hits.insert(0, ("ki67-boundary", _boundary_side(variant, row, case)))
    if case.yes("special_population") and status(row.pathway) == "therapy":
        hits.append(("special-population", None))
    return hits
