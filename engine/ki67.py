"""Ki-67 input: parsing what a clinician types, the cut-offs, grade labels and bands.

Cut-offs (pathway.md, "Grades and cut-offs"): G1 < 3; G2 3-20 inclusive; G3 > 20.
Branches: low x < 10 · high G2 10 <= x <= 20 · G3 x > 20, split at 55 (55 itself is high).
"""

from __future__ import annotations

import math
import re
from typing import Final, Literal

UNKNOWN: Final = "unknown"
G1_BELOW = 3.0
LOW_BELOW = 10.0
G2_UPTO = 20.0
HIGH_FROM = 55.0
# How near the 3 % and 10 % lines a value is flagged as near (pathway.md, ki67-boundary:
# 2.5 <= x <= 3.5 and 9.5 <= x <= 10.5). Exact in floats: x - 10 has no rounding error for
# any x from 5 to 20 (and x - 3 from 1.5 to 6).
NEAR = 0.5

# No pathology report gives a Ki-67 index to more than two decimals: a value with more is
# refused rather than rounded, so that nothing typed is silently changed (issue 9, item 13).
DECIMALS = 2
# The range a Ki-67 index can take; bank.toml states it too (min, max, unit), and a test holds
# the two the same.
LOWEST, HIGHEST = 0.0, 100.0
BELOW_LOWEST, OVER_HIGHEST = f"is below {LOWEST:g}", f"is over {HIGHEST:g}"  # the two refusals
ACCEPTED = (
    f'a single number from {LOWEST:g} to {HIGHEST:g} (e.g. 12, 12.5, 12,5 or 12 %), or "unknown"'
)

_NUMBER = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)  # "12." is 12
_RANGE = re.compile(
    r"[0-9]+(?:[.,][0-9]+)?\s*%?\s*(?:-|–|—|to)\s*[0-9]+(?:[.,][0-9]+)?\s*%?", re.ASCII
)
_THOUSANDS = re.compile(r"[0-9]{1,3},[0-9]{3}", re.ASCII)
_EXPONENT = re.compile(r"[+-]?[0-9.]+[eE][+-]?[0-9]+", re.ASCII)
_NOT_FINITE = {"nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}

Ki67 = float | Literal["unknown"]


class Ki67Error(ValueError):
    """A Ki-67 entry that is refused; `reason` says why, and what is accepted."""

    def __init__(self, given: str, reason: str) -> None:
        self.given = given
        self.reason = reason
        super().__init__(f"Ki-67: {given!r} {reason}; accepted: {ACCEPTED}")


def parse_ki67(text: str) -> Ki67:
    """Read a typed Ki-67 value: `12`, `12.5`, `12,5` (12.5), `12 %`, or `unknown`."""
    s = text.strip()
    if not s:
        raise Ki67Error(text, "is empty")
    if s.lower() == UNKNOWN:
        return UNKNOWN
    if _RANGE.fullmatch(s):
        raise Ki67Error(text, "is a range: enter the single hotspot value")
    body = s[:-1].rstrip() if s.endswith("%") else s
    if body and body[0] in "<>≤≥~":
        raise Ki67Error(text, "is a bound, not a value: enter the reported hotspot value")
    if _THOUSANDS.fullmatch(body):
        raise Ki67Error(text, "is ambiguous (a comma before three digits): write it with a point")
    if body.count(",") == 1 and "." not in body:
        body = body.replace(",", ".")
    if body.lower() in _NOT_FINITE:
        raise Ki67Error(text, "is not a finite number")
    if _EXPONENT.fullmatch(body):
        raise Ki67Error(text, "uses exponent notation: write the plain number")
    if body.startswith("-") and _NUMBER.fullmatch(body[1:].strip()):
        if float(body[1:]) == 0:  # "-0" is 0, however written
            return check_range(0.0, text)
        raise Ki67Error(text, BELOW_LOWEST)
    if not _NUMBER.fullmatch(body):
        raise Ki67Error(text, "is not a number")
    return check_range(float(body), text)


def check_range(value: float, given: str) -> float:
    """Refuse values that are not finite, lie outside LOWEST-HIGHEST (0-100) inclusive or
    have more than two decimals (`5e-324`, `12.345`); -0 is 0. Typed and file values alike
    come through here."""
    if not math.isfinite(value):
        raise Ki67Error(given, "is not a finite number")
    if value < LOWEST:
        raise Ki67Error(given, BELOW_LOWEST)
    if value > HIGHEST:
        raise Ki67Error(given, OVER_HIGHEST)
    if round(value, DECIMALS) != value:
        raise Ki67Error(
            given,
            f"has more than {DECIMALS} decimals: enter the value as the report gives it, "
            f"to at most {DECIMALS}",
        )
    return value + 0.0  # -0.0 becomes 0.0


def format_ki67(value: Ki67) -> str:
    """`8.5 %`, `12 %`, or `unknown`."""
    if isinstance(value, str):
        return UNKNOWN
    text = repr(float(value) + 0.0)  # -0.0 reads 0; exact: 20.00000000000001 must not read as 20
    return f"{text.removesuffix('.0')} %"


def grade_label(histology: str | None, ki67: Ki67 | None) -> str:
    """WHO grade label: NEC whatever its Ki-67; G1/G2/G3 by Ki-67; empty while unknown."""
    if histology == "poorly_differentiated":
        return "NEC"
    if histology != "well_differentiated" or ki67 is None or isinstance(ki67, str):
        return ""
    if ki67 < G1_BELOW:
        return "G1"
    return "G2" if ki67 <= G2_UPTO else "G3"


def boundary_variant(ki67: Ki67 | None, after_chemo: bool = False) -> str | None:
    """Which side of a cut-off a value at or near it was read as, or None if not near one.

    The 3 % line (WHO G1/G2) decides only after chemotherapy failure (rows 19/20), so a
    value near it is flagged only there.
    """
    if ki67 is None or isinstance(ki67, str):
        return None
    if after_chemo and abs(ki67 - G1_BELOW) <= NEAR:
        return "near_3_below" if ki67 < G1_BELOW else "near_3_above"
    if abs(ki67 - LOW_BELOW) <= NEAR:
        return "near_10_below" if ki67 < LOW_BELOW else "near_10_above"
    if ki67 == G2_UPTO:
        return "at_20"
    if ki67 == HIGH_FROM:
        return "at_55"
    return None


# The bands that the walk and the table can tell apart, once: (upper bound, whether the bound
# belongs to the band, one value inside it). Any Ki-67 value asks the same questions and
# reaches the same row as its band's representative.
_BANDS: tuple[tuple[float, bool, float], ...] = (
    (G1_BELOW, False, 1.0),  # x < 3 (WHO G1)
    (LOW_BELOW, False, 5.0),  # 3 <= x < 10
    (G2_UPTO, True, 15.0),  # 10 <= x <= 20
    (HIGH_FROM, False, 30.0),  # 20 < x < 55
    (math.inf, True, 70.0),  # x >= 55
)
BAND_REPRESENTATIVES: tuple[float, ...] = tuple(rep for _, _, rep in _BANDS)


def representative(ki67: Ki67) -> Ki67:
    """The band representative of a value (unknown stays unknown)."""
    if isinstance(ki67, str):
        return UNKNOWN
    return next(rep for upper, closed, rep in _BANDS if ki67 < upper or (closed and ki67 == upper))


def as_ki67(value: str | float) -> Ki67:
    """A stored answer as a Ki-67 value: a number, or unknown."""
    if isinstance(value, float | int):
        return float(value)
    if value == UNKNOWN:
        return UNKNOWN
    raise ValueError(f"not a Ki-67 value: {value!r}")
