"""The state folder (issue 9, items 6 and 15): private whatever it was or the umask is, and
two writers of one session never write over each other."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine import autosave as auto
from engine.autosave import autosave, autosave_path, load, scan
from engine.reader import read_session
from engine.session import Session
from tests.conftest import ROOT, run_python, unfinished

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX modes and locks")


@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "state"
    monkeypatch.setenv("CNSNET_STATE_DIR", str(d))
    return d


@pytest.fixture
def umask_000() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def one_answer() -> Session:
    s = Session()
    s.answer("scope", "primary_cns_net")
    return s


# -- item 15: modes ------------------------------------------------------------------------


@pytest.mark.parametrize("lax", [0o755, 0o777, 0o750], ids=["0755", "0777", "0750"])
def test_an_existing_state_folder_open_to_others_is_made_private(state, lax):
    state.mkdir()
    os.chmod(state, lax)
    autosave(one_answer())
    assert mode(state) == 0o700
    (state / ".session-x.toml.123.tmp").write_text("", encoding="utf-8")
    os.chmod(state, lax)
    told: list[str] = []
    autosave(one_answer(), warn=told.append)  # the folder holds only cnsnet's own files
    assert mode(state) == 0o700 and told == []


def test_parent_folders_are_made_0700_under_umask_000(tmp_path, monkeypatch, umask_000):
    deep = tmp_path / "a" / "b" / "state"
    monkeypatch.setenv("CNSNET_STATE_DIR", str(deep))
    path = autosave(one_answer())
    assert mode(tmp_path / "a") == mode(tmp_path / "a" / "b") == mode(deep) == 0o700
    assert mode(path) == 0o600
    assert mode(tmp_path) == stat.S_IMODE(tmp_path.stat().st_mode)  # existing: untouched


def test_a_umask_that_takes_the_owner_write_bit_still_gives_a_usable_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("CNSNET_STATE_DIR", str(tmp_path / "x" / "state"))
    old = os.umask(0o277)
    try:
        path = autosave(one_answer())
    finally:
        os.umask(old)
    assert mode(tmp_path / "x") == mode(path.parent) == 0o700 and mode(path) == 0o600


def test_a_folder_holding_other_files_is_left_and_the_user_warned(state):
    state.mkdir()
    (state / "report.pdf").write_text("not cnsnet's", encoding="utf-8")
    os.chmod(state, 0o777)
    told: list[str] = []
    path = autosave(one_answer(), warn=told.append)
    assert mode(state) == 0o777  # someone else's folder is not changed under them
    assert mode(path) == 0o600
    [line] = told
    assert str(state) in line and "mode 0777" in line and "not cnsnet's" in line
    assert "\n" not in line


def test_a_folder_that_cannot_be_changed_is_a_warning_not_a_failure(state, monkeypatch):
    state.mkdir()
    os.chmod(state, 0o755)
    real_chmod = os.chmod

    def refuse(path, m, *a, **k):
        if Path(path) == state:
            raise PermissionError(1, "Operation not permitted")
        return real_chmod(path, m, *a, **k)

    monkeypatch.setattr(auto.os, "chmod", refuse)
    told: list[str] = []
    path = autosave(one_answer(), warn=told.append)
    assert path.is_file() and mode(state) == 0o755
    assert len(told) == 1 and "mode 0755" in told[0] and "operation not permitted" in told[0]


# -- item 6: two writers of one session -------------------------------------------------------


def test_a_second_reader_that_writes_after_the_first_goes_apart(state):
    s = one_answer()
    autosave(s)
    a, b = load(unfinished()[0]), load(unfinished()[0])  # two instances resume it
    a.answer("histology", "well_differentiated")
    assert autosave(a) == autosave_path(s.id)
    b.answer("histology", "poorly_differentiated")
    told: list[str] = []
    apart = autosave(b, warn=told.append)
    assert apart == autosave_path(f"{s.id}-2") and b.id == f"{s.id}-2"
    assert read_session(autosave_path(s.id)).answers["histology"] == "well_differentiated"
    assert read_session(apart).answers["histology"] == "poorly_differentiated"
    assert len(told) == 1 and "Both are kept" in told[0]
    # each goes on in its own file from now on, with no more warnings
    a.answer("ki67", 4)
    b.answer("ki67", 40)
    assert autosave(a) == autosave_path(s.id)
    assert autosave(b, warn=told.append) == apart and len(told) == 1
    assert {o.id for o in scan().unfinished} == {s.id, f"{s.id}-2"}


def test_a_third_writer_takes_the_next_free_name(state):
    s = one_answer()
    autosave(s)
    readers = [load(unfinished()[0]) for _ in range(3)]
    for r in readers:
        r.answer("histology", "well_differentiated")
        r.set_case_label(f"copy {len(r.answers)}")
    written = [autosave(r).name for r in readers]
    assert written == [f"session-{s.id}{tail}.toml" for tail in ("", "-2", "-3")]
    # each offer knows which version it is (the resume list says so)
    versions = {o.id: o.version for o in scan().unfinished}
    assert versions == {s.id: 1, f"{s.id}-2": 2, f"{s.id}-3": 3}


def test_only_an_id_cnsnet_made_is_read_as_a_version(state):
    """A session file written by hand may carry an id like "board-12": it is no twelfth
    version of anything, and the resume list must not say so."""
    s = one_answer()
    s.id = "board-12"
    autosave(s)
    (offer,) = scan().unfinished
    assert offer.id == "board-12" and offer.version == 1


def test_a_write_apart_of_a_forked_session_does_not_grow_its_name(state):
    s = one_answer()
    s.id = "abc-2"
    autosave(s)
    other = read_session(autosave_path("abc-2"))
    s.answer("histology", "well_differentiated")
    autosave(s)
    other.answer("histology", "poorly_differentiated")
    assert autosave(other) == autosave_path("abc-3")


def test_while_another_cnsnet_holds_the_lock_nothing_is_replaced(state, monkeypatch):
    s = one_answer()
    first = autosave(s)
    before, old_id = first.read_bytes(), s.id
    monkeypatch.setattr(auto, "LOCK_WAIT", 0.2)
    s.answer("histology", "well_differentiated")
    with auto._folder_lock(state) as held:  # another open file: flock conflicts with it
        assert held
        path = autosave(s)
    assert first.read_bytes() == before and path == autosave_path(f"{old_id}-2")


def test_a_killed_cnsnet_holding_the_lock_leaves_none_behind(state):
    script = textwrap.dedent(
        """
        import os, signal
        from engine import autosave as auto
        from engine.session import Session

        s = Session()
        s.answer("scope", "primary_cns_net")
        auto.autosave(s)
        print(s.id, flush=True)
        with auto._folder_lock(auto.state_dir()):
            os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    r = run_python(script, state)
    assert r.returncode == -signal.SIGKILL, r.stderr
    s = load(unfinished()[0])
    s.answer("histology", "well_differentiated")
    with auto._folder_lock(state, wait=0) as held:
        assert held  # free at once: the kernel dropped it with the process
    assert autosave(s) == autosave_path(r.stdout.strip())


