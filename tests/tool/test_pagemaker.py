"""The page maker's tries: what a try not taken changed is undone, nested tries included."""

from __future__ import annotations

from types import SimpleNamespace

from samizdat.print.pagemaker import PageMaker


def test_a_try_not_taken_leaves_nothing_behind():
    maker = PageMaker()
    box = SimpleNamespace(style={"word_spacing": 0.0}, text="peas\u00adants")
    maker.assign(box, "style", {"word_spacing": -0.5})  # outside a try: stands, unjournalled
    outer = maker.checkpoint()
    maker.caps[3] = 18.0
    maker.pushed.append("b7")
    maker.evened["b2"] = -0.4
    maker.raised[4] = 18.0
    maker.assign(box, "style", {"word_spacing": 0.6})
    inner = maker.checkpoint()
    maker.assign(box, "text", "peasants")
    maker.whole.setdefault("b2", set()).add("peasants")
    maker.rollback(inner)
    assert box.text == "peas\u00adants" and maker.whole == {}
    assert box.style == {"word_spacing": 0.6}  # the outer try's change stands until it ends
    maker.rollback(outer)
    assert box.style == {"word_spacing": -0.5}
    assert (maker.caps, maker.pushed, maker.evened, maker.raised) == ({}, [], {}, {})
    assert maker.trying == 0 and maker.journal == []


def test_a_try_taken_stands_and_the_journal_is_emptied():
    maker = PageMaker()
    box = SimpleNamespace(style={"break_before": "auto"})
    mark = maker.checkpoint()
    maker.assign(box, "style", {"break_before": "page"})
    maker.keep(mark)
    assert box.style == {"break_before": "page"} and maker.journal == [] and maker.trying == 0


def test_a_page_filled_by_tightening_is_taken_as_made(monkeypatch):
    """fill(): a short page that one paragraph set tighter makes full is that page.

    Before, when nothing had been pushed from the page, the full page was
    dropped: the page maker went on to loosen other paragraphs over the
    tightened one, and remembered the page as one it could not fill.
    """
    from samizdat.print import pagemaker, spreads

    maker = PageMaker()
    maker.context = SimpleNamespace(page_maker=[(None,)] * 3)
    full = (SimpleNamespace(name="full page"), None)
    monkeypatch.setattr(pagemaker, "resumes_with", lambda root_box, resume_at: "b9")
    monkeypatch.setattr(spreads, "tightenable", lambda page, skip: ["b1", "b2"])
    monkeypatch.setattr(spreads, "loosenable", lambda page, skip: ["b3"])
    monkeypatch.setattr(PageMaker, "leads_in", lambda self, block, root_box: False)
    monkeypatch.setattr(PageMaker, "squeeze", lambda self, *args: None)
    monkeypatch.setattr(PageMaker, "tighten", lambda self, *args: full)
    loosened = []
    monkeypatch.setattr(PageMaker, "loosen", lambda self, *args: loosened.append(args))
    made = maker.fill(2, SimpleNamespace(name="short page"), None, set(), None, None)
    assert made is full and not loosened and maker.memo == {}


