"""`make dist`: the offline bundle `dist/cnsnet-<version>-offline.zip`.

Run by the build-tools venv (.venv-dist), never at run time. The network is used here only,
to fetch wheels; every wheel must match a hash recorded in requirements.lock (pip
`--require-hashes`) and only binary wheels are taken (`--only-binary=:all:`).

    python tools/dist.py --platforms all|host [--out dist]

`all`: CPython 3.11-3.13 (and 3.14 where every wheel exists) on manylinux x86_64 and aarch64,
Windows amd64, macOS x86_64 and arm64. `host`: this interpreter on this machine only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from packaging.markers import Marker, default_environment
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
OFFLINE = ROOT / "tools" / "offline"
LOCK = ROOT / "requirements.lock"
PYTHONS = ("3.11", "3.12", "3.13", "3.14")
REQUIRED_PYTHONS = ("3.11", "3.12", "3.13")  # a missing wheel for these fails the build

# key: (pip --platform tags, marker environment). pip accepts older manylinux/macOS tags too.
PLATFORMS: dict[str, tuple[list[str], dict[str, str]]] = {
    "linux-x86_64": (
        ["manylinux_2_17_x86_64"],
        {
            "sys_platform": "linux",
            "platform_system": "Linux",
            "platform_machine": "x86_64",
            "os_name": "posix",
        },
    ),
    "linux-aarch64": (
        ["manylinux_2_17_aarch64"],
        {
            "sys_platform": "linux",
            "platform_system": "Linux",
            "platform_machine": "aarch64",
            "os_name": "posix",
        },
    ),
    "windows-amd64": (
        ["win_amd64"],
        {
            "sys_platform": "win32",
            "platform_system": "Windows",
            "platform_machine": "AMD64",
            "os_name": "nt",
        },
    ),
    "macos-x86_64": (
        ["macosx_11_0_x86_64"],
        {
            "sys_platform": "darwin",
            "platform_system": "Darwin",
            "platform_machine": "x86_64",
            "os_name": "posix",
        },
    ),
    "macos-arm64": (
        ["macosx_11_0_arm64"],
        {
            "sys_platform": "darwin",
            "platform_system": "Darwin",
            "platform_machine": "arm64",
            "os_name": "posix",
        },
    ),
}


def host_key() -> str:
    """This machine as a platform key (the same mapping the install scripts use)."""
    system = {"Linux": "linux", "Darwin": "macos", "Windows": "windows"}.get(
        platform.system(), platform.system().lower()
    )
    machine = platform.machine().lower()
    machine = {"amd64": "amd64" if system == "windows" else "x86_64", "arm64": "arm64"}.get(
        machine, machine
    )
    if system == "linux" and machine == "arm64":
        machine = "aarch64"
    if system == "macos" and machine == "aarch64":
        machine = "arm64"
    return f"{system}-{machine}"


@dataclass(frozen=True)
class Locked:
    """One pinned requirement of the lock: its line (with hashes) and its marker."""

    name: str
    version: str
    marker: Marker | None
    text: str  # "name==version ; marker --hash=sha256:... ..."


@dataclass
class Target:
    key: str
    python: str  # "3.12", or the host's version
    files: list[str] = field(default_factory=list)
    problem: str = ""


def read_lock(path: Path = LOCK) -> list[Locked]:
    """The requirements of a pip-style lock file (continuation lines joined, comments dropped)."""
    logical: list[str] = []
    current = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        current += " " + line.strip().removesuffix("\\").strip()
        if not line.endswith("\\"):
            logical.append(current.strip())
            current = ""
    out = []
    for line in logical:
        spec = line.split(" --hash", 1)[0].strip()
        req = Requirement(spec)
        pins = [s.version for s in req.specifier if s.operator == "=="]
        if len(pins) != 1 or "--hash=sha256:" not in line:
            sys.exit(f"dist: {path.name}: {spec!r} is not pinned with hashes; run make lock")
        out.append(Locked(req.name, pins[0], req.marker, line))
    return out


def marker_env(key: str, python: str) -> dict[str, str]:
    env: dict[str, str] = {k: str(v) for k, v in default_environment().items()}
    if key in PLATFORMS:
        env.update(PLATFORMS[key][1])
        env.update(
            python_version=python,
            python_full_version=f"{python}.0",
            implementation_name="cpython",
            platform_python_implementation="CPython",
        )
    return env


def download(target: Target, locked: list[Locked], work: Path, host: bool) -> Target:
    """Fetch the binary wheels one target needs into its own folder; record what came."""
    env = marker_env(target.key, target.python)
    wanted = [r for r in locked if r.marker is None or r.marker.evaluate(env)]
    folder = work / f"{target.key}-{target.python}"
    folder.mkdir(parents=True)
    reqs = folder / "requirements.txt"
    reqs.write_text("\n".join(r.text for r in wanted) + "\n", encoding="utf-8")
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--quiet",
        "--no-deps",
        "--only-binary=:all:",
        "--require-hashes",
        "-r",
        str(reqs),
        "-d",
        str(folder),
    ]
    if not host:
        for tag in PLATFORMS[target.key][0]:
            cmd += ["--platform", tag]
        cmd += ["--python-version", target.python, "--implementation", "cp"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        last = [ln for ln in done.stderr.splitlines() if ln.startswith("ERROR")] or [
            done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "pip failed"
        ]
        target.problem = last[0]
        return target
    target.files = sorted(p.name for p in folder.glob("*.whl"))
    if len(target.files) != len(wanted):
        target.problem = f"{len(wanted)} requirements but {len(target.files)} wheels"
    return target


BUILT_WITH_WARNINGS = "the cnsnet wheel was built with warnings"


def build_own_wheel(out: Path) -> Path:
    """cnsnet's own wheel, built from a clean copy of this folder (a stale build/ in the
    checkout could otherwise slip files that no longer exist into the wheel)."""
    src = out / "src"
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv*",
            "dist",
            "build",
            "*.egg-info",
            "__pycache__",
            ".*cache*",
            ".hypothesis",
        ),
    )
    build = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out)]
    # with the setuptools pinned in tools/requirements-build.txt (checked against pyproject's
    # build requirements), not whichever release an isolated build would fetch that day
    build += ["--no-build-isolation", "--check-build-dependencies", str(src)]
    done = subprocess.run(build, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"dist: building the cnsnet wheel failed:\n{done.stdout}{done.stderr}")
    if "Warning" in done.stderr:  # e.g. a deprecation: what a later setuptools will refuse
        print(f"dist: {BUILT_WITH_WARNINGS}:\n{done.stderr}", file=sys.stderr, flush=True)
    (wheel,) = out.glob("cnsnet-*.whl")
    return wheel


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def version() -> str:
    text = (ROOT / "engine" / "version.py").read_text(encoding="utf-8")
    m = re.search(r'__version__\s*=\s*"([^"]+)"', text)
    if not m:
        sys.exit("dist: no __version__ in engine/version.py")
    return m.group(1)


def readme_answers() -> str:
    """The answers file shown in README.md (the first ```toml block)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"```toml\n(.*?)```", text, re.S)
    if not m:
        sys.exit("dist: README.md has no ```toml answers block")
    return m.group(1)


def write_zip(bundle: Path, zip_path: Path) -> None:
    """Zip the bundle folder (itself the top folder); install.sh keeps its exec bit."""
    tmp = zip_path.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(p for p in bundle.rglob("*") if p.is_file()):
            arc = f"{bundle.name}/{path.relative_to(bundle).as_posix()}"
            info = zipfile.ZipInfo.from_file(path, arc)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o755 if path.suffix == ".sh" else 0o644) << 16
            z.writestr(info, path.read_bytes())
    tmp.replace(zip_path)