def test_without_locks_the_content_check_still_keeps_both(state, monkeypatch):
    """Where there is no `flock` (Windows) the check of the file's content before the write
    still sends the second writer apart."""
    monkeypatch.setitem(sys.modules, "fcntl", None)  # `import fcntl` raises ImportError
    s = one_answer()
    autosave(s)
    a, b = load(unfinished()[0]), load(unfinished()[0])
    a.answer("histology", "well_differentiated")
    b.answer("histology", "poorly_differentiated")
    assert autosave(a) == autosave_path(s.id)
    assert autosave(b) == autosave_path(f"{s.id}-2")
    assert {read_session(p).answers["histology"] for p in state.glob("session-*.toml")} == {
        "well_differentiated",
        "poorly_differentiated",
    }


def test_a_fifo_in_place_of_the_autosave_is_not_read_and_not_replaced(state):
    s = one_answer()
    autosave(s)
    fifo = autosave_path(s.id)
    fifo.unlink()
    os.mkfifo(fifo)
    s.answer("histology", "well_differentiated")
    assert autosave(s) == autosave_path(s.id) and s.id.endswith("-2")  # no hang
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


RACER = r"""
import sys, time
from pathlib import Path
from engine import autosave as auto

me, sync = sys.argv[1], Path(sys.argv[2])
auto.LOCK_WAIT = 0.5


def wait_for(name):
    for _ in range(400):
        if (sync / name).exists():
            return
        time.sleep(0.01)


s = auto.load(auto.scan().unfinished[0])
(sync / f"{me}-read").touch()
if me == "a":  # checked the file, then paused just before replacing it
    write = auto.write_text_atomic

    def paused(*a, **k):
        (sync / "a-checked").touch()
        wait_for("b-done")
        return write(*a, **k)

    auto.write_text_atomic = paused
else:
    wait_for("a-checked")
s.answer("histology", "well_differentiated" if me == "a" else "poorly_differentiated")
auto.autosave(s)
(sync / f"{me}-done").touch()
print(s.id)
"""


def test_a_write_in_the_gap_between_another_check_and_its_write_is_not_lost(state, tmp_path):
    """A has checked the autosave and is about to replace it when B writes: the folder lock
    makes B wait, then write apart, so A's answer and B's are both on disk. (With the content
    check alone, B passes it too and A then replaces B's file: B's answer is lost.)"""
    s = one_answer()
    autosave(s)
    sync = tmp_path / "sync"
    sync.mkdir()
    env = {**os.environ, "CNSNET_STATE_DIR": str(state), "PYTHONPATH": str(ROOT)}
    procs = {
        me: subprocess.Popen(
            [sys.executable, "-c", RACER, me, str(sync)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for me in "ab"
    }
    ids = {}
    for me, p in procs.items():
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err[-2000:]
        ids[me] = out.strip()
    assert ids == {"a": s.id, "b": f"{s.id}-2"}
    assert read_session(autosave_path(ids["a"])).answers["histology"] == "well_differentiated"
    assert read_session(autosave_path(ids["b"])).answers["histology"] == "poorly_differentiated"