def test_a_paragraph_sent_whole_to_the_next_page_is_set_tighter_to_come_up(monkeypatch):
    """fill(): a page two lines short because the paragraph after it has three lines (widows
    and orphans will not break it 2/1) is filled by that paragraph set a shade tighter, before
    the page's own paragraphs are set looser. Holmes at A6, p. 96, ended a line short so,
    inside the inquest's questions, and its spread stood uneven (the last PF202)."""
    from samizdat.print import pagemaker, spreads

    def fill(following, on_page=(), carried=frozenset(), evened=()):
        maker = PageMaker()
        maker.context = SimpleNamespace(page_maker=[(None,)] * 3)
        maker.evened.update(dict.fromkeys(evened, -0.4))
        tightened: list[list[str]] = []
        loosened: list[list[str]] = []
        full = (SimpleNamespace(name="full page"), None)
        monkeypatch.setattr(pagemaker, "resumes_with", lambda root_box, resume_at: following)
        monkeypatch.setattr(pagemaker, "blocks_in", lambda flow: list(on_page))
        monkeypatch.setattr(spreads, "tightenable", lambda page, skip: ["b1"])
        monkeypatch.setattr(spreads, "loosenable", lambda page, skip: ["b3"])
        monkeypatch.setattr(PageMaker, "leads_in", lambda self, block, root_box: False)
        monkeypatch.setattr(PageMaker, "squeeze", lambda self, *args: None)
        monkeypatch.setattr(PageMaker, "remake", lambda self, *args: ("remade", None))
        monkeypatch.setattr(
            PageMaker,
            "tighten",
            lambda self, i, blocks, *args: (
                tightened.append(blocks) or (full if blocks == ["b9"] else None)
            ),
        )
        monkeypatch.setattr(
            PageMaker, "loosen", lambda self, i, blocks, *args: loosened.append(blocks)
        )
        page = SimpleNamespace(name="short page", children=[SimpleNamespace()])
        made = maker.fill(2, page, None, set(carried), None, None)
        return made, tightened, loosened

    made, tightened, loosened = fill("b9")
    assert made[0].name == "full page"
    assert tightened == [["b1"], ["b9"]] and loosened == []  # its own paragraphs first
    # not a paragraph the page holds the beginning of (it breaks across the pages already),
    # nor one carried from the page before, nor one set apart already: the page is filled
    # by its own paragraphs set looser, as before
    for kept in ({"on_page": ["b9"]}, {"carried": {"b9"}}, {"evened": ["b9"]}):
        made, tightened, loosened = fill("b9", **kept)
        assert tightened == [["b1"]] and loosened == [["b3"]], kept
    made, tightened, loosened = fill(None)  # the page ends its section's text
    assert tightened == [["b1"]]


def test_a_lead_in_let_end_its_page_is_followed_by_looser_paragraphs(monkeypatch):
    """fill(): where tightening cannot bring back the quotation a lead-in introduces, the
    lead-in ends the page and paragraphs set a shade looser fill it; never the paragraph
    the next page resumes, whose gained line would go there (holmes at half letter,
    p. 136, was three lines short so: a lead-in split 4/2 above a long quotation)."""
    from samizdat.print import pagemaker, spreads

    maker = PageMaker()
    maker.context = SimpleNamespace(page_maker=[(None,)] * 3)
    full = (SimpleNamespace(name="full page"), None)
    kept: list[bool] = []
    skipped: list[set] = []
    monkeypatch.setattr(pagemaker, "resumes_with", lambda root_box, resume_at: "b9")
    monkeypatch.setattr(spreads, "tightenable", lambda page, skip: ["b1"])
    monkeypatch.setattr(spreads, "loosenable", lambda page, skip: skipped.append(skip) or ["b3"])
    monkeypatch.setattr(PageMaker, "leads_in", lambda self, block, root_box: block == "b9")
    monkeypatch.setattr(PageMaker, "keep_with_next", lambda self, b, r, keep: kept.append(keep))
    monkeypatch.setattr(PageMaker, "squeeze", lambda self, *args: None)
    monkeypatch.setattr(PageMaker, "tighten", lambda self, *args: None)
    monkeypatch.setattr(PageMaker, "loosen", lambda self, i, blocks, *args: full)
    made = maker.fill(2, SimpleNamespace(name="short page"), None, set(), None, None)
    assert made is full
    assert kept == [False]  # the lead-in let go, and not kept again
    assert skipped and all("b9" in skip for skip in skipped)


def test_a_paragraph_set_looser_opens_its_letters_too_and_set_tighter_only_its_words(
    monkeypatch,
):
    from samizdat.print import spreads

    maker = PageMaker()
    inner = SimpleNamespace(style={"word_spacing": 0.0, "letter_spacing": "normal"})
    outer = SimpleNamespace(
        style={"word_spacing": 0.0, "letter_spacing": "normal"}, descendants=lambda: [inner]
    )
    monkeypatch.setattr(PageMaker, "block_boxes", lambda self, block, root_box: [outer])
    maker.track("b1", None, 0.8)
    assert inner.style == {"word_spacing": 0.8, "letter_spacing": 0.8 * spreads.LETTERS}
    maker.track("b1", None, -0.8)  # from the design, not from the looser setting
    assert inner.style == {"word_spacing": -0.8, "letter_spacing": 0.0}
    maker.track("b1", None, 0.0)
    assert outer.style["word_spacing"] == 0.0 and outer.style["letter_spacing"] == 0.0


