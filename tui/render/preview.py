"""The body of the edit-preview dialog: which answers an edit drops, how the outcome changes."""

from __future__ import annotations

from rich.text import Text

from engine.answers import by_id, display
from engine.reference import flag_title, pathway_title, wording
from engine.session import EditPreview


def _outcome(pathway: str | None, pending: str | None) -> str:
    if pathway:
        return f"{pathway_title(pathway)} [{pathway}]"
    if pending:
        return f"not decided yet: next question is {by_id()[pending].label}"
    return "not decided yet"


def _opened(p: EditPreview) -> Text:
    """What each answer to the question the edit opens would lead to (the engine's what-if)."""
    assert p.new_pending is not None
    t = Text()
    t.append(f"\n\nThis opens: {by_id()[p.new_pending].label}", style="bold")
    for w in p.opened_what_if:
        t.append(f"\n  {display(p.new_pending, w.value)}", style="bold")
        t.append("  →  ")
        if w.pathway:
            t.append(f"{pathway_title(w.pathway)} ")
            t.append(f"[{w.pathway}]", style="dim")
        elif w.then_asks:
            t.append(f"depends on {by_id()[w.then_asks].label}: ")
            t.append(" or ".join(pathway_title(p) for p in w.pathways))
    return t


def preview_text(p: EditPreview) -> Text:
    q = by_id()[p.question]
    t = Text()
    t.append(f"{q.label}: ", style="bold")
    old = display(p.question, p.old_value) if p.old_value is not None else "no answer"
    t.append(f"{old}  →  {display(p.question, p.new_value)}\n\n")
    t.append("Answers this drops: ", style="bold")
    if p.dropped:
        for qid, v in p.dropped:
            t.append(f"\n  • {by_id()[qid].label}: {display(qid, v)}")
    else:
        t.append("none")
    t.append("\n\nOutcome: ", style="bold")
    before = _outcome(p.old_pathway, None)
    after = _outcome(p.new_pathway, p.new_pending)
    t.append(f"\n  was  {before}\n  now  {after}")
    if p.old_pathway and p.old_pathway == p.new_pathway:
        t.append("\n  (the pathway stays the same)", style="dim")
    added = [f for f in p.new_flags if f not in p.old_flags]
    removed = [f for f in p.old_flags if f not in p.new_flags]
    if p.new_pathway and added:
        t.append(f"\n  flags added: {'; '.join(map(flag_title, added))}", style="bold")
    if p.new_pathway and removed:
        t.append(f"\n  flags removed: {'; '.join(map(flag_title, removed))}")
    was = (p.old_review_assessed, p.old_review)
    if p.new_pathway and p.old_pathway and (p.new_review_assessed, p.new_review) != was:
        if not p.new_review_assessed:  # outside the pathway: "no review" would reassure
            now = f"review {wording().review_out_of_scope}"
        else:
            now = "REVIEW REQUIRED" if p.new_review else "no review required"
        t.append(f"\n  now: {now}", style="bold")
    if p.opened_what_if:
        t.append_text(_opened(p))
    t.append("\n\nThe old answer stays in the audit trail (discarded).", style="dim")
    return t
