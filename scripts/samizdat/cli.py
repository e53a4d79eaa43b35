"""The `samizdat` command: one module per sub-command under samizdat.commands.

Commands are found with pkgutil and imported only when needed, as Standard
Ebooks' `se` does: `samizdat lint` imports the lint command alone, and no
command module imports WeasyPrint, ebooklib or pikepdf before its run()
starts, so that `samizdat lint`, `samizdat new` and `--help` stay fast.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from types import ModuleType

from samizdat import __version__, commands
from samizdat.errors import failure


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line, not a usage block."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {message} (see {self.prog} --help)\n")
        raise SystemExit(2)


def command_names() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(commands.__path__) if not m.ispkg)


def command(name: str) -> ModuleType:
    return importlib.import_module(f"{commands.__name__}.{name}")


def chosen(argv: list[str], names: list[str]) -> str | None:
    """The command named in argv, if any: the first word that is not an option."""
    first = next((a for a in argv if not a.startswith("-")), None)
    return first if first in names else None


def parser(argv: list[str] | None = None) -> Parser:
    """The parser; with `argv`, only the command it names is imported."""
    names = command_names()
    only = chosen(argv, names) if argv is not None else None
    top = Parser(
        prog="samizdat", description="Make an EPUB 3 and a print PDF from a Markdown manuscript."
    )
    top.add_argument("--version", action="version", version=f"samizdat {__version__}")
    subs = top.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    subs.required = True
    for name in names:
        if only is not None and name != only:
            subs.add_parser(name)  # named, so that usage lists it, but not imported
            continue
        module = command(name)
        sub = subs.add_parser(name, help=module.HELP, description=module.__doc__)
        module.arguments(sub)
        sub.set_defaults(run=module.run)
    return top


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.ERROR, format="samizdat: %(name)s: %(message)s")
    argv = sys.argv[1:] if argv is None else argv
    args = parser(argv).parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        sys.stderr.write("samizdat: interrupted\n")
        return 130
    except Exception as exc:  # the user's problem or a bug: one line, never a traceback
        line, code = failure(exc)
        sys.stderr.write(f"samizdat: {line}\n")
        return code
