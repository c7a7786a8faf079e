"""The decision map: the decision table as a tree, the branch and row this case took lit."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, Static, Tree

from engine.reference import MapRow, decision_map
from tui.widgets.footer import AppFooter


class DecisionMapScreen(Screen[None]):
    """Every row of the table, grouped; first match wins, top to bottom."""

    CSS_PATH = "decision_map.tcss"
    HELP = (
        "The decision table as a tree. Rows are tried top to bottom and the first that holds "
        "decides. The branch and row this case took are lit. Arrows move, enter or space "
        "opens a branch."
    )
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Back")]

    def compose(self) -> ComposeResult:
        outcome = self.app.session.outcome()  # type: ignore[attr-defined]
        decided = outcome.rule if outcome else None
        tree: Tree[int] = Tree(Text("Decision table: first matching row wins"), id="map")
        tree.root.expand()
        lit_node = None
        self._rows: dict[int, MapRow] = {}
        for group in decision_map():
            here = decided in {r.number for r in group.rows}
            label = Text(group.label, style="bold reverse" if here else "bold")
            node = tree.root.add(label, expand=here)
            for row in group.rows:
                here_row = row.number == decided
                t = Text()
                t.append("● " if here_row else "  ", style="bold")
                t.append(f"{row.number:>2}  ", style="dim")
                t.append(f"{row.pathway:<37}", style="bold")
                t.append(row.when)
                if here_row:
                    t.stylize("reverse")
                leaf = node.add_leaf(t, data=row.number)
                self._rows[row.number] = row
                if here_row:
                    lit_node = leaf
        self._lit = lit_node
        yield Header()
        with Vertical(id="map-box"):
            legend = Text()
            if decided:
                legend.append(f"This case: ● row {decided}, {outcome.pathway}.", style="bold")
                legend.append(f" Rows 1-{decided - 1} did not hold." if decided > 1 else "")
            else:
                legend.append("This case has not reached a row yet.", style="bold")
            yield Static(legend, id="legend")
            yield tree
            yield Static(Text(""), id="row-detail", classes="section")
        yield AppFooter()

    def on_mount(self) -> None:
        tree = self.query_one("#map", Tree)
        tree.focus()
        if self._lit is not None:
            tree.move_cursor(self._lit)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[int]) -> None:
        """Show the whole row, wrapped, under the tree: rows can be wider than the screen."""
        detail = self.query_one("#row-detail", Static)
        row = self._rows.get(event.node.data) if event.node.data is not None else None
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
        self.app.pop_screen()
