"""Autosave: every confirmed answer reaches the disk, and unfinished sessions are offered back."""

from __future__ import annotations

import datetime as dt
import signal
import stat
import textwrap
from pathlib import Path

import pytest

from engine import autosave as auto
from engine.autosave import (
    SavedSession,
    autosave,
    autosave_path,
    discard,
    load,
    marker_path,
    state_dir,
)
from engine.files import WriteError
from engine.reader import read_session
from engine.session import Session
from tests.conftest import finish, run_python, unfinished, unreadable

FOUR = [
    ("scope", "primary_cns_net"),
    ("histology", "well_differentiated"),
    ("ki67", "8,5 %"),
    ("sstr_imaging", "ga68_pet"),
]
COMPLETE = {
    "scope": "primary_cns_net",
    "histology": "well_differentiated",
    "ki67": 4,
    "sstr_imaging": "ga68_pet",
    "sstr_status": "positive",
    "setting": "first_line",
}


@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "state"
    monkeypatch.setenv("CNSNET_STATE_DIR", str(d))
    return d


class Clock:
    """A clock that moves one minute per reading."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(minutes=1)
        return self.now


def new_session(start: dt.datetime = dt.datetime(2026, 11, 26, 14, 0, tzinfo=dt.UTC)) -> Session:
    return Session(started=start, clock=Clock(start))


def mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


# -- where --------------------------------------------------------------------------------


def test_state_dir_precedence(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CNSNET_STATE_DIR", raising=False)
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    assert state_dir() == tmp_path / "home" / ".local" / "state" / "cnsnet"
    monkeypatch.setenv("XDG_STATE_HOME", "relative/state")  # ignored, as the XDG spec says
    assert state_dir() == tmp_path / "home" / ".local" / "state" / "cnsnet"
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert state_dir() == tmp_path / "xdg" / "cnsnet"
    monkeypatch.setenv("CNSNET_STATE_DIR", str(tmp_path / "own"))
    assert state_dir() == tmp_path / "own"
    monkeypatch.setenv("CNSNET_STATE_DIR", "")  # empty counts as unset
    assert state_dir() == tmp_path / "xdg" / "cnsnet"


def test_reading_creates_nothing_and_writing_creates_a_private_folder(state):
    assert unfinished() == [] and unreadable() == []
    assert not state.exists()
    s = new_session()
    s.answer("scope", "primary_cns_net")
    path = autosave(s)
    assert path == state / f"session-{s.id}.toml" == autosave_path(s.id)
    assert mode(state) == 0o700
    assert mode(path) == 0o600


def test_session_id_cannot_leave_the_folder(state):
    with pytest.raises(ValueError, match="session id"):
        autosave_path("../../etc/passwd")
    s = new_session()
    s.id = "a/b"
    with pytest.raises(ValueError):
        autosave(s)
    assert not state.exists()


def test_state_folder_that_cannot_be_made(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("CNSNET_STATE_DIR", str(blocker / "state"))
    with pytest.raises(WriteError) as info:
        autosave(new_session())
    assert str(info.value).startswith(f"cannot create {blocker / 'state'}: ")
    assert "\n" not in str(info.value)


# -- nothing lost -------------------------------------------------------------------------


def test_every_confirmed_answer_is_found_again(state):
    s = new_session()
    for n, (q, v) in enumerate(FOUR, 1):
        s.answer(q, v)
        autosave(s)
        [saved] = unfinished()  # a fresh look at the disk each time
        assert saved.answers == n
    assert saved == SavedSession(
        path=state / f"session-{s.id}.toml",
        id=s.id,
        updated=s.updated,
        answers=4,
        case_label="",
        finished=False,
        next_question="SSTR result",
        gist=saved.gist,
    )
    assert saved.gist.startswith("next: SSTR result · Ki-67 8.5 % · Confirmed (IHC")
    back = read_session(saved.path)
    assert (
        back.answers
        == s.answers
        == {
            "scope": "primary_cns_net",
            "histology": "well_differentiated",
            "ki67": 8.5,
            "sstr_imaging": "ga68_pet",
        }
    )
    assert back.answered_at == s.answered_at
    assert load(saved).walk().pending == "sstr_status"


def test_newest_first_with_label(state):
    older, newer = new_session(), new_session(dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC))
    newer.set_case_label("tumour board 3 Dec")
    for s in (newer, older):
        s.answer("scope", "primary_cns_net")
        autosave(s)
    offers = unfinished()
    assert [o.id for o in offers] == [newer.id, older.id]
    assert offers[0].case_label == "tumour board 3 Dec"


def test_killed_process_loses_no_confirmed_answer(state):
    """A process that dies (SIGKILL) while the 5th answer is being typed keeps the four."""
    script = textwrap.dedent(
        f"""
        import os, signal
        from engine.autosave import autosave
        from engine.session import Session

        s = Session()
        for q, v in {FOUR!r}:
            s.answer(q, v)
            autosave(s)
        print(s.id, flush=True)
        typing = "posi"  # the 5th answer, not confirmed yet
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    r = run_python(script, state)
    assert r.returncode == -signal.SIGKILL, r.stderr
    [saved] = unfinished()
    assert saved.id == r.stdout.strip() and saved.answers == 4 and not saved.finished
    assert read_session(saved.path).answers == {
        "scope": "primary_cns_net",
        "histology": "well_differentiated",
        "ki67": 8.5,
        "sstr_imaging": "ga68_pet",
    }


