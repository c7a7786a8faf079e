"""A broken data file fails with a message naming the file, the key and the problem."""

from __future__ import annotations

import pytest

from questions.load import BANK_FILE, CONTENT_FILE, DataFileError, load_file
from questions.models import Bank, Content


def broken(tmp_path, src, old, new):
    text = src.read_text(encoding="utf-8")
    assert old in text
    p = tmp_path / src.name
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return p


def test_shipped_data_loads():
    assert len(load_file(BANK_FILE, Bank).questions) == 14
    assert len(load_file(CONTENT_FILE, Content).rows) == 20
    assert len(load_file(BANK_FILE, Bank, trust_stamp=False).questions) == 14


@pytest.mark.parametrize(
    ("src", "model", "old", "new", "needles"),
    [
        (BANK_FILE, Bank, 'kind = "number"', 'kind = "numbr"', ["questions.2.kind", "'choice'"]),
        (BANK_FILE, Bank, 'source = ["S:31"]', 'source = ["line 31"]', ["source", "S:NN"]),
        (BANK_FILE, Bank, 'id = "histology"', 'id = "scope"', ["question ids repeat"]),
        (
            BANK_FILE,
            Bank,
            'asked_when = "always"',
            'askedwhen = "always"',
            ["questions.0.asked_when", "required"],
        ),
        (CONTENT_FILE, Content, 'agent = "lanreotide"', 'agent = "lanreotid"', ["lanreotid"]),
        (CONTENT_FILE, Content, 'role = "alternative"', 'role = "maybe"', ["role"]),
        (CONTENT_FILE, Content, "[meta]", "[meta", ["not valid TOML"]),
    ],
)
def test_broken_file_names_file_key_and_problem(tmp_path, src, model, old, new, needles):
    path = broken(tmp_path, src, old, new)
    with pytest.raises(DataFileError) as e:
        load_file(path, model)
    message = str(e.value)
    assert message.startswith(str(path)) and "\n" not in message
    for needle in needles:
        assert needle in message


def test_missing_file(tmp_path):
    with pytest.raises(DataFileError, match="cannot read"):
        load_file(tmp_path / "bank.toml", Bank)


def test_recorded_hashes_are_the_shipped_files():
    """Edit bank.toml or outcomes.toml, then run `python -m questions.stamp`."""
    import hashlib

    from questions.load import validated_stamps

    stamps = validated_stamps()
    for path in (BANK_FILE, CONTENT_FILE):
        assert stamps.get(path.name) == hashlib.sha256(path.read_bytes()).hexdigest(), (
            f"{path.name} changed since it was validated: run `python -m questions.stamp`"
        )


@pytest.mark.parametrize(("src", "model"), [(BANK_FILE, Bank), (CONTENT_FILE, Content)])
def test_the_fast_build_equals_pydantic_validation(src, model):
    import dataclasses

    fast = load_file(src, model)
    validated = load_file(src, model, trust_stamp=False)
    assert type(fast) is type(validated) is model
    assert dataclasses.asdict(fast) == dataclasses.asdict(validated)


def test_a_changed_file_is_validated_not_trusted(tmp_path):
    path = broken(tmp_path, BANK_FILE, 'kind = "number"', 'kind = "numbr"')
    path.rename(tmp_path / "bank.toml")  # same name as a stamped file, other bytes
    with pytest.raises(DataFileError, match="kind"):
        load_file(tmp_path / "bank.toml", Bank)


def test_the_bank_states_the_ki67_range_the_engine_checks():
    """bank.toml's min, max and unit for Ki-67 are the range engine/ki67.py refuses outside
    of: the data cannot say one range while the program checks another."""
    from engine.answers import by_id
    from engine.ki67 import HIGHEST, LOWEST, format_ki67

    q = by_id()["ki67"]
    assert (q.min, q.max) == (LOWEST, HIGHEST)
    assert format_ki67(HIGHEST).endswith(q.unit)
