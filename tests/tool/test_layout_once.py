"""The note repair made page by page: one layout, the pages of the old whole-book passes."""

from __future__ import annotations

from conftest import MANUSCRIPT
from samizdat.manuscript.loader import load_book
from samizdat.print import layout, notes, pagination, weasy
from samizdat.trims import trim


def test_one_layout_gives_the_pages_the_repeated_passes_gave():
    book = load_book(MANUSCRIPT)
    page = trim("a6")  # the trim at which the pamphlet strands a note
    html = layout.html_document(book)

    def whole_book_passes(pushed, _keeper):  # the repair as it was: no page made again
        generated = layout.generated_css(book, page, pushed)
        return weasy.typeset(html, book.root, layout.STYLESHEETS, generated)

    before = notes.keep_notes_with_calls(whole_book_passes)
    now = layout.lay_out(book, page)
    assert before.passes == 2 and now.passes == 1
    assert now.pushed == before.pushed and now.pushed  # the pamphlet needs the repair
    old, new = before.rendered.document, now.document
    assert len(new.pages) == len(old.pages)
    assert pagination.page_breaks(new) == pagination.page_breaks(old)
    assert notes.note_pages(new) == notes.note_pages(old)
    assert notes.stray_notes(new) == 0
