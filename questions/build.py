"""Build the data classes from parsed TOML without pydantic, for files already validated.

Used only when a data file is byte for byte the one the test suite validated (its SHA-256
is in questions/validated.toml): then the shapes are known to fit, and this builds the same
objects pydantic would, in a fraction of the time. A test checks that the two agree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin


@cache
def _hints(cls: type) -> tuple[tuple[str, Any], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def build(tp: Any, value: Any) -> Any:
    """`value` (from tomllib) as an instance of the type `tp` (a data class, tuple, ...)."""
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return tp(**{name: build(hint, value[name]) for name, hint in _hints(tp) if name in value})
    origin = get_origin(tp)
    if origin is tuple:
        (item, *_rest) = get_args(tp)
        return tuple(build(item, v) for v in value)
    if origin is dict:
        key, item = get_args(tp)
        return {build(key, k): build(item, v) for k, v in value.items()}
    if origin in (Union, types.UnionType):
        if value is None:
            return None
        return build(next(a for a in get_args(tp) if a is not type(None)), value)
    if origin is Literal or tp in (str, bool, dt.date):
        return value
    if tp is float:
        return float(value)
    if tp is int:
        return int(value)
    raise TypeError(f"cannot build {tp!r}")  # pragma: no cover - a new kind of field
