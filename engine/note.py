"""The plain-text clinical note: at most 80 columns, readable without the app.

First line the case label when one is set; then the pathway, the options, the basis, the
flags, the outstanding work-up, monitoring, and the disclaimer.
"""

from __future__ import annotations

import textwrap

from engine.answers import by_id, display
from engine.outcome import Item, Outcome, no_options, pathway_title
from engine.session import Session
from engine.text import visible
from engine.version import __version__
from questions import content

WIDTH = 80


def _wrap(text: str, first: str = "", rest: str = "  ") -> list[str]:
    # keep "10 %" together: a no-break space while wrapping, a plain one after
    text = text.replace(" %", "\u00a0%")
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        lines += textwrap.wrap(
            para,
            WIDTH,
            initial_indent=first if not lines else rest,
            subsequent_indent=rest,
            break_long_words=True,
            break_on_hyphens=False,
        ) or [first.rstrip()]
    return [line.replace("\u00a0%", " %") for line in lines]


def _refs(source: tuple[str, ...]) -> str:
    return f" [{', '.join(source)}]" if source else ""


def _items(title: str, items: tuple[Item, ...] | list[Item], empty: str = "") -> list[str]:
    if not items and not empty:
        return []
    out = ["", title.upper()]
    if not items:
        return [*out, *_wrap(empty, "- ")]
    for it in items:
        own = " (cnsnet)" if it.origin == "program" else ""
        out += _wrap(f"{it.text}{own}{_refs(it.source)}", "- ")
    return out


def build_note(session: Session, outcome: Outcome | None) -> str:
    """The note for a session, finished (outcome given) or not."""
    c = content()
    meta = c.meta
    lines: list[str] = []
    label = visible(session.case_label, one_line=True).strip()
    if label:
        lines += _wrap(f"Case: {label}")
    lines += _wrap(
        f"cnsnet {__version__}: systemic therapy for a primary CNS neuroendocrine tumour, "
        f'from "{meta.source_title}" (updated {meta.source_updated.isoformat()}).'
    )
    if session.provenance == "answers-file":
        lines += _wrap("From an answers file: not a saved session.")
    else:
        updated = session.updated.strftime("%Y-%m-%d %H:%M UTC") if session.updated else ""
        lines += _wrap(f"Session {session.id[:8]}, last changed {updated}.")
    live = session.live()
    if outcome is None:
        pending = session.walk().pending or ""
        lines += ["", "INCOMPLETE"]
        lines += _wrap(f"Next question: {by_id()[pending].prompt} ({pending})", "- ")
    else:
        lines += ["", "PATHWAY"]
        lines += _wrap(f"{outcome.title} [{outcome.pathway}]")
        grade = outcome.grade or "not known"
        review = "YES" if outcome.review_required else "no"
        lines += _wrap(f"Status: {outcome.status}; grade: {grade}; review required: {review}")
        lines += ["", "OPTIONS TO CONSIDER (from the source; not orders)"]
        if not outcome.options:
            none = no_options(outcome.status)
            lines += _wrap(f"{none.text} (cnsnet)", "- ")
        for o in outcome.options:
            dose = f" {o.dose}" if o.dose else ""
            ctx = f"; {o.context}" if o.context else ""
            ctx = ctx.replace("(S:", "(see S:")
            lines += _wrap(f"{o.name}{dose} ({o.role}{ctx}){_refs(o.source)}", "- ")
            if o.dose_note:
                lines += _wrap(o.dose_note, "    ", "    ")
    lines += ["", "BASIS: ANSWERS"]
    for q, v in live.items():
        lines += _wrap(f"{by_id()[q].label}: {display(q, v)}", "- ")
    if outcome is not None:
        lines += _wrap(f"Decided by row {outcome.rule}: {outcome.rule_text}", "- ")
        lines += _items("Basis: source", outcome.rationale)
        flags = [Item(f"{f.title} [{f.id}]: {f.text}", f.source, f.origin) for f in outcome.flags]
        lines += _items("Flags", flags, "none")
        lines += _items("CNS caveats", outcome.caveats)
        lines += _items("Outstanding work-up", outcome.workup, "none")
        if outcome.what_if:
            lines += ["", "IF SSTR IMAGING COMES BACK"]
            for result, pathway in outcome.what_if.items():
                lines += _wrap(f"{result}: {pathway_title(pathway)} [{pathway}]", "- ")
        lines += _items("Monitoring", outcome.monitoring)
    note = visible(session.clinician_note).strip()
    if note:
        lines += ["", "CLINICIAN NOTE"]
        lines += _wrap(note, "", "")
    if outcome is not None:
        lines += _items("Evidence limits", outcome.evidence_limits)
    lines += ["", "(cnsnet) marks what cnsnet adds to stay honest about the source's limits;"]
    lines += ["everything else is quoted from the source at the lines given."]
    lines += ["", "DISCLAIMER"]
    lines += _wrap(f"{meta.disclaimer.text}{_refs(meta.disclaimer.source)}", "", "")
    return "\n".join(line.rstrip() for line in lines) + "\n"
