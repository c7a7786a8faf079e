"""The two plain-text clinical notes (pathway.md, "The clinical note", revision 2).

- `build_brief`: at most BRIEF_LINES (20) lines, what a clinician pastes into the record.
- `build_note`: the full note, everything the result screen shows, in its order, with the
  clinician's note right after the pathway.

Both are ASCII only, at most 80 columns, and never split a citation across lines. Text in
quotation marks is the source's, with its line and reference; "(cnsnet)" marks cnsnet's own
words.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Sequence
from functools import lru_cache

from engine import sections
from engine.answers import by_id, display
from engine.cite import cite
from engine.limits import BRIEF_LINES
from engine.outcome import Item, Option, Outcome, as_item, no_options, pathway_title
from engine.session import Session
from engine.text import ascii_text, visible
from engine.version import __version__
from questions import content

WIDTH = 80
OWN = sections.PROGRAM_MARK

_NBSP = "\u00a0"
# Kept on one line: a citation in brackets, a reference in parentheses, "10 %". The value
# before " %" starts a word ((?<!\S)): tried from inside a long word too, it made wrapping a
# long run without spaces quadratic (a 10,000-character note took 22 s to write).
_UNBREAKABLE = re.compile(r"\[S:[^\]]*\]|\(S:[^)]*\)|\(refs? [0-9, ]+\)|(?<!\S)\S+ %")


def _wrap(text: str, first: str = "", rest: str = "  ") -> list[str]:
    """`text` as ASCII lines of at most WIDTH columns; citations are never split."""
    return list(_wrapped(text, first, rest))


@lru_cache(maxsize=4096)
def _wrapped(text: str, first: str, rest: str) -> tuple[str, ...]:
    """`_wrap`, kept for the sentences every note repeats: the session is written, note and
    all, after every answer, and its quotations are the same each time."""
    text = ascii_text(text)
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        glued = _UNBREAKABLE.sub(lambda m: m.group().replace(" ", _NBSP), para)
        lines += textwrap.wrap(
            glued,
            WIDTH,
            initial_indent=first if not lines else rest,
            subsequent_indent=rest,
            break_long_words=True,
            break_on_hyphens=False,
        ) or [first.rstrip()]
    return tuple(line.replace(_NBSP, " ").rstrip() for line in lines)


def _cited(source: Sequence[str]) -> str:
    return f" [{cite(source)}]" if source else ""


def sentence(it: Item) -> str:
    """A source sentence in quotation marks with its citation; cnsnet's own words marked."""
    if it.origin == "program":
        return f"{it.text} {OWN}{_cited(it.source)}"
    return f'"{it.text}"{_cited(it.source)}'


def _section(title: str, items: Iterable[Item], empty: str = "") -> list[str]:
    body: list[str] = []
    for it in items:
        body += _wrap(sentence(it), "- ")
    if not body and not empty:
        return []
    return ["", title.upper(), *(body or _wrap(empty, "- "))]


def _role(o: Option, brief: bool = False) -> str:
    """The role and the source's own phrase that sets it (for a set-apart option, why)."""
    if o.set_apart and o.reason is not None and not brief:
        return f'{o.role}: "{o.reason.text}"{_cited(o.reason.source)}'
    return f'{o.role}: "{o.wording}"{_cited((o.wording_source,))}'


def _option_lines(o: Option) -> list[str]:
    """The option's name; its role in the source's words; its dose quoted, or why none."""
    out = _wrap(o.name, "- ")
    out += _wrap(_role(o), "  ", "    ")
    if o.dose:
        out += _wrap(f'dose: "{o.dose}"{_cited((o.dose_source,))}', "  ", "    ")
    if o.dose_note:
        out += _wrap(f"dose: {o.dose_note} {OWN}", "  ", "    ")
    return out


def _label(session: Session, room: int | None = None) -> list[str]:
    """The case label's lines: whole, or cut to `room` lines (the brief note's two)."""
    label = visible(session.case_label, one_line=True).strip()
    if not label:
        return []
    return _wrap(f"Case: {label}") if room is None else _cut_to("Case: ", label, room)


def _header(outcome: Outcome | None) -> str:
    key = outcome.status if outcome else "incomplete"
    return content().headers[key]


