"""What `cnsnet decide` and `show` write to a terminal (issue 9, items 9 and 13), run as a
process: no C1 control, bidi control or invisible character reaches stdout raw."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib

import pytest

from tests.cli.test_cli import COMPLETE
from tests.conftest import ROOT

# CSI, RLO, NEL, LS, PS, ESC, RLM, RLI, zero-width space, ALM, BOM, a tag character
HOSTILE = "\\u009b31m\\u202eevil\\u0085\\u2028\\u2029\\u001b]0;x\\u0007\\u200f\\u2067"
HOSTILE += "\\u200b\\u061c\\ufeff\\U000e0041"
RAW = ["\x9b", "\u202e", "\x85", "\u2028", "\u2029", "\x1b", "\x07", "\u200f", "\u2067"]
RAW += ["\u200b", "\u061c", "\ufeff", "\U000e0041"]


def _cnsnet(*args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = "import sys; from tui.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, env=env)


@pytest.fixture
def hostile_session(write_toml):
    out = _cnsnet("decide", str(write_toml(COMPLETE))).stdout.decode()
    out = out.replace('case_label = ""', f'case_label = "label {HOSTILE}"')
    out += f'\n[clinician]\nnote = "note {HOSTILE}\\nline two {HOSTILE}"\n'
    out += '\n[[discarded]]\nquestion = "colour"\nanswer = "blue ' + HOSTILE + '"\n'
    out += f'reason = "gone {HOSTILE}"\n'
    return write_toml(out, "hostile.toml")


def test_decide_writes_no_raw_control_or_bidi_character(hostile_session):
    r = _cnsnet("decide", str(hostile_session))
    assert r.returncode == 0, r.stderr
    text = r.stdout.decode("utf-8")
    assert [ch for ch in RAW if ch in text] == []
    assert "\\u009b31m\\u202eevil" in text and "\\U000e0041" in text  # shown as escapes
    doc = tomllib.loads(text)  # and read back as the characters they stand for
    assert doc["clinician"]["note"].startswith("note \x9b31m\u202eevil\x85")
    assert doc["session"]["case_label"].startswith("label \x9b31m\u202eevil")
    assert doc["discarded"][0]["answer"].startswith("blue \x9b")


def test_decide_output_decided_again_is_the_same(hostile_session, write_toml):
    first = _cnsnet("decide", str(hostile_session)).stdout
    second = _cnsnet("decide", str(write_toml(first.decode(), "again.toml"))).stdout
    assert first == second


def test_show_writes_no_raw_control_or_bidi_character(hostile_session):
    for brief in ([], ["--brief"]):
        r = _cnsnet("show", str(hostile_session), *brief)
        assert r.returncode == 0, r.stderr
        assert r.stdout.isascii()  # the notes are ASCII: every such character an escape
        assert "\\x9b31m\\u202eevil" in r.stdout.decode()


@pytest.mark.parametrize("value", ["5e-324", "12.345", "1e-7"])
def test_a_ki67_no_report_writes_is_exit_2_and_one_line(write_toml, value):
    r = _cnsnet("decide", str(write_toml(COMPLETE.replace("8.5", value))))
    err = r.stderr.decode()
    assert r.returncode == 2 and r.stdout == b"" and len(err.strip().splitlines()) == 1
    assert "answers.ki67" in err and "more than 2 decimals" in err and "accepted:" in err


def test_a_ki67_of_minus_zero_shows_as_0(write_toml):
    r = _cnsnet("show", str(write_toml(COMPLETE.replace("8.5", "-0.0"))))
    assert r.returncode == 0 and b"- Ki-67: 0 %" in r.stdout
    assert b"-0 %" not in r.stdout
