"""Notes kept on the page of their call: the one repair samizdat makes to WeasyPrint's layout.

WeasyPrint 70 sometimes sends a note to the next page to make room for the
last lines of a paragraph that orphans or widows keep together (see the
library notes). Starting that paragraph on the next page instead is what a
compositor would do: the page ends a line or two short, and the note stays.

Each pass lays the whole book out again with the paragraphs found so far
starting on a new page; a book with no stray note is laid out once, and the
pages are then shared by every print variant (print/variants.py): no pass is
ever repeated for a variant.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from weasyprint.document import Document

from samizdat import progress
from samizdat.print.weasy import Rendered

MAX_PASSES = 6


def boxes_of(box) -> list:
    return list(box.descendants()) if hasattr(box, "descendants") else [box]


def note_pages(document: Document) -> tuple[dict[str, int], dict[str, int]]:
    """The page of each note's call and of its body, from the layout itself."""
    calls: dict[str, int] = {}
    bodies: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        flow = page._page_box.children[0]
        for box in boxes_of(flow):
            footnote = getattr(box, "footnote", None)
            if footnote is not None and footnote.element is not None:
                calls.setdefault(footnote.element.get("id"), index)
        for area in page._page_box.children:
            if type(area).__name__ != "FootnoteAreaBox":
                continue
            for box in boxes_of(area):
                if box.element is not None and box.element.get("class") == "footnote":
                    bodies.setdefault(box.element.get("id"), index)
    return calls, bodies


def blocks_on(document: Document, index: int) -> list[str]:
    flow = document.pages[index]._page_box.children[0]
    found: list[str] = []
    for box in boxes_of(flow):
        block = box.element.get("data-block") if box.element is not None else None
        if block and block not in found:
            found.append(block)
    return found


def blocks_to_push(document: Document, calls: dict[str, int], bodies: dict[str, int]) -> set[str]:
    """The paragraphs to start on a new page so that stray notes rejoin their calls.

    One paragraph per page that lost a note: the last one, which had no room.
    """
    pages = sorted({page for note, page in calls.items() if bodies.get(note, page) != page})
    pushed = set()
    for page in pages:
        here = blocks_on(document, page)
        if not here:
            continue
        following = set(blocks_on(document, page + 1)) if page + 1 < len(document.pages) else set()
        split = [b for b in here if b in following]
        pushed.add(split[-1] if split else here[-1])
    return pushed


def stray_notes(document: Document) -> int:
    calls, bodies = note_pages(document)
    return sum(1 for note, page in calls.items() if bodies.get(note, page) != page)


@dataclass
class Repaired:
    rendered: Rendered
    pushed: frozenset[str]  # the blocks started on a new page
    passes: int


def keep_notes_with_calls(lay_out: Callable[[frozenset[str]], Rendered]) -> Repaired:
    """Lay out, then again with stray notes' paragraphs pushed, until every note is home."""
    pushed: frozenset[str] = frozenset()
    for passes in range(1, MAX_PASSES + 1):
        with progress.stage("layout", pages=True) as stage:
            rendered = lay_out(pushed)
            calls, bodies = note_pages(rendered.document)
            more = blocks_to_push(rendered.document, calls, bodies) - pushed
            pages = len(rendered.document.pages)
            if more:
                strays = stray_notes(rendered.document)
                stage.done(
                    f"{pages} pages, {strays} notes off their call's page:"
                    f" again with {len(more)} paragraphs moved"
                )
            else:
                stage.done(f"{pages} pages, every note on its call's page (pass {passes})")
        if not more:
            break
        pushed |= more
    return Repaired(rendered, pushed, passes)
