"""Deciding a complete case: the row, the pathway and everything the outcome shows."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

from engine import table
from engine.answers import Answers, Value, by_id, display
from engine.case import Case
from engine.ki67 import as_ki67, format_ki67, grade_label
from engine.walk import Walk, walk
from questions import content
from questions.models import BriefText, OptionRef, Pathway, RowContent, SourcedText, WorkupId


@dataclass(frozen=True, slots=True)
class Item:
    """A sentence shown to the user, with its source lines; origin "program" if added."""

    text: str
    source: tuple[str, ...]
    origin: str = "source"
    strong: bool = False
    brief: str = ""  # a few words that stand for it in the brief note, where the data has them


@dataclass(frozen=True, slots=True)
class Option:
    """An option the source gives: its role, and `wording`, the source's own phrase that sets
    the role (found in line `wording_source`). A `not-supported-here` option carries the
    reason it is shown apart."""

    agent: str
    name: str
    short: str
    role: str
    wording: str
    wording_source: str
    source: tuple[str, ...]
    dose: str = ""
    dose_source: str = ""
    dose_note: str = ""
    reason: Item | None = None

    @property
    def set_apart(self) -> bool:
        """Named by the source for this case, but its own condition is unmet here."""
        return self.role == NOT_SUPPORTED


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
    """An answer that led to the outcome; `note` (cnsnet's words) qualifies it, if needed."""

    question: str
    prompt: str
    answer: object
    display: str
    row: int
    note: str = ""


@dataclass(frozen=True, slots=True)
class Outcome:
    pathway: str
    status: str
    title: str
    grade: str
    row: int
    row_text: str
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
    def review_assessed(self) -> bool:
        """Whether cnsnet can say if review is required: not for a diagnosis outside its
        pathway, where "no review required" would read as a judgement it has not made."""
        return self.status != "out-of-scope"

    @property
    def flag_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.flags)

    @property
    def considered(self) -> tuple[Option, ...]:
        """The options to consider: every option but those set apart."""
        return tuple(o for o in self.options if not o.set_apart)

    @property
    def set_apart(self) -> tuple[Option, ...]:
        """Named by the source for this case, but not supported here (shown apart)."""
        return tuple(o for o in self.options if o.set_apart)


NOT_SUPPORTED = "not-supported-here"


class Incomplete(LookupError):
    """The answers stop before an outcome: `next_question` is the one to ask."""

    def __init__(self, next_question: str) -> None:
        self.next_question = next_question
        super().__init__(f"incomplete: next question is {next_question}")


@lru_cache(maxsize=1024)
def as_item(t: SourcedText, strong: bool = False) -> Item:
    """A data sentence as an Item (an Item is frozen: one per sentence is shared)."""
    brief = t.brief if isinstance(t, BriefText) else ""
    return Item(t.text, t.source, t.origin, strong, brief)


def _option(o: OptionRef) -> Option:
    agent = content().agents[o.agent]
    return Option(
        agent=o.agent,
        name=agent.name,
        short=agent.short or agent.name,
        role=o.role,
        wording=o.wording,
        wording_source=o.wording_source,
        source=o.source,
        dose=o.dose,
        dose_source=o.dose_source,
        dose_note=o.dose_note,
    )


def _complete(answers: Answers, w: Walk | None) -> Answers:
    """The answers a complete walk asked; raises Incomplete naming the next question."""
    w = w or walk(answers)
    if w.pending is not None:
        raise Incomplete(w.pending)
    return {q: answers[q] for q in w.asked}


def decide(answers: Answers, w: Walk | None = None) -> Outcome:
    """The outcome of a complete walk; raises Incomplete naming the next question otherwise."""
    return decide_live(_complete(answers, w))


def pathway_of(answers: Answers, w: Walk | None = None) -> str:
    """The pathway `decide` gives for a complete walk, without the rest of the outcome (for
    what must weigh many walks at once, as an edit's preview does)."""
    return table.match(Case(_complete(answers, w))).pathway


def _content_of(row: table.Row) -> tuple[Pathway, RowContent | None]:
    """A row's pathway, and what the data adds for that row alone (if anything)."""
    data = content()
    return data.pathways[row.pathway], data.row_content.get(row.number)


def decision(
    live: Answers, case: Case | None = None
) -> tuple[table.Row, tuple[Flag, ...], tuple[Option, ...]]:
    """The part of `decide_live` that decides: the row, its flags, and the options with their
    roles. The rest of an outcome (rationale, caveats, work-up, monitoring) follows from it
    and from the answers."""
    case = case or Case(live)
    row = table.match(case)
    pathway, extra = _content_of(row)
    flags = tuple(_flag(fid, variant, live) for fid, variant in table.flags(row, case))
    refs = (extra.options if extra and extra.options else ()) or pathway.options
    options = _prrt_standing(tuple(_option(o) for o in refs), row, case)
    return row, flags, options


def decide_live(live: Answers) -> Outcome:
    """What the decision table and the content give for these answers, read as they are.

    `decide` passes the answers the walk asked; tests pass others to prove that the walk
    skips only what could not change the outcome.
    """
    case = Case(live)
    row, flags, options = decision(live, case)
    pathway, extra = _content_of(row)
    data = content()

    rationale: list[Item] = []
    workup_keys = pathway.workup + (extra.workup if extra else ())
    if row.name == "out-of-scope":
        reason = data.scope_reasons[str(live["scope"])]
        rationale.append(as_item(reason))
        workup_keys += reason.workup
    if extra and extra.reason:
        rationale.append(as_item(extra.reason))
    rationale += [as_item(t) for t in pathway.rationale]
    if extra:
        rationale += [as_item(t) for t in extra.rationale]

    grade = grade_label(str(case.histology), case.ki67)
    questions = by_id()
    status = pathway.status
    return Outcome(
        pathway=row.pathway,
        status=status,
        title=(extra.title if extra and extra.title else pathway.title),
        grade=grade,
        row=row.number,
        row_text=data.rows[row.number].when,
        review_required=status == "mdt-review" or any(f.review for f in flags),
        flags=flags,
        options=options,
        rationale=tuple(rationale),
        caveats=_caveats(options, status, live),
        monitoring=_monitoring(status, grade, case),
        workup=_workup(workup_keys, live, row),
        evidence_limits=tuple(as_item(t) for t in data.meta.evidence_limits)
        if status != "out-of-scope"
        else (),
        trace=tuple(
            TraceStep(
                q, questions[q].prompt, v, display(q, v), row.number, questions[q].answer_note
            )
            for q, v in live.items()
        ),
        what_if=_what_if(row, live),
    )


