"""Notes kept on the page of their call: the one repair samizdat makes to WeasyPrint's layout.

WeasyPrint 70 sometimes sends a note to the next page to make room for the
last lines of a paragraph that orphans or widows keep together (see the
library notes). Starting that paragraph on the next page instead is what a
compositor would do: the page ends a line or two short, and the note stays.

The repair is made while WeasyPrint lays the book out, page by page: as soon
as a page has sent one of its notes on, its last paragraph is made to start
a new page and that one page is made again (NoteKeeper). The book is laid out
once, and its pages serve every print variant (print/variants.py). Should a
note still stray (the paragraph was already the first on its page), the book
is laid out again with the paragraphs found so far starting a new page, as
many times as needed, up to MAX_PASSES.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from weasyprint.document import Document
from weasyprint.layout.page import remake_page
from weasyprint.logger import PROGRESS_LOGGER

from samizdat import progress
from samizdat.print.weasy import Rendered

MAX_PASSES = 6
TRIES_PER_PAGE = 3


def boxes_of(box) -> list:
    return list(box.descendants()) if hasattr(box, "descendants") else [box]


def blocks_in(flow) -> list[str]:
    """The numbered blocks (writers/blocks.py) laid out in a page's flow, in order."""
    found: list[str] = []
    for box in boxes_of(flow):
        block = box.element.get("data-block") if box.element is not None else None
        if block and block not in found:
            found.append(block)
    return found


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


def stray_notes(document: Document) -> int:
    calls, bodies = note_pages(document)
    return sum(1 for note, page in calls.items() if bodies.get(note, page) != page)


def blocks_to_push(document: Document) -> set[str]:
    """The paragraphs to start on a new page so that stray notes rejoin their calls.

    One paragraph per page that lost a note: the last one, which had no room.
    """
    calls, bodies = note_pages(document)
    pages = sorted({page for note, page in calls.items() if bodies.get(note, page) != page})
    pushed = set()
    for page in pages:
        here = blocks_in(document.pages[page]._page_box.children[0])
        if not here:
            continue
        following = (
            set(blocks_in(document.pages[page + 1]._page_box.children[0]))
            if page + 1 < len(document.pages)
            else set()
        )
        split = [b for b in here if b in following]
        pushed.add(split[-1] if split else here[-1])
    return pushed


class NoteKeeper:
    """WeasyPrint's make_all_pages, with the repair made page by page as the book is laid out.

    make_all_pages() is WeasyPrint 70.0's own (weasyprint/layout/page.py, BSD
    licence) with one step added after each page is made: if the page sent a
    note whose call it holds to the next page, its last paragraph is given
    `break-before: page` and the page is made again from the same state.
    WeasyPrint calls it through weasyprint.layout while weasy.typeset() lays
    out with this keeper.
    """

    def __init__(self, pushed: frozenset[str] = frozenset()):
        self.pushed: list[str] = list(pushed)  # already pushed by the stylesheet
        self.remade = 0
        self._boxes: dict[str, list] | None = None

    def strayed_block(self, page) -> str | None:
        """The paragraph to push if this page sent one of its own notes on, else None."""
        reported = self.context.reported_footnotes
        if not reported:
            return None
        flow = page.children[0]
        if not any(getattr(box, "footnote", None) in reported for box in boxes_of(flow)):
            return None  # a note whose call also moved on: nothing strayed
        here = blocks_in(flow)
        if not here or here[-1] in self.pushed:
            return None  # nothing left to push here: a later pass will see it
        return here[-1]

    def push(self, block: str, root_box) -> None:
        """Start `block` on a new page from now on in this layout.

        WeasyPrint shares one computed style between siblings styled alike:
        the block's boxes get a copy of their own with `break-before: page`.
        """
        if self._boxes is None:
            self._boxes = {}
            for box in root_box.descendants():
                element = getattr(box, "element", None)
                name = element.get("data-block") if element is not None else None
                if name and box.element_tag == element.tag:
                    self._boxes.setdefault(name, []).append(box)
        for box in self._boxes[block]:
            style = box.style.copy()
            style["break_before"] = "page"
            box.style = style
        self.pushed.append(block)

    def make_all_pages(self, context, root_box, html, pages):
        self.context = context
        i = 0
        reported_footnotes = None
        context.rendered_notes = []
        while True:
            remake_state = context.page_maker[i][-1]
            if len(pages) == 0 or remake_state["content_changed"] or remake_state["pages_wanted"]:
                PROGRESS_LOGGER.info("Step 5 - Creating layout - Page %d", i + 1)
                # Reset remake_state
                remake_state["content_changed"] = False
                remake_state["pages_wanted"] = False
                remake_state["anchors"] = []
                remake_state["content_lookups"] = []
                # samizdat: the state the page starts from, to make it again
                saved = (
                    list(context.footnotes),
                    list(context.reported_footnotes),
                    dict(context.broken_out_of_flow),
                )
                page, resume_at = remake_page(i, context, root_box, html)
                for _ in range(TRIES_PER_PAGE):
                    block = self.strayed_block(page)
                    if block is None:
                        break
                    self.push(block, root_box)
                    self.remade += 1
                    context.footnotes[:] = saved[0]
                    context.reported_footnotes = list(saved[1])
                    context.broken_out_of_flow = dict(saved[2])
                    remake_state["anchors"] = []
                    remake_state["content_lookups"] = []
                    page, resume_at = remake_page(i, context, root_box, html)
                # samizdat: end
                reported_footnotes = context.reported_footnotes
                yield page
            else:
                PROGRESS_LOGGER.info("Step 5 - Creating layout - Page %d (up-to-date)", i + 1)
                resume_at = context.page_maker[i + 1][0]
                reported_footnotes = None
                yield pages[i]

            i += 1
            if resume_at is None and not reported_footnotes:
                # Throw away obsolete pages and content
                context.page_maker = context.page_maker[: i + 1]
                context.broken_out_of_flow.clear()
                context.reported_footnotes.clear()
                return


@dataclass
class Repaired:
    rendered: Rendered
    pushed: frozenset[str]  # the blocks started on a new page
    passes: int  # whole layouts of the book
    remade: int  # pages made again during a layout


def keep_notes_with_calls(
    lay_out: Callable[[frozenset[str], NoteKeeper], Rendered], report: bool = True
) -> Repaired:
    """Lay the book out with every note on the page of its call: once, unless the keeper fails.

    `report`: a progress line per pass (not for the parts of a book laid out
    section by section, print/sections.py, which reports the whole).
    """
    pushed: frozenset[str] = frozenset()
    remade = 0
    for passes in range(1, MAX_PASSES + 1):
        with progress.stage("layout", pages=True) if report else progress.unreported() as stage:
            keeper = NoteKeeper(pushed)
            rendered = lay_out(pushed, keeper)
            remade += keeper.remade
            pushed = frozenset(keeper.pushed)
            more = blocks_to_push(rendered.document) - pushed
            pages = len(rendered.document.pages)
            if more:
                stage.done(
                    f"{pages} pages, {stray_notes(rendered.document)} notes off their call's"
                    f" page: again with {len(more)} more paragraphs moved"
                )
            else:
                moved = f"{len(pushed)} paragraphs moved, " if pushed else ""
                stage.done(
                    f"{pages} pages, every note on its call's page"
                    f" ({moved}{passes} {'pass' if passes == 1 else 'passes'})"
                )
        if not more:
            break
        pushed |= more
    return Repaired(rendered, pushed, passes, remade)
