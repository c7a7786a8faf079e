"""Every test module is collected by a plain `pytest` (so by `make test` and CI).

pytest skips folders that match `norecursedirs`, whose default holds `dist` and `build`:
the bundle tests lived in tests/dist and were never run by `make test`, silently.
"""

from __future__ import annotations

from fnmatch import fnmatch

import pytest

from tests.conftest import ROOT


def test_no_test_folder_is_one_pytest_skips(pytestconfig: pytest.Config) -> None:
    skipped = pytestconfig.getini("norecursedirs")
    tests = ROOT / "tests"
    folders = [p for p in tests.rglob("*") if p.is_dir() and any(p.glob("test_*.py"))]
    assert folders, "no test folders found"
    for folder in folders:
        for part in folder.relative_to(tests).parts:
            hit = [pattern for pattern in skipped if fnmatch(part, pattern)]
            assert not hit, f"pytest does not collect {folder.relative_to(ROOT)}: {hit}"
