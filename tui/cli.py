"""The `cnsnet` command: decide, show, questions, resume, doctor, and the app.

`decide`, `show`, `questions` and `doctor` never import textual; only the app commands do.
"""

from __future__ import annotations

import argparse
import errno
import io
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from engine.data import DataFileError
from engine.limits import BRIEF_LINES
from engine.version import __version__

if TYPE_CHECKING:
    from engine.session import Session

EXIT_OK, EXIT_BROKEN, EXIT_INVALID, EXIT_INCOMPLETE = 0, 1, 2, 3


class _OneLineParser(argparse.ArgumentParser):
    """Bad arguments are one line on stderr and exit 2 (argparse prints its usage first)."""

    def error(self, message: str) -> NoReturn:
        usage = " ".join(self.format_usage().split()).removeprefix("usage: ")
        self.exit(EXIT_INVALID, f"{self.prog}: {message} (usage: {usage})\n")


def _parser() -> argparse.ArgumentParser:
    p = _OneLineParser(
        prog="cnsnet",
        description="Work-up and systemic-therapy options for a primary CNS neuroendocrine "
        "tumour, from one source article. For healthcare professionals.",
    )
    p.add_argument("--version", action="version", version=f"cnsnet {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    d = sub.add_parser("decide", help="read answers, print the session summary TOML")
    d.add_argument("file", metavar="FILE.toml", help="the file, or - for standard input")
    s = sub.add_parser("show", help="print the plain-text clinical note of a saved session")
    s.add_argument("file", metavar="FILE.toml", help="the file, or - for standard input")
    s.add_argument(
        "--brief",
        action="store_true",
        help=f"the brief note (at most {BRIEF_LINES} lines) to paste",
    )
    sub.add_parser("questions", help="print the question bank")
    r = sub.add_parser("resume", help="open the app on a saved session")
    r.add_argument("file", metavar="FILE.toml")
    sub.add_parser("doctor", help="check the installation, folders and terminal")
    ss = sub.add_parser(
        "sessions", help="list the autosaved sessions (id, label, updated, pathway, exported?)"
    )
    ss.add_argument(
        "--purge-exported",
        action="store_true",
        help="remove the autosaves that were exported since their last change",
    )
    return p


def _err(message: str) -> None:
    from engine.text import visible

    print(f"cnsnet: {visible(message, one_line=True)}", file=sys.stderr)


def _out(text: str) -> None:
    """Write all of `text` to stdout, or raise OSError: a short write is an error.

    Python's buffered stdout lets a write cut short by `ulimit -f` pass silently; writing
    to the file descriptor until every byte is taken does not.
    """
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, ValueError, io.UnsupportedOperation):  # captured (tests)
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    view = memoryview(text.encode("utf-8"))
    while view:
        n = os.write(fd, view)
        if n <= 0:
            raise OSError(errno.EIO, "the output was cut short")
        view = view[n:]


def _read(path: str) -> Session | None:
    """The validated session in `path`, its notices on stderr; None (and why) if unusable."""
    from engine.reader import MAX_BYTES, InputError, read_session, session_from_bytes

    try:
        if path == "-":
            try:
                session = session_from_bytes(sys.stdin.buffer.read(MAX_BYTES + 1))
            except InputError as e:
                raise InputError(f"(standard input): {e}") from None
        else:
            session = read_session(path)
    except InputError as e:
        _err(str(e))
        return None
    for notice in session.notices:  # a changed question bank, a re-decided outcome
        _err(f"notice: {notice}")
    return session


def cmd_decide(path: str) -> int:
    from engine.summary import dumps

    session = _read(path)
    if session is None:
        return EXIT_INVALID
    if session.not_asked:
        _err(f"warning: ignored answers not asked on this path: {', '.join(session.not_asked)}")
    _out(dumps(session))
    pending = session.walk().pending
    if pending:
        print(f"incomplete: next question is {pending}", file=sys.stderr)
        return EXIT_INCOMPLETE
    return EXIT_OK


def cmd_show(path: str, brief: bool = False) -> int:
    from engine.note import build_brief, build_note

    session = _read(path)
    if session is None:
        return EXIT_INVALID
    build = build_brief if brief else build_note
    _out(build(session, session.outcome()))
    return EXIT_OK


def cmd_questions() -> int:
    from engine.answers import accepted
    from engine.data import bank

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
    _out("\n".join(out))
    return EXIT_OK


def cmd_sessions(purge_exported: bool) -> int:
    """List the autosaves, newest first; with --purge-exported remove the exported ones."""
    from engine.autosave import purge_exported as purge
    from engine.autosave import scan, state_dir
    from engine.files import WriteError
    from engine.text import visible

    try:
        state_dir()
    except WriteError as e:  # NoStateDir: an unknown `~user`, no home folder
        _err(str(e))
        return EXIT_BROKEN
    if purge_exported:
        try:
            removed = purge()
        except WriteError as e:
            _err(str(e))
            return EXIT_BROKEN
        print(f"removed {len(removed)} exported autosave(s) from {state_dir()}")
        return EXIT_OK
    found = scan(everything=True)
    print(f"# {state_dir()}")
    print("id\tlabel\tupdated\tpathway\texported")
    for s in found.unfinished:
        label = visible(s.case_label, one_line=True) or "-"
        where = s.pathway or f"unfinished (next: {s.next_question})"
        when = s.updated.astimezone().strftime("%Y-%m-%d %H:%M")
        print(f"{s.id}\t{label}\t{when}\t{where}\t{'yes' if s.exported else 'no'}")
    for _path, reason in found.unreadable:
        _err(f"unreadable: {reason}")
    return EXIT_OK


def cmd_app(resume: str | None = None) -> int:
    """Open the Textual app, on a saved session when `resume` names one."""
    session = None
    if resume is not None:
        session = _read(resume)
        if session is None:
            return EXIT_INVALID
    from tui.app import CnsnetApp

    app = CnsnetApp(session)
    app.run()
    return app.return_code or EXIT_OK  # 1 when the program's own data is broken


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `cnsnet` console script."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "decide":
            code = cmd_decide(args.file)
        elif args.command == "show":
            code = cmd_show(args.file, brief=args.brief)
        elif args.command == "questions":
            code = cmd_questions()
        elif args.command == "doctor":
            from tui.doctor import cmd_doctor

            code = cmd_doctor()
        elif args.command == "sessions":
            code = cmd_sessions(args.purge_exported)
        else:
            return cmd_app(getattr(args, "file", None))
        # flushed here, not at exit: a write that fails at the end (ulimit -f, a full disk)
        # must not be lost with exit 0
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        return EXIT_OK
    except OSError as e:  # e.g. stdout is a full disk
        _err(f"cannot write the output: {e.strerror or e}")
        return EXIT_BROKEN
    except DataFileError as e:  # the installation's own data files are broken
        _err(f"the program's data is broken, reinstall cnsnet: {e}")
        return EXIT_BROKEN


if __name__ == "__main__":
    sys.exit(main())
