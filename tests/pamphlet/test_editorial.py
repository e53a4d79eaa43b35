"""The editorial apparatus: notes, the register of corrections, the note on the text."""

from __future__ import annotations

import copy
import re
import tomllib

import pytest
from lxml import etree

from conftest import MANUSCRIPT
from helpers import EPUB_TYPE, NS, squash, text_of
from samizdat.manuscript.loader import load_book
from samizdat.manuscript.register import DEFAULT_KIND, KINDS, text_blocks

REGISTER = tomllib.loads((MANUSCRIPT / "corrections.toml").read_text(encoding="utf-8"))
SOURCE = (MANUSCRIPT / REGISTER["source"]).read_text(encoding="utf-8").split("\n")
# The entries as the note on the text shows them: a table for each kind, in the
# order of KINDS, each in the register's order.
DISPLAYED = [
    entry
    for kind in KINDS
    for entry in REGISTER["correction"]
    if entry.get("kind", DEFAULT_KIND) == kind
]


def restore(blocks: list[str]) -> list[str]:
    """This edition's text with every registered correction undone."""
    restored = list(blocks)
    for entry in REGISTER["correction"]:
        index = entry["line"] - 1
        assert restored[index].count(entry["edition"]) == 1, entry
        restored[index] = restored[index].replace(entry["edition"], entry["source"])
    return restored


def epub_blocks(epub) -> list[str]:
    blocks = []
    for name, doc in epub.body_documents():
        if name.endswith("note-on-the-text.xhtml"):
            continue
        for el in doc.iter(*("{{{}}}{}".format(NS["x"], t) for t in ("p", "li", "h1", "h2", "h3"))):
            if el.xpath("ancestor::x:aside", namespaces=NS):
                continue
            el = copy.deepcopy(el)  # the session's EPUB is shared: read it, never change it
            for ref in el.xpath(".//x:a[@epub:type='noteref']", namespaces=NS):
                ref.text = ""  # the call, not the author's text
            blocks.append(text_of(el))
    return blocks


def model_blocks() -> list[str]:
    book = load_book(MANUSCRIPT)
    blocks = []
    for section in book.sections:
        if section.generated:
            continue
        content = re.sub(r'<a class="noteref"[^>]*>\d+</a>', "", section.content)
        blocks += [
            squash(text)
            for _, text in text_blocks(type(section)(**{**section.__dict__, "content": content}))
        ]
    return blocks


@pytest.mark.parametrize("reading", ["model", "epub"])
def test_source_text_is_rebuilt_from_the_manuscript_and_the_register(reading, pamphlet_epub):
    blocks = model_blocks() if reading == "model" else epub_blocks(pamphlet_epub)
    assert restore(blocks) == [squash(line) for line in SOURCE]


def test_every_correction_changes_the_text():
    for entry in REGISTER["correction"]:
        assert entry["source"] != entry["edition"] and entry["reason"].strip()


def register_tables(epub) -> list[etree._Element]:
    doc = next(d for n, d in epub.documents.items() if n.endswith("note-on-the-text.xhtml"))
    tables = doc.findall(".//x:table", NS)
    for table in tables:
        assert [text_of(th) for th in table.findall(".//x:thead//x:th", NS)] == [
            "Where",
            "Source",
            "This edition",
            "Why",
        ]
    return tables


def register_rows(epub) -> list[list[str]]:
    """The rows of every table of the register, in the order shown."""
    return [
        [text_of(td) for td in tr.findall("x:td", NS)]
        for table in register_tables(epub)
        for tr in table.findall(".//x:tbody/x:tr", NS)
    ]


def test_note_on_the_text_in_the_epub_lists_every_entry(pamphlet_epub):
    rows = register_rows(pamphlet_epub)
    assert len(rows) == len(REGISTER["correction"])
    for row, entry in zip(rows, DISPLAYED, strict=True):
        assert row[1:] == [
            squash(entry["source"]),
            squash(entry["edition"]),
            squash(entry["reason"]),
        ]
        assert re.search(r", (¶ \d+|heading)$", row[0]), row[0]


