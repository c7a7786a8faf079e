"""`cnsnet decide`, `show`, `questions`, `--version`: exit statuses and one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from engine.version import __version__
from tests.conftest import ROOT
from tui.cli import main

COMPLETE = """
[answers]
scope = "primary_cns_net"
histology = "well_differentiated"
ki67 = 8.5
sstr_imaging = "ga68_pet"
sstr_status = "positive"
setting = "first_line"
debulking = "not_assessed"
special_population = "no"
cga_baseline = "measured"
"""


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_decide_complete_case(capsys, write_toml):
    code, out, err = run(capsys, "decide", str(write_toml(COMPLETE)))
    assert code == 0 and err == ""
    doc = tomllib.loads(out)
    assert doc["schema"] == "cnsnet.session/2"
    assert doc["outcome"]["pathway"] == "first-line-ssa"
    assert doc["outcome"]["grade"] == "G2"
    assert doc["session"]["source"] == "000_ed36df8d8be193a5.txt"
    assert len(doc["session"]["question_bank_sha256"]) == 64
    assert [a["question"] for a in doc["asked"]][:3] == ["scope", "histology", "ki67"]
    assert doc["note"]["text"].startswith("cnsnet")


def test_decide_reads_an_exported_session(capsys, write_toml):
    _, out, _ = run(capsys, "decide", str(write_toml(COMPLETE)))
    code, again, _ = run(capsys, "decide", str(write_toml(out, "exported.toml")))
    assert code == 0
    a, b = tomllib.loads(out), tomllib.loads(again)
    assert a["outcome"] == b["outcome"] and a["session"]["id"] == b["session"]["id"]


def test_incomplete_exits_3_with_pending(capsys, write_toml):
    text = COMPLETE.replace('setting = "first_line"\n', "")
    code, out, err = run(capsys, "decide", str(write_toml(text)))
    assert code == 3
    assert err.strip().splitlines()[-1] == "incomplete: next question is setting"
    doc = tomllib.loads(out)
    assert doc["pending"]["next_question"] == "setting" and "outcome" not in doc
    # answers given beyond the pending question are kept, not lost
    assert doc["pending"]["held_answers"]["debulking"] == "not_assessed"


def test_answer_off_the_path_is_ignored_with_one_warning(capsys, write_toml):
    code, out, err = run(
        capsys, "decide", str(write_toml(COMPLETE + 'favorable_features = "yes"\n'))
    )
    assert code == 0
    assert len(err.strip().splitlines()) == 1 and "favorable_features" in err
    doc = tomllib.loads(out)
    assert doc["discarded"][0]["question"] == "favorable_features"
    assert doc["discarded"][0]["reason"] == "not asked on this path"
    assert "favorable_features" not in doc["answers"]


def test_a_session_decide_wrote_is_decided_again_without_the_old_warning(capsys, write_toml):
    """The warning is for answers this file gave off the path, not for the `[[discarded]]`
    a session carries: `decide` on its own output warned again, every time."""
    code, first, err = run(
        capsys, "decide", str(write_toml(COMPLETE + 'favorable_features = "yes"\n'))
    )
    assert code == 0 and "favorable_features" in err
    code, again, err = run(capsys, "decide", str(write_toml(first)))
    assert code == 0 and err == ""
    doc = tomllib.loads(again)
    assert [d["question"] for d in doc["discarded"]] == ["favorable_features"]  # still listed


BAD = [
    ("unknown-key", COMPLETE + 'colour = "blue"\n', ["colour", "unknown question"]),
    (
        "unknown-choice",
        COMPLETE.replace('"positive"', '"strong"'),
        ["sstr_status", "'strong'", "positive"],
    ),
    ("ki67-over", COMPLETE.replace("8.5", "101"), ["ki67", "101", "over 100"]),
    ("ki67-negative", COMPLETE.replace("8.5", "-1"), ["ki67", "below 0"]),
    ("ki67-word", COMPLETE.replace("8.5", '"lots"'), ["ki67", "'lots'", "not a number"]),
    ("ki67-range", COMPLETE.replace("8.5", '"10-15"'), ["ki67", "range"]),
    ("ki67-bool", COMPLETE.replace("8.5", "true"), ["ki67", "not a number"]),
    ("not-toml", "this is = not [toml", ["not valid TOML"]),
    ("empty", "", ["empty file"]),
    ("no-answers", "[other]\nx = 1\n", ["no [answers] table"]),
    ("answers-not-table", "answers = 3\n", ["answers"]),
    ("random-bytes", bytes(range(256)) * 4, ["not UTF-8"]),
    ("deep", "x = " + "[" * 200 + "]" * 200 + "\n", ["nested deeper"]),
    ("deep-tables", "[answers]\n" + "[a" + ".a" * 50 + "]\nb = 1\n", ["nested deeper"]),
    ("bad-schema", 'schema = "cnsnet.session/9"\n[answers]\n', ["schema", "cnsnet.session/2"]),
    ("session-wrong-type", 'schema = "cnsnet.session/1"\nsession = 5\n[answers]\n', ["session"]),
]


@pytest.mark.parametrize(("text", "needles"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_exits_2_with_one_line(capsys, write_toml, text, needles):
    path = write_toml(text)
    code, out, err = run(capsys, "decide", str(path))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith(f"cnsnet: {path}: ")
    for needle in needles:
        assert needle in err
    code, out, err2 = run(capsys, "show", str(path))
    assert code == 2 and err2 == err


def test_missing_file_and_folder(capsys, tmp_path):
    code, _, err = run(capsys, "decide", str(tmp_path / "nope.toml"))
    assert code == 2 and "no such file" in err
    code, _, err = run(capsys, "decide", str(tmp_path))
    assert code == 2 and "not a regular file" in err


def test_file_over_1_mib(capsys, write_toml):
    code, _, err = run(capsys, "decide", str(write_toml("# " + "x" * (1024 * 1024) + "\n")))
    assert code == 2 and "1 MiB" in err


def test_show_prints_the_note_with_label_first(capsys, write_toml):
    _, out, _ = run(capsys, "decide", str(write_toml(COMPLETE)))
    out = out.replace('case_label = ""', 'case_label = "Board 3 [bold]x[/]"')
    code, note, err = run(capsys, "show", str(write_toml(out, "s.toml")))
    assert code == 0 and err == ""
    assert note.splitlines()[0] == "Case: Board 3 [bold]x[/]"
    assert "first-line-ssa" in note and max(map(len, note.splitlines())) <= 80


def test_questions_lists_the_bank(capsys):
    code, out, _ = run(capsys, "questions")
    assert code == 0
    for qid in ("scope", "ki67", "cga_baseline", "asked when:", "1  primary_cns_net"):
        assert qid in out


def _cli(*args: str, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *args], capture_output=True, text=True, env=env, **kw
    )


def test_version_and_no_traceback_in_a_real_process(write_toml):
    r = _cli("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"cnsnet {__version__}"
    r = _cli("decide", str(write_toml(bytes(range(256)))))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_decide_loads_no_textual_module(write_toml):
    path = write_toml(COMPLETE)
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['cnsnet', 'decide', {str(path)!r}]\n"
        "try:\n    runpy.run_module('tui.cli', run_name='__main__')\n"
        "except SystemExit as e:\n    assert e.code == 0, e.code\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print('TEXTUAL', bad, file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert "TEXTUAL []" in r.stderr
    assert "first-line-ssa" in r.stdout


def test_show_is_safe_for_terminals(capsys, write_toml):
    _, out, _ = run(capsys, "decide", str(write_toml(COMPLETE)))
    out = out.replace('case_label = ""', 'case_label = "\\u001b]0;pwned\\u0007x"')
    code, note, _ = run(capsys, "show", str(write_toml(out, "s.toml")))
    assert code == 0 and "\x1b" not in note and "\x07" not in note
    assert "\\x1b]0;pwned\\x07x" in note.splitlines()[0]


def test_console_script_is_installed():
    exe = Path(sys.executable).parent / "cnsnet"
    if not exe.exists():
        pytest.skip("not installed as a console script in this environment")
    r = subprocess.run([str(exe), "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and __version__ in r.stdout


def test_show_on_a_plain_answers_file_invents_no_session(capsys, write_toml):
    path = str(write_toml(COMPLETE))
    _, first, _ = run(capsys, "show", path)
    _, second, _ = run(capsys, "show", path)
    assert first == second
    assert "not a saved session" in first and "Session " not in first


def test_broken_program_data_is_one_line_and_exit_1(capsys, write_toml, monkeypatch):
    import engine.answers
    from questions.load import DataFileError

    def broken():
        raise DataFileError("questions/bank.toml: questions.2.kind: Input should be 'choice'")

    monkeypatch.setattr(engine.answers, "bank", broken)
    engine.answers.by_id.cache_clear()
    engine.answers.order.cache_clear()
    try:
        code, out, err = run(capsys, "decide", str(write_toml(COMPLETE)))
    finally:
        engine.answers.by_id.cache_clear()
        engine.answers.order.cache_clear()
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "bank.toml" in err and "reinstall" in err


def test_output_that_cannot_be_written_is_one_line_and_exit_1(capsys, write_toml, monkeypatch):
    import errno

    def full(text):
        raise OSError(errno.ENOSPC, "No space left on device")

    path = str(write_toml(COMPLETE))
    monkeypatch.setattr(sys.stdout, "write", full)
    code = main(["decide", path])
    monkeypatch.undo()
    _, err = capsys.readouterr()
    assert code == 1 and "cannot write the output: No space left on device" in err


# -- issue 10, item 10: `cnsnet sessions` ----------------------------------------------------
def _saved(tmp_path, monkeypatch):
    from engine.autosave import autosave
    from engine.session import Session

    monkeypatch.setenv("CNSNET_STATE_DIR", str(tmp_path / "state"))
    done = Session(case_label="board 3")
    done.load_answers(tomllib.loads(COMPLETE)["answers"])
    autosave(done, exported=True)
    open_one = Session()
    open_one.load_answers({"scope": "primary_cns_net"})
    autosave(open_one)
    return done, open_one


def test_sessions_lists_id_label_updated_pathway_exported(capsys, tmp_path, monkeypatch):
    done, open_one = _saved(tmp_path, monkeypatch)
    code, out, err = run(capsys, "sessions")
    assert code == 0 and err == ""
    rows = [line.split("\t") for line in out.splitlines() if not line.startswith("#")]
    assert rows[0] == ["id", "label", "updated", "pathway", "exported"]
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id[done.id][1] == "board 3" and by_id[done.id][3] == "first-line-ssa"
    assert by_id[done.id][4] == "yes"
    assert by_id[open_one.id][3] == "unfinished (next: Histology)"
    assert by_id[open_one.id][4] == "no"


def test_sessions_purge_exported_keeps_the_unexported(capsys, tmp_path, monkeypatch):
    done, open_one = _saved(tmp_path, monkeypatch)
    code, out, _ = run(capsys, "sessions", "--purge-exported")
    assert code == 0 and "removed 1 exported autosave(s)" in out
    _, out, _ = run(capsys, "sessions")
    assert done.id not in out and open_one.id in out


def test_output_cut_short_at_the_final_flush_is_one_line_and_exit_1(
    capsys, write_toml, monkeypatch
):
    """Under `ulimit -f 4` the summary was cut at 4096 bytes and the exit was 0."""
    import errno
    import io

    class Limited(io.StringIO):
        def flush(self) -> None:
            raise OSError(errno.EFBIG, "File too large")

    path = str(write_toml(COMPLETE))
    monkeypatch.setattr(sys, "stdout", Limited())
    code = main(["decide", path])
    err = capsys.readouterr().err
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "cannot write the output" in err


def test_file_size_limit_on_stdout_is_exit_1(write_toml, tmp_path):
    path = str(write_toml(COMPLETE))
    out = tmp_path / "out.toml"
    cnsnet = Path(sys.executable).parent / "cnsnet"
    r = subprocess.run(
        ["bash", "-c", f'ulimit -f 1; exec "{cnsnet}" decide "{path}" > "{out}"'],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.stat().st_size <= 1024
    assert r.returncode == 1, r.stderr
    assert "cannot write the output" in r.stderr


@pytest.mark.parametrize("command", [["sessions"], ["sessions", "--purge-exported"]])
def test_sessions_with_a_state_folder_that_cannot_be_named_is_one_line(
    capsys, monkeypatch, command
):
    monkeypatch.setenv("CNSNET_STATE_DIR", "~nosuchuser-cnsnet/state")
    code, out, err = run(capsys, *command)
    assert code == 1 and out == ""
    assert err.count("\n") == 1
    assert "CNSNET_STATE_DIR" in err and "~nosuchuser-cnsnet/state" in err


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["decide"], "required: FILE.toml"),
        (["show", "--bogus", "x.toml"], "unrecognized arguments: --bogus"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(capsys, argv, needle):
    """A new user's trial: argparse printed its usage line, then the error: two lines."""
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and needle in err and "usage: cnsnet" in err
