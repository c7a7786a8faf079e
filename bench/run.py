"""`make bench`: how fast cnsnet is, each figure as a ratio to a baseline timed in the same run.

The machines are shared and noisy, so absolute times drift: every subject run is paired with
a baseline run right next to it (the order flips every round), each ratio is taken within a
pair, and the table shows the median ratio with its min and max over the pairs. Times are
the median (min-max) over the runs.

    .venv/bin/python bench/run.py [--runs N] [--autosave] [--as-is]

Child processes use the interpreter that runs this script. By default their bytecode is
cached under a temporary PYTHONPYCACHEPREFIX (after one warm-up run of each kind), as an
installed program's is, even where PYTHONDONTWRITEBYTECODE is set; `--as-is` keeps the
environment as it is. See docs/performance.md for what is measured and how.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHILD = ROOT / "bench" / "child.py"
PY = sys.executable

ANSWERS = """\
[answers]
scope = "primary_cns_net"
histology = "well_differentiated"
ki67 = 8.5
sstr_imaging = "ga68_pet"
sstr_status = "positive"
setting = "first_line"
debulking = "not_assessed"
special_population = "no"
cga_baseline = "measured"
"""
EXPECTED_PATHWAY = 'pathway = "first-line-ssa"'


def now() -> float:
    return time.clock_gettime(time.CLOCK_MONOTONIC)


@dataclass
class Series:
    subject: list[float]
    baseline: list[float]

    def ratios(self) -> list[float]:
        return [s / b for s, b in zip(self.subject, self.baseline, strict=True)]


@dataclass
class Row:
    figure: str
    subject: str
    baseline: str
    ratio: str
    goal: str
    holds: str


def mmm(xs: list[float], scale: float = 1.0, fmt: str = "{:.0f}", unit: str = "") -> str:
    """median (min-max)"""
    med, lo, hi = statistics.median(xs) * scale, min(xs) * scale, max(xs) * scale
    return f"{fmt.format(med)}{unit} ({fmt.format(lo)}–{fmt.format(hi)})"


def ratio_row(figure: str, s: Series, goal: float | None, scale: float, fmt: str, unit: str) -> Row:
    r = s.ratios()
    med = statistics.median(r)
    return Row(
        figure,
        mmm(s.subject, scale, fmt, unit),
        mmm(s.baseline, scale, fmt, unit),
        f"{med:.2f}× ({min(r):.2f}–{max(r):.2f})",
        f"≤ {goal}×" if goal is not None else "—",
        ("yes" if med <= goal else "no") if goal is not None else "—",
    )


# -- child processes ------------------------------------------------------------------------


class Children:
    """Runs measured child processes in a scratch folder with their own state folder."""

    def __init__(self, tmp: Path, as_is: bool, autosave: bool) -> None:
        self.tmp = tmp
        self.autosave = autosave
        env = dict(os.environ)
        env["CNSNET_STATE_DIR"] = str(tmp / "state")
        env.pop("TEXTUAL", None)  # no devtools
        if not as_is:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
        self.env = env
        self.answers = tmp / "answers.toml"
        self.answers.write_text(ANSWERS, encoding="utf-8")
        self.out = tmp / "out.json"

    def wall(self, argv: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
        """Seconds from spawning `PY argv` to its exit."""
        t0 = now()
        p = subprocess.run([PY, *argv], env=self.env, cwd=ROOT, capture_output=True, text=True)
        return now() - t0, p

    def child(self, mode: str, kind: str) -> tuple[float, dict[str, Any]]:
        """(time spawned, result) of one bench/child.py run."""
        argv = [str(CHILD), mode, kind, str(self.out)]
        if self.autosave and kind == "subject":
            argv.append("--autosave")
        t0 = now()
        p = subprocess.run([PY, *argv], env=self.env, cwd=ROOT, capture_output=True, text=True)
        if p.returncode != 0:
            raise SystemExit(f"bench/child.py {mode} {kind} failed:\n{p.stderr[-3000:]}")
        result = json.loads(self.out.read_text(encoding="utf-8"))
        self.out.unlink()
        return t0, result


def pairs(runs: int) -> Iterator[tuple[int, tuple[str, str]]]:
    """Run index and the order of the pair: baseline first on even rounds, subject on odd."""
    for i in range(runs):
        yield i, (("baseline", "subject") if i % 2 == 0 else ("subject", "baseline"))


def bench_decide(c: Children, runs: int) -> Series:
    base = ["-c", "import pydantic, tomllib, tomli_w"]
    subj = ["-m", "tui.cli", "decide", str(c.answers)]
    out: dict[str, list[float]] = {"subject": [], "baseline": []}
    for _, order in pairs(runs):
        for kind in order:
            secs, p = c.wall(subj if kind == "subject" else base)
            if p.returncode != 0 or (kind == "subject" and EXPECTED_PATHWAY not in p.stdout):
                raise SystemExit(f"decide ({kind}) failed: rc={p.returncode}\n{p.stderr[-2000:]}")
            out[kind].append(secs)
    return Series(out["subject"], out["baseline"])


@dataclass
class AppFigures:
    paint: Series
    keypress: Series
    first_key: Series
    to_result: Series
    rss: Series


def bench_app(c: Children, runs: int) -> AppFigures:
    paint: dict[str, list[float]] = {"subject": [], "baseline": []}
    rss_base: list[float] = []
    for _, order in pairs(runs):
        for kind in order:
            t0, r = c.child("paint", kind)
            paint[kind].append(r["t_paint"] - t0)
            if kind == "baseline":
                rss_base.append(r["max_rss_kib"] / 1024)
    keys: dict[str, list[dict[str, Any]]] = {"subject": [], "baseline": []}
    for _, order in pairs(runs):
        for kind in order:
            keys[kind].append(c.child("keys", kind)[1])
    ks, kb = keys["subject"], keys["baseline"]
    return AppFigures(
        paint=Series(paint["subject"], paint["baseline"]),
        keypress=Series(
            [statistics.median(r["to_question"]) for r in ks],
            [statistics.median(r["to_question"]) for r in kb],
        ),
        first_key=Series([r["first"] for r in ks], [r["first"] for r in kb]),
        to_result=Series([r["to_result"] for r in ks], [r["to_result"] for r in kb]),
        rss=Series([r["max_rss_kib"] / 1024 for r in ks], rss_base),
    )


# -- the exhaustive walk (in this process, engine only) --------------------------------------


def exhaustive_walk() -> tuple[int, Callable[[], int]]:
    """The exhaustive walk of tests/engine/test_exhaustive_walk.py, timed here: every path,
    with Ki-67 at a value inside each band, at each cut-off and either side of it, and
    unknown; `decide` at the end of each."""
    sys.path.insert(0, str(ROOT))  # the tests folder is not installed
    from tests.engine.test_exhaustive_walk import enumerate_paths

    def run() -> int:
        return sum(1 for _ in enumerate_paths())

    return run(), run  # the first run loads the data files once


def bench_exhaustive(runs: int) -> tuple[list[float], int]:
    paths, run = exhaustive_walk()
    secs = []
    for _ in range(runs):
        t0 = time.perf_counter()
        n = run()
        secs.append(time.perf_counter() - t0)
        assert n == paths
    return secs, paths


# -- report ---------------------------------------------------------------------------------


def versions() -> tuple[str, str]:
    p = subprocess.run(
        [PY, "-c", "import textual, sys; print(textual.__version__); print(sys.version)"],
        capture_output=True,
        text=True,
        check=True,
    )
    textual_v, py_v = p.stdout.splitlines()[:2]
    return py_v.split()[0], textual_v


def table(rows: list[Row]) -> str:
    head = Row(
        "figure", "subject median (min–max)", "baseline median (min–max)", "ratio", "goal", "holds?"
    )
    lines = [head, Row(*(["---"] * 6)), *rows]
    return "\n".join(
        f"| {r.figure} | {r.subject} | {r.baseline} | {r.ratio} | {r.goal} | {r.holds} |"
        for r in lines
    )


def _args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7, help="runs per figure (at least 7; default 7)")
    ap.add_argument("--autosave", action="store_true", help="the app autosaves (to a temp dir)")
    ap.add_argument("--as-is", action="store_true", help="leave PYTHONDONTWRITEBYTECODE alone")
    args = ap.parse_args(argv)
    if args.runs < 7:
        print(f"note: --runs {args.runs} is below the 7 that the figures call for", file=sys.stderr)
    return args


def _measure(args: argparse.Namespace) -> tuple[Series, AppFigures, list[float], int]:
    """Every figure: decide and the app in child processes, then the walk in this one."""
    with tempfile.TemporaryDirectory(prefix="cnsnet-bench-") as tmp:
        c = Children(Path(tmp), as_is=args.as_is, autosave=args.autosave)
        print("warming up (bytecode, first runs)…", file=sys.stderr, flush=True)
        for kind in ("baseline", "subject"):
            c.child("paint", kind)
            c.child("keys", kind)
        c.wall(["-m", "tui.cli", "decide", str(c.answers)])
        c.wall(["-c", "import pydantic, tomllib, tomli_w"])

        print("decide…", file=sys.stderr, flush=True)
        decide = bench_decide(c, args.runs)
        print("app: first paint, keypresses, memory…", file=sys.stderr, flush=True)
        app = bench_app(c, args.runs)
    print("exhaustive walk…", file=sys.stderr, flush=True)
    walk_secs, paths = bench_exhaustive(args.runs)
    return decide, app, walk_secs, paths


MS = 1000.0


def _rows(decide: Series, app: AppFigures, walk_secs: list[float], paths: int) -> list[Row]:
    """The table's rows: each figure, its baseline, the ratio and the goal."""
    med_walk = statistics.median(walk_secs)
    return [
        ratio_row(
            "`python -m tui.cli decide FILE` on a complete case, whole process "
            '(baseline: `python -c "import pydantic, tomllib, tomli_w"`)',
            decide, 1.5, MS, "{:.0f}", " ms",
        ),
        ratio_row(
            "process start → first paint of `CnsnetApp` (welcome screen; headless `run_test`, "
            "100×32) (baseline: an app whose screen shows one `Label`)",
            app.paint, 1.2, MS, "{:.0f}", " ms",
        ),
        ratio_row(
            "keypress → next question painted, median over a full walk "
            "(baseline: a key bound to `switch_screen` of a one-`Label` screen)",
            app.keypress, 1.5, MS, "{:.1f}", " ms",
        ),
        ratio_row(
            "↳ first keystroke: welcome → question 1 (baseline: first switch)",
            app.first_key, None, MS, "{:.1f}", " ms",
        ),
        ratio_row(
            "↳ last keystroke: last question → result screen (baseline: last switch)",
            app.to_result, None, MS, "{:.1f}", " ms",
        ),
        Row(
            f"exhaustive walk of every path, engine only ({paths:,} paths, `decide` at each)",
            f"{mmm(walk_secs, MS, '{:.0f}', ' ms')}; {paths / med_walk:,.0f} paths/s",
            "—",
            "—",
            "< 1 s",
            "yes" if med_walk < 1.0 else "no",
        ),
        ratio_row(
            "peak RSS after a full walk in the app (baseline: the one-`Label` app mounted)",
            app.rss, 1.3, 1.0, "{:.1f}", " MiB",
        ),
    ]  # fmt: skip


def _report(args: argparse.Namespace, command: str, rows: list[Row]) -> None:
    py_v, textual_v = versions()
    print()
    print(f"date: {dt.datetime.now().astimezone().isoformat(timespec='seconds')}")
    print(
        f"machine: nproc {len(os.sched_getaffinity(0))}, {platform.machine()}, {platform.system()}"
    )
    print(f"Python {py_v} · Textual {textual_v}")
    print(f"command: {command}")
    print(
        f"runs: {args.runs} per figure, baseline and subject alternating; "
        f"bytecode: {'as the environment has it' if args.as_is else 'cached (temp prefix)'}; "
        f"autosave: {'on' if args.autosave else 'off'}"
    )
    print()
    print(table(rows))


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    started = time.perf_counter()
    command = shlex.join([os.path.relpath(PY, ROOT), *sys.argv])
    decide, app, walk_secs, paths = _measure(args)
    _report(args, command, _rows(decide, app, walk_secs, paths))
    print()
    print(f"(bench took {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