def test_note_on_the_text_says_where_each_correction_stands(pamphlet_epub):
    where = {row[2]: row[0] for row in register_rows(pamphlet_epub)}
    assert where["émigrés"] == "Early years, ¶ 13"
    assert where["The Russian revolutionary Leon Trotsky"] == "Introduction to this reprint, ¶ 1"
    heading = "Challenging the Stalinist bureaucracy"
    assert where[heading] == f"{heading}, heading"
    assert where["Further reading"] == "Further reading, heading"
    assert any(place.startswith("Trotsky’s testament, ¶") for place in where.values())


def pdf_register_columns(pdf) -> dict[str, str]:
    """The text of each column of the register table, read by position on the page."""
    first = next(
        i
        for i in range(len(pdf.pages))
        if any(
            squash(ln.text) == "Note on the text" and ln.size > pdf.text_size
            for ln in pdf.body_lines(i)
        )
    )
    columns: dict[str, list[str]] = {"Where": [], "Source": [], "This edition": [], "Why": []}
    for index in range(first, len(pdf.pages)):
        page = pdf.pdf.pages[index]
        words = page.extract_words(use_text_flow=False, keep_blank_chars=False)
        where = [w for w in words if w["text"] == "Where"]
        if not where:
            continue
        header = [
            w
            for w in words
            if w["text"] in ("Where", "Source", "This", "Why")
            and abs(w["top"] - where[0]["top"]) < 1
        ]
        starts = sorted(w["x0"] for w in header)
        header_bottom = max(w["bottom"] for w in header)
        body = [w for w in words if header_bottom < w["top"] < page.height * 0.9]
        for w in sorted(body, key=lambda w: (round(w["top"]), w["x0"])):
            # A caption, left of the first column, is read with it.
            column = max((i for i, x in enumerate(starts) if w["x0"] >= x - 2), default=0)
            columns[list(columns)[column]].append(w["text"])
    return {name: dehyphenated(" ".join(words)) for name, words in columns.items()}


def dehyphenated(text: str) -> str:
    return squash(re.sub(r"[\u2010-] ", "", text))


def test_note_on_the_text_in_the_pdf_lists_every_entry(pamphlet_pdf):
    columns = pdf_register_columns(pamphlet_pdf)
    for name, field in (("Source", "source"), ("This edition", "edition"), ("Why", "reason")):
        position = 0
        for entry in DISPLAYED:
            wanted = squash(entry[field]).replace("-", "")
            found = columns[name].replace("-", "").find(wanted, position)
            assert found >= 0, (name, entry[field])
            position = found + len(wanted)


def test_editorial_notes_are_the_editors_and_between_20_and_40(pamphlet_epub):
    notes = [
        text_of(aside)
        for _, doc in pamphlet_epub.body_documents()
        for aside in doc.iter("{{{}}}aside".format(NS["x"]))
        if aside.get(EPUB_TYPE) == "footnote"
    ]
    assert 20 <= len(notes) <= 40
    assert all(note.endswith("— Ed.") for note in notes)
    joined = " ".join(notes)
    for term in (
        "Iskra",
        "Zimmerwald",
        "NEP",
        "Thermidor",
        "Kulak",
        "apparatchiks",
        "Left Opposition",
        "third period",
        "Independent Labour Party",
        "Ramón Mercader",
        "20 August 1940",
        "St Petersburg Soviet",
    ):
        assert term in joined, term


def test_the_note_on_the_text_keeps_a_quoted_signature_with_its_dash(pamphlet_epub):
    """Its preamble gets the typography rules' no-break spaces, as the chapters do:
    at A6 the line broke after the dash of “— Ed.”, and “Ed.” began the next."""
    text = next(
        "".join(doc.itertext())
        for name, doc in pamphlet_epub.body_documents()
        if name.endswith("note-on-the-text.xhtml")
    )
    assert "signed “\u2060—\u00a0Ed.”" in text
