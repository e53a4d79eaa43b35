"""A long book laid out section by section, each section cached: an edit lays out one chapter again.

The front matter is laid out first with zeros for the contents' page numbers
(only to count its pages), then each section in order, each starting on the
page after the last one's (print/parts.py), from the cache when nothing it
depends on has changed (print/layoutcache.py); then the front matter again
with the sections' page numbers in its contents. The print files are the
parts' PDFs joined (print/join.py).

The joined book is the single pass's book, page by page (tests/tool/
test_sections.py compares them). Where that cannot be promised, this raises
NotJoinable and the build lays the book out in one pass:

- a section that does not open with a level-1 heading (or is untitled): its
  running head, or its place in the outline, would come from the section before;
- the book's own style.css counting pages or styling the first page;
- a note off its call's page at a section's end, or a run of hyphenated
  lines going on from one section into the next;
- the front matter's page count changed by its page numbers.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from samizdat import progress
from samizdat.model import Book, PageBreak
from samizdat.print import parts
from samizdat.print.join import PartPdf, join
from samizdat.print.layoutcache import LayoutCache
from samizdat.print.parts import FRONT, LaidPart, Part
from samizdat.print.variants import Variant
from samizdat.resources import data
from samizdat.trims import Trim

PAGE_RULES = re.compile(r"counter-(?:reset|set|increment)\s*:[^;}]*\bpage\b|@page[^{]*:first")


class NotJoinable(Exception):
    """Why this book is laid out in one pass."""


def settings() -> dict:
    return data("layout")


def pays(book: Book) -> bool:
    """Whether the book has sections enough for an edit of one to spare laying out the others
    (data/layout.toml)."""
    return len(book.sections) >= settings()["min_sections"]


def check_joinable(book: Book, split: list[Part]) -> None:
    if PAGE_RULES.search(book.style or ""):
        raise NotJoinable("the book's style.css counts pages or styles the first page")
    for part, section in zip(split[1:], book.sections, strict=True):
        element = part.body[0]
        first = next((child for child in element if isinstance(child.tag, str)), None)
        if not section.untitled and (first is None or first.tag != "h1"):
            raise NotJoinable(f"section {section.title!r} does not open with its heading")


def contents_numbers(targets: list[str], laid: list[LaidPart], starts: list[int]) -> dict:
    """The page number of each heading the contents lists: the first part to lay it out."""
    numbers: dict[str, int] = {}
    for section, start in zip(laid, starts, strict=True):
        for target in targets:
            if target in section.anchors and target not in numbers:
                numbers[target] = start + section.anchors[target] + 1
    return numbers


@dataclass
class JoinedEdition:
    """The print edition made of parts: what a PrintEdition offers the build."""

    trim: Trim
    laid: list[LaidPart]  # the front matter, then each section
    starts: list[int]  # the page index each part starts on

    @property
    def page_count(self) -> int:
        return self.starts[-1] + self.laid[-1].pages

    @property
    def passes(self) -> int:
        return max(laid.passes for laid in self.laid)

    @property
    def pushed(self) -> frozenset[str]:
        return frozenset(block for laid in self.laid for block in laid.pushed)

    @cached_property
    def page_breaks(self) -> list[PageBreak]:
        return [
            PageBreak(str(start + page + 1), block, word)
            for laid, start in zip(self.laid, self.starts, strict=True)
            for page, block, word in laid.breaks
        ]

    def annotate(self, book: Book, source: str) -> Book:
        return dataclasses.replace(book, page_breaks=self.page_breaks, page_source=source)

    def write(self, variant: Variant, target: Path) -> Path:
        return join(
            [PartPdf(laid.pdfs[variant.name], laid.skip, set(laid.anchors)) for laid in self.laid],
            target,
        )


def lay_out(book: Book, page: Trim, wanted: list[Variant], cache: LayoutCache) -> JoinedEdition:
    """The book laid out section by section, from the cache where it can be."""
    split = parts.split(book)
    check_joinable(book, split)
    writing: list[tuple[str, LaidPart]] = []  # laid out here, their PDFs being written
    try:
        return lay_out_parts(book, page, split, wanted, cache, writing)
    finally:
        for _, laid in writing:
            if laid.writing is not None:
                laid.writing.discard()


def lay_out_parts(
    book: Book,
    page: Trim,
    split: list[Part],
    wanted: list[Variant],
    cache: LayoutCache,
    writing: list[tuple[str, LaidPart]],
) -> JoinedEdition:
    names = [variant.name for variant in wanted]
    with progress.stage("layout") as stage:
        made: dict[tuple, LaidPart] = {}  # laid out by this process, by key and PDFs

        def laid_part(part: Part, start: int, numbers, pdfs: list[Variant]) -> LaidPart:
            key = parts.key(book, page, part, start, numbers)
            if (key, *pdfs) in made:
                return made[(key, *pdfs)]
            found = cache.get(key, [v.name for v in pdfs])
            ahead.used += found is not None and key in ahead.keys
            if found is None:  # its PDFs written while the next part is laid out
                found = parts.lay_out(book, page, part, start, numbers, pdfs, background=True)
                put_count(book, page, part, start, found, cache)
                writing.append((key, found))
                made[(key, *pdfs)] = found
            return found

        ahead = Ahead()
        probe = laid_part(split[0], 0, None, [])
        lay_out_ahead(
            book,
            page,
            split[1:],
            probe.pages,
            wanted,
            cache,
            ahead,
            lambda part, start: laid_part(part, start, None, wanted),
        )
        starts, laid = [0], []
        start = probe.pages
        for index, part in enumerate(split[1:]):
            stage.update(f"section {index + 1} of {len(split) - 1}, page {start + 1}")
            section = laid_part(part, start, None, wanted)
            if section.stray_notes:
                raise NotJoinable(f"a note of {part.name} is off its call's page")
            if section.ends_hyphenated and index + 2 < len(split):
                raise NotJoinable(f"{part.name} ends on a hyphenated line")
            starts.append(start)
            laid.append(section)
            start += section.pages
        numbers = contents_numbers(parts.contents_targets(split[0]), laid, starts[1:])
        dated = any(variant.dated for variant in wanted)  # PDF/X: the build's date
        if dated:  # so never from the cache
            front = parts.lay_out(book, page, split[0], 0, numbers, wanted, background=True)
        else:  # from the cache if the contents' numbers are as they were
            front = laid_part(split[0], 0, numbers, wanted)
        if front.pages != probe.pages:
            if front.writing is not None:
                front.writing.discard()
            raise NotJoinable("the contents' page numbers change the front matter's length")
        front.written()
        for key, part_laid in writing:
            cache.put(key, part_laid.written())
        edition = JoinedEdition(page, [front, *laid], starts)
        pushed = f", {len(edition.pushed)} paragraphs moved" if edition.pushed else ""
        hits, misses = cache.hits - ahead.used, cache.misses + ahead.used
        misses += dated  # the front, laid out uncached
        side = (
            f" ({ahead.parallel} side by side in {ahead.workers} processes)"
            if ahead.parallel
            else ""
        )
        stage.done(
            f"{edition.page_count} pages in {len(split)} parts, {hits} from the cache"
            f" and {misses} laid out{side}{pushed} ({', '.join(names)})"
        )
    return edition


_AHEAD: list = []  # what the forked workers lay out: (book, page, part, start, wanted, cache)


@dataclass
class Ahead:
    """What lay_out_ahead() laid out, for the progress line."""

    keys: set[str] = dataclasses.field(default_factory=set)  # laid out before the walk
    parallel: int = 0  # of them, side by side
    workers: int = 0
    used: int = 0  # of them, found by the walk where the section really starts


def lay_out_ahead(
    book: Book,
    page: Trim,
    sections: list[Part],
    start: int,
    wanted: list[Variant],
    cache,
    ahead: Ahead,
    here: Callable[[Part, int], LaidPart],
) -> None:
    """The sections the cache lacks, laid out side by side in forked processes, into the cache.

    Where each section starts is known from the cache: the page count of the
    sections it holds, and of the others the count of the same section laid
    out elsewhere in the book (parts.count_key).
    Sections are laid out ahead, in parallel, as far as their starts can be
    told; the walk through the book that follows checks every start and takes
    from the cache only what was laid out where the section really starts.
    A section whose count is not known (the edited one; on a first build,
    each in turn) is laid out by `here`, in this process, before the sections
    after it can be placed. Nothing is laid out in other processes with one
    CPU, or without a cache to share the results through.
    """
    from samizdat.print.parallel import can_fork

    names = [variant.name for variant in wanted]
    jobs: list = []
    if can_fork() and cache.use:
        for part in sections:
            key = parts.key(book, page, part, start, None)
            known = cache.pages(key)
            if known is not None and all(
                (cache.folder(key) / f"{name}.pdf").exists() for name in names
            ):
                start += known
                continue
            count = cache.pages(parts.count_key(book, page, part))
            if count is None and not jobs:  # the edited section: laid out here, first
                count = here(part, start).pages - parts.leading_blank(part, start)
            elif count is None:
                break  # where the next section starts is not known
            else:
                jobs.append((book, page, part, start, wanted, cache))
            if count is None:
                break
            start += count + parts.leading_blank(part, start)
    if len(jobs) < 2:
        jobs.clear()  # one section: the walk lays it out
        return
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    _AHEAD[:] = jobs
    ahead.workers = min(len(jobs), os.cpu_count() or 1)
    try:
        with ProcessPoolExecutor(ahead.workers, mp_context=get_context("fork")) as pool:
            keys = [key for key in pool.map(lay_out_one, range(len(jobs))) if key]
    finally:
        _AHEAD.clear()
    ahead.parallel = len(keys)
    ahead.keys.update(keys)


def lay_out_one(index: int) -> str:
    """In a worker: one section laid out ahead, into the cache; its key ("": failed)."""
    try:
        return lay_out_one_now(*_AHEAD[index])
    except Exception:  # noqa: BLE001 - the walk through the book lays it out again and reports
        return ""


def lay_out_one_now(book: Book, page: Trim, part: Part, start: int, wanted, cache) -> str:
    key = parts.key(book, page, part, start, None)
    laid = parts.lay_out(book, page, part, start, None, wanted)
    cache.put(key, laid)
    put_count(book, page, part, start, laid, cache)
    return key


def put_count(book: Book, page: Trim, part: Part, start: int, laid: LaidPart, cache) -> None:
    """The part's own pages, whatever page it starts on, for lay_out_ahead() to place the next."""
    content = laid.pages - parts.leading_blank(part, start)
    cache.put_pages(parts.count_key(book, page, part), content)


__all__ = ["FRONT", "JoinedEdition", "NotJoinable", "lay_out", "pays"]
