"""Text and numbers (issue 9, items 9, 13, 14, 18): control and invisible characters never
reach a terminal raw, are never lost or changed in a file, and Ki-67 values are ones a
pathology report writes."""

from __future__ import annotations

import tomllib
import unicodedata

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from engine.answers import AnswerError, display, normalize
from engine.autosave import autosave, autosave_path
from engine.ki67 import Ki67Error, format_ki67, parse_ki67
from engine.note import WIDTH, build_brief, build_note
from engine.reader import InputError, read_session, session_from_bytes, session_from_document
from engine.session import Discarded, Session
from engine.summary import dumps
from engine.text import visible
from tests.cli.test_cli import COMPLETE

# Every character that shows nothing or acts on the terminal or the text's direction
INVISIBLE = [
    chr(c)
    for c in range(0x110000)
    if unicodedata.category(chr(c)) in ("Cc", "Cf", "Zl", "Zp") and chr(c) not in "\t\n"
]
# What the hostile test named: CSI, RLO, NEL, LS, PS, ESC, bidi marks and isolates,
# zero-width space, Arabic letter mark, byte-order mark, tag characters
NAMED = "\x9b\u202e\x85\u2028\u2029\x1b\u200f\u2067\u200b\u061c\ufeff\U000e0041\U000e007f"
HOSTILE = f"a{NAMED}b 中文 ｗｉｄｅ e\u0301 👨\u200d👩\u200d👧"


def _raw_controls(text: str) -> list[str]:
    return [ch for ch in text if ch in INVISIBLE or ch in "\U000e0000\U000e0002"]


def _complete(label: str = "", note: str = "") -> Session:
    s = Session(case_label=label, clinician_note=note)
    s.load_answers(tomllib.loads(COMPLETE)["answers"])
    return s


# -- item 9: the TOML written (decide, export, autosave) -------------------------------------


def test_every_invisible_character_is_made_visible():
    assert visible("".join(INVISIBLE)).isascii()
    assert _raw_controls(visible("".join(INVISIBLE))) == []
    assert visible("\U000e0041") == "\\U000e0041" and visible("\x9b") == "\\x9b"
    assert visible("a\tb\nc") == "a\tb\nc"  # the note keeps its tabs and lines
    assert visible("中文 é 👨\u200d👩") == "中文 é 👨\\u200d👩"


def test_the_summary_has_no_raw_control_and_reads_back_the_same():
    s = _complete(HOSTILE, f"{HOSTILE}\nsecond line {NAMED}")
    s.discarded.append(Discarded("colour", f"blue{NAMED}", f"gone{NAMED}", s.started))
    text = dumps(s)
    assert _raw_controls(text) == []
    assert "\\u009b" in text and "\\u202e" in text and "\\U000e0041" in text
    again = session_from_document(tomllib.loads(text))
    assert again.case_label == s.case_label and again.clinician_note == s.clinician_note
    assert again.discarded[0].answer == f"blue{NAMED}"
    assert again.discarded[0].reason == f"gone{NAMED}"
    assert dumps(again) == text


def test_the_autosave_on_disk_has_no_raw_control(tmp_path, monkeypatch):
    monkeypatch.setenv("CNSNET_STATE_DIR", str(tmp_path))
    s = _complete(HOSTILE, HOSTILE)
    autosave(s)
    raw = autosave_path(s.id).read_text(encoding="utf-8")
    assert _raw_controls(raw) == []
    assert read_session(autosave_path(s.id)).clinician_note == HOSTILE


def test_a_note_of_10000_tag_characters_still_reads_back():
    note = "\U000e0041" * 10_000  # each written as a 10-letter escape on one line
    text = dumps(_complete(note=note))
    assert session_from_bytes(text.encode()).clinician_note == note


NO_CR = st.characters(exclude_characters="\r")  # tomli_w's multi-line strings keep CR raw,
# which TOML reads as a newline: the session turns CR into LF before it is written


@given(st.dictionaries(st.text(NO_CR, max_size=8), st.text(NO_CR, max_size=60), max_size=5))
@settings(max_examples=300, deadline=None)
def test_escaping_keeps_any_document_the_same(doc):
    from engine.text import toml_escaped

    for multiline in (False, True):
        text = toml_escaped(tomli_w.dumps(doc, multiline_strings=multiline))
        assert tomllib.loads(text) == doc
        assert _raw_controls(text) == []


# -- item 14: the notes, at most 80 columns, every invisible character shown -------------


@pytest.mark.parametrize(
    "text",
    [
        "中文" * 70,
        "\u200b" * 300,
        "\u200f\u061c\ufeff" * 60,
        "".join(map(chr, range(0xE0000, 0xE0080))),
        "e\u0301" * 120,
        "👨\u200d👩\u200d👧" * 40,
        "ｗｉｄｅ" * 50,
        HOSTILE * 6,
    ],
)
def test_notes_hold_80_columns_and_show_every_invisible_character(text):
    s = _complete(text[:200], f"{text}\n{text}")
    for build in (build_note, build_brief):
        note = build(s, s.outcome())
        assert max(cell_len(line) for line in note.splitlines()) <= WIDTH
        assert _raw_controls(note) == [] and note.isascii()


def test_the_app_labels_show_invisible_characters():
    # the header, the resume offer, the export dialog and `cnsnet sessions` show the label
    # through visible(..., one_line=True)
    shown = visible("ab\u200b\u200f\u061c\ufeff\U000e0041\u2028c", one_line=True)
    assert shown == "ab\\u200b\\u200f\\u061c\\ufeff\\U000e0041\\u2028c"


# -- item 18: a note made visible for editing is read back as what it stands for -----------


