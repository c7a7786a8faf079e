"""Input tomllib is slow or fails on is refused before it is parsed (issue 9, items 8, 12, 13)."""

from __future__ import annotations

import pytest

from engine.reader import MAX_KEY, InputError, session_from_bytes
from tests.cli.test_cli import COMPLETE
from tui.cli import main


@pytest.mark.parametrize("size", [80_000, 400_000])
def test_a_huge_dotted_key_is_refused_before_parsing(size: int):
    # tomllib took 32 s and 9 GB for 80 KB, and raised MemoryError for 400 KB
    text = "a" + ".a" * (size // 2) + " = 1\n"
    with pytest.raises(InputError, match="characters is over the limit"):
        session_from_bytes(text.encode())


def test_a_huge_table_header_is_refused():
    text = "[" + "a." * 40_000 + "a]\n"
    with pytest.raises(InputError, match="over the limit"):
        session_from_bytes(text.encode())


def test_a_huge_key_is_exit_2_and_one_line(tmp_path, capsys):
    p = tmp_path / "session-x.toml"
    p.write_text("[answers]\n" + "k." * 40_000 + "k = 1\n", encoding="utf-8")
    assert main(["decide", str(p)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "over the limit" in err


def test_a_long_note_is_still_read():
    note = "x = y " * 1500  # a long line of text holding '=' is not a key
    text = COMPLETE.replace("[answers]", f"[answers]\n# {note}\n")
    assert session_from_bytes(text.encode()).answers["ki67"] == 8.5
    assert len(note) > MAX_KEY


def test_a_byte_order_mark_is_accepted():
    s = session_from_bytes(b"\xef\xbb\xbf" + COMPLETE.encode())
    assert s.answers["ki67"] == 8.5
