"""The offline bundle, end to end, for this machine: `make dist PLATFORMS=host`, unpacked into a
temporary folder, checked (SHA256SUMS, the SBOM against the wheels), installed by install.sh
with the network unavailable, then `cnsnet decide` on the README's answers file, `cnsnet
doctor`, and the app run headless through a whole case from the installed copy.

Building needs PyPI (the wheels are fetched at build time, as in CI); when PyPI cannot be
reached this module is skipped, saying so. Everything after the build runs offline: inside
`unshare -n` (a network namespace with no interfaces) where this runs as root, otherwise with
an unroutable proxy so that any attempt to reach the network fails.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from engine.version import __version__
from tests.conftest import ROOT
from tools.dist import BUILT_WITH_WARNINGS

NAME = f"cnsnet-{__version__}-offline"

# One worker runs the whole module: its fixtures build and install the bundle once. Spread
# over xdist's workers, each worker built its own bundle and installed it again, and on a
# fresh clone they all created the build tools' venv at the same time.
pytestmark = pytest.mark.xdist_group("bundle")


def _pypi_problem() -> str | None:
    probe = (
        "import urllib.request; urllib.request.urlopen('https://pypi.org/simple/pip/', timeout=15)"
    )
    try:
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return "timed out"
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        return lines[-1] if lines else "unreachable"
    return None


def _offline_prefix() -> list[str]:
    """The command prefix that takes the network away: `unshare -n` when it works here."""
    if (
        shutil.which("unshare")
        and os.geteuid() == 0
        and subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0
    ):
        return ["unshare", "-n"]
    return []


OFFLINE = _offline_prefix()


def offline_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    if not OFFLINE:  # no namespace: any network use must go through a proxy that is not there
        dead = "http://127.0.0.1:9"
        env.update(
            PIP_NO_INDEX="1",
            http_proxy=dead,
            https_proxy=dead,
            HTTP_PROXY=dead,
            HTTPS_PROXY=dead,
            no_proxy="",
            NO_PROXY="",
        )
    env.update(extra)
    return env


def run_offline(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*OFFLINE, *cmd], capture_output=True, text=True, timeout=600, **kw)  # type: ignore[call-overload]


def _link(src: str, dst: str) -> None:
    """copytree's copy_function: a hard link, or a copy across file systems."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The host-only bundle, built by `make dist` and unpacked; its folder."""
    if problem := _pypi_problem():
        pytest.skip(f"PyPI is unreachable ({problem}): the bundle cannot fetch its wheels")
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        ["make", "-s", "dist", "PLATFORMS=host", f"DIST_DIR={out}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert BUILT_WITH_WARNINGS not in done.stderr, done.stderr
    zip_path = out / f"{NAME}.zip"
    assert zip_path.is_file()
    assert (out / f"{NAME}.zip.sha256").read_text().split()[0] == sha256(zip_path)
    unpacked = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(unpacked)
    bundle = unpacked / NAME
    (bundle / "install.sh").chmod(0o755)  # zipfile does not restore modes
    return bundle


@pytest.fixture(scope="module")
def installed(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """install.sh run offline into a fresh prefix; the cnsnet command it printed."""
    prefix = tmp_path_factory.mktemp("prefix") / "cnsnet"
    done = run_offline(["sh", str(built / "install.sh"), str(prefix)], env=offline_env())
    assert done.returncode == 0, done.stdout + done.stderr
    cmd = Path(done.stdout.strip().splitlines()[-1])
    assert cmd == prefix / "venv" / "bin" / "cnsnet"
    assert os.access(cmd, os.X_OK)
    return cmd


def test_the_bundle_holds_what_it_says(built):
    names = sorted(p.name for p in built.iterdir())
    for required in (
        "README-offline.txt",
        "SHA256SUMS",
        "install.sh",
        "install.ps1",
        "install.cmd",
        "requirements.txt",
        "sbom.cdx.json",
        "wheels",
        "PLATFORMS.txt",
        "example-answers.toml",
    ):
        assert required in names
    wheels = [p.name for p in (built / "wheels").iterdir()]
    assert wheels and all(w.endswith(".whl") for w in wheels)  # binary wheels only
    assert f"cnsnet-{__version__}-py3-none-any.whl" in wheels
    readme = (built / "README-offline.txt").read_text(encoding="utf-8")
    for part in (
        "REQUIREMENTS",
        "INSTALL",
        "UPGRADE",
        "UNINSTALL",
        "WHERE SESSIONS ARE STORED",
        "VERIFY THE CHECKSUMS",
    ):
        assert part in readme
    assert "{version}" not in readme and "{platforms}" not in readme  # filled in
    assert f"cnsnet {__version__}" in readme


def test_sha256sums_verifies(built):
    done = subprocess.run(
        ["sha256sum", "-c", "--strict", "SHA256SUMS"], cwd=built, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    listed = {ln.split("  ", 1)[1] for ln in (built / "SHA256SUMS").read_text().splitlines()}
    present = {p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file()}
    assert listed == present - {"SHA256SUMS"}


def test_the_sbom_lists_every_wheel_with_version_licence_and_hash(built):
    sbom = json.loads((built / "sbom.cdx.json").read_text(encoding="utf-8"))
    assert sbom["bomFormat"] == "CycloneDX" and sbom["specVersion"] == "1.6"
    listed: dict[str, str] = {}
    for c in sbom["components"]:
        canonical = re.sub(r"[-_.]+", "-", c["name"]).lower()
        assert c["version"] and c["purl"] == f"pkg:pypi/{canonical}@{c['version']}"
        assert c.get("licenses"), f"{c['name']} has no licence"
        for ref in c["externalReferences"]:
            assert ref["type"] == "distribution"
            (h,) = ref["hashes"]
            listed[ref["url"]] = h["content"]
            # the wheel's file name carries the component's name and version
            stem = Path(ref["url"]).name.split("-")
            assert stem[0].lower() == re.sub(r"[-_.]+", "_", c["name"]).lower()
            assert stem[1] == c["version"]
    wheels = {f"wheels/{p.name}": sha256(p) for p in (built / "wheels").iterdir()}
    assert listed == wheels


def test_every_wheel_is_pinned_by_the_lock(built):
    """The wheels are the lock's: each name and version pinned in requirements.txt."""
    pins = dict(
        re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", (built / "requirements.txt").read_text(), re.M)
    )
    pins = {re.sub(r"[-_.]+", "_", k).lower(): v for k, v in pins.items()}
    for wheel in (built / "wheels").iterdir():
        name, version = wheel.name.split("-")[:2]
        assert pins.get(name.lower()) == version, wheel.name
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    assert all(
        f"{k}=={v}" in lock.replace("-", "_").lower() or k == "cnsnet" for k, v in pins.items()
    )


def test_the_example_answers_are_the_readmes(built):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\n(.*?)```", readme, re.S)
    assert block and (built / "example-answers.toml").read_text(encoding="utf-8") == block.group(1)


def test_installed_copy_decides_like_this_checkout(built, installed, tmp_path, capsys):
    from tui.cli import main

    answers = built / "example-answers.toml"
    done = run_offline(
        [str(installed), "decide", str(answers)],
        env=offline_env(CNSNET_STATE_DIR=str(tmp_path / "state")),
    )
    assert done.returncode == 0, done.stderr
    capsys.readouterr()
    assert main(["decide", str(answers)]) == 0
    here = tomllib.loads(capsys.readouterr().out)
    there = tomllib.loads(done.stdout)
    assert there["outcome"] == here["outcome"]
    assert there["answers"] == here["answers"]


def test_installed_doctor_is_healthy(installed, tmp_path):
    state = tmp_path / "state"
    done = run_offline(
        [str(installed), "doctor"], cwd=tmp_path, env=offline_env(CNSNET_STATE_DIR=str(state))
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"cnsnet {__version__}" in done.stdout
    assert "files match its RECORD" in done.stdout
    assert str(installed.parent.parent) in done.stdout  # runs from the venv, not this checkout
    assert "verdict: ready" in done.stdout


HEADLESS = r"""
import asyncio, pathlib, sys, tomllib
import tui
from tui.app import CnsnetApp
from tui.screens.question import QuestionScreen
from tui.screens.result import ResultScreen
from tui.screenshots import keys_for

answers = tomllib.loads(pathlib.Path(sys.argv[1]).read_text())["answers"]
print("tui from", tui.__file__)

async def main():
    app = CnsnetApp()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        for _ in range(30):
            screen = app.screen
            if not isinstance(screen, QuestionScreen):
                break
            await pilot.press(*keys_for(screen.qid, answers[screen.qid]))
            await pilot.pause()
        print("screen", type(app.screen).__name__)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
    print("exported", [p.name for p in pathlib.Path.cwd().glob("cnsnet-*.toml")])

asyncio.run(main())
"""


def test_the_installed_app_runs_a_case_headless(built, installed, tmp_path):
    python = installed.parent / "python"
    script = tmp_path / "headless.py"
    script.write_text(HEADLESS, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    done = run_offline(
        [str(python), "-I", str(script), str(built / "example-answers.toml")],
        cwd=work,
        # the export goes where the app proposes it: here, not the home folder of whoever
        # runs the tests (it was found in ~ when the variable was not set)
        env=offline_env(CNSNET_STATE_DIR=str(tmp_path / "state"), CNSNET_EXPORT_DIR=str(work)),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"tui from {installed.parent.parent}" in done.stdout
    assert "screen ResultScreen" in done.stdout
    (exported,) = work.glob("cnsnet-*.toml")
    assert tomllib.loads(exported.read_text(encoding="utf-8"))["outcome"]
    assert list((tmp_path / "state").glob("session-*.toml"))  # autosaved on the way


def test_running_the_installer_again_upgrades_in_place(built, installed):
    prefix = installed.parent.parent.parent
    before = installed.stat().st_ino
    done = run_offline(["sh", str(built / "install.sh"), str(prefix)], env=offline_env())
    assert done.returncode == 0, done.stdout + done.stderr
    assert "upgrading in place" in done.stdout
    assert Path(done.stdout.strip().splitlines()[-1]) == installed
    assert installed.stat().st_ino == before  # the same venv, not a new one


def test_the_installer_never_reaches_for_an_index(built, installed, tmp_path):
    """With a wheel missing that the install needs, pip must fail (not fetch it): proof it
    uses the bundle only. The install is an upgrade in place of a copy of the installed
    venv, with tomli_w taken out of it and its wheel out of the bundle (a fresh venv for
    this took seconds more)."""
    copy = tmp_path / "bundle"
    shutil.copytree(built, copy)
    (victim,) = [p for p in (copy / "wheels").iterdir() if p.name.startswith("tomli_w-")]
    victim.unlink()
    prefix = tmp_path / "p"
    # hard links, not copies: the test takes files out of the copy, and pip, failing before
    # it installs anything, writes none (copying the venv's 60 MB cost 1.5 s of CPU)
    shutil.copytree(installed.parent.parent, prefix / "venv", symlinks=True, copy_function=_link)
    (site,) = (prefix / "venv" / "lib").glob("python3*/site-packages")
    taken = [p for p in site.iterdir() if p.name.startswith("tomli_w")]
    assert taken  # the package and its dist-info
    for p in taken:
        shutil.rmtree(p)
    done = run_offline(["sh", str(copy / "install.sh"), str(prefix)], env=offline_env())
    assert "upgrading in place" in done.stdout
    assert done.returncode != 0
    assert "pip could not install" in done.stderr
    assert "tomli" in done.stderr.lower()  # pip names what it could not find
