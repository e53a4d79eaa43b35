"""Build the EPUB and the print PDF of a manuscript folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from samizdat.commands import manuscript_argument
from samizdat.errors import SamizdatError
from samizdat.lint.run import errors, lint
from samizdat.manuscript.loader import load_book
from samizdat.pagination import page_breaks
from samizdat.trims import trim, trim_names
from samizdat.writers.booklet import impose
from samizdat.writers.epub import print_edition_identifier, write_epub
from samizdat.writers.files import staging
from samizdat.writers.pdf import PrintOptions, render, write_pdf
from samizdat.writers.print_cover import write_cover
from samizdat.writers.web import write_web

NAME = "build"
HELP = "build the EPUB, the PDF and the web edition"


def arguments(parser: argparse.ArgumentParser) -> None:
    manuscript_argument(parser)
    parser.add_argument(
        "-o",
        "--output",
        default="build",
        type=Path,
        metavar="OUT",
        help="the output folder (default: build/)",
    )
    parser.add_argument("--epub-only", action="store_true", help="build the EPUB only")
    parser.add_argument(
        "--web-only", action="store_true", help="build the web edition only (OUT/<slug>-web/)"
    )
    parser.add_argument(
        "--trim",
        metavar="NAME",
        help=f"trim size: {', '.join(trim_names())} (default: book.toml's, or a5)",
    )
    parser.add_argument(
        "--booklet",
        action="store_true",
        help="also write OUT/<slug>-booklet.pdf, imposed for saddle stitching",
    )
    parser.add_argument(
        "--creep",
        type=float,
        default=0.0,
        metavar="MM",
        help="shift the booklet's innermost pages this far toward the spine",
    )
    parser.add_argument(
        "--print-ready",
        action="store_true",
        help="also write OUT/<slug>-print.pdf with 3 mm bleed and crop marks",
    )


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
    if args.trim:
        trim(args.trim)  # an unknown name stops here, before any work
    if args.creep < 0:
        raise SamizdatError("--creep must not be negative")
    if args.epub_only and args.web_only:
        raise SamizdatError("--epub-only and --web-only: choose one")
    check(args.manuscript)
    book = load_book(args.manuscript)
    page = trim(args.trim or book.metadata.trim)
    slug = book.metadata.slug
    with staging(args.output) as out:
        if args.web_only:
            pass  # no print layout, so no page numbers
        elif args.epub_only:
            write_epub(book, out / f"{slug}.epub")
        else:
            # The PDF is laid out first: the EPUB carries its page numbers.
            options = PrintOptions(trim=page.name)
            rendered = render(book, options)
            book.page_breaks = page_breaks(rendered.document)
            book.page_source = f"the {page.label} print edition ({print_edition_identifier(book)})"
            write_epub(book, out / f"{slug}.epub")
            reading = write_pdf(book, out / f"{slug}.pdf", options, rendered)
            cover = PrintOptions(page.name, args.print_ready)
            write_cover(book, out / f"{slug}-cover.pdf", page, cover)
            if args.booklet:
                impose(reading, out / f"{slug}-booklet.pdf", page, args.creep)
            if args.print_ready:
                options = PrintOptions(trim=page.name, print_ready=True)
                write_pdf(book, out / f"{slug}-print.pdf", options)
        if not args.epub_only:  # last: its index offers the editions written before it
            write_web(book, out / f"{slug}-web", look_in=[args.output])
        written = sorted(p.name for p in out.iterdir())
    for name in written:
        print(f"wrote {args.output / name}")
    return 0
