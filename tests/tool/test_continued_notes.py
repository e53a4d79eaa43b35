"""A note too long for the page of its call runs on at the foot of the next page."""

from __future__ import annotations

import re

from lxml import etree

from conftest import MANUSCRIPT
from samizdat.manuscript.loader import load_book
from samizdat.print import continued

NUMBERED = re.compile(r"^(\d+)\.\s")


def words(text: str) -> list[str]:
    return text.replace("\u00ad", "").replace("\u2010\n", "").split()


def test_split_keeps_the_words_in_order_and_the_markup_around_them():
    span = etree.fromstring(
        '<span class="footnote" id="fn3" data-note="3">One two <em>three four</em> five. '
        '<span class="note-p">Six <a href="#x" id="x1">seven</a> eight — Ed.</span></span>'
    )
    for cut in range(1, 9):
        first, rest = continued.split(span, cut)
        assert words("".join(first.itertext())) + words("".join(rest.itertext())) == words(
            "".join(span.itertext())
        )
        assert len(words("".join(first.itertext()))) == cut
        assert first.get("id") == "fn3" and rest.get("id") is None
        assert "continued" in rest.get("class").split()
        assert not [e for e in rest.iter() if e.get("id")]  # ids stay with the note
        assert not [e for e in (*first.iter(), *rest.iter()) if not "".join(e.itertext()).strip()]
    first, rest = continued.split(span, 3)
    assert etree.tostring(first, encoding="unicode").endswith("<em>three</em></span>")
    assert etree.tostring(rest, encoding="unicode").count("<em>four</em>") == 1


def test_a_note_runs_on_to_the_next_page_whole_and_unnumbered(every_pages):
    """The pamphlet at A6: note 4 no longer leaves its page five lines short."""
    book = load_book(MANUSCRIPT)
    pages = every_pages[("pamphlet", "a6", "")]
    runs_on = []
    for before, page in zip(pages, pages[1:], strict=False):
        if not page.notes or NUMBERED.match(page.notes[0].text):
            continue
        heads = [i for i, ln in enumerate(before.notes) if NUMBERED.match(ln.text)]
        assert heads, f"p. {page.number}: a continuation after a page without notes"
        number = int(NUMBERED.match(before.notes[heads[-1]].text).group(1))
        tail = [ln.text for ln in page.notes]
        tail = tail[: next((i for i, t in enumerate(tail) if NUMBERED.match(t)), len(tail))]
        head = [ln.text for ln in before.notes[heads[-1] :]]
        text = " ".join(head + tail).replace("\u2010 ", "")
        source = "".join(etree.fromstring(f"<div>{book.note(number).content}</div>").itertext())
        assert words(NUMBERED.sub("", text)) == words(source), number
        runs_on.append((before.number, number))
    assert runs_on, "no note runs on at A6, where the pamphlet needs it"