def test_a_paragraph_is_never_set_so_tight_that_its_words_run_together(monkeypatch):
    """EB Garamond's own space is 0.2 em: 0.04 em tighter leaves 0.16 em, above the floor
    (PF402, 0.15 em); 0.06 or 0.08 em tighter would leave 0.14 or 0.12 em, and so would
    0.04 em with the letters 0.01 em closer. Judged from the design, not from a looser
    setting the paragraph has at the moment."""
    from samizdat.print import spacing, spreads

    size = 14.0
    style = {
        "word_spacing": 0.0,
        "letter_spacing": "normal",
        "font_size": size,
        "font_family": ("EB Garamond",),
    }
    outer = SimpleNamespace(style=dict(style), descendants=lambda: [])
    monkeypatch.setattr(PageMaker, "block_boxes", lambda self, block, root_box: [outer])
    assert spacing.space_of("EB Garamond") == 0.2
    maker = PageMaker(em=size * 72 / 96)
    step = spreads.TRACKING * size
    maker.track("b1", None, 2 * step)  # looser for the moment: its spaces are wider now
    one, two = spreads.tighter(step)
    assert not maker.too_tight("b1", None, -step)
    assert maker.too_tight("b1", None, one) and maker.too_tight("b1", None, two)
    letters = spacing.TIGHTER_LETTERS * size
    assert maker.too_tight("b1", None, -step, -letters)
    assert not maker.too_tight("b1", None, 0.0, -letters)  # the letters alone: 0.18 em
    assert not maker.too_tight("b1", None, -step / 2, -letters)  # half of each: 0.16 em
    assert not maker.too_tight("b1", None, 2 * step)


def test_the_next_page_beginning_with_a_quotation_begins_with_its_first_paragraph():
    """WeasyPrint's skip stack stops at the quotation when the next page begins with it
    whole: its first numbered paragraph is the block sent on (before, none was found, and
    a quotation pushed to keep a note with its call was never let come back)."""
    from samizdat.print.pagemaker import resumes_with

    def box(block=None, *children):
        element = SimpleNamespace(
            get=lambda name, default=None: block if name == "data-block" else default
        )
        return SimpleNamespace(element=element, children=list(children))

    quotation = box(None, box("4-5"), box("4-6"))
    root = box(None, box(None, box("4-3"), box("4-4"), quotation))
    assert resumes_with(root, {0: {2: None}}) == "4-5"
    assert resumes_with(root, {0: {1: None}}) == "4-4"
    assert resumes_with(root, {0: {2: {1: {0: None}}}}) == "4-6"  # inside its second paragraph


def test_the_last_remedies_for_an_uneven_spread(monkeypatch):
    """A page whose notes end it, facing a page a line short: its text a line short above
    the notes ("raise"); a page a note left two lines short: the facing page as short."""
    from samizdat.print import spreads

    maker = PageMaker(leading=12.0)
    line = maker.leading
    shortness = {"verso": 0, "recto": 1, "two": 2, "bare": 0}
    monkeypatch.setattr(spreads, "short", lambda page, leading: shortness[page.name])

    def page(name, notes):
        return SimpleNamespace(name=name, children=[None, SimpleNamespace(children=notes)])

    with_notes, one_short = page("verso", ["note"]), page("recto", [])
    assert maker.foot_remedies(with_notes, one_short) == [("raise", (line, 0.0))]
    assert maker.foot_remedies(page("two", []), page("bare", ["note"])) == [
        ("raise", (0.0, line)),
        ("caps", (0.0, 2 * line)),
    ]
    assert maker.foot_remedies(one_short, page("bare", [])) == []


