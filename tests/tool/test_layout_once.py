"""The note repair made page by page, inside the layout: no whole-book pass for a stray note."""

from __future__ import annotations

from conftest import MANUSCRIPT
from samizdat.manuscript.loader import load_book
from samizdat.print import layout, notes, weasy
from samizdat.trims import trim


def test_the_repair_is_made_inside_one_layout():
    book = load_book(MANUSCRIPT)
    page = trim("a6")  # the trim at which the pamphlet strands a note
    html = layout.html_document(book)

    def whole_book_passes(pushed, _keeper, _splits):  # the repair as it was: whole layouts
        generated = layout.generated_css(book, page, pushed)
        return weasy.typeset(html, book.root, layout.STYLESHEETS, generated)

    before = notes.keep_notes_with_calls(whole_book_passes)
    assert before.passes >= 2 and notes.stray_notes(before.rendered.document) == 0
    now = layout.lay_out(book, page)
    assert now.pushed or now.continued  # the pamphlet needs the repair at a6
    # one layout, and one more only when a note is continued on the next page
    assert now.passes <= 1 + bool(now.continued)
    assert notes.stray_notes(now.document) == 0