def test_killed_while_writing_keeps_the_previous_autosave(state):
    """Killed between writing the temporary file and moving it into place: the 4th answer
    is lost (it was never on disk whole) but the three before it are intact."""
    script = textwrap.dedent(
        f"""
        import os, signal
        from engine import files
        from engine.autosave import autosave
        from engine.session import Session

        s = Session()
        for q, v in {FOUR[:3]!r}:
            s.answer(q, v)
            autosave(s)
        print(s.id, flush=True)
        files.os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)
        s.answer(*{FOUR[3]!r})
        autosave(s)
        """
    )
    r = run_python(script, state)
    assert r.returncode == -signal.SIGKILL, r.stderr
    [saved] = unfinished()
    assert unreadable() == []
    assert saved.answers == 3
    leftover = [p for p in state.iterdir() if p.name.endswith(".tmp")]
    assert len(leftover) == 1  # the half-finished write, never read as a session
    # resuming and saving again tidies it away
    s = load(saved)
    s.answer(*FOUR[3])
    autosave(s)
    assert [p.name for p in state.iterdir()] == [saved.path.name]
    assert unfinished()[0].answers == 4


# -- exported or not ----------------------------------------------------------------------


def complete_session() -> Session:
    s = new_session()
    s.load_answers(finish(COMPLETE))
    return s


def test_complete_but_not_exported_is_still_offered(state):
    s = complete_session()
    autosave(s)
    [saved] = unfinished()
    assert saved.finished and saved.answers == len(s.live())


def test_exported_session_is_not_offered(state):
    s = complete_session()
    path = autosave(s, exported=True)
    assert marker_path(path).is_file() and mode(marker_path(path)) == 0o600
    assert unfinished() == []
    autosave(s)  # saved again unchanged (say, on quit): still exported
    assert unfinished() == []
    assert read_session(path).answers == s.answers  # the autosave is a plain session file


def test_editing_after_export_makes_it_unfinished_again(state):
    s = complete_session()
    path = autosave(s, exported=True)
    s.answer("debulking", "feasible")
    autosave(s)
    assert not marker_path(path).exists()
    [saved] = unfinished()
    assert saved.id == s.id and saved.finished
    assert read_session(path).answers["debulking"] == "feasible"


def test_a_stale_marker_does_not_hide_a_changed_file(state):
    """A marker written for other content (say, the file was replaced) hides nothing."""
    s = complete_session()
    path = autosave(s)
    marker_path(path).write_text("0" * 64 + "\n", encoding="utf-8")
    assert [o.id for o in unfinished()] == [s.id]


def test_discard_removes_file_and_marker(state):
    s = complete_session()
    path = autosave(s, exported=True)
    s.touch()
    autosave(s)
    marker_path(path).write_text("x", encoding="utf-8")  # a marker left over
    [saved] = unfinished()
    discard(saved)
    assert not path.exists() and not marker_path(path).exists()
    assert unfinished() == []
    discard(saved)  # twice is fine


# -- nothing let in -----------------------------------------------------------------------


