import pytest

from engine.ki67 import Ki67Error, format_ki67, parse_ki67


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12.0),
        ("12.5", 12.5),
        ("12.", 12.0),  # a trailing point (issue 10, item 11)
        ("12. %", 12.0),
        ("12.5", 12.5),
        ("12.", 12.0),  # a trailing point (issue 10, item 11)
        ("12. %", 12.0),
        ("12,25", 12.25),
        ("1,5%", 1.5),
        ("12%", 12.0),
        (" 12,5 % ", 12.5),
        ("0", 0.0),
        ("100", 100.0),
        ("100.0", 100.0),
        (".5", 0.5),
        ("unknown", "unknown"),
        ("Unknown", "unknown"),
    ],
)
def test_accepted(text, value):
    assert parse_ki67(text) == value


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("abc", "not a number"),
        ("twelve", "not a number"),
        ("-1", "below 0"),
        ("-0.5", "below 0"),
        ("101", "over 100"),
        ("100.01", "over 100"),
        ("nan", "not a finite number"),
        ("NaN", "not a finite number"),
        ("inf", "not a finite number"),
        ("-Infinity", "not a finite number"),
        ("1e1", "exponent"),
        ("1E-2", "exponent"),
        ("10-15", "range"),
        ("10 - 15 %", "range"),
        ("10–15", "range"),
        ("12,5,1", "not a number"),
        ("12.5.1", "not a number"),
        ("１２", "not a number"),
        ("0x10", "not a number"),
        ("12 %%", "not a number"),
        ("1,000", "ambiguous"),
        ("12,500", "ambiguous"),
        ("<1%", "bound"),
        ("> 55", "bound"),
        ("≤10", "bound"),
    ],
)
def test_refused_with_reason(text, reason):
    with pytest.raises(Ki67Error) as e:
        parse_ki67(text)
    assert reason in e.value.reason
    assert "accepted:" in str(e.value) and "0 to 100" in str(e.value)


def test_format():
    assert format_ki67(8.5) == "8.5 %"
    assert format_ki67(12.0) == "12 %"
    assert format_ki67(54.99) == "54.99 %"
    assert format_ki67("unknown") == "unknown"


def test_format_never_rounds_a_value_onto_a_cutoff():
    assert format_ki67(20.00000000000001) == "20.00000000000001 %"
    assert format_ki67(54.999999999999) == "54.999999999999 %"
