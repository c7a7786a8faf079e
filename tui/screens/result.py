"""The result: the outcome the engine decided, its basis, and the clinician's note."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static, TextArea

from engine import sections
from engine.answers import by_id
from engine.outcome import Option, Outcome, as_item
from engine.reference import meta, no_options, pathway_title, wording
from engine.text import Editable, editable, edited
from tui.access import cnsnet_app
from tui.render.mark import marked
from tui.render.sourced import badge, bullet_list, hanging, refs
from tui.widgets.footer import AppFooter
from tui.widgets.header import AppHeader
from tui.widgets.in_order import InOrderScroll

if TYPE_CHECKING:
    from tui.render.find import Hit


def _provenance() -> Text:
    """One plain sentence: the source is an article pending human review (S:4)."""
    p = as_item(meta().provenance)
    t = Text(p.text, style="italic")
    marked(t)
    return t.append_text(refs(p.source))


def _option_list(options: Sequence[Option]) -> RenderableType:
    """Each option: name and dose, then its role and the source's phrase that sets it."""
    rows: list[tuple[str, Text]] = []
    for opt in options:
        name = Text(opt.name, style="bold")
        if opt.dose:
            name.append(f"  “{opt.dose}”").append_text(refs((opt.dose_source,)))
        rows.append(("• ", name))
        role = Text(opt.role, style="bold italic")
        said = opt.reason if opt.set_apart and opt.reason is not None else None
        role.append(f": “{said.text if said else opt.wording}”")
        role.append_text(refs(said.source if said else (opt.wording_source,)))
        rows.append(("  ", role))
        if opt.dose_note:
            note = marked(Text(opt.dose_note, style="dim"))
            rows.append(("  ", note))
    return hanging(rows)


def _section(title: str, body: RenderableType, id: str | None = None) -> Static:
    s = Static(body, classes="section", id=id)
    s.border_title = title
    return s