def test_corrupt_autosave_is_skipped_and_reported(state):
    good = new_session()
    good.answer("scope", "primary_cns_net")
    autosave(good)
    bad = state / "session-0123456789abcdef.toml"
    bad.write_text('schema = "cnsnet.session/1"\n[session\n', encoding="utf-8")
    binary = state / "session-binary.toml"
    binary.write_bytes(bytes(range(256)))
    assert [o.id for o in unfinished()] == [good.id]
    reasons = dict(unreadable())
    assert set(reasons) == {bad, binary}
    assert reasons[bad].startswith(f"{bad}: not valid TOML")
    assert "not UTF-8" in reasons[binary]
    assert all("\n" not in r for r in reasons.values())


def test_unrelated_files_are_ignored(state):
    state.mkdir()
    (state / "notes.txt").write_text("hello", encoding="utf-8")
    (state / ".session-x.toml.abc.tmp").write_text("half", encoding="utf-8")
    (state / "session-dir.toml").mkdir()
    assert unfinished() == []
    assert [p.name for p, _ in unreadable()] == ["session-dir.toml"]


def test_scan_reads_each_file_once(state, monkeypatch):
    """The exported check hashes the same bytes that were parsed (no second read)."""
    s = complete_session()
    autosave(s, exported=True)
    reads = []
    real = auto.read_bytes

    def counting(path: Path) -> bytes:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(auto, "read_bytes", counting)
    assert unfinished() == []
    assert reads == [autosave_path(s.id)]


# -- issue 10: what tells sessions apart; retention of exported autosaves ------------------


def test_offers_say_what_tells_two_unlabelled_sessions_apart(state):
    a = complete_session()
    b = new_session()
    b.load_answers({**COMPLETE, "ki67": 15})
    autosave(a)
    autosave(b)
    offers = {o.id: o for o in unfinished()}
    ga, gb = offers[a.id].gist, offers[b.id].gist
    assert ga != gb
    assert "first-line-ssa" in ga and "Ki-67 4 %" in ga
    assert "next: Chemotherapy contraindicated" in gb and "Ki-67 15 %" in gb
    assert offers[b.id].next_question == "Chemotherapy contraindicated"
    assert offers[a.id].pathway == "first-line-ssa"


def test_exported_autosaves_are_pruned_after_the_retention_period(state, monkeypatch):
    old = complete_session()
    older = new_session(dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC))
    older.load_answers(finish(COMPLETE))
    recent = new_session(dt.datetime(2026, 12, 15, 9, 0, tzinfo=dt.UTC))
    recent.load_answers(finish(COMPLETE))
    kept_unexported = new_session()
    kept_unexported.load_answers({"scope": "primary_cns_net"})
    for s in (old, older, recent):
        autosave(s, exported=True)
    autosave(kept_unexported)
    now = dt.datetime(2026, 12, 30, tzinfo=dt.UTC)  # both last changed over 30 days before
    removed = auto.prune_exported(now, days=30)
    assert sorted(removed) == sorted([autosave_path(old.id), autosave_path(older.id)])
    assert autosave_path(recent.id).exists(), "exported 15 days ago: kept"
    assert autosave_path(kept_unexported.id).exists(), "an unexported session is never pruned"
    assert not marker_path(autosave_path(old.id)).exists()


def test_retention_is_configurable_and_bad_values_are_named(state, monkeypatch):
    s = complete_session()
    autosave(s, exported=True)
    now = s.updated + dt.timedelta(days=3)
    monkeypatch.setenv("CNSNET_RETENTION_DAYS", "5")
    assert auto.prune_exported(now) == []
    monkeypatch.setenv("CNSNET_RETENTION_DAYS", "2")
    assert auto.prune_exported(now) == [autosave_path(s.id)]
    monkeypatch.setenv("CNSNET_RETENTION_DAYS", "two")
    with pytest.raises(ValueError, match="CNSNET_RETENTION_DAYS: 'two'"):
        auto.retention_days()
    monkeypatch.delenv("CNSNET_RETENTION_DAYS")
    assert auto.retention_days() == 30


def test_purge_exported_removes_only_exported(state):
    done = complete_session()
    autosave(done, exported=True)
    open_one = new_session()
    open_one.load_answers({"scope": "primary_cns_net"})
    autosave(open_one)
    assert auto.purge_exported() == [autosave_path(done.id)]
    assert [o.id for o in unfinished()] == [open_one.id]
