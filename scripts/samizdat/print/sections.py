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
import re
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
    """Whether the book is long enough for sections to beat one pass (data/layout.toml)."""
    limits = settings()
    chars = sum(len(s.content) for s in book.sections) + sum(len(n.content) for n in book.notes)
    return len(book.sections) >= limits["min_sections"] and chars >= limits["min_text_chars"]


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
    names = [variant.name for variant in wanted]
    with progress.stage("layout") as stage:

        def laid_part(part: Part, start: int, numbers, pdfs: list[Variant]) -> LaidPart:
            key = parts.key(book, page, part, start, numbers)
            found = cache.get(key, [v.name for v in pdfs])
            if found is None:
                found = parts.lay_out(book, page, part, start, numbers, pdfs)
                cache.put(key, found)
            return found

        probe = laid_part(split[0], 0, None, [])
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
        front = laid_part(split[0], 0, numbers, wanted)
        if front.pages != probe.pages:
            raise NotJoinable("the contents' page numbers change the front matter's length")
        edition = JoinedEdition(page, [front, *laid], starts)
        pushed = f", {len(edition.pushed)} paragraphs moved" if edition.pushed else ""
        stage.done(
            f"{edition.page_count} pages in {len(split)} parts, {cache.hits} from the cache"
            f" and {cache.misses} laid out{pushed} ({', '.join(names)})"
        )
    return edition


__all__ = ["FRONT", "JoinedEdition", "NotJoinable", "lay_out", "pays"]
