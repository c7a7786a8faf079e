"""The decision map: the decision table as a tree, the branch and row this case took lit."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from engine.reference import MapRow, decision_map
from tui.access import cnsnet_app
from tui.widgets.footer import AppFooter
from tui.widgets.header import AppHeader
from tui.widgets.in_order import OnTopOnly


def map_row(row: MapRow, lit: bool, width: int | None) -> Table:
    """One row of the table: marker, number, pathway, and its condition wrapping under
    itself (rows wrap rather than being cut at the screen's edge). With no `width` (a
    narrow terminal) the pathway goes on a line of its own under the condition."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, width=4)
    if width is not None:
        grid.add_column(style="bold", width=width)
        grid.add_column(ratio=1)
        grid.add_row(Text(f"{'●' if lit else ' '}{row.number:>3}"), row.pathway, row.when)
    else:
        grid.add_column(ratio=1)
        body = Text(row.when)
        body.append(f"\n→ {row.pathway}", style="bold")
        grid.add_row(Text(f"{'●' if lit else ' '}{row.number:>3}"), body)
    if lit:
        grid.rows[0].style = "reverse"
    return grid


class DecisionMapScreen(OnTopOnly, Screen[None]):
    """Every row of the table, grouped; first match wins, top to bottom."""

    CSS_PATH = "decision_map.tcss"
    HELP = (
        "The decision table, grouped. Rows are tried top to bottom and the first that holds "
        "decides. The group and row this case took are lit. The arrows move; the row under "
        "the cursor is shown in full below the table."
    )
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Back")]

    def compose(self) -> ComposeResult:
        outcome = cnsnet_app(self.app).session.outcome()
        decided = outcome.row if outcome else None
        self._rows: dict[int, MapRow] = {}
        self._decided = decided
        groups = decision_map()
        self._width = width = self._pathway_width()
        options: list[Option] = []
        self._lit: int | None = None
        for group in groups:
            here = decided in {r.number for r in group.rows}
            label = Text(group.label, style="bold reverse" if here else "bold")
            options.append(Option(label, disabled=True))
            for row in group.rows:
                self._rows[row.number] = row
                if row.number == decided:
                    self._lit = len(options)
                options.append(
                    Option(map_row(row, row.number == decided, width), id=str(row.number))
                )
        yield AppHeader()
        with Vertical(id="map-box"):
            legend = Text()
            if decided and outcome is not None:
                legend.append(f"This case: ● row {decided}, {outcome.pathway}.", style="bold")
                legend.append(f" Rows 1-{decided - 1} did not hold." if decided > 1 else "")
            else:
                legend.append("This case has not reached a row yet.", style="bold")
            legend.append(" Rows are tried top to bottom; the first that holds decides.")
            yield Static(legend, id="legend")
            yield OptionList(*options, id="map")
            yield Static(Text(""), id="row-detail", classes="section")
        yield AppFooter()

    def on_mount(self) -> None:
        rows = self.query_one("#map", OptionList)
        rows.focus()
        rows.highlighted = self._lit if self._lit is not None else 1
        self.call_after_refresh(rows.scroll_to_highlight)

    def _pathway_width(self) -> int | None:
        """The pathway column's width, or None where the terminal is too narrow for it."""
        longest = max(len(r.pathway) for g in decision_map() for r in g.rows)
        return longest if longest <= (self.app.size.width - 16) // 2 else None

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """As on a terminal opened at this size: rows laid out for its width, the
        highlighted row in view (nothing to fit on a screen taken down meanwhile)."""
        rows = next(self.query("#map").results(OptionList), None)
        if rows is None:
            return
        width = self._pathway_width()
        if width != self._width:
            self._width = width
            for index in range(rows.option_count):
                number = rows.get_option_at_index(index).id
                if number is not None:
                    row = self._rows[int(number)]
                    lit = row.number == self._decided
                    rows.replace_option_prompt_at_index(index, map_row(row, lit, self._width))
        # from the top, as when the map opens: the same rows in view as at this size then
        rows.scroll_to(y=0, animate=False, immediate=True)
        rows.scroll_to_highlight()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Show the whole row under the list, with the pathway's title."""
        detail = self.query_one("#row-detail", Static)
        row = self._rows.get(int(event.option.id)) if event.option.id else None
        if row is None:
            detail.update(Text("Move to a row to read it in full.", style="dim"))
            return
        t = Text()
        t.append(f"Row {row.number}: ", style="bold")
        t.append(f"{row.when}  →  ")
        t.append(row.title, style="bold")
        t.append(f"  {row.pathway}", style="dim")
        detail.update(t)

    def action_close(self) -> None:
        self.pop_if_on_top()