def _status_line(o: Outcome) -> str:
    g = content().meta.grading
    grade = f"{o.grade} ({g.brief})" if o.grade else "not known"
    review = "YES" if o.review_required else "no"
    if not o.review_assessed:
        review = content().wording.review_out_of_scope
    return f"Status: {o.status}. Review required: {review}. Grade: {grade}"


def _source_line(brief: bool) -> str:
    """The source's title (S:18) and date; the brief note adds its review status (S:4)."""
    meta = content().meta
    line = (
        f'Source: "{meta.source_title}" [{cite([meta.source_title_line])}], updated '
        f"{meta.source_updated.isoformat()}"
    )
    if brief:
        status = content().wording.source_status_brief
        return f"{line}, {status.text} [{cite(status.source)}]."
    return line + "."


def _provenance() -> str:
    return sentence(as_item(content().meta.provenance))


def _pending_line(session: Session) -> list[str]:
    pending = session.walk().pending or ""
    return _wrap(f"Next question: {by_id()[pending].prompt} ({pending})", "- ")


def _clinician(session: Session) -> str:
    return visible(session.clinician_note).strip()


# -- the full note ------------------------------------------------------------------------


def build_note(session: Session, outcome: Outcome | None) -> str:
    """The full note for a session, finished (outcome given) or not."""
    meta = content().meta
    lines = _label(session)
    lines += _wrap(f"cnsnet {__version__}: {_header(outcome)}.")
    lines += _wrap(_source_line(brief=False))
    lines += _wrap(_provenance())
    lines += _wrap(sentence(as_item(meta.references_note)))
    lines += _wrap(_session_line(session))
    lines += _wrap(sections.LEGEND)
    if outcome is None:
        lines += ["", "INCOMPLETE", *_pending_line(session)]
    else:
        lines += ["", "PATHWAY", *_wrap(f"{outcome.title} [{outcome.pathway}]")]
        lines += _wrap(_status_line(outcome))
    note = _clinician(session)
    if note:
        lines += ["", sections.CLINICIAN.upper(), *_wrap(note, "", "")]
    if outcome is not None:
        lines += _outcome_sections(outcome)
    lines += _why(session, outcome)
    if outcome is not None:
        lines += _section(sections.LIMITS, outcome.evidence_limits)
    lines += _source_section()
    lines += _section(sections.DISCLAIMER, [as_item(meta.disclaimer)])
    return "\n".join(lines) + "\n"


def _session_line(session: Session) -> str:
    if session.provenance == "answers-file":
        return "From an answers file: not a saved session."
    updated = session.updated.strftime("%Y-%m-%d %H:%M UTC") if session.updated else ""
    return f"Session {session.id[:8]}, last changed {updated}."


def _outcome_sections(o: Outcome) -> list[str]:
    lines = ["", sections.OPTIONS.upper()]
    if not o.considered:
        lines += _wrap(sentence(no_options(o.pathway, o.status)), "- ")
    for opt in o.considered:
        lines += _option_lines(opt)
    if o.set_apart:
        lines += ["", sections.NOT_SUPPORTED.upper()]
        for opt in o.set_apart:
            lines += _option_lines(opt)
    if o.what_if:
        lines += ["", sections.WHAT_IF.upper()]
        for result, pathway in o.what_if.items():
            lines += _wrap(f"{result}: {pathway_title(pathway)} [{pathway}] {OWN}", "- ")
    lines += ["", sections.FLAGS.upper()]
    for f in o.flags:
        title = f"{f.title} {OWN}" if f.origin == "source" else f.title
        lines += _wrap(f"{title}: {sentence(Item(f.text, f.source, f.origin))}", "- ")
    if not o.flags:
        lines += ["- none"]
    lines += _section(sections.WORKUP, o.workup, "none")
    lines += _section(sections.BASIS, o.rationale)
    lines += _section(sections.CAVEATS, o.caveats)
    lines += _section(sections.MONITORING, o.monitoring)
    return lines


def _why(session: Session, o: Outcome | None) -> list[str]:
    lines = ["", sections.WHY.upper() if o else "ANSWERS SO FAR"]
    for q, v in session.live().items():
        note = by_id()[q].answer_note
        own = f" ({note}) {OWN}" if note else ""
        lines += _wrap(f"{by_id()[q].label}: {display(q, v)}{own}", "- ")
    if o is not None:
        lines += _wrap(f"Decided by row {o.row} of cnsnet's decision table: {o.row_text} {OWN}")
    return lines