class ResultScreen(Screen[None]):
    """Everything the outcome shows; long content scrolls."""

    CSS_PATH = "result.tcss"
    HELP = (
        "The options the source gives for this case, each with its role in the source's own "
        "words, and their basis. The arrows and page keys scroll; tab moves to the clinician "
        "note."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "app.export", "Export"),
        Binding("c", "app.copy_note('brief')", "Copy brief"),
        Binding("C,shift+c", "app.copy_note('full')", "Copy full", key_display="C"),
        Binding("r", "app.review", "Review"),
        Binding("m", "app.map", "Map"),
        Binding("n", "next_hit", "Next match"),  # only while a search is on
        Binding("n", "app.new_session", "New session", show=False),
        Binding("slash", "search", "Find"),
        Binding("escape", "back", "Back", show=False),
    ]

    _note: Editable = editable("")  # the clinician note, as shown in its box

    # the walk was reopened between this screen being made and being put up (an answer
    # changed by a key in the same burst): it shows nothing and hands over to the question
    _reopened = False

    def compose(self) -> ComposeResult:
        session = cnsnet_app(self.app).session
        o = session.outcome()
        yield AppHeader()
        if o is None:
            self._reopened = True
            yield AppFooter()
            return
        with InOrderScroll(id="result"):
            yield Static(self._headline(o), id="headline")
            yield Static(_provenance(), id="provenance")
            if o.review_required:
                yield Static(self._review_banner(o), id="review-banner")
            yield _section(sections.OPTIONS, self._options(o), id="options")
            if o.set_apart:
                section = _option_list(o.set_apart)
                yield _section(sections.NOT_SUPPORTED, section, id="not-supported")
            if o.what_if:
                yield _section(sections.WHAT_IF, self._what_if(o), id="what-if")
            if o.flags:
                yield _section(sections.FLAGS, self._flags(o), id="flags")
            yield _section(sections.WORKUP, bullet_list(o.workup, "none"), id="workup")
            yield _section(sections.BASIS, bullet_list(o.rationale), id="basis")
            if o.caveats:
                yield _section(sections.CAVEATS, bullet_list(o.caveats), id="caveats")
            if o.monitoring:
                yield _section(sections.MONITORING, bullet_list(o.monitoring), id="monitoring")
            yield _section(sections.WHY, self._why(o), id="why-pathway")
            if o.evidence_limits:
                yield _section(sections.LIMITS, bullet_list(o.evidence_limits), id="limits")
            yield _section(sections.SOURCE, self._source(), id="source")
            disc = meta().disclaimer
            yield _section(sections.DISCLAIMER, bullet_list([as_item(disc)]), id="disclaimer")
            self._note = editable(session.clinician_note)  # ESC from a file shown as \x1b
            note = TextArea(self._note.shown, id="clinician-note", soft_wrap=True)
            note.border_title = f"{sections.CLINICIAN}: agreement, or override and its reason"
            yield note
            problem = Static(Text(""), id="note-problem")
            problem.display = False
            yield problem
        yield AppFooter()

    def on_mount(self) -> None:
        if self._reopened:
            cnsnet_app(self.app).show_next()  # the question now pending, in place of this
            return
        self.query_one("#result", VerticalScroll).focus()

    # -- content -----------------------------------------------------------------------
    def _headline(self, o: Outcome) -> Text:
        t = self._status_line(o)
        t.append("\n")
        t.append(o.title, style="bold")
        t.append(f"\n{o.pathway} · decided by row {o.row}", style="dim")
        return t

    @staticmethod
    def _status_line(o: Outcome) -> Text:
        """Status, grade and whether review is required: one line, read at a glance."""
        t = badge(o.status)
        t.append("  ")
        grade = f"grade {o.grade} ({meta().grading.brief})" if o.grade else "grade not known"
        t.append(f" {grade} ", style="bold reverse")
        t.append("  ")
        if not o.review_assessed:
            t.append(f"review {wording().review_out_of_scope}", style="dim")
        elif o.review_required:
            t.append(" REVIEW REQUIRED ", style="bold white on red")
        else:
            t.append("no review required", style="dim")
        return t

    def _review_banner(self, o: Outcome) -> Text:
        t = Text("Why review: ", style="bold red")
        said = wording()
        why = said.review_mdt if o.status == "mdt-review" else said.review_flag
        titles = "; ".join(f.title for f in o.flags if f.review)
        t.append(why + (f": {titles}" if titles else ""), style="bold")
        return t

    def _flags(self, o: Outcome) -> Text:
        t = Text()
        for f in o.flags:
            if t:
                t.append("\n")
            t.append(f"⚑ {f.title}", style="bold")
            t.append("" if f.review else "  (informational)", style="dim")
            if f.origin == "source":
                t.append(f"\n  “{f.text}”")
            else:
                t.append(f"\n  {f.text}")
                marked(t)
            t.append_text(refs(f.source))
        return t

    def _options(self, o: Outcome) -> RenderableType:
        if not o.considered:
            return bullet_list([no_options(o.pathway, o.status)])
        return _option_list(o.considered)

    def _source(self) -> Text:
        m = meta()
        t = Text()
        t.append(f"“{m.source_title}”", style="bold")
        t.append(f", last updated {m.source_updated.isoformat()}  ({m.source_file})\n")
        t.append(m.source_status)
        marked(t)
        note = as_item(m.references_note)
        marked(t.append(f"\n{note.text}"))
        t.append_text(refs(note.source))
        for r in m.references:
            t.append(f"\n  ref {r.n}  ", style="bold")
            t.append(f"“{r.title}”")
            t.append_text(refs(r.source))
        return t

    def _what_if(self, o: Outcome) -> Text:
        t = Text()
        for result, pathway in o.what_if.items():
            if t:
                t.append("\n")
            t.append(f"{result:<10}", style="bold")
            t.append(f"→ {pathway_title(pathway)}  ")
            t.append(pathway, style="dim")
        return t

    def _why(self, o: Outcome) -> Group:
        answers = Table.grid(padding=(0, 2))
        answers.add_column(style="bold", no_wrap=True)
        answers.add_column()  # long answers wrap in their own column
        for step in o.trace:
            label = by_id()[step.question].label
            shown = Text(step.display)
            if step.note:
                marked(shown.append(f"  ({step.note})", style="dim"), " ")
            answers.add_row(Text(label), shown)
        t = Text()
        t.append(f"\nDecided by row {o.row}: ", style="bold")
        t.append(o.row_text)
        t.append(" (first matching row of the decision table; m shows the map)", style="dim")
        return Group(answers, t)

    # -- search (`/` finds, `n` goes to the next place while a search is on) --------------
    _term: str = ""
    _hits: tuple[Hit, ...] = ()
    _at: int = -1

    def action_search(self) -> None:
        from tui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen(self._term, self._searched))

    def _searched(self, term: str | None) -> None:
        """The find dialog's answer, given as it goes (before any key typed after it)."""
        from tui.render.find import find

        if not term:
            self.refresh_bindings()
            return
        self._term = term
        self._hits = tuple(find(self._sections(), term))
        self._at = -1
        if not self._hits:
            self.notify(f"“{term}” is not on this screen.", markup=False)
            self._term = ""
            self.refresh_bindings()
            return
        self.refresh_bindings()
        self._next_hit()

    def _sections(self) -> list[Static]:
        """What a find looks through: the result's text, top to bottom."""
        return list(self.query("#result Static").results(Static))

    def _next_hit(self) -> None:
        self._at = (self._at + 1) % len(self._hits)
        self._show_hit()
        self.notify(
            f"“{self._term}”: {self._at + 1} of {len(self._hits)} · n next · escape ends",
            markup=False,
            timeout=3,
        )

    def _show_hit(self) -> None:
        """Mark the match the search is at and scroll it into view."""
        hit = self._hits[self._at]
        self._unmark()
        hit.widget.add_class("search-hit")
        box = self.query_one("#result", VerticalScroll)
        top = hit.widget.virtual_region.y + hit.widget.gutter.top + hit.line
        box.scroll_to(y=max(0, top - 2), animate=False)

    def on_resize(self) -> None:
        if self._term:  # the lines wrap anew: find them again, and stay at the same match
            self.call_after_refresh(self._find_again)

    def _find_again(self) -> None:
        """Find the text again at this width and stay where the search was. The search
        stays on when the text is nowhere now (a line break inside it): `n` says so."""
        from tui.render.find import find, same_place

        if not self._term:
            return
        widgets = self._sections()
        hits = tuple(find(widgets, self._term))
        self._at = same_place(self._hits, self._at, hits, widgets)
        self._hits = hits
        if hits:
            self._show_hit()
            return
        self._unmark()
        self._not_found_here()

    def _not_found_here(self) -> None:
        self.notify(
            f"“{self._term}” is not on one line at this width · escape ends the search",
            markup=False,
            timeout=5,
        )

    def action_next_hit(self) -> None:
        if self._hits:
            self._next_hit()
        else:
            self._not_found_here()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`n` is "next match" while a search is on (escape ends it), else a new session."""
        if action == "next_hit":
            return bool(self._term)
        return True

    def _unmark(self) -> None:
        """No match marked (the one marked, if any, was the search's)."""
        for w in self.query(".search-hit"):
            w.remove_class("search-hit")

    def _end_search(self) -> bool:
        if not self._term:
            return False
        self._term, self._hits, self._at = "", (), -1
        self._unmark()
        self.refresh_bindings()
        return True

    # -- events ------------------------------------------------------------------------
    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        # the note as typed: an escape shown for a character read from a file is that
        # character again, not its letters (issue 9, item 18)
        self._note = edited(self._note, event.text_area.text)
        problem = cnsnet_app(self.app).set_clinician_note(self._note.raw)
        shown = self.query_one("#note-problem", Static)
        shown.update(Text(f"✗ {problem}", style="bold") if problem else Text(""))
        shown.display = bool(problem)

    def action_back(self) -> None:
        if self._end_search():
            return
        focused = self.focused
        if isinstance(focused, TextArea):
            self.query_one("#result", VerticalScroll).focus()
            return
        prev = cnsnet_app(self.app).previous_question(None)
        if prev:
            cnsnet_app(self.app).show_question(prev)
