"""Build a catalogue: every book that changed, through an executor, then the site and feeds.

Books are independent, so they are built in parallel by any executor with the
`concurrent.futures` interface: a local process pool by default, or a Dask
cluster's (`distributed.Client(address).get_executor()`). Each task is the
ordinary `samizdat build` of one manuscript folder into OUT/<slug>/, run by
`build_book` in the worker; a failed book is reported with its one-line error
and the others are still built.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import shutil
import sys
import time
from collections import Counter
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from samizdat.catalog import search
from samizdat.catalog.books import Entry, make_entry, shelve
from samizdat.catalog.config import Catalog
from samizdat.catalog.opds import write_feeds
from samizdat.catalog.opds2 import write_feed
from samizdat.catalog.site import write_site
from samizdat.catalog.state import book_key, load_state, save_state
from samizdat.errors import SamizdatError
from samizdat.manuscript.metadata import load_metadata
from samizdat.model import Metadata
from samizdat.writers.files import build_time

# OUT's own folders: a book's slug must not be one of them.
RESERVED = {"books", "series", "authors", "covers", "opds", "search"}


def build_book(
    folder: str, out: str, arguments: list[str], epoch: str | None
) -> tuple[int, str, float]:
    """One book's `samizdat build`, in a worker: (exit code, its one-line error or "",
    the seconds it took there).

    Runs in whatever process the executor chose (a pool's, a Dask worker's), so
    it takes plain strings and sets SOURCE_DATE_EPOCH as the catalogue had it:
    a remote worker builds exactly what a local one would.
    """
    from samizdat.cli import main

    saved = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = epoch
    errors = io.StringIO()
    start = time.perf_counter()
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(errors):
            try:
                code = main(["build", folder, "-o", out, "--quiet", *arguments])
            except SystemExit as exc:  # a usage error: argparse exits
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    lines = [line for line in errors.getvalue().splitlines() if line.strip()]
    found = [line for line in lines if "error" in line]
    message = (found or lines or [""])[-1] if code else ""
    for prefix in ("samizdat: error: ", "samizdat: "):
        message = message.removeprefix(prefix)
    return code, message, time.perf_counter() - start


@dataclass
class Book:
    folder: Path
    metadata: Metadata | None = None
    key: str = ""
    error: str = ""
    built: bool = False
    seconds: float = 0.0

    @property
    def name(self) -> str:
        return self.metadata.slug if self.metadata else self.folder.name


@dataclass
class Report:
    books: list[Book] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # the catalogue's own files, relative to OUT
    seconds: float = 0.0

    @property
    def failed(self) -> list[Book]:
        return [b for b in self.books if b.error]

    @property
    def built(self) -> list[Book]:
        return [b for b in self.books if b.built]


def expected_outputs(slug: str, arguments: list[str]) -> list[str]:
    if "--epub-only" in arguments:
        return [f"{slug}.epub"]
    names = [f"{slug}.epub", f"{slug}.pdf", f"{slug}-cover.pdf", f"{slug}-web/index.html"]
    if "--booklet" in arguments:
        names.append(f"{slug}-booklet.pdf")
    if "--print-ready" in arguments:
        names.append(f"{slug}-print.pdf")
    return names


def shown(path: Path) -> str:
    """A path as the user gave it (relative where it can be), for messages."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def build_catalog(
    catalog: Catalog,
    out: Path,
    executor: Executor | None = None,
    jobs: int | None = None,
    progress: TextIO | None = None,
) -> Report:
    """Build what changed, then write the catalogue of every book that is in place."""
    progress = progress if progress is not None else sys.stderr
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    state = load_state(out)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = build_time()  # checks SOURCE_DATE_EPOCH before any work
    if catalog.search:
        search.require()
    arguments = catalog.build.arguments()
    report = Report(books=[Book(folder) for folder in catalog.books])

    def say(book: Book, message: str) -> None:
        progress.write(f"samizdat: {book.name}: {message}\n")
        progress.flush()

    # The metadata first, in this process: a bad book.toml stops its book here,
    # and the slug names the book's folder in OUT.
    for book in report.books:
        try:
            book.metadata, _ = load_metadata(book.folder)
        except SamizdatError as exc:
            book.error = str(exc)
    slugs = Counter(b.metadata.slug for b in report.books if b.metadata)
    for book in report.books:
        if book.metadata and book.metadata.slug in RESERVED:
            book.error = (
                f"{shown(book.folder / 'book.toml')}: slug '{book.metadata.slug}' names a folder"
                f" of the catalogue itself ({', '.join(sorted(RESERVED))}): choose another"
            )
            continue
        if book.metadata and slugs[book.metadata.slug] > 1:
            book.error = (
                f"{shown(book.folder / 'book.toml')}: slug '{book.metadata.slug}'"
                " is used by another book of the catalogue"
            )
    for book in report.books:
        if book.error:
            say(book, f"error: {book.error}")

    todo = []
    for book in report.books:
        if book.error:
            continue
        book.key = book_key(book.folder, arguments, epoch)
        slug = book.metadata.slug
        known = state["books"].get(slug, {})
        complete = all((out / slug / name).is_file() for name in expected_outputs(slug, arguments))
        if known.get("key") == book.key and complete:
            say(book, "up to date")
        else:
            todo.append(book)

    # The longest books first, so that a short one, not a long one, finishes last.
    todo.sort(key=lambda b: -folder_size(b.folder))
    if todo:
        own = executor is None
        if own:
            workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
            executor = ProcessPoolExecutor(max_workers=workers)
        finished = False
        try:
            futures = {}
            for book in todo:
                target = out.resolve() / book.metadata.slug
                futures[
                    executor.submit(
                        build_book, str(book.folder.resolve()), str(target), arguments, epoch
                    )
                ] = book
            for done, future in enumerate(as_completed(futures), 1):
                book = futures[future]
                try:
                    code, message, book.seconds = future.result()
                except Exception as exc:  # the worker died, or the cluster failed
                    code, message = 70, f"internal error: {type(exc).__name__}: {exc}"
                count = f"[{done}/{len(todo)}]"
                if code == 0:
                    book.built = True
                    state["books"][book.metadata.slug] = {
                        "key": book.key,
                        "folder": relative(book.folder, catalog.root),
                    }
                    say(book, f"built in {book.seconds:.1f} s {count}")
                else:
                    resolved = str(book.folder.resolve())
                    book.error = (message or f"build failed (exit {code})").replace(
                        resolved, shown(book.folder)
                    )
                    state["books"].pop(book.metadata.slug, None)
                    say(book, f"error: {book.error} {count}")
                save_state(out, state)
            finished = True
        finally:
            if own:  # interrupted: the books not yet started are not started
                executor.shutdown(wait=True, cancel_futures=not finished)

    # The catalogue: every book that is in place and whose inputs built.
    good = [b for b in report.books if not b.error]
    language = catalog.language or common_language([b.metadata for b in good])
    catalog = dataclasses.replace(catalog, language=language)
    entries: list[Entry] = []
    for book in good:
        try:
            entries.append(make_entry(out, book.folder, book.metadata, epoch))
        except SamizdatError as exc:
            book.error = str(exc)
            say(book, f"error: {book.error}")
        except Exception as exc:  # Pillow on a cover it cannot read
            book.error = f"cannot make the catalogue's cover: {type(exc).__name__}: {exc}"
            say(book, f"error: {book.error}")
    shelf = shelve(catalog, entries)
    files = write_site(shelf, out, language)
    files += write_feeds(shelf, out, when)
    files += write_feed(catalog, out, entries, when)
    if catalog.search:
        search.index(out, language)
    else:
        search.remove(out)
    files += [f"covers/{e.slug}.jpg" for e in entries] + [
        f"covers/{e.slug}-thumb.jpg" for e in entries
    ]
    current = {
        relative(b.folder, catalog.root): b.metadata.slug if b.metadata else None
        for b in report.books
    }
    remove_stale(out, state, files, current)
    state["files"] = sorted(files)
    save_state(out, state)
    report.files = sorted(files)
    report.seconds = time.perf_counter() - started
    return report


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob("*.md"))


