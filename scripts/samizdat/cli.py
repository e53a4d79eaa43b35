"""The `samizdat` command: one module per sub-command under samizdat.commands."""

from __future__ import annotations

import argparse
import logging
import sys

from samizdat import __version__
from samizdat.commands import build, catalog, check, lint, new
from samizdat.errors import SamizdatError

COMMANDS = (build, new, lint, check, catalog)


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line, not a usage block."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {message} (see {self.prog} --help)\n")
        raise SystemExit(2)


def parser() -> Parser:
    top = Parser(
        prog="samizdat", description="Make an EPUB 3 and a print PDF from a Markdown manuscript."
    )
    top.add_argument("--version", action="version", version=f"samizdat {__version__}")
    subs = top.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    subs.required = True
    for command in COMMANDS:
        sub = subs.add_parser(command.NAME, help=command.HELP, description=command.__doc__)
        command.arguments(sub)
        sub.set_defaults(run=command.run)
    return top


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.ERROR, format="samizdat: %(name)s: %(message)s")
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except SamizdatError as exc:
        sys.stderr.write(f"samizdat: error: {exc}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("samizdat: interrupted\n")
        return 130
    except Exception as exc:  # a bug: still one line, never a traceback
        sys.stderr.write(f"samizdat: internal error: {type(exc).__name__}: {exc}\n")
        return 70
