"""The engine never imports textual (checked in a fresh interpreter, as Harlequin does)."""

import os
import subprocess
import sys

from tests.conftest import ROOT


def test_importing_the_engine_loads_no_textual():
    code = (
        "import sys\n"
        "import engine, engine.outcome, engine.session, engine.summary, engine.reader\n"
        "import engine.note, engine.walk, engine.table, questions, tui, tui.cli\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"
