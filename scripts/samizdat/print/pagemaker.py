"""The page maker: WeasyPrint's own, with a compositor's remedies made page by page.

WeasyPrint makes a book's pages one after the other (make_all_pages). samizdat
makes them with the same code and, as each page is made, looks at it as a
compositor would and makes it again when one of these is wrong:
- a note sent on to the next page, away from its call: the paragraph that
  holds the call starts the next page (print/notes.py has the pass loop);
- a line whose word spaces justification stretched too far: its paragraph a
  shade tighter or looser, a first line in small capitals letter-spaced, or
  the paragraph's letters a few thousandths of an em closer or wider
  (print/spacing.py); a paragraph begun on the page before is set anew on
  both pages, the one before being still held back;
- a page two lines or more short inside a section: paragraphs with a short
  last line a shade tighter (their letters too, if need be), so that what
  was sent on fits;
- facing pages whose last lines differ: each page is held back until its
  facing page is made, and the two are made again a line short, or with a
  paragraph of the spread a shade looser or tighter (print/spreads.py);
  failing that, a page whose notes end it is made with its text a line
  short above them, or the page facing one a note left two lines short is
  made as short (foot_remedies()); failing that, the spread before (held
  back as well) is made a line short on both pages, or with one of its
  paragraphs set apart, and this one made again from there (look_back());
- a third line in a row ending in a hyphen: the word it breaks is left whole
  (print/hyphenation.py), so that no second layout of the book is needed.
No paragraph is set so tight that its words run together (too_tight(): the
preflight's floor for a word space, PF402). What worked is remembered for the
next layout of the same book, and so is how each page was finally made (a
Recipe): the next layout of the same document makes each page once, as it
stood (Replay), without the tries.
"""

from __future__ import annotations

from dataclasses import dataclass

from weasyprint.formatting_structure.boxes import LineBox
from weasyprint.layout.page import remake_page
from weasyprint.logger import PROGRESS_LOGGER

from samizdat.print import cuts, hyphenation, spacing, spreads

Styled = tuple[tuple[tuple[str, str], object], ...]  # ((what, block), value), sorted


@dataclass(frozen=True)
class PageRecipe:
    """The remedies in force when a page was made the last time: what it was made with."""

    styled: Styled  # the blocks' styles as remedies set them (PageMaker.styled)
    whole: tuple[tuple[str, tuple[str, ...]], ...]  # words left whole, ties broken, by block
    cap: float  # how much shorter than the others the page was made
    ends: str  # where the text resumes after it (WeasyPrint's skip stack, repr)
    squeeze: float = 0.0  # how much of the space above its notes the text was let take
    raised: float = 0.0  # how much shorter its text was made, above notes kept at the foot


@dataclass(frozen=True)
class Recipe:
    """How every page of a layout pass was finally made, and the paragraphs it pushed."""

    pages: tuple[PageRecipe, ...]
    pushed: tuple[str, ...]


# what a remedy sets (PageMaker.restyled): the values of a break or a keep-with-next,
# and the px by which word or first-line letter spacing differs from the design
SETS: dict[str, tuple[str, ...] | None] = {
    "break": ("auto", "page"),
    "after": ("auto", "avoid"),
    "words": None,
    "letters": None,
    "tracking": None,
}


def sets(what: str, value) -> bool:
    """Whether a remedy sets `what` to `value` (a recipe from elsewhere may not)."""
    if what not in SETS:
        return False
    choices = SETS[what]
    if choices is None:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return value in choices


class ReplayFailed(Exception):
    """A replayed layout that does not make the pages the recipe says: lay out afresh."""


TRIES_PER_PAGE = 3
HEADINGS = {"h2", "h3", "h4", "h5", "h6"}  # subheads, kept with the text after them
TIGHTENED = 3  # paragraphs of a short page set tighter, at most
FILLED = 2  # paragraphs of each page of a spread run short that fill_spread() tries


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


