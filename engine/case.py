"""A read-only view of a case's answers in the terms the pathway speaks: NET, NEC, Ki-67."""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.answers import Answers
from engine.ki67 import UNKNOWN, Ki67, as_ki67

if TYPE_CHECKING:
    from engine.table import Row


class Case:
    """The facts that the walk's conditions and the decision table read from the answers."""

    __slots__ = ("_row", "a")

    def __init__(self, answers: Answers) -> None:
        self.a = answers
        self._row: Row | None = None

    def row(self) -> Row:
        """The decision-table row these answers reach, computed once per set of answers.

        Call `forget()` after changing the answers the case reads.
        """
        if self._row is None:
            from engine.table import match

            self._row = match(self)
        return self._row

    def forget(self) -> None:
        self._row = None

    @property
    def scope(self) -> object:
        return self.a.get("scope")

    @property
    def histology(self) -> object:
        return self.a.get("histology")

    @property
    def net(self) -> bool:
        """Well-differentiated neuroendocrine tumour."""
        return self.a.get("histology") == "well_differentiated"

    @property
    def nec(self) -> bool:
        """Poorly differentiated neuroendocrine carcinoma."""
        return self.a.get("histology") == "poorly_differentiated"

    @property
    def confirmed(self) -> bool:
        return self.net or self.nec

    @property
    def ki_unknown(self) -> bool:
        return self.a.get("ki67") == UNKNOWN

    @property
    def ki(self) -> float:
        """Ki-67 as a number; only read where the walk guarantees one was given."""
        v = self.a.get("ki67")
        if not isinstance(v, float):
            raise LookupError("Ki-67 is not known for this case")
        return v

    @property
    def ki67(self) -> Ki67 | None:
        """Ki-67 as given (a number or unknown), or None while not asked."""
        v = self.a.get("ki67")
        return None if v is None else as_ki67(v)

    @property
    def ki_known(self) -> bool:
        return isinstance(self.a.get("ki67"), float)

    @property
    def sstr(self) -> object:
        """positive · negative · equivocal (from sstr_status), or not_done."""
        if self.a.get("sstr_imaging") == "not_done":
            return "not_done"
        return self.a.get("sstr_status")

    @property
    def setting(self) -> object:
        return self.a.get("setting")

    @property
    def first_line(self) -> bool:
        return self.a.get("setting") == "first_line"

    def yes(self, qid: str) -> bool:
        return self.a.get(qid) == "yes"

    def no(self, qid: str) -> bool:
        return self.a.get(qid) == "no"
