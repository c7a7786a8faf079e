"""Pydantic models that validate the question bank and the outcome content on load."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SOURCE_REF = re.compile(r"^S:(\d+)(?:-(\d+))?$")
ID = r"^[a-z0-9][a-z0-9_-]*$"


class Strict(BaseModel):
    """A model that refuses unknown keys and is immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


SourceRefs = Annotated[tuple[str, ...], Field(default=())]


def check_refs(refs: tuple[str, ...]) -> tuple[str, ...]:
    """Each reference must read `S:NN` or `S:NN-MM` with NN <= MM."""
    for ref in refs:
        m = SOURCE_REF.match(ref)
        if not m:
            raise ValueError(f"source reference {ref!r} is not of the form S:NN or S:NN-MM")
        if m.group(2) and int(m.group(2)) < int(m.group(1)):
            raise ValueError(f"source reference {ref!r} runs backwards")
    return refs


class Choice(Strict):
    id: str = Field(pattern=ID)
    label: str = Field(min_length=1)


class Question(Strict):
    id: str = Field(pattern=ID)
    label: str = Field(min_length=1, max_length=40)
    prompt: str = Field(min_length=1)
    help: str = Field(min_length=1)
    kind: Literal["choice", "yesno", "number"]
    asked_when: str = Field(min_length=1)
    source: SourceRefs
    choices: tuple[Choice, ...] = ()
    allow_unknown: bool = False
    min: float | None = None
    max: float | None = None
    unit: str = ""

    _refs = field_validator("source")(classmethod(lambda cls, v: check_refs(v)))

    @model_validator(mode="after")
    def _kind_fits(self) -> Question:
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
        return self


class Bank(Strict):
    questions: tuple[Question, ...]

    @model_validator(mode="after")
    def _unique(self) -> Bank:
        ids = [q.id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError(f"question ids repeat: {ids}")
        return self


class SourcedText(Strict):
    """A sentence shown to the user with the source lines it comes from."""

    text: str = Field(min_length=1)
    source: SourceRefs
    origin: Literal["source", "program"] = "source"

    _refs = field_validator("source")(classmethod(lambda cls, v: check_refs(v)))

    @model_validator(mode="after")
    def _sourced(self) -> SourcedText:
        if self.origin == "source" and not self.source:
            raise ValueError("a sentence from the source needs at least one source line")
        return self


class Meta(Strict):
    source_file: str
    source_title: str
    source_updated: dt.date
    audience: str
    disclaimer: SourcedText
    evidence_limits: tuple[SourcedText, ...]


class Row(Strict):
    """How a decision-table row reads to the user; its predicate is in engine/table.py."""

    when: str = Field(min_length=1)


class Agent(Strict):
    name: str = Field(min_length=1)
    classes: tuple[Literal["ssa", "targeted", "alkylating", "platinum", "prrt"], ...]


class OptionRef(Strict):
    agent: str
    role: Literal["preferred", "alternative", "nearby"]
    source: SourceRefs
    dose: str = ""
    dose_note: str = ""
    context: str = ""

    _refs = field_validator("source")(classmethod(lambda cls, v: check_refs(v)))

    @model_validator(mode="after")
    def _sourced(self) -> OptionRef:
        if not self.source:
            raise ValueError("an option needs the source line that names it")
        if self.role == "nearby" and not self.context:
            raise ValueError("a nearby option must say which case the source names it for")
        return self


Status = Literal["therapy", "workup", "mdt-review", "out-of-scope"]
WorkupId = Literal[
    "histology",
    "ki67",
    "pathology_recheck",
    "sstr_not_done",
    "sstr_equivocal",
    "sstr_no_effect",
    "cga",
    "debulking",
]


class Pathway(Strict):
    title: str = Field(min_length=1)
    status: Status
    options: tuple[OptionRef, ...] = ()
    rationale: tuple[SourcedText, ...] = ()
    workup: tuple[WorkupId, ...] = ()


class RowContent(Strict):
    """What one decision row adds to its pathway's content."""

    title: str = ""
    reason: SourcedText | None = None
    options: tuple[OptionRef, ...] = ()
    rationale: tuple[SourcedText, ...] = ()
    workup: tuple[WorkupId, ...] = ()


class Caveats(Strict):
    """CNS caveats, one per class of agent (S:76-78), and surgical debulking (S:79)."""

    ssa: SourcedText
    prrt: SourcedText
    alkylating: SourcedText
    chemotherapy: SourcedText
    targeted: SourcedText
    debulking: SourcedText
    debulking_status: dict[Literal["feasible", "not_feasible", "not_assessed"], str]


class ScopeReason(SourcedText):
    """Why a scope is out of this pathway, and what work-up it still asks for."""

    workup: tuple[str, ...] = ()


class NoOptions(Strict):
    """What the options section says when a status has no option."""

    therapy: SourcedText
    workup: SourcedText
    mdt_review: SourcedText = Field(alias="mdt-review")
    out_of_scope: SourcedText = Field(alias="out-of-scope")

    def for_status(self, status: str) -> SourcedText:
        return getattr(self, status.replace("-", "_"))


class Monitoring(Strict):
    low_grade: tuple[SourcedText, ...]
    high_grade: tuple[SourcedText, ...]
    nec: tuple[SourcedText, ...]
    receptor_positive: tuple[SourcedText, ...]


class Flag(Strict):
    title: str = Field(min_length=1, max_length=60)
    text: str = Field(min_length=1)
    source: SourceRefs
    review: bool = True
    variants: dict[str, str] = Field(default_factory=dict)

    _refs = field_validator("source")(classmethod(lambda cls, v: check_refs(v)))


class MapGroup(Strict):
    """A branch of the decision map: rows that share a condition."""

    label: str = Field(min_length=1)
    rows: tuple[int, ...] = Field(min_length=1)


class Content(Strict):
    meta: Meta
    rows: dict[int, Row]
    agents: dict[str, Agent]
    pathways: dict[str, Pathway]
    row_content: dict[int, RowContent]
    scope_reasons: dict[str, ScopeReason]
    no_options: NoOptions
    option_notes: dict[Literal["prrt_without_high_uptake"], SourcedText]
    caveats: Caveats
    monitoring: Monitoring
    workup: dict[WorkupId, SourcedText]
    flags: dict[str, Flag]
    map: tuple[MapGroup, ...]

    @model_validator(mode="after")
    def _references_resolve(self) -> Content:
        mapped = sorted(n for g in self.map for n in g.rows)
        if mapped != sorted(self.rows):
            raise ValueError(f"map: must hold each row exactly once, holds {mapped}")
        for n in self.row_content:
            if n not in self.rows:
                raise ValueError(f"row_content.{n} names no row under [rows]")
        refs = [(f"pathways.{k}", p.options) for k, p in self.pathways.items()]
        refs += [(f"row_content.{k}", r.options) for k, r in self.row_content.items()]
        for where, options in refs:
            for o in options:
                if o.agent not in self.agents:
                    raise ValueError(f"{where}: option agent {o.agent!r} is not under [agents]")
        return self
