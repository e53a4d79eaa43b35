"""Build the EPUB and the print PDF of a manuscript folder.

The book is laid out once; the reading PDF, the print-ready PDF and the
booklet are all made from those pages, and the EPUB takes its page list from
them. A long book is laid out section by section, each section kept in a
cache, so that a rebuild lays out only what an edit changed
(print/sections.py). What it is doing goes to stderr, one line per stage,
when stderr is a terminal (--progress: always; --quiet: never); the files
written are listed on stdout.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from samizdat.commands import manuscript_argument
from samizdat.errors import SamizdatError

# Creep for a thick saddle-stitched booklet is a fraction of a millimetre per
# sheet; more than this would move pages off the sheet.
MAX_CREEP = 10.0

NAME = "build"
HELP = "build the EPUB, the PDF and the web edition"


def arguments(parser: argparse.ArgumentParser, progress_by_default: bool = True) -> None:
    """The build's options; `progress_by_default`: stage lines on a terminal unless -q."""
    from samizdat.trims import trim_names

    manuscript_argument(parser)
    parser.add_argument(
        "-o",
        "--output",
        default="build",
        type=Path,
        metavar="OUT",
        help="the output folder (default: build/)",
    )
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--epub-only", action="store_true", help="build the EPUB only")
    only.add_argument(
        "--pdf-only",
        action="store_true",
        help="build the PDF (and the print files asked for) but no EPUB",
    )
    only.add_argument(
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
        help="also write OUT/<slug>-booklet.pdf, imposed for saddle stitching,"
        " and OUT/<slug>-cover.pdf",
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
        help="also write OUT/<slug>-print.pdf (PDF/X-1a, 3 mm bleed, crop marks)"
        " and OUT/<slug>-cover.pdf with bleed and marks",
    )
    parser.add_argument(
        "--layout",
        choices=("auto", "one-pass", "sections"),
        default="auto",
        help="lay the book out in one pass, or section by section with each section cached"
        " (auto: by sections for a book of two sections or more when the cache is on,"
        " data/layout.toml)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor keep laid-out sections (with --layout auto: one pass)",
    )
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument(
        "-q", "--quiet", action="store_true", help="no progress lines, even on a terminal"
    )
    shown.add_argument(
        "--progress",
        action="store_true",
        help="progress lines on stderr even when it is not a terminal (default: only on one)"
        if progress_by_default
        else "a progress line on stderr for each stage of each build (default: none)",
    )


def check(manuscript: Path) -> list:
    """The linter first: no book is built from a manuscript with errors.

    Returns the Book the linter's loader made (the linter loads the book to
    report what the loader refuses), or nothing.
    """
    from samizdat import progress
    from samizdat.lint.run import errors, lint

    loaded: list = []
    with progress.stage("lint") as stage:
        findings = lint(manuscript, loaded)
        found = errors(findings)
        stage.done(f"{len(found)} errors, {len(findings) - len(found)} warnings")
    if found:
        more = f" (and {len(found) - 1} more errors)" if len(found) > 1 else ""
        raise SamizdatError(f"{found[0].format()}{more}; run `samizdat lint` to see all")
    if findings:
        sys.stderr.write(
            f"samizdat: {len(findings)} lint warnings; run `samizdat lint` to see them\n"
        )
    return loaded


def check_options(args: argparse.Namespace) -> None:
    """Options that cannot be met stop here, before any work."""
    from samizdat.trims import trim

    if args.trim:
        trim(args.trim)  # an unknown name
    if not math.isfinite(args.creep) or not 0 <= args.creep <= MAX_CREEP:
        raise SamizdatError(f"--creep must be a number of millimetres from 0 to {MAX_CREEP}")
    if (args.epub_only or args.web_only) and (args.booklet or args.print_ready):
        only = "--epub-only" if args.epub_only else "--web-only"
        raise SamizdatError(f"--booklet and --print-ready are print files: drop {only}")


def run(args: argparse.Namespace) -> int:
    from samizdat import progress

    check_options(args)
    if not args.quiet:
        progress.enable(sys.stderr, always=args.progress)
    try:
        written = build(args)
    finally:
        progress.disable()
    for name in written:
        print(f"wrote {args.output / name}")
    return 0


def build(args: argparse.Namespace) -> list[str]:
    from samizdat import progress
    from samizdat.manuscript.loader import load_book
    from samizdat.trims import trim
    from samizdat.writers.files import staging

    loaded = check(args.manuscript)
    with progress.stage("load") as stage:
        book = loaded[0] if loaded else load_book(args.manuscript)
        stage.done(f"{len(book.sections)} sections, {len(book.notes)} notes")
    page = trim(args.trim or book.metadata.trim)
    with staging(args.output) as out:
        if args.epub_only:
            write_epub(book, out / f"{book.metadata.slug}.epub")
        elif not args.web_only:  # the web edition alone needs no layout (and has no pages)
            book = write_print(book, page, out, args)
        if not (args.epub_only or args.pdf_only):
            write_web(book, out / f"{book.metadata.slug}-web", args.output)
        return sorted(p.name for p in out.iterdir())


