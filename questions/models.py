"""The shapes of the question bank and the outcome content: frozen dataclasses.

pydantic validates a data file against these shapes (types, unknown and missing keys) when
the file is not the one the test suite validated (see questions/load.py); the checks in
`__post_init__` run on every load, whichever way the file was read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields
from typing import Any, Literal, get_args

SOURCE_REF = re.compile(r"^S:(\d+)(?:-(\d+))?$")
ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

# The classes are built once per process and never compared or printed at run time, so
# they skip the generated __eq__ and __repr__ (half the cost of creating them; see the
# decide benchmark). Tests compare them with dataclasses.asdict.

# pydantic reads this from each dataclass: unknown keys are refused.
FORBID_EXTRA: dict[str, Any] = {"extra": "forbid"}

MAX_QUESTION_LABEL = 40  # characters: the review lists labels in a column this wide at most


def ref_lines(ref: str) -> range:
    """The lines of a reference such as `S:31` or `S:42-43` (the one place that reads one);
    empty when it runs backwards (`S:43-42`)."""
    m = SOURCE_REF.match(ref)
    if m is None:
        raise ValueError(f"source reference {ref!r} is not of the form S:NN or S:NN-MM")
    return range(int(m.group(1)), int(m.group(2) or m.group(1)) + 1)


def check_refs(refs: tuple[str, ...]) -> None:
    """Each reference must read `S:NN` or `S:NN-MM` with NN <= MM."""
    for ref in refs:
        if not ref_lines(ref):
            raise ValueError(f"source reference {ref!r} runs backwards")


def check_text(name: str, value: str, max_length: int | None = None) -> None:
    if not value:
        raise ValueError(f"{name} must not be empty")
    if max_length is not None and len(value) > max_length:
        raise ValueError(f"{name} is longer than {max_length} characters")


def check_id(value: str) -> None:
    if not ID.match(value):
        raise ValueError(f"id {value!r} must be lower-case letters, digits, '_' or '-'")


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Choice:
    __pydantic_config__ = FORBID_EXTRA
    id: str
    label: str

    def __post_init__(self) -> None:
        check_id(self.id)
        check_text("label", self.label)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Question:
    __pydantic_config__ = FORBID_EXTRA
    id: str
    label: str
    prompt: str
    help: str
    kind: Literal["choice", "yesno", "number"]
    asked_when: str
    source: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()
    allow_unknown: bool = False
    min: float | None = None
    max: float | None = None
    unit: str = ""
    # A fact from outside the source that the question relies on, in cnsnet's words,
    # naming where it comes from (shown marked as the program's, never as the source's).
    outside: str = ""
    # Shown beside the answer wherever it is listed (cnsnet's words): e.g. that the source
    # leaves the answer to the treating team's judgement.
    answer_note: str = ""

    def __post_init__(self) -> None:
        check_id(self.id)
        check_text("label", self.label, MAX_QUESTION_LABEL)
        for name in ("prompt", "help", "asked_when"):
            check_text(name, getattr(self, name))
        check_refs(self.source)
        if self.kind == "choice":
            if len(self.choices) < 2:
                raise ValueError("a choice question needs at least two choices")
            if len(self.choices) > 9:
                raise ValueError("a choice question has at most nine choices (keys 1-9)")
            ids = [c.id for c in self.choices]
            if len(set(ids)) != len(ids):
                raise ValueError(f"choice ids repeat: {ids}")
        elif self.choices:
            raise ValueError(f"a {self.kind} question takes no choices")
        if self.kind == "number" and (self.min is None or self.max is None or self.min > self.max):
            raise ValueError("a number question needs min <= max")


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Bank:
    __pydantic_config__ = FORBID_EXTRA
    questions: tuple[Question, ...]

    def __post_init__(self) -> None:
        ids = [q.id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError(f"question ids repeat: {ids}")


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class SourcedText:
    """A sentence shown to the user with the source lines it comes from."""

    __pydantic_config__ = FORBID_EXTRA
    text: str
    source: tuple[str, ...] = ()
    origin: Literal["source", "program"] = "source"

    def __post_init__(self) -> None:
        check_text("text", self.text)
        check_refs(self.source)
        if self.origin == "source" and not self.source:
            raise ValueError("a sentence from the source needs at least one source line")


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class BriefText(SourcedText):
    """A sentence with `brief`, a few words that stand for it in the brief note."""

    brief: str = ""


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Reference:
    """One of the source's own references: cited lines end with its number (footnote)."""

    __pydantic_config__ = FORBID_EXTRA
    n: int
    title: str
    source: tuple[str, ...]

    def __post_init__(self) -> None:
        check_text("title", self.title)
        check_refs(self.source)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Wording:
    """cnsnet's own short phrases about the source, shown beside what it quotes."""

    __pydantic_config__ = FORBID_EXTRA
    source_status_brief: SourcedText
    no_dose: str
    unsourced_question: str
    review_mdt: str
    review_flag: str
    review_out_of_scope: str

    def __post_init__(self) -> None:
        for f in fields(self):
            if f.type == "str":  # (the annotations are strings: `from __future__`)
                check_text(f.name, getattr(self, f.name))


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Meta:
    __pydantic_config__ = FORBID_EXTRA
    source_file: str
    source_title: str
    source_updated: dt.date
    audience: str
    disclaimer: SourcedText
    evidence_limits: tuple[SourcedText, ...]
    # What kind of document the source is (S:4, S:111), in one plain sentence, and in full.
    provenance: SourcedText
    source_title_line: str
    source_status: str
    references: tuple[Reference, ...]
    references_note: SourcedText
    # What the grade label is (WHO 2022, not the source): shown wherever a grade is.
    grading: BriefText


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Row:
    """How a decision-table row reads to the user; its predicate is in engine/table.py."""

    __pydantic_config__ = FORBID_EXTRA
    when: str

    def __post_init__(self) -> None:
        check_text("when", self.when)


