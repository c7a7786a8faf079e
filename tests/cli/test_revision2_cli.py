"""interfaces.md revision 2 on the command line: `show --brief`, `-` for standard input,
TOML booleans for yes/no, `cnsnet.session/2`, and `/1` files from the previous version."""

from __future__ import annotations

import io
import subprocess
import sys
import tomllib

import pytest

from tests.cli.test_cli import COMPLETE, run
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
V1 = sorted(FIXTURES.glob("v1-*.toml"))


def with_stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    fake = io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)


def test_the_v1_fixtures_were_written_by_revision_1():
    assert len(V1) == 3
    for f in V1:
        assert f.read_text(encoding="utf-8").startswith('schema = "cnsnet.session/1"')


def test_decide_writes_schema_2_with_source_roles_and_both_notes(capsys, write_toml):
    code, out, _ = run(capsys, "decide", str(write_toml(COMPLETE)))
    doc = tomllib.loads(out)
    assert code == 0 and doc["schema"] == "cnsnet.session/2"
    src = doc["source"]
    assert src["title"] == "Systemic Therapy for CNS Neuroendocrine Tumors"
    assert src["file"] == "000_ed36df8d8be193a5.txt" and str(src["updated"]) == "2025-11-08"
    assert "pending human review" in src["status"] and "S:4" in src["status"]
    assert "S:111" in src["status"]
    assert [r["n"] for r in src["references"]] == [1, 2]
    assert "Sarcoma" in src["references"][0]["title"]
    options = doc["outcome"]["options"]
    assert {o["role"] for o in options} == {"standard"}
    assert all(o["wording"] == "should be the first-line systemic therapy" for o in options)
    assert len(doc["note"]["brief"].splitlines()) <= 20
    assert doc["note"]["text"].isascii() and doc["note"]["brief"].isascii()


@pytest.mark.parametrize("brief", [False, True], ids=["full", "brief"])
def test_show_reads_standard_input(capsys, monkeypatch, brief):
    with_stdin(monkeypatch, COMPLETE)
    code, out, err = run(capsys, "show", *(["--brief"] if brief else []), "-")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert (len(lines) <= 20) is brief
    assert "first-line-ssa" in out


def test_decide_reads_standard_input_and_names_it_when_bad(capsys, monkeypatch):
    with_stdin(monkeypatch, COMPLETE)
    code, out, _ = run(capsys, "decide", "-")
    assert code == 0 and tomllib.loads(out)["outcome"]["pathway"] == "first-line-ssa"
    with_stdin(monkeypatch, "[answers]\nscope = 5\n")
    code, out, err = run(capsys, "decide", "-")
    assert code == 2 and out == ""
    assert err.startswith("cnsnet: (standard input): answers.scope") and err.count("\n") == 1


def test_yes_no_take_toml_booleans(capsys, write_toml):
    text = COMPLETE.replace('special_population = "no"', "special_population = false")
    code, out, _ = run(capsys, "decide", str(write_toml(text)))
    doc = tomllib.loads(out)
    assert code == 0 and doc["answers"]["special_population"] == "no"
    text = COMPLETE.replace('special_population = "no"', "special_population = true")
    doc = tomllib.loads(run(capsys, "decide", str(write_toml(text)))[1])
    assert doc["answers"]["special_population"] == "yes"
    assert "special-population" in doc["outcome"]["flags"]


def test_a_boolean_is_still_refused_where_a_choice_is_asked(capsys, write_toml):
    text = COMPLETE.replace('debulking = "not_assessed"', "debulking = true")
    code, out, err = run(capsys, "decide", str(write_toml(text)))
    assert code == 2 and out == "" and "answers.debulking" in err and '"feasible"' in err


@pytest.mark.parametrize("fixture", V1, ids=[f.stem for f in V1])
def test_v1_files_are_re_decided_under_revision_2_with_one_notice(capsys, fixture):
    code, out, err = run(capsys, "decide", str(fixture))
    notices = [line for line in err.splitlines() if line.startswith("cnsnet: notice:")]
    assert len(notices) == 1, err
    assert "cnsnet.session/1" in notices[0] and "revision 2" in notices[0]
    doc = tomllib.loads(out)
    assert doc["schema"] == "cnsnet.session/2"
    if "incomplete" in fixture.stem:
        assert code == 3 and "pending" in doc
        return
    assert code == 0
    roles = {o["role"] for o in doc["outcome"]["options"]}
    assert "preferred" not in roles
    old = tomllib.loads(fixture.read_text(encoding="utf-8"))
    assert doc["session"]["id"] == old["session"]["id"]
    assert doc["session"]["case_label"] == old["session"]["case_label"]
    assert doc["clinician"]["note"] == old["clinician"]["note"]
    for show in (["show"], ["show", "--brief"]):
        code, out, err = run(capsys, *show, str(fixture))
        assert code == 0 and out.startswith("Case: bed 4 trial case")
        assert sum(line.startswith("cnsnet: notice:") for line in err.splitlines()) == 1


def test_v1_second_line_file_gets_prrt_apart_under_revision_2(capsys):
    fixture = FIXTURES / "v1-second-line-after-ssa.toml"
    old = tomllib.loads(fixture.read_text(encoding="utf-8"))
    assert {o["role"] for o in old["outcome"]["options"]} == {"preferred"}  # what /1 said
    doc = tomllib.loads(run(capsys, "decide", str(fixture))[1])
    prrt = next(o for o in doc["outcome"]["options"] if o["agent"] == "prrt_lu177")
    assert prrt["role"] == "not-supported-here" and prrt["reason"]["source"] == ["S:77"]


def test_show_brief_as_a_process(tmp_path):
    path = tmp_path / "a.toml"
    path.write_text(COMPLETE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", "show", "--brief", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert 1 < len(done.stdout.splitlines()) <= 20 and done.stdout.isascii()