def write_web(book, target: Path, output: Path) -> None:
    """Last: its index offers the editions written before it."""
    from samizdat import progress
    from samizdat.writers.web import write_web

    with progress.stage("web") as stage:
        write_web(book, target, look_in=[output])
        stage.done(f"{target.name}/")


def write_epub(book, target: Path) -> None:
    from samizdat import progress
    from samizdat.writers.epub import write_epub

    with progress.stage("epub") as stage:
        write_epub(book, target)
        pages = f", page list of {len(book.page_breaks)} pages" if book.page_breaks else ""
        stage.done(f"{target.name}{pages}")


def write_print(book, page, out: Path, args: argparse.Namespace):
    """Lay the book out once; write the EPUB with its pages, and every print variant.
    Returns the Book with the print edition's pages, for the web edition.

    Once laid out, the files are written in two groups side by side
    (print/parallel.py): the reading PDF, the booklet made from it and the
    EPUB here; the cover and the print-ready PDF (or, without them, the EPUB)
    in a forked process that shares the laid-out pages.
    """
    from samizdat.print import variants
    from samizdat.print.parallel import side_by_side

    edition = print_layout(book, page, variants.selected(args.booklet, args.print_ready), args)
    warn_overfull(book, edition)
    isbn = f" (ISBN {book.metadata.isbn_print})" if book.metadata.isbn_print else ""
    book = edition.annotate(book, f"the {page.label} print edition{isbn}")
    tasks = {}  # name -> writer, in the order they are made
    if not args.pdf_only:
        target = out / f"{book.metadata.slug}.epub"
        tasks["epub"] = lambda: write_epub(book, target)
    for variant in variants.selected(args.booklet, args.print_ready):
        tasks[variant.name] = write_variant(book, edition, variant, out, args)
    there = [name for name in tasks if name in ("cover", "cover-print", "print")]
    there = there or [name for name in tasks if name == "epub"]
    here = [name for name in tasks if name not in there]
    if not there:  # --pdf-only with no print file: nothing to share
        run_all(tasks[name] for name in here)
        return book
    side_by_side(
        lambda: run_all(tasks[name] for name in here),
        lambda: run_all(tasks[name] for name in there),
    )
    return book


def warn_overfull(book, edition) -> None:
    """A note longer than a page is set over the page's text: the build says where."""
    notes = {note.number: note for note in book.notes}
    for page_number, number in getattr(edition, "overfull_notes", []):
        note = notes.get(number)
        where = f"{note.source}:{note.line}: " if note and note.line else ""
        sys.stderr.write(
            f"samizdat: warning: {where}note {number} is longer than a page at this trim:"
            f" it runs over the text of p. {page_number} of the PDF (a note is continued on"
            " one page at most); shorten it, or make it an appendix\n"
        )


def print_layout(book, page, selected, args: argparse.Namespace):
    """The book laid out once, section by section if that pays (print/sections.py)."""
    from samizdat import progress
    from samizdat.print import layout, sections
    from samizdat.print.layoutcache import LayoutCache

    cache = LayoutCache(use=not args.no_cache)
    auto = args.layout == "auto"
    by_sections = args.layout == "sections" or (auto and not args.no_cache and sections.pays(book))
    key = cache.key(book, page) if by_sections and auto else None
    if key and (reason := cache.unjoinable(key)):
        progress.say(f"layout: {reason} (found by the last build): one pass")
        by_sections = False
    if by_sections:
        wanted = [v for v in selected if v.source == "book"]
        try:
            edition = sections.lay_out(book, page, wanted, cache)
        except sections.NotJoinable as exc:
            progress.say(f"layout: {exc}: one pass instead")
            if key:  # the next build of the same text goes straight to one pass
                cache.put_unjoinable(key, str(exc))
            edition = layout.lay_out(book, page, cache)
    else:
        edition = layout.lay_out(book, page, cache)
    cache.prune(sections.settings()["cache_mb"])
    return edition


def run_all(tasks) -> None:
    for task in tasks:
        task()


def write_variant(book, edition, variant, out: Path, args: argparse.Namespace):
    """The task that writes one variant (the cover laid out on the way if it is one)."""
    from samizdat import progress
    from samizdat.print import variants
    from samizdat.print.cover import lay_out_cover

    slug = book.metadata.slug
    target = out / f"{slug}{variant.suffix}.pdf"

    def task() -> None:
        advice = None
        with progress.stage(f"pdf: {variant.name}") as stage:
            if variant.source == "reading":
                pages = edition.page_count
                reading = out / f"{slug}.pdf"
                advice = booklet(reading, target, edition.trim, args.creep, pages, variant)
            elif variant.source == "cover":
                cover = lay_out_cover(book, edition.trim)
                variants.write(cover.document, variant, target)
            else:
                edition.write(variant, target)
            stage.done(f"{target.name}, {variant.note}")
        if advice:
            sys.stderr.write(f"samizdat: warning: {advice}\n")

    return task


def booklet(reading: Path, target: Path, page, creep: float, pages: int, variant) -> str | None:
    """Impose the reading PDF; a warning if the booklet is too thick to saddle-stitch."""
    from samizdat.print.imposition import binding_advice, impose  # pikepdf: only when asked

    impose(reading, target, page, creep, grey=variant.grey_images)
    return binding_advice(pages)
