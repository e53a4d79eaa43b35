"""Build the EPUB and the print PDF of a manuscript folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from samizdat.errors import SamizdatError
from samizdat.lint.run import errors, lint
from samizdat.manuscript.loader import load_book
from samizdat.writers.epub import write_epub
from samizdat.writers.pdf import write_pdf

NAME = "build"
HELP = "build the EPUB and the PDF"


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "manuscript",
        nargs="?",
        default="manuscript",
        type=Path,
        metavar="DIR",
        help="the manuscript folder (default: manuscript/)",
    )
    parser.add_argument(
        "-o",
        "--output",
        default="build",
        type=Path,
        metavar="OUT",
        help="the output folder (default: build/)",
    )
    parser.add_argument("--epub-only", action="store_true", help="build the EPUB only")


def check(manuscript: Path) -> None:
    """The linter first: no book is built from a manuscript with errors."""
    findings = lint(manuscript)
    found = errors(findings)
    if found:
        more = f" (and {len(found) - 1} more errors)" if len(found) > 1 else ""
        raise SamizdatError(f"{found[0].format()}{more}; run `samizdat lint` to see all")
    if findings:
        sys.stderr.write(
            f"samizdat: {len(findings)} lint warnings; run `samizdat lint` to see them\n"
        )


def run(args: argparse.Namespace) -> int:
    check(args.manuscript)
    book = load_book(args.manuscript)
    slug = book.metadata.slug
    written = [write_epub(book, args.output / f"{slug}.epub")]
    if not args.epub_only:
        written.append(write_pdf(book, args.output / f"{slug}.pdf"))
    for path in written:
        print(f"wrote {path}")
    return 0