def targets_for(platforms: str) -> list[Target]:
    """The platform/Python pairs to fetch wheels for: this machine's alone, or all."""
    if platforms == "host":
        return [Target(host_key(), f"{sys.version_info.major}.{sys.version_info.minor}")]
    return [Target(k, py) for k in PLATFORMS for py in PYTHONS]


def fetch_wheels(
    targets: list[Target], locked: list[Locked], work: Path, host: bool, wheels: Path
) -> list[Target] | None:
    """Download every target's wheels and gather them in `wheels`; None when a required
    platform lacks one (each problem said on stderr)."""
    print(f"dist: fetching wheels for {len(targets)} platform/Python pairs", flush=True)
    with ThreadPoolExecutor(max_workers=4) as pool:
        done = list(pool.map(lambda t: download(t, locked, work / "dl", host), targets))
    for t in done:
        if t.problem:
            print(f"dist: {t.key} Python {t.python}: {t.problem}", file=sys.stderr)
    if any(t.problem and (host or t.python in REQUIRED_PYTHONS) for t in done):
        print("dist: failed: wheels missing for a required platform", file=sys.stderr)
        return None
    for t in done:
        for f in t.files:
            if not (wheels / f).exists():
                shutil.copy2(work / "dl" / f"{t.key}-{t.python}" / f, wheels / f)
    return done


