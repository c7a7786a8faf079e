"""Deciding a complete case: the row, the pathway and everything the outcome shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from engine import table
from engine.answers import Answers, by_id, display
from engine.case import Case
from engine.ki67 import format_ki67, grade_label
from engine.walk import Walk, walk
from questions import content
from questions.models import OptionRef, SourcedText


@dataclass(frozen=True, slots=True)
class Item:
    """A sentence shown to the user, with its source lines; origin "program" if added."""

    text: str
    source: tuple[str, ...]
    origin: str = "source"
    strong: bool = False


@dataclass(frozen=True, slots=True)
class Option:
    name: str
    role: str
    source: tuple[str, ...]
    dose: str = ""
    dose_note: str = ""
    context: str = ""


@dataclass(frozen=True, slots=True)
class Flag:
    """What cnsnet adds to stay honest about the source's limits (always its own words)."""

    id: str
    text: str
    review: bool
    source: tuple[str, ...]
    title: str = ""
    origin: str = "program"


@dataclass(frozen=True, slots=True)
class TraceStep:
    question: str
    prompt: str
    answer: object
    display: str
    rule: int


@dataclass(frozen=True, slots=True)
class Outcome:
    pathway: str
    status: str
    title: str
    grade: str
    rule: int
    rule_text: str
    review_required: bool
    flags: tuple[Flag, ...]
    options: tuple[Option, ...]
    rationale: tuple[Item, ...]
    caveats: tuple[Item, ...]
    monitoring: tuple[Item, ...]
    workup: tuple[Item, ...]
    evidence_limits: tuple[Item, ...]
    trace: tuple[TraceStep, ...]
    what_if: dict[str, str] = field(default_factory=dict)

    @property
    def flag_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.flags)


class Incomplete(LookupError):
    """The answers stop before an outcome: `next_question` is the one to ask."""

    def __init__(self, next_question: str) -> None:
        self.next_question = next_question
        super().__init__(f"incomplete: next question is {next_question}")


def _item(t: SourcedText, strong: bool = False) -> Item:
    return Item(t.text, t.source, t.origin, strong)


def _option(o: OptionRef) -> Option:
    name = content().agents[o.agent].name
    return Option(name, o.role, o.source, o.dose, o.dose_note, o.context)


def decide(answers: Answers, w: Walk | None = None) -> Outcome:
    """The outcome of a complete walk; raises Incomplete naming the next question otherwise."""
    w = w or walk(answers)
    if w.pending is not None:
        raise Incomplete(w.pending)
    live = {q: answers[q] for q in w.asked}
    case = Case(live)
    row = table.match(case)
    c = content()
    pathway = c.pathways[row.pathway]
    extra = c.row_content.get(row.number)

    hits = table.flags(row, case)
    flags = tuple(_flag(fid, variant, live) for fid, variant in hits)

    refs = (extra.options if extra and extra.options else ()) or pathway.options
    options = _standing(tuple(_option(o) for o in refs), refs, row, case)

    rationale: list[Item] = []
    workup_keys = pathway.workup + (extra.workup if extra else ())
    if row.number == 1:
        reason = c.scope_reasons[str(live["scope"])]
        rationale.append(_item(reason))
        workup_keys += reason.workup  # type: ignore[assignment]
    if extra and extra.reason:
        rationale.append(_item(extra.reason))
    rationale += [_item(t) for t in pathway.rationale]
    if extra:
        rationale += [_item(t) for t in extra.rationale]

    grade = grade_label(case.histology, live.get("ki67"))  # type: ignore[arg-type]
    status = pathway.status
    return Outcome(
        pathway=row.pathway,
        status=status,
        title=(extra.title if extra and extra.title else pathway.title),
        grade=grade,
        rule=row.number,
        rule_text=c.rows[row.number].when,
        review_required=status == "mdt-review" or any(f.review for f in flags),
        flags=flags,
        options=options,
        rationale=tuple(rationale),
        caveats=_caveats(refs, status, live),
        monitoring=_monitoring(status, grade, case),
        workup=_workup(workup_keys, live, row),
        evidence_limits=tuple(_item(t) for t in c.meta.evidence_limits)
        if status != "out-of-scope"
        else (),
        trace=tuple(
            TraceStep(q, by_id()[q].prompt, v, display(q, v), row.number) for q, v in live.items()
        ),
        what_if=_what_if(row, live),
    )