def _is_prrt(o: Option) -> bool:
    return "prrt" in content().agents[o.agent].classes


def _prrt_standing(options: tuple[Option, ...], row: table.Row, case: Case) -> tuple[Option, ...]:
    """PRRT in the CNS (S:77: "rarely suitable ... may be considered if imaging demonstrates
    high receptor expression"; pathway.md, revision 2, item 3).

    After SSA failure: `conditional` when high uptake is yes or unknown, `not-supported-here`
    with S:77 as the reason when it is no; listed last in every case (the spec asks for last
    while unknown; cnsnet keeps a "rarely suitable" option below the equal-weight ones even
    when the condition is met). As a nearby option of an MDT case: only for a
    receptor-positive tumour.
    """
    if not any(_is_prrt(o) for o in options):
        return options
    others = tuple(o for o in options if not _is_prrt(o))
    prrt = [o for o in options if _is_prrt(o)]
    if row.pathway == "second-line-after-ssa":
        if case.no("high_receptor_uptake"):
            reason = as_item(content().not_supported["prrt"])
            prrt = [replace(o, role=NOT_SUPPORTED, reason=reason) for o in prrt]
        return (*others, *prrt)
    if case.sstr != "positive":
        return others
    return options


def _flag(fid: str, variant: str | None, live: Answers) -> Flag:
    spec = content().flags[fid]
    text = spec.variants[variant] if variant else spec.text
    source = spec.variant_sources.get(variant, spec.source) if variant else spec.source
    if "{ki67}" in text:
        text = text.replace("{ki67}", format_ki67(as_ki67(live["ki67"])))
    return Flag(fid, text, spec.review, source, spec.title, spec.origin)


def pathway_title(pathway: str) -> str:
    """The title of a pathway id."""
    return content().pathways[pathway].title


def no_options(pathway: str, status: str) -> Item:
    """What the options section says when an outcome has none (by pathway, else status)."""
    texts = content().no_options
    return as_item(texts.get(pathway) or texts[status])


CAVEAT_BY_CLASS = (
    ("ssa", "ssa"),
    ("prrt", "prrt"),
    ("alkylating", "alkylating"),
    ("platinum", "chemotherapy"),
    ("targeted", "targeted"),
)


def _caveats(options: tuple[Option, ...], status: str, live: Answers) -> tuple[Item, ...]:
    data = content()
    cav = data.caveats
    if live.get("scope") == "cns_metastasis":
        return tuple(as_item(t) for t in (cav.ssa, cav.prrt, cav.alkylating, cav.debulking))
    classes = {k for o in options for k in data.agents[o.agent].classes}
    if "alkylating" in classes:
        classes.discard("platinum")  # the alkylating caveat holds the general sentence too
    keys = dict.fromkeys(key for cls, key in CAVEAT_BY_CLASS if cls in classes)
    items = [as_item(getattr(cav, k)) for k in keys]
    if status in table.WEIGHS_TREATMENT:
        state = str(live.get("debulking", "not_assessed"))
        feasible = state == "feasible"
        items.append(as_item(cav.debulking, strong=feasible))
        items.append(Item(cav.debulking_status[state], cav.debulking.source, "program", feasible))
    return tuple(items)


def _monitoring(status: str, grade: str, case: Case) -> tuple[Item, ...]:
    if status not in table.WEIGHS_TREATMENT or not grade:
        return ()
    m = content().monitoring
    items = m.low_grade if grade in ("G1", "G2") else m.high_grade
    if grade == "NEC":
        items = items + m.nec
    if case.sstr == "positive":
        items = items + m.receptor_positive
    return tuple(as_item(t) for t in items)


def _workup(from_pathway: tuple[WorkupId, ...], live: Answers, row: table.Row) -> tuple[Item, ...]:
    keys: list[WorkupId] = list(from_pathway)
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
    if live.get("high_receptor_uptake") == "unknown":
        keys.append("uptake_unknown")
    w = content().workup
    return tuple(as_item(w[k]) for k in dict.fromkeys(keys))


def _sstr_changes_row(row: table.Row, live: Answers) -> bool:
    """Would any imaging result lead to another row than this one?"""
    return any(table.match(Case(hypo)).number != row.number for hypo in _sstr_cases(live))


def _sstr_cases(live: Answers) -> list[dict[str, Value]]:
    imaging = live.get("sstr_imaging", "not_done")
    base = {**live, "sstr_imaging": "ga68_pet" if imaging == "not_done" else imaging}
    return [{**base, "sstr_status": result} for result in SSTR_RESULTS]


SSTR_RESULTS = ("positive", "negative", "equivocal")


def _what_if(row: table.Row, live: Answers) -> dict[str, str]:
    """For a work-up that waits for SSTR imaging: the pathway each result would lead to."""
    if row.pathway != "workup-sstr":
        return {}
    return {str(hypo["sstr_status"]): table.match(Case(hypo)).pathway for hypo in _sstr_cases(live)}
