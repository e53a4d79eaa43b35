"""Notes in the EPUB: pop-up footnotes, numbered through the book, linked both ways."""

from __future__ import annotations

import pytest

from helpers import EPUB_TYPE, NS, text_of


def calls_and_notes(epub):
    calls, notes = [], {}
    for name, doc in epub.body_documents():
        for a in doc.iter("{{{}}}a".format(NS["x"])):
            if a.get(EPUB_TYPE) == "noteref":
                calls.append((name, a))
        for aside in doc.iter("{{{}}}aside".format(NS["x"])):
            if aside.get(EPUB_TYPE) == "footnote":
                assert aside.get("id") not in notes
                notes[aside.get("id")] = (name, aside)
    return calls, notes


@pytest.mark.parametrize("book", ["notes_epub"])
def test_every_call_resolves_to_exactly_one_note_and_back(book, request):
    epub = request.getfixturevalue(book)
    calls, notes = calls_and_notes(epub)
    assert calls, "the fixture has notes"
    for name, call in calls:
        assert call.get("role") == "doc-noteref"
        target = epub.target(name, call.get("href"))
        assert target is not None and target.tag == "{{{}}}aside".format(NS["x"])
        assert target.get("role") == "doc-footnote"
        back = target.find(".//x:a[@role='doc-backlink']", NS)
        assert back is not None
        returned = epub.target(name, back.get("href"))
        assert returned is not None and returned.get(EPUB_TYPE) == "noteref"
        assert returned.get("href").endswith("#" + target.get("id"))


def test_numbering_is_continuous_through_the_book(notes_epub):
    calls, notes = calls_and_notes(notes_epub)
    numbers = [int(text_of(call)) for _, call in calls]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len({name for name, _ in calls}) == 3  # never restarting per chapter
    assert [int(n.split("-")[1]) for n in notes] == numbers


def test_no_note_without_a_call(notes_epub):
    calls, notes = calls_and_notes(notes_epub)
    called = {call.get("href").split("#")[1] for _, call in calls}
    assert set(notes) == called


def test_note_text_follows_its_number(notes_epub):
    calls, notes = calls_and_notes(notes_epub)
    texts = {int(k.split("-")[1]): text_of(aside) for k, (_, aside) in notes.items()}
    assert texts[1].startswith("1 Note alphanote")
    assert "betasecond" in texts[2] and len(notes["note-2"][1].findall("x:p", NS)) == 2
    assert texts[5].startswith("5 Note epsilonnote")  # same label in another chapter


def test_a_note_called_from_a_block_quotation(notes_epub):
    calls, _ = calls_and_notes(notes_epub)
    quoted = [c for _, c in calls if c.xpath("ancestor::x:blockquote", namespaces=NS)]
    assert [text_of(c) for c in quoted] == ["3"]
