"""Issue 9, item 10 on the command line: a path that names no readable file is one line on
stderr and exit 2 for `resume`, `decide` and `show` (these held on main already: a guard)."""

from __future__ import annotations

import pytest

from tui.cli import main


@pytest.mark.parametrize("command", ["resume", "decide", "show"])
@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("~nosuchuser/x.toml", "~nosuchuser/x.toml: no such file"),
        ("/tmp/" + "x" * 300 + ".toml", "cannot read: File name too long"),
        ("./x.toml", "x.toml: no such file"),
    ],
    ids=["unknown-user", "name-300-chars", "relative-after-cwd-deleted"],
)
def test_a_path_that_names_no_file_is_one_line_and_exit_2(
    tmp_path, monkeypatch, capsys, command, path, says
):
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    monkeypatch.setenv("CNSNET_STATE_DIR", str(tmp_path / "state"))
    assert main([command, path]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("cnsnet: ") and says in err[0]