def test_a_recipe_sets_a_paragraphs_words_and_letters_together(monkeypatch):
    """A paragraph set with its words and its letters apart from the design (a page filled
    by tightening both) is replayed so, whichever of the two the recipe names first."""
    from samizdat.print.pagemaker import PageRecipe, Recipe, Replay

    inner = SimpleNamespace(style={"word_spacing": 0.0, "letter_spacing": "normal"})
    outer = SimpleNamespace(
        style={"word_spacing": 0.0, "letter_spacing": "normal"}, descendants=lambda: [inner]
    )
    monkeypatch.setattr(PageMaker, "block_boxes", lambda self, block, root_box: [outer])
    styled = ((("tracking", "b1"), -0.07), (("words", "b1"), -0.56))
    replay = Replay(Recipe((PageRecipe(styled, (), 0.0, "None"),), ()))
    replay.set_up(replay.pages[0], None)
    assert inner.style == {"word_spacing": -0.56, "letter_spacing": -0.07}
    replay.set_up(PageRecipe((), (), 0.0, "None"), None)  # the next page: as designed
    assert inner.style == {"word_spacing": 0.0, "letter_spacing": 0.0}


def test_a_loose_first_line_in_lower_case_is_letter_spaced_through_a_first_line_of_its_own(
    monkeypatch,
):
    """A paragraph the stylesheet gives no ::first-line gets one for its letters (WeasyPrint
    reads it from its cascaded keys), a little only; set back to the design, it has none
    again, or its first line's letters would stay pinned against tracking."""
    from samizdat.print import spacing

    box = SimpleNamespace(style={"letter_spacing": "normal"}, first_line_style=None)
    monkeypatch.setattr(PageMaker, "block_boxes", lambda self, block, root_box: [box])
    maker = PageMaker()
    assert maker.space_first_line("b1", None, 0.5)
    assert isinstance(box.first_line_style, spacing.FirstLine)
    assert dict(box.first_line_style.cascaded) == {"letter_spacing": 0.5}
    assert maker.styled == {("letters", "b1"): 0.5}
    assert maker.space_first_line("b1", None, 0.0)
    assert box.first_line_style is None and maker.styled == {}
    assert max(spacing.PLAIN_LETTER_STEPS) <= 0.04 < max(spacing.LETTER_STEPS)


def test_a_sections_opening_recto_may_give_or_take_a_line_for_the_spread_after_it(monkeypatch):
    """look_back(): a spread that will not level, right after a section's opening recto
    (which faces the end of another section), is mended from that recto alone: one of
    its paragraphs set apart, else the recto a line short (holmes at A5, pp. 199-201:
    p. 200 was two lines short above a three-line paragraph, p. 201 full)."""
    from samizdat.print import cuts, spreads

    maker = PageMaker(leading=13.5, em=10.5)
    page_type = SimpleNamespace(side="right", name="sec3", blank=False)
    opening, verso, recto = (SimpleNamespace(page_type=page_type) for _ in range(3))
    states = [{"break": "any"}] * 3 + [{"break": "right"}] + [{"break": "any"}] * 3
    maker.context = SimpleNamespace(
        page_maker=[(f"at {i}", state) for i, state in enumerate(states)]
    )
    monkeypatch.setattr(PageMaker, "ends_section", lambda self, i, page, resume_at: False)
    monkeypatch.setattr(PageMaker, "balances", lambda self, i, verso, recto: False)
    monkeypatch.setattr(cuts, "runs_over", lambda page: False)
    assert maker.behind(5, [opening, verso], {3, 4}) == 2
    assert maker.behind(5, [opening, verso], {4}) == 0  # the recto was not made in this pass
    maker.context.page_maker[3] = ("at 3", {"break": "any"})  # a recto within its section
    assert maker.behind(5, [opening, verso], {3, 4}) == 0
    maker.context.page_maker[3] = ("at 3", {"break": "right"})

    seen = {}
    monkeypatch.setattr(
        spreads,
        "trackable",
        lambda v, r, em, fixed, allowed: seen.setdefault("pages", (v, r)) and [("b7", -2.0, True)],
    )
    tried: list = []
    tracked: list = []
    monkeypatch.setattr(PageMaker, "track", lambda self, block, root_box, px: tracked.append(px))

    def remake_from(self, first, last, root_box, html):
        tried.append((first, last, dict(self.caps), list(tracked)))
        return [opening, verso, recto], "after"

    def faults(self, i, verso, recto, resume_at):
        return (0, 0) if self.caps else (0, 1)

    monkeypatch.setattr(PageMaker, "remake_from", remake_from)
    monkeypatch.setattr(PageMaker, "faults", faults)
    monkeypatch.setattr(spreads, "short", lambda page, leading: 1)
    made = maker.look_back(5, [opening, verso], recto, None, None, None)
    assert seen["pages"] == (opening, None)  # the recto's paragraphs alone
    # a paragraph set apart first, then the recto alone a line short; made again from it
    assert tried == [(3, 5, {}, [-2.0]), (3, 5, {3: maker.leading}, [-2.0])]
    assert made == ([opening, verso], recto, "after")