class PageMaker:
    """WeasyPrint's make_all_pages, with a compositor's remedies made page by page as it goes.

    make_all_pages() is WeasyPrint 70.0's own (weasyprint/layout/page.py, BSD
    licence) with one step added after each page is made: if the page sent a
    note whose call it holds to the next page, its last paragraph is given
    `break-before: page` and the page is made again from the same state.
    WeasyPrint calls it through weasyprint.layout while weasy.typeset() lays
    out with this keeper.
    """

    def __init__(
        self,
        pushed: frozenset[str] = frozenset(),
        leading: float = 0.0,
        em: float = 0.0,
        memo: dict | None = None,
    ):
        self.pushed: list[str] = list(pushed)  # already pushed by the stylesheet
        self.remade = 0
        self.makes = 0  # pages made (WeasyPrint's remake_page), tries included
        self.full_choice: tuple = ()  # the setting try_tracks(full=True) took
        self._boxes: dict[str, list] | None = None
        self.leading = leading * spreads.PX_PER_PT  # a line: what a spread may run short by
        self.em = em * spreads.PX_PER_PT  # the text's type size
        self.caps: dict[int, float] = {}  # pages made short to level a spread, by index
        self.squeezed: dict[int, float] = {}  # pages whose text took some of its notes' space
        # pages whose text was made a line short above their notes, kept at the foot
        self.raised: dict[int, float] = {}
        self.saved: dict[int, tuple] = {}  # the layout's state as each page began
        self.shorten = 0.0
        self.designed: dict = {}  # word (and first-line letter) spacing of boxes, as designed
        # paragraphs re-spaced to mend a loose line: the amount, or "across" (two pages)
        self.evened: dict[str, object] = {}
        # the remedy each spread took, by where it began: shared by the layouts of one book
        self.memo: dict = memo if memo is not None else {}
        self.flow_blocks: dict[int, set[str]] = {}  # the blocks each page's text holds
        self.journal: list[tuple] = []  # (box, attribute, value before) of changes during a try
        self.trying = 0  # tries under way (checkpoint() opens one, keep() or rollback() ends it)
        self.runs: dict[int, int] = {}  # hyphenated lines in a row ending each page
        self.whole: dict[str, set[str]] = {}  # words left whole (runs of hyphens), ties broken
        # the blocks' styles as remedies set them, by (what, block), where they differ
        # from the stylesheet's (designed_as): what a page is made with, for its recipe
        self.styled: dict[tuple[str, str], object] = {}
        self.designed_as: dict[tuple[str, str], object] = {}
        self.made_with: dict[int, PageRecipe] = {}  # each page's recipe, as it was last made
        self.made_last: dict[int, object] = {}  # the page box each page was last made as

    def assign(self, box, attribute: str, value) -> None:
        """A box's style or text changed, as the journal records it during a try."""
        if self.trying:
            self.journal.append((box, attribute, getattr(box, attribute)))
        setattr(box, attribute, value)

    def checkpoint(self) -> tuple:
        """Where the page maker stands: what rollback() returns it to after a try.

        A try at levelling a spread makes its pages, and making a page may
        push a paragraph, set one tighter or leave a word whole; a try not
        taken must leave none of that behind, or the next try, and the
        pages finally chosen, would be made from what it left.
        """
        self.trying += 1
        return (
            len(self.journal),
            list(self.pushed),
            dict(self.evened),
            {block: set(words) for block, words in self.whole.items()},
            dict(self.caps),
            dict(self.styled),
            dict(self.raised),
        )

    def rollback(self, mark: tuple) -> None:
        length, pushed, evened, whole, caps, styled, raised = mark
        while len(self.journal) > length:
            box, attribute, value = self.journal.pop()
            setattr(box, attribute, value)
        self.pushed, self.evened, self.whole, self.caps = pushed, evened, whole, caps
        self.styled, self.raised = styled, raised
        self.keep(mark)

    def restyled(self, what: str, block: str, value, designed) -> None:
        """Note that a remedy set `what` of `block` to `value` (`designed`: as it was)."""
        self.designed_as.setdefault((what, block), designed)
        if value == self.designed_as[(what, block)]:
            self.styled.pop((what, block), None)
        else:
            self.styled[(what, block)] = value

    def keep(self, mark: tuple) -> None:
        """What was made since `mark` stands (rollback() calls it once it has undone it)."""
        self.trying -= 1
        if not self.trying:
            self.journal.clear()

    def strayed_block(self, page) -> str | None:
        """The paragraph to push if this page sent one of its own notes on, else None."""
        reported = carried_on(self.context.reported_footnotes)
        if not reported:
            return None
        flow = page.children[0]
        if not any(getattr(box, "footnote", None) in reported for box in boxes_of(flow)):
            return None  # a note whose call also moved on: nothing strayed
        here = blocks_in(flow)
        if not here or here[-1] in self.pushed:
            return None  # nothing left to push here: a later pass will see it
        return here[-1]

    def block_boxes(self, block: str, root_box) -> list:
        """The boxes of a numbered block in the box tree the layout is made from."""
        if self._boxes is None:
            self._boxes = {}
            for box in root_box.descendants():
                element = getattr(box, "element", None)
                name = element.get("data-block") if element is not None else None
                if name and box.element_tag == element.tag:
                    self._boxes.setdefault(name, []).append(box)
        return self._boxes.get(block, [])

    def push(self, block: str, root_box, again: bool = False) -> None:
        """Start `block` on a new page from now on in this layout.

        WeasyPrint shares one computed style between siblings styled alike:
        the block's boxes get a copy of their own with `break-before: page`.
        `again`: the block was pushed before, and let go for a try.
        """
        self.set_break(block, root_box, "page")
        if not again:
            self.pushed.append(block)

    def unpush(self, block: str, root_box) -> None:
        """Let a pushed block follow on the page again (for a try: push(again=True) undoes it)."""
        self.set_break(block, root_box, "auto")

    def set_break(self, block: str, root_box, value: str) -> None:
        for box in self.block_boxes(block, root_box):
            self.restyled("break", block, value, box.style["break_before"])
            style = box.style.copy()
            style["break_before"] = value
            self.assign(box, "style", style)

    def track(self, block: str, root_box, spacing: float) -> None:
        """Set a paragraph's word spaces `spacing` px wider (narrower if negative) than designed,
        and, set wider, its letters by a share of that (spreads.LETTERS).

        The compositor's last remedy for a spread that will not level: a
        paragraph set a shade looser gains a line, a shade tighter loses one.
        Looser, the letters take part, as a compositor tracks a paragraph open
        (0.01 em a step): the word spaces alone would open into holes first.
        Tighter, they do not: words set closer still would run together.
        """
        self.set_spacing(block, root_box, spacing, 0.0)

    def set_tracking(self, block: str, root_box, letters: float) -> None:
        """A paragraph's letters `letters` px wider (narrower if negative) than designed, its
        word spaces as designed.

        A loose line's paragraph a few thousandths of an em looser or tighter
        between its letters breaks into other lines (a word carried down, or
        brought up, where its spaces alone could not move it) and no reader sees
        the change; its word spaces keep their design, so none closes up.
        """
        self.set_spacing(block, root_box, 0.0, letters)

    def set_spacing(self, block: str, root_box, words: float, letters: float) -> None:
        """A paragraph's word spaces `words` px and its letters `letters` px wider than
        designed (track() adds its share of looser word spaces to the letters)."""
        self.restyled("words", block, words, 0.0)
        self.restyled("tracking", block, letters, 0.0)
        letters += max(words, 0.0) * spreads.LETTERS
        for box in self.block_boxes(block, root_box):
            for inner in (box, *box.descendants()):
                designed = self.designed.setdefault(id(inner), inner.style["word_spacing"])
                tracked = self.designed.setdefault(
                    ("letters", id(inner)), inner.style["letter_spacing"]
                )
                style = inner.style.copy()
                style["word_spacing"] = designed + words
                style["letter_spacing"] = (0 if tracked == "normal" else tracked) + letters
                self.assign(inner, "style", style)

    def too_tight(self, block: str, root_box, amount: float, letters: float = 0.0) -> bool:
        """Whether `block`, its word spaces `amount` px narrower (if negative) than
        designed and its letters `letters` px, would run its words together (PF402)."""
        if amount >= 0 and letters >= 0:
            return False
        for box in self.block_boxes(block, root_box)[:1]:
            style = box.style.copy()
            style["word_spacing"] = self.designed.get(id(box), style["word_spacing"])
            style["letter_spacing"] = self.designed.get(
                ("letters", id(box)), style["letter_spacing"]
            )
            return spacing.closes_too_far(style, amount, letters)
        return False

    def allows(self, root_box):
        """Whether a paragraph may be set so (spreads.trackable): not too tight."""
        return lambda block, amount: not self.too_tight(block, root_box, amount)

    def make_all_pages(self, context, root_box, html, pages):
        self.context = context
        self.hook_page_bottom(context)
        i = 0
        reported_footnotes = None
        # pages made and not yet given to WeasyPrint: the last page made, kept back
        # until its partner is made, and the spread before it, for look_back()
        pending: list = []
        made: set[int] = set()  # pages made in this pass (not taken up-to-date)
        context.rendered_notes = []
        while True:
            remake_state = context.page_maker[i][-1]
            if len(pages) == 0 or remake_state["content_changed"] or remake_state["pages_wanted"]:
                page, resume_at = self.make(i, root_box, html)
                made.add(i)
                if pending:
                    pending[-1], page, resume_at = self.even_carried(
                        i, pending[-1], page, resume_at, root_box, html
                    )
                if pending and self.balances(i - 1, pending[-1], page):
                    pending[-1], page, resume_at = self.balance(
                        i, pending[-1], page, resume_at, root_box, html
                    )
                    back = 0 if any(self.held(pending[-1], page)) else self.behind(i, pending, made)
                    if back and self.faults(i, pending[-1], page, resume_at) != (0, 0):
                        found = self.look_back(i, pending[-back:], page, resume_at, root_box, html)
                        if found is not None:
                            pending[-back:], page, resume_at = found
                reported_footnotes = context.reported_footnotes
            else:
                PROGRESS_LOGGER.info("Step 5 - Creating layout - Page %d (up-to-date)", i + 1)
                resume_at = context.page_maker[i + 1][0]
                # Past the text's last page, the pages made before hold notes carried
                # on (WeasyPrint's own loop stops here and loses them).
                reported_footnotes = resume_at is None and i + 1 < len(pages)
                page = pages[i]
            pending.append(page)
            while len(pending) > 3:
                yield pending.pop(0)

            i += 1
            if resume_at is None and not reported_footnotes:
                yield from pending
                # Throw away obsolete pages and content
                context.page_maker = context.page_maker[: i + 1]
                context.broken_out_of_flow.clear()
                context.reported_footnotes.clear()
                return

    def behind(self, i: int, pending: list, made: set[int]) -> int:
        """How many pages before page i look_back() may make again: the spread before
        (3, with page i - 1), or a section's opening recto that faces no page of its own
        section (2); 0 when neither was made in this pass."""
        three = len(pending) >= 3 and {i - 3, i - 2, i - 1} <= made
        if three and self.balances(i - 3, pending[-3], pending[-2]):
            return 3
        if len(pending) >= 2 and {i - 2, i - 1} <= made and self.opens(i - 2, pending[-2]):
            return 2
        return 0

    def opens(self, i: int, page) -> bool:
        """Whether page i is a text recto that begins its section and runs on: it faces
        the end of another section or a blank, so it may gain or give up a line alone."""
        state = self.context.page_maker[i][1]
        return (
            self.leading > 0
            and page.page_type.side == "right"
            and page.page_type.name.startswith(spreads.TEXT_PAGES)
            and (i == 0 or state["break"] != "any")
            and not self.ends_section(i, page, self.context.page_maker[i + 1][0])
            and not cuts.runs_over(page)
        )

    def look_back(self, i: int, before: list, recto, resume_at, root_box, html):
        """Spread i - 1, i would not level: the spread before it (or the section's opening
        recto, behind()) made so that this one begins elsewhere, and this one made and
        levelled again.

        A compositor's remedies across two spreads, tried in turn: the spread
        before made a line short on both pages (it gives up two lines, level
        still; an opening recto, a line), or one of its paragraphs set a shade
        looser or tighter (it gives up a line, or takes one back, and stays
        full). `before`: the pages before page i, from the first to make
        again. Returns those pages, page i and where the text resumes: made
        with the first remedy that levels this spread and leaves the one
        before no worse, else with the one that came nearest, if nearer than
        the pages as they fell, else made again as they were; None if not tried.
        """
        first = i - len(before)
        key = ("back", i, repr(self.context.page_maker[first][0]))
        if key in self.memo and self.memo[key] is None:
            return None
        # the spread before's faults as it stands: a remedy may leave it no worse
        was = self.faults_before(i, before[:-1])
        best = self.faults(i, before[-1], recto, resume_at)
        verso, recto_before = before[0], (before[1] if len(before) == 3 else None)
        tries: list[tuple] = [
            ("track", block, step)
            for block, step, _ in spreads.trackable(
                verso, recto_before, self.em, set(self.evened), self.allows(root_box)
            )
        ]
        if not any(self.caps.get(index) for index in range(first, i - 1)):  # not short already
            # a spread before run short, first; an opening recto a line short, last: it
            # stands alone, and a paragraph set apart keeps it full
            tries.insert(0 if recto_before is not None else len(tries), ("short",))
        if self.memo.get(key) in tries:  # what an earlier layout of the same pages took
            tries.insert(0, self.memo[key])
        choice = None
        for remedy in tries:
            mark = self.checkpoint()
            found, after = self.across(i, first, remedy, root_box, html)
            before_level = self.faults_before(i, found[:-2])
            faults = self.faults(i, found[-2], found[-1], after)
            if before_level <= was and faults < best:
                best, choice = faults, remedy
                if faults == (0, 0):
                    self.keep(mark)
                    self.memo[key] = remedy
                    return found[:-1], found[-1], after
            self.rollback(mark)
        self.memo[key] = choice
        found, after = self.across(i, first, choice, root_box, html)
        return found[:-1], found[-1], after

    def faults_before(self, i: int, pages: list) -> tuple[int, int]:
        """The faults of what comes before spread i - 1, i: the spread (two pages), or
        the opening recto (one), as faults() counts them."""
        first = i - 1 - len(pages)
        if len(pages) == 2:
            return self.faults(first + 1, pages[0], pages[1], self.context.page_maker[first + 2][0])
        ends = self.ends_section(first, pages[0], self.context.page_maker[first + 1][0])
        return (0 if ends else max(spreads.short(pages[0], self.leading) - 1, 0)), 0

    def across(self, i: int, first: int, remedy: tuple | None, root_box, html):
        """Pages first to i made again, what comes before spread i - 1, i set as `remedy`
        says (look_back)."""
        if remedy is not None and remedy[0] == "short":
            for index in range(first, i - 1):
                self.caps[index] = self.leading
        elif remedy is not None:
            self.track(remedy[1], root_box, remedy[2])
        return self.remake_from(first, i, root_box, html)

    def remake_from(self, first: int, last: int, root_box, html):
        """Pages first to last made again in turn, the last spread levelled as make_all_pages
        levels it: the pages, and where the text resumes after the last."""
        found = []
        page, after = self.make(first, root_box, html, again=True)
        found.append(page)
        for index in range(first + 1, last + 1):
            page, after = self.make(index, root_box, html)
            found[-1], page, after = self.even_carried(
                index, found[-1], page, after, root_box, html
            )
            if self.balances(index - 1, found[-1], page):
                found[-1], page, after = self.balance(index, found[-1], page, after, root_box, html)
            found.append(page)
        return found, after

    def make(self, i: int, root_box, html, again: bool = False):
        """Page i made from the state it starts from, its notes kept with their calls.

        `again`: page i was made before, and its state was saved then.
        """
        PROGRESS_LOGGER.info("Step 5 - Creating layout - Page %d", i + 1)
        if not again:  # the state the page starts from, to make it again
            self.save(i)
        self.squeezed.pop(i, None)  # fill() decides it anew
        page, resume_at = self.remake(i, root_box, html)
        for _ in range(TRIES_PER_PAGE):
            block = self.strayed_block(page)
            if block is None:
                break
            self.push(block, root_box)
            self.remade += 1
            page, resume_at = self.remake(i, root_box, html)
        carried = self.flow_blocks.get(i - 1, set())
        for block in spacing.loose_paragraphs(page.children[0], carried):
            if block not in self.evened:
                page, resume_at = self.even(i, block, carried, (page, resume_at), root_box, html)
        if (
            page.page_type.name.startswith(spreads.TEXT_PAGES)
            and not self.ends_section(i, page, resume_at)
            and spreads.short(page, self.leading) > 1
        ):
            page, resume_at = self.fill(i, page, resume_at, carried, root_box, html)
        if self.mend_hyphens(i, page, root_box):
            return self.make(i, root_box, html, again=True)
        self.flow_blocks[i] = set(blocks_in(page.children[0]))
        return page, resume_at

    def save(self, i: int) -> None:
        """The state page i starts from (its notes waiting), for remake()."""
        context = self.context
        self.saved[i] = (
            list(context.footnotes),
            list(context.reported_footnotes),
            dict(context.broken_out_of_flow),
        )

    def mend_hyphens(self, i: int, page, root_box) -> bool:
        """Whether page i has a third hyphenated line in a row, now mended: the word it
        breaks left whole (its soft hyphens taken out), for the page to be made again.

        The run may begin on the page before (self.runs). A word broken at the
        page's foot is found from its first part in the paragraph's text.
        """
        lines = hyphenation.page_lines(page.children[0])
        found, run = hyphenation.too_many(lines, self.runs.get(i - 1, 0))
        mended = False
        for index in found:
            block, text = lines[index]
            if index + 1 < len(lines):
                word = hyphenation.broken_word(lines, index)
                words = {word} if word else set()
            else:
                head = hyphenation.head_of(text)
                words = hyphenation.words_beginning(self.text_of(block, root_box), head)
            words -= self.whole.setdefault(block, set())
            if words:
                self.keep_whole(block, words, root_box)
                mended = True
        self.runs[i] = run
        return mended

    def text_of(self, block: str, root_box) -> str:
        return "".join(
            box.text
            for outer in self.block_boxes(block, root_box)
            for box in outer.descendants()
            if hasattr(box, "text")
        )

    def keep_whole(self, block: str, words: set[str], root_box) -> None:
        """The block's `words` never broken from now on in this layout."""
        self.whole[block] |= words
        for outer in self.block_boxes(block, root_box):
            for box in outer.descendants():
                if hasattr(box, "text"):
                    for word in words:
                        self.assign(box, "text", hyphenation.whole_word(box.text, word))

    def untie(self, block: str, tied: str, root_box) -> bool:
        """The tie in `tied` (spacing.ties_to_break) let break, in the paragraph's text: kept
        with its words left whole (a word holding a no-break space is a tie broken)."""
        changed = False
        for outer in self.block_boxes(block, root_box):
            for box in outer.descendants():
                if hasattr(box, "text") and (text := spacing.untie(box.text, tied)) != box.text:
                    self.assign(box, "text", text)
                    changed = True
        if changed:
            self.whole.setdefault(block, set()).add(tied)
        return changed

    def fill(self, i: int, page, resume_at, carried: set[str], root_box, html):
        """A page two lines or more short inside a section: its paragraphs set a shade tighter.

        A paragraph whose last line holds a word or two gives that line back;
        with the room so gained, what was sent on (a paragraph pushed to keep
        its note, a lead-in kept with its quotation) may fit after all. At most
        TIGHTENED paragraphs, tightest last lines first. Failing that, the
        paragraph sent whole to the next page set tighter to come up
        (bring_up()). Failing that, a lead-in sent on with its quotation is let
        end the page (and the paragraphs tightened again, for the quotation's
        first lines): a compositor lets a colon end a page rather than leave
        lines empty (and, if it is still short, a paragraph or two set a shade
        looser, as below). Failing that too, what the page holds is set to fill
        it: paragraphs whose last line is nearly full set a shade looser, each
        gaining a line. Else the page stays.
        """
        key = ("fill", i, repr(self.context.page_maker[i][0]), self.caps.get(i, 0.0))
        if key in self.memo:  # an earlier layout found nothing to do for this page
            return page, resume_at
        made = self.squeeze(i, root_box, html)
        if made is not None:
            return made
        following = resumes_with(root_box, resume_at)
        pushed, leads_in = following in self.pushed, False
        candidates = spreads.tightenable(page, carried | set(self.evened))[:TIGHTENED]
        # not the paragraph the next page resumes: a line it gains goes there
        fuller = spreads.loosenable(page, carried | set(self.evened) | {following})[:TIGHTENED]
        if pushed:
            self.unpush(following, root_box)
        made = self.tighten(i, candidates, pushed, root_box, html)
        if made is not None:  # full now, whether or not what was sent on came back
            if pushed:
                self.pushed.remove(following)
            return made
        if pushed:
            self.push(following, root_box, again=True)
        elif not (leads_in := following is not None and self.leads_in(following, root_box)):
            made = self.bring_up(i, page, following, carried, root_box, html)
            if made is not None:
                return made
        if leads_in:
            self.keep_with_next(following, root_box, False)
            made = self.tighten(i, candidates, True, root_box, html)
            if made is None:  # the lead-in ending the page, and a paragraph or two looser
                made = self.loosen(i, fuller, carried, root_box, html)
            if made is not None:
                return made
            self.keep_with_next(following, root_box, True)
        made = self.loosen(i, fuller, carried, root_box, html)
        if made is not None:
            return made
        self.memo[key] = None
        brought = following is not None  # bring_up() may have tried it
        tried = candidates or pushed or leads_in or fuller or brought or self.squeezable(i)
        return self.remake(i, root_box, html) if tried else (page, resume_at)

    def bring_up(self, i: int, page, following: str | None, carried: set[str], root_box, html):
        """Page i made full with the paragraph sent whole to the next page set a shade
        tighter, so that it comes up: one that widows and orphans would not let
        break across the page (three lines in the room of two), and whose last line
        holds a word or two. As tighten() returns; None if it is not such a paragraph.
        """
        if (
            following is None
            or following in self.evened
            or following in carried
            or following in blocks_in(page.children[0])
        ):
            return None
        return self.tighten(i, [following], False, root_box, html)

    def squeeze(self, i: int, root_box, html):
        """Page i made again with its text let take cuts.SQUEEZE_MM of the space above its
        notes: the page and where the text resumes if it is full so (a line short at
        most) and keeps its notes, else None.

        A compositor's oldest give: the space between the text and the notes
        is the page's elastic space (plain TeX's \\skip\\footins shrinks by a
        third). Two lines that must come with a note, or a note's first
        lines, may fit so where they would not.
        """
        if not self.squeezable(i):
            return None
        self.squeezed[i] = cuts.SQUEEZE
        made, after = self.remake(i, root_box, html)
        notes = made.children[1]
        if notes.children and not self.strays(made) and spreads.short(made, self.leading) <= 1:
            return made, after
        del self.squeezed[i]
        return None

    def squeezable(self, i: int) -> bool:
        # not a page made short on purpose
        return self.caps.get(i, 0.0) <= 0 and self.raised.get(i, 0.0) <= 0

    def tighten(self, i: int, candidates: list[str], first_as_is: bool, root_box, html):
        """Page i made again with one, then two ... of `candidates` set a shade tighter,
        until it is full (a line short at most) and keeps its notes; `first_as_is`: try
        it untouched first. Failing that, their letters a shade closer, then both by
        half (never past the floor of word spaces, too_tight()). Returns the page and
        where the text resumes, or None (and the paragraphs as they were)."""
        step, letters = -spreads.TRACKING * self.em, -spacing.TIGHTER_LETTERS * self.em
        # the word spaces; else the letters, which close a line more for the same grey; else
        # half of each (0.16 em between words, as the first, more than the floor of PF402)
        for setting in ((step, 0.0), (0.0, letters), (step / 2, letters)):
            fits = [block for block in candidates if not self.too_tight(block, root_box, *setting)]
            made = self.respace_until_full(i, fits, setting, first_as_is, None, root_box, html)
            if made is not None:
                return made
            first_as_is = False
        return None

    def loosen(self, i: int, candidates: list[str], carried: set[str], root_box, html):
        """Page i made again with one, then two ... of `candidates` set a shade looser, each
        gaining a line, until it is full, none of them with a loose line so (`carried`:
        the blocks carried from the page before); failing that, twice as loose, as a
        longer last line needs. As tighten() returns."""
        for step in (spreads.TRACKING * self.em, 2 * spreads.TRACKING * self.em):
            setting = (step, 0.0)
            made = self.respace_until_full(i, candidates, setting, False, carried, root_box, html)
            if made is not None:
                return made
        return None

    def respace_until_full(
        self,
        i: int,
        candidates: list[str],
        setting: tuple[float, float],
        first_as_is: bool,
        carried,
        root_box,
        html,
    ):
        """tighten() and loosen(): `setting`, the word and letter spacing (set_spacing());
        `carried`, when loosening, for the loose-line check."""
        changed: list[str] = []
        for block in ([None] if first_as_is else []) + candidates:
            if block is not None:
                self.set_spacing(block, root_box, *setting)
                changed.append(block)
            made, after = self.remake(i, root_box, html)
            if (
                not self.strays(made)
                and spreads.short(made, self.leading) <= 1
                and not (
                    carried is not None
                    and set(changed) & set(spacing.loose_paragraphs(made.children[0], carried))
                )
            ):
                self.evened.update(dict.fromkeys(changed, setting))
                return made, after
        for block in changed:
            self.set_spacing(block, root_box, 0.0, 0.0)
        return None

    def leads_in(self, block: str, root_box) -> bool:
        """Whether `block` is a lead-in kept with what it introduces (print/layout.py)."""
        return any(
            "lead-in" in (box.element.get("class") or "").split()
            for box in self.block_boxes(block, root_box)
        )

    def keep_with_next(self, block: str, root_box, keep: bool) -> None:
        """The block kept on the page of what follows it (`break-after: avoid`), or let go."""
        for box in self.block_boxes(block, root_box):
            self.restyled("after", block, "avoid" if keep else "auto", box.style["break_after"])
            style = box.style.copy()
            style["break_after"] = "avoid" if keep else "auto"
            self.assign(box, "style", style)

    def strays(self, page) -> bool:
        """Whether the page sent one of its own notes on to the next."""
        reported = carried_on(self.context.reported_footnotes)
        flow = page.children[0]
        return bool(reported) and any(
            getattr(box, "footnote", None) in reported for box in boxes_of(flow)
        )

    def even(self, i: int, block: str, carried: set[str], made: tuple, root_box, html):
        """Page i made again with a paragraph that has a loose line set tighter, else looser.

        `made`: the page and where the text resumes, returned as they are if
        nothing evens the line (as an earlier layout of the same page found).
        """
        key = ("even", block, repr(self.context.page_maker[i][0]), self.caps.get(i, 0.0))
        if key in self.memo and self.memo[key] is None:
            return made
        step = spreads.TRACKING * self.em
        attempts = [
            ("words", amount)
            for amount in (-step, step, *spreads.tighter(step), 2 * step)
            if not self.too_tight(block, root_box, amount)
        ]
        designed, plain = self.first_line_steps(block, made, root_box)
        attempts += [("letters", amount * self.em) for amount in designed]
        attempts += [("tracking", amount * self.em) for amount in spacing.TRACKING_STEPS]
        attempts += [("letters", amount * self.em) for amount in plain]
        # last of all, a tie broken: a title and its name (typography.toml, `gives`)
        attempts += [("untie", tied) for tied in spacing.ties_to_break(made[0].children[0], block)]
        if self.memo.get(key) in attempts:
            attempts.insert(0, self.memo[key])
        for kind, amount in attempts:
            mark = self.checkpoint() if kind == "untie" else None
            if not self.respace(block, root_box, kind, amount):
                if mark is not None:
                    self.rollback(mark)
                continue
            page, resume_at = self.remake(i, root_box, html)
            if self.strayed_block(page) is None and block not in spacing.loose_paragraphs(
                page.children[0], carried
            ):
                if mark is not None:
                    self.keep(mark)
                self.evened[block] = amount if kind == "words" else 0.0
                self.memo[key] = kind, amount
                return page, resume_at
            if mark is not None:
                self.rollback(mark)
            else:
                self.respace(block, root_box, kind, 0.0)
        self.memo[key] = None
        return self.remake(i, root_box, html)

    def first_line_steps(self, block: str, made: tuple, root_box):
        """How far a paragraph's first line may be letter-spaced to mend a loose line, in em:
        (a first line styled so, as small capitals are: far, before other remedies; a loose
        first line in lower case: a little, after them). Any other first line, not at all:
        its letters would move every line after it."""
        boxes = self.block_boxes(block, root_box)
        style = next((box.first_line_style for box in boxes if box.first_line_style), None)
        if style is not None and not isinstance(style, spacing.FirstLine):
            return (spacing.LETTER_STEPS if "letter_spacing" in style.cascaded else ()), ()
        if spacing.first_line_loose(made[0].children[0], block):
            return (), spacing.PLAIN_LETTER_STEPS
        return (), ()

    def even_carried(self, i: int, previous, page, resume_at, root_box, html):
        """Pages i - 1 and i made again with a paragraph begun on the first, loose on the
        second, set a shade tighter or looser: the lines of both pages fall anew.

        Page i - 1 is still held back (make_all_pages), so it may be made again;
        if its spread is already made (it is a recto), its last line must stay
        where it stood, and it may not end shorter; else it may end a line short
        (its spread, not yet made, is levelled next). A paragraph set apart on
        page i - 1 (for a loose line there) is set anew, as long as neither page
        has a loose line of it then. Returns the two pages and where the text
        resumes, as they were if nothing evens the line.
        """
        carried = self.flow_blocks.get(i - 1, set())
        loose = [
            block
            for block in spacing.loose_paragraphs(page.children[0], set())
            if block in carried and self.evened.get(block) != "across"
        ]
        if not loose:
            return previous, page, resume_at
        block = loose[0]
        key = ("across", block, repr(self.context.page_maker[i - 1][0]))
        if key in self.memo and self.memo[key] is None:
            return previous, page, resume_at
        closed = previous.page_type.side == "right"
        stood, was_short = spreads.foot(previous), spreads.short(previous, self.leading)
        step = spreads.TRACKING * self.em
        # its words, else its letters, else both: from the setting it has, if any
        words = [-step, step, *spreads.tighter(step), 2 * step]
        letters = [amount * self.em for amount in spacing.TRACKING_STEPS]
        now = self.styled.get(("words", block), 0.0)
        attempts = [(amount, 0.0) for amount in words] + [(0.0, amount) for amount in letters]
        attempts += [(now, amount) for amount in letters if now]
        attempts = [each for each in attempts if not self.too_tight(block, root_box, *each)]
        if self.memo.get(key) in attempts:
            attempts.insert(0, self.memo[key])
        mark = self.checkpoint()
        for setting in attempts:
            self.set_spacing(block, root_box, *setting)
            self.evened[block] = "across"  # the page maker's own evening leaves it be
            made, _ = self.make(i - 1, root_box, html, again=True)
            if self.strays(made) or block in spacing.loose_paragraphs(
                made.children[0], self.flow_blocks.get(i - 2, set())
            ):
                continue
            if spreads.short(made, self.leading) > max(was_short, 0 if closed else 1) or (
                closed and abs((spreads.foot(made) or 0) - (stood or 0)) > spreads.LEVEL
            ):
                continue
            remade, after = self.make(i, root_box, html)
            if not self.strays(remade) and block not in spacing.loose_paragraphs(
                remade.children[0], set()
            ):
                self.memo[key] = setting
                self.keep(mark)
                return made, remade, after
        self.rollback(mark)
        self.memo[key] = None
        previous, _ = self.make(i - 1, root_box, html, again=True)
        page, resume_at = self.make(i, root_box, html)
        return previous, page, resume_at

    def respace(self, block: str, root_box, kind: str, amount) -> bool:
        """Word spaces (`words`), a first line's letters (`letters`) or the paragraph's
        letters (`tracking`) `amount` px wider; or the tie of `amount` broken (`untie`)."""
        if kind == "untie":
            return self.untie(block, amount, root_box)
        if kind == "words":
            self.track(block, root_box, amount)
            return True
        if kind == "tracking":
            self.set_tracking(block, root_box, amount)
            return True
        return self.space_first_line(block, root_box, amount)

    def space_first_line(self, block: str, root_box, extra: float) -> bool:
        """Letter-space a paragraph's ::first-line `extra` px more than designed.

        Justification stretches only the word spaces; a first line that must
        stay whole (small capitals are never hyphenated) shares the stretch
        with its letters instead, as a compositor letter-spaces small capitals.
        A paragraph given no first line of its own gets one (spacing.FirstLine):
        a loose first line before a word too long to come up (a name, a title
        tied to it) is letter-spaced so, a little (spacing.PLAIN_LETTER_STEPS).
        """
        styled = False
        for box in self.block_boxes(block, root_box):
            style = getattr(box, "first_line_style", None)
            made = self.designed.setdefault(("first-line made", id(box)), style is None)
            if made and hasattr(box, "first_line_style"):
                if not extra:  # as designed: no first line of its own, which would pin its
                    self.assign(box, "first_line_style", None)  # letters against tracking
                    self.restyled("letters", block, extra, 0.0)
                    styled = True
                    continue
                style = spacing.FirstLine(letter_spacing=box.style["letter_spacing"])
            if style is None or "letter_spacing" not in style.cascaded:
                continue
            key = ("first-line", id(box))
            designed = self.designed.setdefault(key, style["letter_spacing"])
            copy = style.copy()
            copy["letter_spacing"] = (designed if designed != "normal" else 0) + extra
            self.assign(box, "first_line_style", copy)
            self.restyled("letters", block, extra, 0.0)
            styled = True
        return styled

    def hook_page_bottom(self, context) -> None:
        """Let a page be made shorter than the others by `self.shorten`, its notes at the foot.

        make_page() sets the foot of the page and places the notes' area there,
        then opens the page's formatting context: the flow's foot is raised at
        that moment, so that the notes stay where they are.
        """
        if getattr(context, "samizdat_hooked", False):
            return
        original = context.create_block_formatting_context

        def create_block_formatting_context(*args, **kwargs):
            if self.shorten:
                context.page_bottom -= self.shorten
                self.shorten = 0.0
            return original(*args, **kwargs)

        context.create_block_formatting_context = create_block_formatting_context
        context.samizdat_hooked = True

    def ends_section(self, i: int, page, resume_at) -> bool:
        """Whether page i ends its section (or the book): a page that may end short."""
        if resume_at is None:
            return True
        following = self.context.page_maker[i + 1][1]
        return following["break"] != "any" and following["page"] != page.page_type.name

    def balances(self, i: int, verso, recto) -> bool:
        """Whether pages i and i + 1 face each other in the text and both run on.

        Not a spread a note runs over on both pages: a page's text is as long as
        the note's parts leave it (print/cuts.py), and a line less would move the
        cuts; a spread with one such page is levelled on the other (held()).
        """
        return (
            self.leading > 0
            and verso.page_type.side == "left"
            and recto.page_type.side == "right"
            and not verso.page_type.blank
            and not recto.page_type.blank
            and all(p.page_type.name.startswith(spreads.TEXT_PAGES) for p in (verso, recto))
            and not self.ends_section(i, verso, self.context.page_maker[i + 1][0])
            and not all(cuts.runs_over(page) for page in (verso, recto))
        )

    def held(self, verso, recto) -> tuple[bool, bool]:
        """Which pages of a spread a note runs on from: a remedy leaves them be (the page
        that takes the note's next part may gain or lose a line: the cut stays)."""
        return cuts.runs_on(verso), cuts.runs_on(recto)

    def free(self, held: tuple[bool, bool], caps: tuple[float, float]) -> bool:
        """Whether caps (or raises) leave the held pages of a spread as they are."""
        return not any(amount and kept for amount, kept in zip(caps, held, strict=True))

    def balance(self, i: int, verso, recto, resume_at, root_box, html):
        """Pages i - 1 and i level at their foot: as they fell, else one or both a line short,
        a paragraph set apart, or the last remedies of foot_remedies().

        A compositor's remedies, tried in turn until one levels the spread
        without leaving a page more than a line short; failing that, the one
        that came nearest, if it is nearer than the pages as they fell.
        Returns the verso, the recto and where the text resumes after them.
        """
        best = self.faults(i, verso, recto, resume_at)
        held = self.held(verso, recto)
        if best == (0, 0):
            if any(held):
                return verso, recto, resume_at
            return self.fill_spread(i, verso, recto, resume_at, root_box, html)
        natural = self.caps.get(i - 1, 0.0), self.caps.get(i, 0.0)
        choice: tuple = ("caps", natural)
        key = (i, repr(self.context.page_maker[i - 1][0]))
        if key in self.memo:  # the same spread, from the same place, in an earlier layout
            known, expected = self.memo.pop(key)
            mark = self.checkpoint()
            verso, recto, resume_at = self.choose(i, known, root_box, html)
            if self.faults(i, verso, recto, resume_at) <= expected:
                self.keep(mark)
                self.memo[key] = known, expected
                return verso, recto, resume_at
            self.rollback(mark)
        # first, a paragraph set apart that makes both pages full; then, a spread run short
        made = (verso, recto, resume_at)
        found, _, _ = self.try_tracks(i, made, best, choice, root_box, html, full=True)
        if found is not None:
            self.remember(key, self.full_choice, (0, 0))
            return found
        near: list[tuple[float, float]] = []  # caps that left a page two lines short
        for caps in filter(lambda caps: self.free(held, caps), spreads.remedies(self.leading)):
            mark = self.checkpoint()
            self.caps[i - 1], self.caps[i] = caps
            verso, _ = self.make(i - 1, root_box, html, again=True)
            recto, resume_at = self.make(i, root_box, html)
            faults = self.faults(i, verso, recto, resume_at)
            if faults == (0, 0):
                self.keep(mark)
                self.remember(key, ("caps", caps), faults)
                return verso, recto, resume_at
            if faults < best:
                best, choice = faults, ("caps", caps)
            if faults[0] == 1:  # a page two lines short: a paragraph set apart may mend it
                near.append(caps)
            self.rollback(mark)
        verso, _ = self.make(i - 1, root_box, html, again=True)
        recto, resume_at = self.make(i, root_box, html)
        found, best, choice = self.try_tracks(
            i, (verso, recto, resume_at), best, choice, root_box, html
        )
        for caps in near if found is None else []:
            mark = self.checkpoint()
            made = self.choose(i, ("caps", caps), root_box, html)
            found, best, choice = self.try_tracks(i, made, best, choice, root_box, html, caps)
            if found is not None:
                self.keep(mark)
                break
            self.rollback(mark)
        remedies = [each for each in self.foot_remedies(verso, recto) if self.free(held, each[1])]
        for remedy in remedies if found is None else []:
            mark = self.checkpoint()
            made = self.choose(i, remedy, root_box, html)
            faults = self.faults(i, *made)
            if faults < best:
                best, choice = faults, remedy
            if faults == (0, 0):
                self.keep(mark)
                found = made
                break
            self.rollback(mark)
        self.remember(key, choice, best)
        return found if found is not None else self.choose(i, choice, root_box, html)

    def fill_spread(self, i: int, verso, recto, resume_at, root_box, html):
        """A level spread whose pages both end a line short, made full if it can be: a
        paragraph of each page, whose last line is nearly full, set a shade looser.

        A spread run a line short is a compositor's remedy, not a layout to
        settle for where it comes of itself: in a book of short paragraphs
        (dialogue), whose page breaks widows and orphans often forbid, nearly
        half the pages ended so. Each page gains the line it lacked and its
        break stays where it was, so the pages after are not moved. Returns
        the verso, the recto and where the text resumes: as they were if no
        pair of paragraphs fills both without a loose line.
        """
        if [spreads.short(page, self.leading) for page in (verso, recto)] != [1, 1] or any(
            self.caps.get(index) or self.raised.get(index) for index in (i - 1, i)
        ):
            return verso, recto, resume_at
        key = ("full", i, repr(self.context.page_maker[i - 1][0]))
        if key in self.memo and self.memo[key] is None:
            return verso, recto, resume_at
        on_verso, on_recto = blocks_in(verso.children[0]), blocks_in(recto.children[0])
        # not a paragraph that runs on to the next page: the line it gains would go there
        fixed = set(self.evened) | (set(on_verso) & set(on_recto)) | set(on_verso[:1])
        fixed.add(resumes_with(root_box, resume_at) or "")
        pairs = [
            (first, second)
            for first in spreads.loosenable(verso, fixed)[:FILLED]
            for second in spreads.loosenable(recto, fixed)[:FILLED]
        ]
        if self.memo.get(key) in pairs:
            pairs.insert(0, self.memo[key])
        setting = (spreads.TRACKING * self.em, 0.0)
        carried = self.flow_blocks.get(i - 2, set())
        for pair in pairs:
            mark = self.checkpoint()
            for block in pair:
                self.set_spacing(block, root_box, *setting)
            made, _ = self.make(i - 1, root_box, html, again=True)
            remade, after = self.make(i, root_box, html)
            loose = set(spacing.loose_paragraphs(made.children[0], carried))
            loose |= set(spacing.loose_paragraphs(remade.children[0], set()))
            if (
                not loose & set(pair)
                and [spreads.short(page, self.leading) for page in (made, remade)] == [0, 0]
                and self.faults(i, made, remade, after) == (0, 0)
                and repr(after) == repr(resume_at)
            ):
                self.keep(mark)
                self.evened.update(dict.fromkeys(pair, setting))
                self.memo[key] = pair
                return made, remade, after
            self.rollback(mark)
        self.memo[key] = None
        if not pairs:
            return verso, recto, resume_at
        verso, _ = self.make(i - 1, root_box, html, again=True)
        recto, resume_at = self.make(i, root_box, html)
        return verso, recto, resume_at

    def try_tracks(
        self, i: int, made: tuple, best, choice, root_box, html, caps=None, full: bool = False
    ):
        """Spread i - 1, i made with each paragraph of spreads.trackable() in turn set a
        shade looser or tighter (under `caps` if given): (the pages, or None, the
        nearest faults and the remedy that made them). `full`: only a setting that
        leaves both pages full is taken (as self.full_choice), and the nearest are
        not kept; the pages as they were are made again when none is."""
        verso, recto, resume_at = made
        stale = False  # the verso as a try made it, not as the page maker now stands
        candidates = spreads.trackable(
            verso, recto, self.em, set(self.evened), self.allows(root_box)
        )
        held = self.held(verso, recto)
        candidates = [c for c in candidates if not held[0 if c[2] else 1]]
        if caps is not None:  # only the paragraphs of the page the caps left too short
            short_verso = spreads.short(verso, self.leading) > 1
            candidates = [c for c in candidates if c[2] == short_verso]
        for block, step, on_verso in candidates:
            mark = self.checkpoint()
            self.track(block, root_box, step)
            if on_verso or stale:
                verso, _ = self.make(i - 1, root_box, html, again=True)
                recto, resume_at = self.make(i, root_box, html)
            else:
                recto, resume_at = self.make(i, root_box, html, again=True)
            stale = on_verso
            faults = self.faults(i, verso, recto, resume_at)
            tried = ("track", block, step) if caps is None else ("caps+track", caps, block, step)
            if full:
                if faults == (0, 0) and not any(
                    spreads.short(page, self.leading) for page in (verso, recto)
                ):
                    self.keep(mark)
                    self.full_choice = tried
                    return (verso, recto, resume_at), best, choice
                self.rollback(mark)
                continue
            if faults < best:
                best, choice = faults, tried
            if faults == (0, 0):
                self.keep(mark)
                return (verso, recto, resume_at), best, choice
            self.rollback(mark)
        if full and candidates:  # the pages as they were, for what follows
            self.make(i - 1, root_box, html, again=True)
            self.make(i, root_box, html)
        return None, best, choice

    def foot_remedies(self, verso, recto) -> list[tuple]:
        """The last remedies for a spread whose pages, as they fell, end unevenly.

        A page whose notes end it, facing a page a line short: its text a line
        short above the notes, which stay at the foot (the line goes over, and
        the facing page is full). And a page a note left two lines short or more
        (its call's line, with the note, would not fit): the facing page as
        short, its notes risen with its text, as a compositor runs the spread
        short rather than leave it uneven.
        """
        found: list[tuple] = []
        lines = [spreads.short(page, self.leading) for page in (verso, recto)]
        for side, page in enumerate((verso, recto)):
            if page.children[1].children and lines[side] == 0:
                found.append(("raise", (self.leading, 0.0)[:: 1 if side == 0 else -1]))
        for side in (0, 1):
            other = lines[1 - side]
            if other >= 2 and lines[side] < other:
                caps = (other * self.leading, 0.0)
                found.append(("caps", caps if side == 0 else caps[::-1]))
        return found

    def choose(self, i: int, choice: tuple, root_box, html):
        """Pages i - 1 and i made again with a remedy: ("caps", caps), ("raise", caps),
        ("track", block, px) or ("caps+track", caps, block, px)."""
        if choice[0] in ("caps", "caps+track"):
            self.caps[i - 1], self.caps[i] = choice[1]
        if choice[0] == "raise":
            self.raised[i - 1], self.raised[i] = choice[1]
        if choice[0] in ("track", "caps+track"):
            self.track(choice[-2], root_box, choice[-1])
        verso, _ = self.make(i - 1, root_box, html, again=True)
        recto, resume_at = self.make(i, root_box, html)
        return verso, recto, resume_at

    def remember(self, key: tuple, choice: tuple, faults: tuple[int, int]) -> None:
        """What levelled (or came nearest to levelling) a spread, for the next layout."""
        self.memo[key] = choice, faults

    def faults(self, i: int, verso, recto, resume_at) -> tuple[int, int]:
        """How far pages i - 1 and i are from standing as they should: (0, 0) when they do.

        Lines short beyond the one a page may lack, then whether the two end
        unevenly. A page that ends its section may end short; a spread of
        which one page ends a section need not be level.
        """
        verso_ends = self.ends_section(i - 1, verso, self.context.page_maker[i][0])
        recto_ends = self.ends_section(i, recto, resume_at)
        excess = sum(
            max(spreads.short(page, self.leading) - 1, 0)
            for page, ends in ((verso, verso_ends), (recto, recto_ends))
            if not ends
        )
        level = verso_ends or recto_ends or spreads.level(verso, recto)
        return excess, 0 if level else 1

    def remake(self, i: int, root_box, html):
        """WeasyPrint's remake_page from page i's saved state, shortened by its cap if any;
        a subhead the page would end with sent on with its text (stranded())."""
        page, resume_at = self.remake_once(i, root_box, html)
        for _ in range(TRIES_PER_PAGE):
            heading = self.stranded(page, resume_at)
            if heading is None:
                break
            self.push(heading, root_box, again=heading in self.pushed)
            page, resume_at = self.remake_once(i, root_box, html)
        return page, resume_at

    def stranded(self, page, resume_at) -> str | None:
        """The subhead the page ends with, none of its text after it (a try may have let a
        pushed subhead follow on again: fill()).

        Headings are kept with what follows (`break-after: avoid`), and
        WeasyPrint keeps them so, but not always beside a page's notes: the
        manifesto at A5 ended p. 32 with "(B) Petty-Bourgeois Socialism" above
        note 8, its text overleaf. A compositor sends the heading on.
        """
        if resume_at is None:
            return None
        last = None
        for box in page.children[0].descendants():
            element = getattr(box, "element", None)
            if element is None or not element.get("data-block") or box.element_tag != element.tag:
                continue
            if any(isinstance(child, LineBox) for child in getattr(box, "children", ())):
                last = box
        if last is None or last.element_tag not in HEADINGS:
            return None
        return last.element.get("data-block")

    def remake_once(self, i: int, root_box, html):
        context = self.context
        footnotes, reported, broken = self.saved[i]
        context.footnotes[:] = footnotes
        context.reported_footnotes = list(reported)
        context.broken_out_of_flow = dict(broken)
        state = context.page_maker[i][-1]
        state["content_changed"] = False
        state["pages_wanted"] = False
        state["anchors"] = []
        state["content_lookups"] = []
        self.shorten = self.caps.get(i, 0.0) + self.raised.get(i, 0.0) - self.squeezed.get(i, 0.0)
        page, resume_at = remake_page(i, context, root_box, html)
        self.makes += 1
        if i in self.caps:  # the notes at the foot of the shortened (or lengthened) text
            page.children[1].translate(dy=-self.caps[i])
        self.made_with[i] = PageRecipe(
            tuple(sorted(self.styled.items())),
            tuple(sorted((block, tuple(sorted(w))) for block, w in self.whole.items() if w)),
            self.caps.get(i, 0.0),
            repr(resume_at),
            self.squeezed.get(i, 0.0),
            self.raised.get(i, 0.0),
        )
        self.made_last[i] = page
        return page, resume_at

    def recipe(self, document) -> Recipe | None:
        """How the pages of `document` (this layout's) were made, if each is the page last
        made at its place (else None: a page kept from a try would not replay)."""
        pages = document.pages
        if sorted(self.made_last) != list(range(len(pages))) or any(
            page._page_box is not self.made_last[i] for i, page in enumerate(pages)
        ):
            return None
        return Recipe(tuple(self.made_with[i] for i in range(len(pages))), tuple(self.pushed))


