"""Export never overwrites silently; write failures are messages; bad files are refused."""

from __future__ import annotations

import errno
import os

import pytest

from tests.tui.conftest import answer_from_welcome, fixed_clock, open_case, started
from tui.app import CnsnetApp
from tui.screens.confirm import ConfirmScreen
from tui.screens.export import ExportScreen
from tui.screens.open_file import OpenFileScreen
from tui.screens.result import ResultScreen

CASE = {"scope": "paraganglioma"}


async def _to_result(pilot) -> None:
    """The result of CASE (out of scope: one question), opened as a walk by keys leaves it."""
    await open_case(pilot, CASE)
    assert isinstance(pilot.app.screen, ResultScreen)


async def _export_to(pilot, path) -> None:
    await pilot.press("e")
    await pilot.pause()
    pilot.app.screen.query_one("#path").value = str(path)
    await pilot.press("enter")
    await pilot.pause()


async def test_export_asks_before_replacing_and_keeps_the_file_when_told(tmp_path):
    target = tmp_path / "case.toml"
    target.write_text("precious\n", encoding="utf-8")
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await _to_result(pilot)
        await _export_to(pilot, target)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert "Not written" in str(app.screen.query_one("#message").render())
        assert target.read_text(encoding="utf-8") == "precious\n"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.exported_path == target.resolve()
    assert target.read_text(encoding="utf-8").startswith('schema = "cnsnet.session/2"')
    assert target.stat().st_mode & 0o777 == 0o600


async def test_a_full_disk_is_a_message_and_the_session_stays(tmp_path, state_dir):
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await _to_result(pilot)
        answers = dict(app.session.answers)

        def full(*args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        # a patch of its own: undoing the test's whole monkeypatch also undid the state
        # folder it was given, and the export's autosave went to the real one in ~
        with pytest.MonkeyPatch.context() as disk:
            disk.setattr(os, "write", full)
            await _export_to(pilot, tmp_path / "x.toml")
            assert isinstance(app.screen, ExportScreen)
            assert "no space left on device" in str(app.screen.query_one("#message").render())
            assert app.exported_path is None and app.session.answers == answers
            assert not (tmp_path / "x.toml").exists()
            assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
        await pilot.press("enter")
        await pilot.pause()
        assert app.exported_path is not None


async def test_an_autosave_failure_is_a_warning_not_a_crash(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("CNSNET_STATE_DIR", str(blocker / "state"))
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        # answered in the app: it autosaves after each answer, failing each time
        workup = {"scope": "primary_cns_net", "histology": "not_confirmed"}
        await answer_from_welcome(pilot, workup)
        assert isinstance(app.screen, ResultScreen)
        assert app.session.answers == workup
        failed = [n for n in app._notifications if "Autosave failed" in (n.title or "")]
        # said once while it lasts: a toast an answer piled up over the quit dialog's
        # warning that the answers are not autosaved (a new user's trial)
        assert len(failed) == 1


async def test_opening_a_bad_session_file_is_a_message_in_the_dialog(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"\xff\xfe not toml")
    app = CnsnetApp(clock=fixed_clock())
    async with app.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        app.action_open_file()
        await pilot.pause()
        assert isinstance(app.screen, OpenFileScreen)
        app.screen.query_one("#path").value = str(bad)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OpenFileScreen)
        assert "not UTF-8" in str(app.screen.query_one("#message").render())
        assert app.session.answers == {}
