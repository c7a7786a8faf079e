"""The `cnsnet` command: decide, show, questions, resume, and the app.

`decide`, `show` and `questions` never import textual; only the app commands do.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from engine.version import __version__

EXIT_OK, EXIT_INVALID, EXIT_INCOMPLETE = 0, 2, 3


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cnsnet",
        description="Work-up and systemic-therapy options for a primary CNS neuroendocrine "
        "tumour, from one source article. For healthcare professionals.",
    )
    p.add_argument("--version", action="version", version=f"cnsnet {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    d = sub.add_parser("decide", help="read answers, print the session summary TOML")
    d.add_argument("file", metavar="FILE.toml")
    s = sub.add_parser("show", help="print the plain-text clinical note of a saved session")
    s.add_argument("file", metavar="FILE.toml")
    sub.add_parser("questions", help="print the question bank")
    r = sub.add_parser("resume", help="open the app on a saved session")
    r.add_argument("file", metavar="FILE.toml")
    return p


def _err(message: str) -> None:
    from engine.text import visible

    print(f"cnsnet: {visible(message, one_line=True)}", file=sys.stderr)


def _notices(session: object) -> None:
    """What the reader noticed (a changed question bank, a re-decided outcome), on stderr."""
    for notice in getattr(session, "notices", []):
        _err(f"notice: {notice}")


def cmd_decide(path: str) -> int:
    from engine.reader import InputError, read_session
    from engine.summary import dumps

    try:
        session = read_session(path)
    except InputError as e:
        _err(str(e))
        return EXIT_INVALID
    _notices(session)
    ignored = [d.question for d in session.discarded if d.reason == "not asked on this path"]
    if ignored:
        _err(f"warning: ignored answers not asked on this path: {', '.join(ignored)}")
    sys.stdout.write(dumps(session))
    pending = session.walk().pending
    if pending:
        print(f"incomplete: next question is {pending}", file=sys.stderr)
        return EXIT_INCOMPLETE
    return EXIT_OK


def cmd_show(path: str) -> int:
    from engine.note import build_note
    from engine.reader import InputError, read_session

    try:
        session = read_session(path)
    except InputError as e:
        _err(str(e))
        return EXIT_INVALID
    _notices(session)
    sys.stdout.write(build_note(session, session.outcome()))
    return EXIT_OK


def cmd_questions() -> int:
    from engine.answers import accepted
    from questions import bank

    out: list[str] = []
    for n, q in enumerate(bank().questions, 1):
        out.append(f"{n}. {q.id} ({q.kind}) {' '.join(q.source) or ''}".rstrip())
        out.append(f"   {q.prompt}")
        out.append(f"   asked when: {q.asked_when}")
        if q.kind == "choice":
            for i, c in enumerate(q.choices, 1):
                out.append(f"     {i}  {c.id}: {c.label}")
        else:
            out.append(f"   accepts: {accepted(q)}")
        out.append("")
    sys.stdout.write("\n".join(out))
    return EXIT_OK


def cmd_app(resume: str | None = None) -> int:
    """Open the Textual app, on a saved session when `resume` names one."""
    session = None
    if resume is not None:
        from engine.reader import InputError, read_session

        try:
            session = read_session(resume)
        except InputError as e:
            _err(str(e))
            return EXIT_INVALID
    from tui.app import CnsnetApp

    CnsnetApp(session).run()
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `cnsnet` console script."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "decide":
            return cmd_decide(args.file)
        if args.command == "show":
            return cmd_show(args.file)
        if args.command == "questions":
            return cmd_questions()
        return cmd_app(getattr(args, "file", None))
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