def common_language(books: list[Metadata]) -> str:
    """The books' language when they share one, else their most common primary tag."""
    if not books:
        return "en"
    tags = Counter(m.language for m in books)
    if len(tags) == 1:
        return next(iter(tags))
    primary = Counter(m.language.split("-")[0] for m in books)
    return primary.most_common(1)[0][0]


def relative(folder: Path, root: Path) -> str:
    """A book's folder relative to the catalogue's (never a path of this machine)."""
    return os.path.relpath(folder.resolve(), root.resolve())


def remove_stale(out: Path, state: dict, files: list[str], folders: dict[str, str | None]) -> None:
    """Catalogue files a former build wrote that this one did not, and the build
    folders of books whose manuscript is no longer in the catalogue (only those
    samizdat recorded: a book that failed keeps its last good outputs), or
    whose slug has changed."""
    keep = set(files)
    for name in state.get("files", []):
        path = out / name
        if name not in keep and path.is_file() and ".." not in Path(name).parts:
            path.unlink()
    for slug, known in list(state["books"].items()):
        folder = known.get("folder")
        if folder not in folders or folders[folder] not in (None, slug):
            folder = out / slug
            if folder.is_dir() and "/" not in slug and slug not in ("", ".", ".."):
                shutil.rmtree(folder)
            del state["books"][slug]
