"""requirements.lock pins every runtime dependency with hashes, and this venv was installed
from it (make installs the lock with --require-hashes, then the test extra held to it)."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT


def locked() -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) from the lock."""
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    out: dict[str, tuple[str, list[str]]] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        m = re.match(r"([A-Za-z0-9_.-]+)==(\S+)", block)
        if m:
            hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", block)
            out[canonicalize_name(m.group(1))] = (m.group(2), hashes)
    return out


def test_every_pin_has_hashes_and_every_dependency_is_pinned():
    lock = locked()
    assert lock and all(hashes for _, hashes in lock.values())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for dep in project["dependencies"]:
        req = Requirement(dep)
        version, _ = lock[canonicalize_name(req.name)]
        assert req.specifier.contains(version), f"{req} is locked at {version}"
    # and their own dependencies, all the way down: textual needs rich, pydantic its core
    for name in ("rich", "pydantic-core", "markdown-it-py", "typing-extensions"):
        assert name in lock
    # build tools never become runtime dependencies
    assert not {"uv", "cyclonedx-python-lib", "cyclonedx-bom"} & set(lock)


def test_this_venv_has_the_locked_versions():
    for name, (version, _) in locked().items():
        assert metadata.version(name) == version, name
