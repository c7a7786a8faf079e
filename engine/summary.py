"""The session summary, `schema = "cnsnet.session/2"`: building it and writing it as TOML."""

from __future__ import annotations

import datetime as dt
from typing import Any

import tomli_w

from engine.answers import by_id, display
from engine.note import build_brief, build_note
from engine.outcome import Item, Option, Outcome, decide
from engine.session import Session
from engine.text import toml_escaped
from engine.version import __version__
from questions import bank_sha256, content

SCHEMA = "cnsnet.session/2"
# Revision 1 of the pathway wrote these; every reader still reads them and re-decides.
OLDER_SCHEMAS = ("cnsnet.session/1",)


def _items(items: tuple[Item, ...]) -> list[dict[str, Any]]:
    out = []
    for it in items:
        d: dict[str, Any] = {"text": it.text, "source": list(it.source)}
        if it.origin != "source":
            d["origin"] = it.origin
        if it.strong:
            d["strong"] = True
        out.append(d)
    return out


def _outcome(o: Outcome) -> dict[str, Any]:
    d: dict[str, Any] = {
        "pathway": o.pathway,
        "status": o.status,
        "title": o.title,
        "grade": o.grade,
        "rule": o.row,
        "rule_text": o.row_text,
        "review_required": o.review_required,
        "flags": list(o.flag_ids),
        "flag_details": [
            {
                "id": f.id,
                "title": f.title,
                "text": f.text,
                "review": f.review,
                "source": list(f.source),
                "origin": f.origin,
            }
            for f in o.flags
        ],
        "options": [_option(opt) for opt in o.options],
        "rationale": _items(o.rationale),
        "caveats": _items(o.caveats),
        "monitoring": _items(o.monitoring),
        "workup": _items(o.workup),
        "evidence_limits": _items(o.evidence_limits),
        "trace": [
            {"question": t.question, "answer": t.answer, "display": t.display, "rule": t.row}
            for t in o.trace
        ],
    }
    if o.what_if:
        d["what_if"] = dict(o.what_if)
    return d


def _option(o: Option) -> dict[str, Any]:
    d: dict[str, Any] = {
        "name": o.name,
        "agent": o.agent,
        "role": o.role,
        "wording": o.wording,
        "wording_source": o.wording_source,
        "source": list(o.source),
    }
    if o.dose:
        d["dose"] = o.dose
        d["dose_source"] = o.dose_source
    if o.dose_note:
        d["dose_note"] = o.dose_note
    if o.reason is not None:
        d["reason"] = _items((o.reason,))[0]
    return d


def source_table() -> dict[str, Any]:
    """What the program's only source is (pathway.md, revision 2, item 6)."""
    meta = content().meta
    return {
        "title": meta.source_title,
        "file": meta.source_file,
        "updated": meta.source_updated,
        "status": meta.source_status,
        "references": [
            {"n": r.n, "title": r.title, "source": list(r.source)} for r in meta.references
        ],
    }


def build(session: Session) -> dict[str, Any]:
    """The whole summary of a session as a TOML-ready dict."""
    meta = content().meta
    w = session.walk()
    outcome = None if w.pending else decide(session.answers, w)
    disclaimer = meta.disclaimer.text
    doc: dict[str, Any] = {
        "schema": SCHEMA,
        "disclaimer": disclaimer,
        "source": source_table(),
        "session": {
            "id": session.id,
            "started": session.started,
            "updated": session.updated,
            "app_version": __version__,
            "source": meta.source_file,
            "source_updated": meta.source_updated,
            "question_bank_sha256": bank_sha256(),
            "case_label": session.case_label,
        },
        "answers": {q: session.answers[q] for q in w.asked},
        "asked": [
            {
                "question": q,
                "prompt": by_id()[q].prompt,
                "answer": session.answers[q],
                "display": display(q, session.answers[q]),
                "answered_at": session.answered_at.get(q, session.started),
            }
            for q in w.asked
        ],
        "discarded": [
            {"question": d.question, "answer": d.answer, "reason": d.reason, "discarded_at": d.at}
            for d in session.discarded
        ],
    }
    held = session.held()
    if w.pending:
        prog = session.progress()
        doc["pending"] = {
            "next_question": w.pending,
            "question_number": prog.number if prog else 0,
            "more_at_most": prog.more_at_most if prog else 0,
        }
        if held:
            doc["pending"]["held_answers"] = held
    if outcome is not None:
        doc["outcome"] = _outcome(outcome)
    if session.clinician_note:
        doc["clinician"] = {"note": session.clinician_note}
    doc["note"] = {
        "brief": build_brief(session, outcome),
        "text": build_note(session, outcome),
        "disclaimer": disclaimer,
    }
    if not doc["discarded"]:
        del doc["discarded"]
    return doc


def dumps(session: Session) -> str:
    """The summary as TOML text; control and invisible characters in it are escapes, so a
    `cat` of a file or of `cnsnet decide` shows them instead of obeying them."""
    return toml_escaped(tomli_w.dumps(build(session), multiline_strings=True))


def utc(value: dt.datetime) -> dt.datetime:
    """A datetime in UTC (a naive one is taken as UTC)."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