AgentClass = Literal["ssa", "targeted", "alkylating", "platinum", "prrt"]


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Agent:
    """An option's name; `short` stands for it in the brief note."""

    __pydantic_config__ = FORBID_EXTRA
    name: str
    classes: tuple[AgentClass, ...]
    short: str = ""

    def __post_init__(self) -> None:
        check_text("name", self.name)


# How strongly the source puts an option (pathway.md, "Options and their roles").
Role = Literal[
    "standard",
    "consider",
    "alternative",
    "equal-weight",
    "named",
    "conditional",
    "not-supported-here",
    "nearby",
]
ROLES: tuple[str, ...] = get_args(Role)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class OptionRef:
    """An option as the data names it: `wording` is the source's own phrase that sets its
    role, found word for word in `wording_source` ("…" stands for words left out)."""

    __pydantic_config__ = FORBID_EXTRA
    agent: str
    role: Role
    wording: str
    wording_source: str
    source: tuple[str, ...] = ()
    dose: str = ""
    dose_source: str = ""  # the line the dose is quoted from
    dose_note: str = ""

    def __post_init__(self) -> None:
        check_refs(self.source)
        check_refs((self.wording_source,))
        if bool(self.dose) != bool(self.dose_source):
            raise ValueError("a dose needs dose_source, the line it is quoted from")
        if self.dose_source and self.dose_source not in self.source:
            raise ValueError(f"dose_source {self.dose_source} is not among {self.source}")
        check_text("wording", self.wording)
        if not self.source:
            raise ValueError("an option needs the source line that names it")
        if self.wording_source not in self.source:
            raise ValueError(f"wording_source {self.wording_source} is not among {self.source}")