def test_a_spread_run_a_line_short_is_filled_by_a_looser_paragraph_on_each_page(monkeypatch):
    """fill_spread(): two pages a line short, level, each given the line it lacks by a
    paragraph set a shade looser; not taken when a paragraph would have a loose line."""
    from samizdat.print import pagemaker, spacing, spreads

    maker = PageMaker(leading=13.5, em=10.5)
    maker.context = SimpleNamespace(page_maker=[(f"at {i}", {}) for i in range(4)])
    flow = SimpleNamespace()
    short = {"verso": 1, "recto": 1, "full verso": 0, "full recto": 0}

    def page(name):
        return SimpleNamespace(name=name, children=[flow])

    verso, recto = page("verso"), page("recto")
    monkeypatch.setattr(spreads, "short", lambda p, leading: short[p.name])
    monkeypatch.setattr(pagemaker, "blocks_in", lambda flow: [])
    monkeypatch.setattr(pagemaker, "resumes_with", lambda root_box, resume_at: None)
    monkeypatch.setattr(spreads, "loosenable", lambda p, fixed: ["v1"] if p is verso else ["r1"])
    monkeypatch.setattr(PageMaker, "faults", lambda self, i, v, r, after: (0, 0))
    spaced = []
    monkeypatch.setattr(
        PageMaker,
        "set_spacing",
        lambda self, block, root_box, words, letters: spaced.append((block, words)),
    )
    monkeypatch.setattr(
        PageMaker,
        "make",
        lambda self, i, root_box, html, again=False: (
            (page("full verso"), "after 2") if i == 2 else (page("full recto"), "after 3")
        ),
    )
    loose: list[str] = []
    monkeypatch.setattr(spacing, "loose_paragraphs", lambda flow, carried: loose)
    made = maker.fill_spread(3, verso, recto, "after 3", None, None)
    assert [p.name for p in made[:2]] == ["full verso", "full recto"] and made[2] == "after 3"
    step = spreads.TRACKING * maker.em
    assert spaced == [("v1", step), ("r1", step)] and set(maker.evened) == {"v1", "r1"}

    maker = PageMaker(leading=13.5, em=10.5)
    maker.context = SimpleNamespace(page_maker=[(f"at {i}", {}) for i in range(4)])
    loose.append("r1")  # the recto's paragraph would have a loose line so
    made = maker.fill_spread(3, verso, recto, "after 3", None, None)
    assert maker.evened == {} and maker.memo[("full", 3, repr("at 2"))] is None
    # a run-short spread the page maker made on purpose is left as it is
    maker.caps[2] = maker.leading
    assert maker.fill_spread(3, verso, recto, "after 3", None, None) == (verso, recto, "after 3")