def _standing(
    options: tuple[Option, ...], refs: tuple[OptionRef, ...], row: table.Row, case: Case
) -> tuple[Option, ...]:
    """Options whose standing depends on another answer: PRRT without high uptake goes last,
    its role as the source gives it (equal weight, S:68), the condition beside it (S:77)."""
    if row.pathway != "second-line-after-ssa" or case.yes("high_receptor_uptake"):
        return options
    note = content().option_notes["prrt_without_high_uptake"]
    keep, last = [], []
    for opt, ref in zip(options, refs, strict=True):
        if "prrt" in content().agents[ref.agent].classes:
            last.append(Option(opt.name, opt.role, (*opt.source, *note.source), context=note.text))
        else:
            keep.append(opt)
    return (*keep, *last)


def _flag(fid: str, variant: str | None, live: Answers) -> Flag:
    spec = content().flags[fid]
    text = spec.variants[variant] if variant else spec.text
    if "{ki67}" in text:
        text = text.replace("{ki67}", format_ki67(live["ki67"]))  # type: ignore[arg-type]
    return Flag(fid, text, spec.review, spec.source, spec.title)


def pathway_title(pathway: str) -> str:
    """The title of a pathway id."""
    return content().pathways[pathway].title


def no_options(status: str) -> Item:
    """What the options section says when an outcome has none."""
    return _item(content().no_options[status])  # type: ignore[index]


CAVEAT_BY_CLASS = (
    ("ssa", "ssa"),
    ("prrt", "prrt"),
    ("alkylating", "alkylating"),
    ("platinum", "chemotherapy"),
    ("targeted", "targeted"),
)


def _caveats(options: tuple[OptionRef, ...], status: str, live: Answers) -> tuple[Item, ...]:
    c = content()
    cav = c.caveats
    if live.get("scope") == "cns_metastasis":
        return tuple(_item(t) for t in (cav.ssa, cav.prrt, cav.alkylating, cav.debulking))
    classes = {k for o in options for k in c.agents[o.agent].classes}
    if "alkylating" in classes:
        classes.discard("platinum")  # the alkylating caveat holds the general sentence too
    keys = dict.fromkeys(key for cls, key in CAVEAT_BY_CLASS if cls in classes)
    items = [_item(getattr(cav, k)) for k in keys]
    if status in ("therapy", "mdt-review"):
        state = str(live.get("debulking", "not_assessed"))
        feasible = state == "feasible"
        items.append(_item(cav.debulking, strong=feasible))
        items.append(
            Item(cav.debulking_status[state], cav.debulking.source, "program", feasible)  # type: ignore[index]
        )
    return tuple(items)


def _monitoring(status: str, grade: str, case: Case) -> tuple[Item, ...]:
    if status not in ("therapy", "mdt-review") or not grade:
        return ()
    m = content().monitoring
    items = m.low_grade if grade in ("G1", "G2") else m.high_grade
    if grade == "NEC":
        items = items + m.nec
    if case.sstr == "positive":
        items = items + m.receptor_positive
    return tuple(_item(t) for t in items)


def _workup(from_pathway: tuple[str, ...], live: Answers, row: table.Row) -> tuple[Item, ...]:
    keys = list(from_pathway)
    if live.get("sstr_imaging") == "not_done":
        keys.append("sstr_not_done")
    if live.get("sstr_status") == "equivocal":
        keys.append("sstr_equivocal")
    if (
        live.get("sstr_imaging") == "not_done" or live.get("sstr_status") == "equivocal"
    ) and not _sstr_changes_row(row, live):
        keys.append("sstr_no_effect")
    if live.get("cga_baseline") == "not_measured":
        keys.append("cga")
    if live.get("debulking") == "not_assessed":
        keys.append("debulking")
    w = content().workup
    return tuple(_item(w[k]) for k in dict.fromkeys(keys))  # type: ignore[index]


def _sstr_changes_row(row: table.Row, live: Answers) -> bool:
    """Would any imaging result lead to another row than this one?"""
    return any(table.match(Case(hypo)).number != row.number for hypo in _sstr_cases(live))


def _sstr_cases(live: Answers) -> list[dict[str, object]]:
    imaging = live.get("sstr_imaging")
    base = {**live, "sstr_imaging": "ga68_pet" if imaging == "not_done" else imaging}
    return [{**base, "sstr_status": result} for result in SSTR_RESULTS]


SSTR_RESULTS = ("positive", "negative", "equivocal")


def _what_if(row: table.Row, live: Answers) -> dict[str, str]:
    """For a work-up that waits for SSTR imaging: the pathway each result would lead to."""
    if row.pathway != "workup-sstr":
        return {}
    return {str(hypo["sstr_status"]): table.match(Case(hypo)).pathway for hypo in _sstr_cases(live)}
