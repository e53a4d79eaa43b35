"""Notes kept on the page of their call: the layout passes, and what they measure.

WeasyPrint 70 sometimes sends a note to the next page to make room for the
last lines of a paragraph that orphans or widows keep together (see the
library notes). Starting that paragraph on the next page instead is what a
compositor would do: the page ends a line or two short, and the note stays.

The repair is made while WeasyPrint lays the book out, page by page, by the
page maker (print/pagemaker.py): as soon as a page has sent one of its notes
on, its last paragraph is made to start a new page and that one page is made
again. The book is laid out once, and its pages serve every print variant
(print/variants.py). Should a note still stray (the paragraph was already the
first on its page), the book is laid out again with the paragraphs found so
far starting a new page, as many times as needed, up to MAX_PASSES; and a note
too long for the page of its call, or longer than a page, is continued on the
pages after (print/cuts.py says where to cut it, print/continued.py cuts it),
which takes a layout or two more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from weasyprint.document import Document

from samizdat import progress
from samizdat.print import cuts, spreads
from samizdat.print.pagemaker import PageMaker, Recipe, Replay, ReplayFailed, blocks_in, boxes_of
from samizdat.print.weasy import Rendered

MAX_PASSES = 6


def note_pages(document: Document) -> tuple[dict[str, int], dict[str, int]]:
    """The page of each note's call and of its body, from the layout itself."""
    calls: dict[str, int] = {}
    bodies: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        flow = page._page_box.children[0]
        for box in boxes_of(flow):
            footnote = getattr(box, "footnote", None)
            if footnote is not None and footnote.element is not None and footnote.element.get("id"):
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


@dataclass
class Repaired:
    rendered: Rendered
    pushed: frozenset[str]  # the blocks started on a new page
    passes: int  # whole layouts of the book
    remade: int  # pages made again during a layout
    splits: dict[int, tuple[int, ...]]  # notes continued: the words before each cut
    begun: tuple  # what the last pass began from: paragraphs pushed, notes split, remedies known
    recipe: Recipe | None = None  # how the last pass made its pages (pagemaker.Recipe)
    makes: int = 0  # pages WeasyPrint made, tries and every pass included


def keep_notes_with_calls(
    lay_out: Callable[[frozenset[str], PageMaker, dict[int, tuple[int, ...]]], Rendered],
    leading: float = 0.0,
    em: float = 0.0,
    splits: dict[int, tuple[int, ...]] | None = None,
    memo: dict | None = None,
    report: bool = True,
    pushed: frozenset[str] = frozenset(),
    recipe: Recipe | None = None,
) -> Repaired:
    """Lay the book out with every note on the page of its call: once, unless the keeper fails.

    A note too long for the page of its call is continued on the pages after
    (print/cuts.py, print/continued.py), which takes a layout or two more. `report`: a progress
    line per pass (not for the parts of a book laid out section by section,
    print/sections.py, which reports the whole). `pushed`: paragraphs to push
    from the start (what an earlier layout's last pass began from); `recipe`:
    how that pass made its pages, for the first pass to make each page once, as
    it did (pagemaker.Replay), or, should they not come out so, afresh.
    """
    splits = dict(splits or {})
    memo = {} if memo is None else memo
    remade = makes = 0
    for passes in range(1, MAX_PASSES + 1):
        with progress.stage("layout", pages=True) if report else progress.unreported() as stage:
            begun = (pushed, dict(splits), dict(memo))
            keeper, rendered = replayed(lay_out, pushed, splits, recipe, leading, em)
            recipe = None
            if rendered is None:
                keeper = PageMaker(pushed, leading, em, memo)
                rendered = lay_out(pushed, keeper, splits)
            remade += keeper.remade
            makes += keeper.makes
            pushed = frozenset(keeper.pushed)
            more = blocks_to_push(rendered.document) - pushed
            split = (
                {} if more else cuts.wanted(rendered.document, leading * spreads.PX_PER_PT, splits)
            )
            pages = len(rendered.document.pages)
            if more:
                stage.done(
                    f"{pages} pages, {stray_notes(rendered.document)} notes off their call's"
                    f" page: again with {len(more)} more paragraphs moved"
                )
            elif split:
                stage.done(
                    f"{pages} pages, {len(split)} notes too long for the page of their call:"
                    " again with them continued on the pages after"
                )
            else:
                moved = f"{len(pushed)} paragraphs moved, " if pushed else ""
                carried = f"{len(splits)} continued, " if splits else ""
                how = f"{makes} page makes" + (
                    ", as last time" if isinstance(keeper, Replay) else ""
                )
                stage.done(
                    f"{pages} pages, every note on its call's page"
                    f" ({moved}{carried}{passes} {'pass' if passes == 1 else 'passes'}, {how})"
                )
        if not more and not split:
            break
        pushed |= more
        if split:  # the notes cut anew change the pages: what was pushed for them need not be,
            pushed = begun[0] - {block for _, block in split.values()}
            memo.clear()  # nor what was learnt of those pages (a pass as it would begin afresh)
        splits.update({number: cuts for number, (cuts, _) in split.items()})
    return Repaired(
        rendered, pushed, passes, remade, splits, begun, keeper.recipe(rendered.document), makes
    )


def replayed(lay_out, pushed, splits, recipe: Recipe | None, leading: float, em: float):
    """The pass laid out from `recipe` (the keeper and the pages), or (None, None)."""
    if recipe is None:
        return None, None
    keeper = Replay(recipe, leading, em)
    try:
        rendered = lay_out(pushed, keeper, splits)
    except ReplayFailed:
        return None, None
    if len(rendered.document.pages) != len(recipe.pages):
        return None, None
    return keeper, rendered
