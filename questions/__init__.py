"""The question bank and outcome content of cnsnet, as TOML data validated on load."""

from questions.load import (
    DataFileError,
    bank,
    bank_sha256,
    content,
    line_numbers,
    source_lines,
    source_text,
)

__all__ = [
    "DataFileError",
    "bank",
    "bank_sha256",
    "content",
    "line_numbers",
    "source_lines",
    "source_text",
]