def _source_section() -> list[str]:
    meta = content().meta
    lines = ["", sections.SOURCE.upper()]
    lines += _wrap(
        f'"{meta.source_title}" ({meta.source_file}), updated '
        f"{meta.source_updated.isoformat()}. {meta.source_status} {OWN}",
        "",
        "",
    )
    lines += _wrap("Each cited line ends with the number of the reference it rests on:", "", "")
    for r in meta.references:
        lines += _wrap(f'ref {r.n}: "{r.title}"{_cited(r.source)}', "- ")
    return lines


# -- the brief note -----------------------------------------------------------------------


def build_brief(session: Session, outcome: Outcome | None) -> str:
    """At most BRIEF_LINES lines: what a clinician pastes into the record."""
    head = _label(session, room=2)  # the full note holds it whole
    if outcome is None:
        head += _wrap(f"cnsnet: {_header(None)}")
        head += _pending_line(session)
    else:
        head += _wrap(f"{outcome.title} [{outcome.pathway}]")
        head += _wrap(_status_line(outcome))
        if outcome.status == "out-of-scope":
            scope = session.answers.get("scope", "")
            head += _wrap(f"Diagnosis: {display('scope', scope)}")
        head += _brief_options(outcome)
        titles = "; ".join(f.title for f in outcome.flags) or "none"
        head += _wrap(f"{sections.FLAGS} {OWN}: {titles}")
        # the items that ask for something have a brief name; the explanatory ones do not
        work = [w.brief for w in outcome.workup if w.brief]
        if work:
            head += _wrap(f"{sections.WORKUP} {OWN}: " + "; ".join(work))
    tail = _wrap(_source_line(brief=True))
    tail += [f"cnsnet {__version__}. {_session_line(session)}"[:WIDTH]]
    tail += ["Basis, caveats, monitoring and disclaimer: the full note (cnsnet show)."]
    room = BRIEF_LINES - len(head) - len(tail)
    return "\n".join([*head, *_brief_clinician(session, room), *tail]) + "\n"


def _brief_options(o: Outcome) -> list[str]:
    lines = _wrap(f"{sections.OPTIONS}:")
    if not o.considered:
        lines += _wrap(sentence(no_options(o.pathway, o.status)), "- ")
    for group in _groups(list(o.considered)):
        names = "; ".join(f"{x.short} {x.dose}" if x.dose else x.short for x in group)
        if not any(x.dose for x in group):
            names += f" ({content().wording.no_dose})"
        first = group[0]
        lines_cited = tuple(dict.fromkeys((first.wording_source, *(x.dose_source for x in group))))
        cited = _cited(tuple(r for r in lines_cited if r))
        lines += _wrap(f'- {names}: {first.role}: "{first.wording}"{cited}', "", "  ")
    for opt in o.set_apart:
        lines += _wrap(f"Not supported here: {opt.short}: {_role(opt, brief=True)}", "", "  ")
    return lines


def _groups(options: list[Option]) -> list[list[Option]]:
    """Consecutive options that share role and wording, as one line of the brief note."""
    groups: list[list[Option]] = []
    for opt in options:
        last = groups[-1][0] if groups else None
        if last and (last.role, last.wording, last.wording_source) == (
            opt.role,
            opt.wording,
            opt.wording_source,
        ):
            groups[-1].append(opt)
        else:
            groups.append([opt])
    return groups


def _brief_clinician(session: Session, room: int) -> list[str]:
    """The clinician's note in the lines left; if it does not fit, cut with a pointer to the
    full note, which holds all of it."""
    note = _clinician(session)
    if not note:
        return []
    flat = " / ".join(line.strip() for line in note.splitlines() if line.strip())
    return _cut_to("Clinician note: ", flat, max(room, 1))


def _cut_to(lead: str, text: str, room: int) -> list[str]:
    """`lead` and `text` in at most `room` lines; where they do not fit, cut with a pointer
    to the full note, which holds the text whole."""
    lines = _wrap(f"{lead}{text}")
    n = min(len(text), room * WIDTH)  # no more than the lines can hold
    while len(lines) > room and n > 0:
        n -= 16
        lines = _wrap(f"{lead}{text[: max(n, 0)].rstrip()}... [more in the full note]")
    return lines[:room]
