"""Read-only reference content for front ends: titles, source lines, the decision map, meta.

Front ends ask here rather than reading questions/ themselves, so the arrows stay
tui -> engine -> questions.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.cite import FOOTNOTE
from engine.outcome import no_options, pathway_title
from engine.table import BY_NUMBER
from questions import content, line_numbers, source_text
from questions.models import Meta, Wording

__all__ = [
    "MapGroup",
    "MapRow",
    "decision_map",
    "flag_title",
    "meta",
    "no_options",
    "pathway_title",
    "quote",
    "source_text",
]


def quote(ref: str) -> str:
    """The cited source text as it reads: no bullet, no trailing reference number."""
    lines = (source_text(f"S:{n}") for n in line_numbers(ref))
    return " ".join(FOOTNOTE.sub("", line.strip().lstrip("•").strip()) for line in lines)


def flag_title(flag_id: str) -> str:
    """A flag's title as the result screen shows it (the id if it has none)."""
    flag = content().flags.get(flag_id)
    return flag.title if flag is not None else flag_id


def meta() -> Meta:
    """The source article's name, date, audience line, disclaimer and evidence limits."""
    return content().meta


def wording() -> Wording:
    """cnsnet's own short phrases about the source (a question it is silent on, why review)."""
    return content().wording


@dataclass(frozen=True, slots=True)
class MapRow:
    number: int
    when: str
    pathway: str
    title: str


@dataclass(frozen=True, slots=True)
class MapGroup:
    label: str
    rows: tuple[MapRow, ...]


def decision_map() -> tuple[MapGroup, ...]:
    """The decision table's rows, grouped as the map draws them, each row exactly once."""
    c = content()
    return tuple(
        MapGroup(
            g.label,
            tuple(
                MapRow(n, c.rows[n].when, BY_NUMBER[n].pathway, pathway_title(BY_NUMBER[n].pathway))
                for n in g.rows
            ),
        )
        for g in c.map
    )