def test_an_edited_note_keeps_the_characters_its_escapes_stand_for():
    from engine.text import editable, edited

    before = editable("ok \x1b[42m end\u202e.")
    assert before.shown == "ok \\x1b[42m end\\u202e."
    after = edited(before, before.shown + " more")
    assert after.raw == "ok \x1b[42m end\u202e. more"
    assert edited(before, before.shown).raw == before.raw


@pytest.mark.parametrize(
    ("edit", "raw"),
    [
        (lambda t: "X" + t, "Xa\x1bb"),  # typed before
        (lambda t: t[:1] + "\\" + t[1:], "a\\\x1bb"),  # a backslash typed just before it
        (lambda t: t[:5] + "Z" + t[5:], "a\x1bZb"),  # typed just after it
        (lambda t: t[:1] + t[2:], "ax1bb"),  # its backslash deleted: the rest is letters
        (lambda t: t[:3] + t[4:], "a\\xbb"),  # a letter of it deleted
        (lambda t: t[:2] + "Q" + t[2:], "a\\Qx1bb"),  # typed into it
        (lambda t: t[:1] + t[5:], "ab"),  # deleted whole
        (lambda t: t + " \\x1b", "a\x1bb \\x1b"),  # a typed \x1b stays four letters
        (lambda t: "", ""),
    ],
)
def test_edits_next_to_and_into_an_escape(edit, raw):
    from engine.text import editable, edited

    before = editable("a\x1bb")
    assert before.shown == "a\\x1bb"
    after = edited(before, edit(before.shown))
    assert after.raw == raw
    # the editor's text stays what visible() makes of the stored text, but for typed escapes
    assert after.shown == edit(before.shown)


@given(st.text(alphabet="ab\\x1\x1b\u202e", max_size=12), st.data())
@settings(max_examples=500, deadline=None)
def test_any_single_edit_keeps_what_it_does_not_touch(raw, data):
    from engine.text import editable, edited

    before = editable(raw)
    n = len(before.shown)
    i = data.draw(st.integers(0, n))
    j = data.draw(st.integers(i, n))
    typed = data.draw(st.text(alphabet="ab1x", max_size=4))  # no escape can be typed
    after = edited(before, before.shown[:i] + typed + before.shown[j:])
    # escapes wholly before or after the edit are characters again; nothing is invented
    assert [ch for a, b, ch in before.marks if b <= i] == [ch for a, b, ch in after.marks if b <= i]
    assert len([m for m in before.marks if m[0] >= j]) <= len(after.marks)
    # the stored text, shown again, is what the editor shows
    assert editable(after.raw).shown == after.shown


# -- item 13: Ki-67 as a pathology report writes it ----------------------------------------


def test_minus_zero_is_zero():
    assert format_ki67(-0.0) == "0 %"
    assert str(normalize("ki67", -0.0)) == "0.0" and display("ki67", -0.0) == "0 %"
    assert str(parse_ki67("-0")) == "0.0" and str(parse_ki67("-0,0 %")) == "0.0"
    doc = tomllib.loads(COMPLETE.replace("8.5", "-0.0"))
    assert str(session_from_document(doc).answers["ki67"]) == "0.0"


@pytest.mark.parametrize("text", ["12.345", "0.001", "20.001", "0,1234", "9.995 %"])
def test_typed_values_with_more_than_two_decimals_are_refused_not_rounded(text):
    with pytest.raises(Ki67Error) as e:
        parse_ki67(text)
    assert "more than 2 decimals" in e.value.reason and "accepted:" in str(e.value)


@pytest.mark.parametrize("text", ["12.25", "12,5", "0.05", "100.00", "12.500"])
def test_two_decimals_or_fewer_are_taken_as_typed(text):
    assert parse_ki67(text) == float(text.replace(",", "."))


@pytest.mark.parametrize("value", ["5e-324", "1e-5", "20.000000000000004", "54.999"])
def test_file_values_no_report_writes_are_refused_with_field_given_and_accepted(value):
    with pytest.raises(InputError) as e:
        session_from_document(tomllib.loads(COMPLETE.replace("8.5", value)))
    msg = str(e.value)
    assert "answers.ki67" in msg and "more than 2 decimals" in msg and "accepted:" in msg
    with pytest.raises(AnswerError):
        normalize("ki67", float(value))


def test_no_ki67_display_uses_exponent_notation():
    for v in (0, 0.01, 0.1, 5, 99.99, 100):
        assert "e" not in format_ki67(normalize("ki67", v))


def test_a_note_over_the_limit_is_refused_and_the_note_kept():
    import pytest

    from engine.limits import MAX_NOTE, NoteTooLong
    from engine.session import Session

    s = Session(clinician_note="kept")
    with pytest.raises(NoteTooLong) as refused:
        s.set_clinician_note("y" * (MAX_NOTE + 1))
    assert str(refused.value).startswith(
        "clinician note: 10,001 characters is over the limit of 10,000; accepted: at most"
    )
    assert s.clinician_note == "kept"
    s.set_clinician_note("y" * MAX_NOTE)
    assert s.clinician_note == "y" * MAX_NOTE


def test_a_case_label_longer_than_a_saved_file_may_hold_is_refused_not_kept():
    """A saved session with a longer label cannot be read back: the session refuses it (the
    welcome screen's field holds no more), keeping the label it had."""
    import pytest

    from engine.limits import MAX_LABEL, LabelTooLong
    from engine.session import Session

    s = Session()
    s.set_case_label("b" * MAX_LABEL)
    with pytest.raises(LabelTooLong, match=f"case label: {MAX_LABEL + 1} characters"):
        s.set_case_label("a" * (MAX_LABEL + 1))
    assert s.case_label == "b" * MAX_LABEL