def test_a_tie_broken_is_kept_and_replayed_as_a_word_set_apart():
    """A loose line before "‘Mrs. Oakshott," (holmes at A6: a first line, 0.83 em, that no
    spacing mends) takes "‘Mrs." up: that one tie is broken, kept with the words left
    whole, undone with its try and replayed from a recipe (pagemaker.set_apart)."""
    from samizdat.print import spacing
    from samizdat.print.pagemaker import set_apart

    text = "Here you are, \u2018Mrs.\u00a0Oakshott, and then Mrs.\u00a0Oakshott again."
    tied = "are, \u2018Mrs.\u00a0Oakshott,"
    broken = "Here you are, \u2018Mrs. Oakshott, and then Mrs.\u00a0Oakshott again."
    assert spacing.untie(text, tied) == broken  # there only
    assert spacing.untie(text.replace("are,", "ar\u00ade,"), tied) == broken
    assert set_apart(text, tied) == broken
    assert set_apart("peas\u00adants and", "peasants") == "peasants and"  # a word left whole

    maker = PageMaker()
    box = SimpleNamespace(text=text)
    maker._boxes = {"b4": [SimpleNamespace(descendants=lambda: [box])]}
    maker.block_boxes = lambda block, root_box: maker._boxes.get(block, [])
    mark = maker.checkpoint()
    assert maker.untie("b4", tied, None) and box.text == broken and maker.whole == {"b4": {tied}}
    maker.rollback(mark)
    assert box.text == text and maker.whole == {}
    assert not maker.untie("b4", "is, \u2018Mr.\u00a0Holmes", None)  # not in the text


def test_a_spread_with_a_page_a_note_runs_on_from_is_levelled_on_the_other(monkeypatch):
    """The page a note runs on from is as long as its cut leaves it: a cap or a paragraph
    set apart there would move the cut. The other page of its spread may still be made
    short or set apart (the pamphlet at A6, pp. 16-17, after note 15 was cut on p. 15)."""
    from samizdat.print import cuts

    maker = PageMaker(leading=13.5, em=10.5)
    verso, recto = SimpleNamespace(name="verso"), SimpleNamespace(name="recto")
    monkeypatch.setattr(cuts, "runs_on", lambda page: page is verso)
    held = maker.held(verso, recto)
    assert held == (True, False)
    assert maker.free(held, (0.0, 18.0)) and maker.free(held, (0.0, 0.0))
    assert not maker.free(held, (18.0, 0.0)) and not maker.free(held, (18.0, 18.0))


def test_a_subhead_a_page_would_end_with_is_sent_on_with_its_text(monkeypatch):
    """remake(): the manifesto at A5 and half letter ended p. 32 with "(B) Petty-Bourgeois
    Socialism" above note 8, its text overleaf (WeasyPrint's `break-after: avoid` gave way
    beside the notes); the heading is pushed and the page made again, even where a try had
    let a pushed heading follow on (fill())."""
    from weasyprint.formatting_structure.boxes import LineBox

    def block(tag: str, name: str, lines: int = 1):
        element = SimpleNamespace(tag=tag, get=lambda key: name if key == "data-block" else None)
        children = [LineBox.__new__(LineBox) for _ in range(lines)]
        return SimpleNamespace(element=element, element_tag=tag, children=children)

    def page(*blocks):
        return SimpleNamespace(children=[SimpleNamespace(descendants=lambda: list(blocks))])

    ending = page(block("p", "4-1", 3), block("h3", "4-2"))
    going_on = page(block("h3", "4-2"), block("p", "4-3", 2))
    made = [ending, going_on]
    maker = PageMaker()
    monkeypatch.setattr(PageMaker, "remake_once", lambda self, i, r, h: (made.pop(0), "on"))
    pushed = []
    monkeypatch.setattr(PageMaker, "push", lambda self, b, r, again=False: pushed.append(b))
    assert maker.remake(3, None, None) == (going_on, "on") and pushed == ["4-2"]
    assert maker.stranded(ending, None) is None  # the end of the section's text
    assert maker.stranded(page(block("p", "4-1", 3)), "on") is None
    maker.pushed.append("4-2")
    assert maker.stranded(ending, "on") == "4-2"  # pushed, and let follow on by a try
