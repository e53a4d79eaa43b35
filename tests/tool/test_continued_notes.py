"""A note too long for the page of its call runs on at the foot of the next page."""

from __future__ import annotations

import contextlib
import io
import re

from lxml import etree

from conftest import MANUSCRIPT
from helpers import book_toml
from samizdat.cli import main
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


def test_a_note_longer_than_a_page_is_reported_where_it_is_written(tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    (book / "book.toml").write_text(book_toml() + '[lint]\ndisable = ["X003"]\n', encoding="utf-8")
    sentence = "The note goes on and on, as the longest notes of real books do. "
    text = "# One\n\nA paragraph that calls a long note.[^long] It runs on a little.\n\n"
    text += "Another paragraph follows it, as in any chapter.\n\n"
    text += "[^long]: " + sentence * 60 + "\n"
    (book / "01-one.md").write_text(text, encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["build", str(book), "-o", str(tmp_path / "o"), "--pdf-only", "--trim", "a6"])
    assert code == 0  # the book is made, and the build says what is wrong with it
    warned = [line for line in err.getvalue().splitlines() if "longer than a page" in line]
    assert len(warned) == 1 and warned[0].startswith("samizdat: warning: ")
    assert f"{book / '01-one.md'}:7: note 1 " in warned[0]
