"""Load the TOML data files once and validate them; a broken file names file, key and problem."""

from __future__ import annotations

import hashlib
import tomllib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from questions.models import Bank, Content

HERE = Path(__file__).parent
BANK_FILE = HERE / "bank.toml"
CONTENT_FILE = HERE / "outcomes.toml"
DATA_FILES = (BANK_FILE, CONTENT_FILE)  # the files validated.toml stamps, in this order
SOURCE_FILE = HERE / "source" / "000_ed36df8d8be193a5.txt"
STAMP_FILE = HERE / "validated.toml"

M = TypeVar("M")


class DataFileError(Exception):
    """A data file is missing, is not TOML, or does not fit its model."""


def load_file(path: Path, model: type[M], *, trust_stamp: bool = True) -> M:
    """Read `path` as TOML as a `model`; errors become one DataFileError line.

    A file whose SHA-256 is the one recorded in validated.toml (the test suite validated
    exactly those bytes) is built directly; any other is validated whole by pydantic.
    """
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise DataFileError(f"{path}: cannot read: {e.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise DataFileError(f"{path}: not valid TOML: {e}") from None
    if trust_stamp and matches_stamp(path, raw):
        from questions.build import build

        built: M = build(model, data)
        return built
    return validate(path, model, data)


def validate(path: Path, model: type[M], data: dict[str, Any]) -> M:
    """Validate parsed TOML whole against `model` with pydantic."""
    from pydantic import TypeAdapter, ValidationError

    try:
        return TypeAdapter(model).validate_python(data)
    except ValidationError as e:
        err = e.errors()[0]
        key = ".".join(str(p) for p in err["loc"]) or "(top level)"
        more = f" (and {e.error_count() - 1} more)" if e.error_count() > 1 else ""
        raise DataFileError(f"{path}: {key}: {err['msg']}{more}") from None


@cache
def validated_stamps() -> dict[str, str]:
    """File name -> SHA-256 of the data files the test suite validated."""
    try:
        stamps = tomllib.loads(STAMP_FILE.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    return {k: v for k, v in stamps.items() if isinstance(v, str)}


def matches_stamp(path: Path, raw: bytes) -> bool:
    """Whether `raw` is exactly what the test suite validated as this data file."""
    return validated_stamps().get(path.name) == hashlib.sha256(raw).hexdigest()


def write_stamps() -> str:
    """Validate the shipped data files with pydantic and record their SHA-256."""
    from questions.models import Bank, Content

    lines = ["# SHA-256 of the data files as validated by pydantic (python -m questions.stamp)."]
    for path, model in zip(DATA_FILES, (Bank, Content), strict=True):
        load_file(path, model, trust_stamp=False)
        lines.append(f'"{path.name}" = "{hashlib.sha256(path.read_bytes()).hexdigest()}"')
    text = "\n".join(lines) + "\n"
    STAMP_FILE.write_text(text, encoding="utf-8")
    return text


@cache
def bank() -> Bank:
    """The question bank, loaded once."""
    from questions.models import Bank

    return load_file(BANK_FILE, Bank)


@cache
def content() -> Content:
    """The outcome content, loaded once."""
    from questions.models import Content

    return load_file(CONTENT_FILE, Content)


@cache
def raw_meta() -> dict[str, Any]:
    """The `[meta]` table of the outcome content, read without validating the rest.

    For the first screen, which must paint before the content is validated; `content()`
    validates the same table with everything else.
    """
    try:
        meta = tomllib.loads(CONTENT_FILE.read_text(encoding="utf-8")).get("meta", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise DataFileError(f"{CONTENT_FILE}: cannot read: {e}") from None
    return meta if isinstance(meta, dict) else {}


@cache
def bank_sha256() -> str:
    """SHA-256 of the question bank file as loaded."""
    return hashlib.sha256(BANK_FILE.read_bytes()).hexdigest()


@cache
def source_lines() -> tuple[str, ...]:
    """The source article's lines (S:1 is index 0), as shipped with the data."""
    return tuple(SOURCE_FILE.read_text(encoding="utf-8").splitlines())


def line_numbers(ref: str) -> range:
    """The lines of a reference such as `S:31` or `S:42-43` (questions.models.ref_lines)."""
    from questions.models import ref_lines

    return ref_lines(ref)


def source_text(ref: str) -> str:
    """The text of a reference such as `S:31` or `S:42-43`, lines joined by spaces."""
    lines = source_lines()
    return " ".join(lines[n - 1].strip() for n in line_numbers(ref))