def write_guides(
    bundle: Path, ver: str, locked: list[Locked], own: Path, done: list[Target]
) -> None:
    """What the bundle says of itself: requirements.txt (the lock plus cnsnet's own wheel,
    hashed), PLATFORMS.txt, the README's example answers, the install scripts and the
    offline README with its version and platforms filled in."""
    (bundle / "requirements.txt").write_text(
        "# What install.sh / install.ps1 install: the lock plus cnsnet's own wheel.\n"
        "# Every file is checked against these hashes (pip --require-hashes).\n"
        + "\n".join(r.text.replace(" --hash", " \\\n    --hash") for r in locked)
        + f"\ncnsnet=={ver} \\\n    --hash=sha256:{sha256(own)}\n",
        encoding="utf-8",
    )
    ok = [t for t in done if not t.problem]
    lines = ["# platform python: the pairs this bundle holds every wheel for"]
    lines += [f"{t.key} {t.python}" for t in ok]
    lines += [f"# not available: {t.key} {t.python}: {t.problem}" for t in done if t.problem]
    (bundle / "PLATFORMS.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (bundle / "example-answers.toml").write_text(readme_answers(), encoding="utf-8")
    for script in ("install.sh", "install.ps1", "install.cmd"):
        shutil.copy2(OFFLINE / script, bundle / script)
    (bundle / "install.sh").chmod(0o755)
    readme = (OFFLINE / "README-offline.txt").read_text(encoding="utf-8")
    pairs = "\n".join(
        f"  {key:<14} Python {' '.join(t.python for t in ok if t.key == key)}"
        for key in dict.fromkeys(t.key for t in ok)
    )
    (bundle / "README-offline.txt").write_text(
        readme.replace("{version}", ver).replace("{platforms}", pairs), encoding="utf-8"
    )


def write_sums(bundle: Path) -> None:
    """SHA256SUMS: every file of the bundle, as `sha256sum -c` reads it."""
    files = sorted(p for p in bundle.rglob("*") if p.is_file())
    (bundle / "SHA256SUMS").write_text(
        "".join(f"{sha256(p)}  {p.relative_to(bundle).as_posix()}\n" for p in files),
        encoding="utf-8",
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--platforms", choices=["all", "host"], default="all")
    ap.add_argument("--out", default="dist")
    args = ap.parse_args(argv)
    started = time.monotonic()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    ver = version()
    name = f"cnsnet-{ver}-offline"
    locked = read_lock()

    with tempfile.TemporaryDirectory(prefix="cnsnet-dist-") as tmp_name:
        work = Path(tmp_name)
        bundle = work / name
        wheels = bundle / "wheels"
        wheels.mkdir(parents=True)

        print(f"dist: building the cnsnet {ver} wheel", flush=True)
        own = build_own_wheel(work / "own")
        shutil.copy2(own, wheels / own.name)

        host = args.platforms == "host"
        done = fetch_wheels(targets_for(args.platforms), locked, work, host, wheels)
        if done is None:
            return 1
        write_guides(bundle, ver, locked, wheels / own.name, done)

        from sbom import write_sbom  # tools/sbom.py, next to this file

        write_sbom(bundle, ver)
        write_sums(bundle)
        zip_path = out / f"{name}.zip"
        write_zip(bundle, zip_path)
    (out / f"{name}.zip.sha256").write_text(f"{sha256(zip_path)}  {zip_path.name}\n")
    size = zip_path.stat().st_size
    summary = {
        "zip": str(zip_path),
        "bytes": size,
        "wheels": sum(1 for _ in zipfile.ZipFile(zip_path).namelist() if _.endswith(".whl")),
        "pairs": [f"{t.key} {t.python}" for t in done if not t.problem],
        "not_available": [f"{t.key} {t.python}" for t in done if t.problem],
        "seconds": round(time.monotonic() - started, 1),
    }
    print(json.dumps(summary, indent=1))
    print(f"dist: wrote {zip_path} ({size / 1e6:.1f} MB) in {summary['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