Status = Literal["therapy", "workup", "mdt-review", "out-of-scope"]
STATUSES: tuple[str, ...] = ("therapy", "workup", "mdt-review", "out-of-scope")
WorkupId = Literal[
    "histology",
    "ki67",
    "pathology_recheck",
    "sstr_not_done",
    "sstr_equivocal",
    "sstr_no_effect",
    "cga",
    "debulking",
    "uptake_unknown",
]


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Pathway:
    __pydantic_config__ = FORBID_EXTRA
    title: str
    status: Status
    options: tuple[OptionRef, ...] = ()
    rationale: tuple[SourcedText, ...] = ()
    workup: tuple[WorkupId, ...] = ()

    def __post_init__(self) -> None:
        check_text("title", self.title)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class RowContent:
    """What one decision row adds to its pathway's content."""

    __pydantic_config__ = FORBID_EXTRA
    title: str = ""
    reason: SourcedText | None = None
    options: tuple[OptionRef, ...] = ()
    rationale: tuple[SourcedText, ...] = ()
    workup: tuple[WorkupId, ...] = ()


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Caveats:
    """CNS caveats, one per class of agent (S:76-78), and surgical debulking (S:79)."""

    __pydantic_config__ = FORBID_EXTRA
    ssa: SourcedText
    prrt: SourcedText
    alkylating: SourcedText
    chemotherapy: SourcedText
    targeted: SourcedText
    debulking: SourcedText
    debulking_status: dict[str, str]  # feasible · not_feasible · not_assessed

    def __post_init__(self) -> None:
        need = {"feasible", "not_feasible", "not_assessed"}
        if set(self.debulking_status) != need:
            raise ValueError(f"debulking_status: needs exactly {sorted(need)}")


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ScopeReason(SourcedText):
    """Why a scope is out of this pathway, and what work-up it still asks for."""

    workup: tuple[WorkupId, ...] = ()


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Monitoring:
    __pydantic_config__ = FORBID_EXTRA
    low_grade: tuple[SourcedText, ...]
    high_grade: tuple[SourcedText, ...]
    nec: tuple[SourcedText, ...]
    receptor_positive: tuple[SourcedText, ...]


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Flag:
    """`origin` is "program" (cnsnet's words) unless the text is the source's own, quoted."""

    __pydantic_config__ = FORBID_EXTRA
    title: str
    text: str
    source: tuple[str, ...] = ()
    review: bool = True
    variants: dict[str, str] = field(default_factory=dict)
    # the lines a variant speaks about, where they differ from `source`
    variant_sources: dict[str, tuple[str, ...]] = field(default_factory=dict)
    origin: Literal["source", "program"] = "program"

    def __post_init__(self) -> None:
        check_text("title", self.title, 60)
        check_text("text", self.text)
        check_refs(self.source)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class MapGroup:
    """A branch of the decision map: rows that share a condition."""

    __pydantic_config__ = FORBID_EXTRA
    label: str
    rows: tuple[int, ...]

    def __post_init__(self) -> None:
        check_text("label", self.label)
        if not self.rows:
            raise ValueError("a map group needs at least one row")


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Content:
    __pydantic_config__ = FORBID_EXTRA
    meta: Meta
    rows: dict[int, Row]
    agents: dict[str, Agent]
    pathways: dict[str, Pathway]
    row_content: dict[int, RowContent]
    scope_reasons: dict[str, ScopeReason]
    wording: Wording
    no_options: dict[str, SourcedText]  # by status, or by pathway id where it differs
    not_supported: dict[Literal["prrt"], SourcedText]
    caveats: Caveats
    monitoring: Monitoring
    workup: dict[WorkupId, BriefText]
    headers: dict[str, str]  # by status, and "incomplete"
    flags: dict[str, Flag]
    map: tuple[MapGroup, ...]

    def __post_init__(self) -> None:
        mapped = sorted(n for g in self.map for n in g.rows)
        if mapped != sorted(self.rows):
            raise ValueError(f"map: must hold each row exactly once, holds {mapped}")
        missing = [s for s in STATUSES if s not in self.no_options]
        if missing:
            raise ValueError(f"no_options: missing {missing}")
        if set(self.headers) != {*STATUSES, "incomplete"}:
            raise ValueError(f"headers: needs exactly {[*STATUSES, 'incomplete']}")
        for key in self.no_options:
            if key not in STATUSES and key not in self.pathways:
                raise ValueError(f"no_options.{key}: neither a status nor a pathway")
        for n in self.row_content:
            if n not in self.rows:
                raise ValueError(f"row_content.{n} names no row under [rows]")
        refs = [(f"pathways.{k}", p.options) for k, p in self.pathways.items()]
        refs += [(f"row_content.{k}", r.options) for k, r in self.row_content.items()]
        for where, options in refs:
            for o in options:
                if o.agent not in self.agents:
                    raise ValueError(f"{where}: option agent {o.agent!r} is not under [agents]")