class Replay(PageMaker):
    """The page maker of a layout whose recipe is known: each page made once, as it stood.

    The document and the recipe are those of an earlier layout (the same
    book, trim and code: print/layoutcache.py keys the seed), so every remedy
    that layout found is set before the page is made, and nothing is tried.
    Pages made with the same boxes, styles and starting state are the same
    pages: the file is the earlier layout's, byte for byte (tested). Each page
    must end where it ended then, or the replay fails (ReplayFailed) and the
    pass is laid out afresh: a recipe never makes another book.
    """

    def __init__(self, recipe: Recipe, leading: float = 0.0, em: float = 0.0):
        super().__init__(frozenset(), leading, em)
        self.written: dict[int, str] = {}  # the boxes' text before a word was left whole
        self.pushed = list(recipe.pushed)
        self.pages = recipe.pages

    def make(self, i: int, root_box, html, again: bool = False):
        if i >= len(self.pages):
            raise ReplayFailed(f"page {i + 1} is not in the recipe")
        self.save(i)
        self.set_up(self.pages[i], root_box)
        self.caps = {i: self.pages[i].cap} if self.pages[i].cap else {}
        self.squeezed = {i: self.pages[i].squeeze} if self.pages[i].squeeze else {}
        self.raised = {i: self.pages[i].raised} if self.pages[i].raised else {}
        page, resume_at = self.remake(i, root_box, html)
        if repr(resume_at) != self.pages[i].ends:
            raise ReplayFailed(f"page {i + 1} does not end where it ended")
        self.flow_blocks[i] = set(blocks_in(page.children[0]))
        return page, resume_at

    def set_up(self, recipe: PageRecipe, root_box) -> None:
        """The boxes styled, and their words left whole, as the recipe says."""
        wanted = dict(recipe.styled)
        for what, block in sorted({*self.styled, *wanted}):
            value = wanted.get((what, block), self.designed_as.get((what, block)))
            if self.styled.get((what, block), self.designed_as.get((what, block))) == value:
                continue
            if what == "break":
                self.set_break(block, root_box, value)
            elif what in ("words", "tracking"):  # the paragraph's setting: both at once
                setting = {
                    kind: wanted.get((kind, block), self.designed_as.get((kind, block), 0.0))
                    for kind in ("words", "tracking")
                }
                self.set_spacing(block, root_box, setting["words"], setting["tracking"])
            elif what == "letters":
                self.space_first_line(block, root_box, value)
            else:
                self.keep_with_next(block, root_box, value == "avoid")
        whole = {block: set(words) for block, words in recipe.whole}
        for block in sorted({*self.whole, *whole}):
            if self.whole.get(block, set()) != whole.get(block, set()):
                self.set_whole(block, whole.get(block, set()), root_box)

    def set_whole(self, block: str, words: set[str], root_box) -> None:
        """The block's text as written, but for `words` left whole."""
        self.whole[block] = set(words)
        for outer in self.block_boxes(block, root_box):
            for box in outer.descendants():
                if hasattr(box, "text"):
                    text = self.written.setdefault(id(box), box.text)
                    for word in sorted(words):
                        text = set_apart(text, word)
                    box.text = text

    def even_carried(self, i: int, previous, page, resume_at, root_box, html):
        return previous, page, resume_at

    def balances(self, i: int, verso, recto) -> bool:
        return False


def set_apart(text: str, word: str) -> str:
    """`text` with `word` left whole, or, if it holds a no-break space, that tie broken."""
    if spacing.NBSP in word:
        return spacing.untie(text, word)
    return hyphenation.whole_word(text, word)


def carried_on(reported: list) -> list:
    """The notes sent on to the next page, but for continuations, which are meant to go."""
    return [note for note in reported if not cuts.is_continuation(note)]


def resumes_with(root_box, resume_at) -> str | None:
    """The numbered block the next page begins with, from WeasyPrint's skip stack."""
    box, stack, found = root_box, resume_at, None
    while stack and hasattr(box, "children"):
        (index, stack), *_ = stack.items()
        if index >= len(box.children):
            break
        box = box.children[index]
        element = getattr(box, "element", None)
        if element is not None and element.get("data-block"):
            found = element.get("data-block")
    # a block begun from its start (a quotation): its first numbered block, if it has one
    while stack is None and found is None and getattr(box, "children", None):
        box = box.children[0]
        element = getattr(box, "element", None)
        if element is not None and element.get("data-block"):
            found = element.get("data-block")
    return found
