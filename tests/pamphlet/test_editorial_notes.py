"""The editorial notes and the register to a scholarly standard: signed notes, one
date for one event, one transliteration, and the two kinds of correction shown apart."""

from __future__ import annotations

import calendar
import re
import tomllib
from dataclasses import dataclass
from functools import cache

import pytest
from lxml import etree

from conftest import MANUSCRIPT
from helpers import EPUB_TYPE, NS, squash, text_of
from samizdat.errors import SamizdatError
from samizdat.manuscript.loader import load_book
from samizdat.manuscript.register import DEFAULT_KIND, KINDS, load_corrections

SIGNATURE = "— Ed."
REGISTER = tomllib.loads((MANUSCRIPT / "corrections.toml").read_text(encoding="utf-8"))


@cache
def model_notes() -> tuple[str, ...]:
    """The text of every note of the Book, as loaded from the manuscript."""
    book = load_book(MANUSCRIPT)
    return tuple(
        squash("".join(etree.fromstring(f"<div>{n.content}</div>".encode()).itertext()))
        for n in book.notes
    )


def epub_notes(epub) -> list[str]:
    """The text of every footnote of the EPUB, without its number."""
    notes = []
    for _, doc in epub.body_documents():
        for aside in doc.iter("{{{}}}aside".format(NS["x"])):
            if aside.get(EPUB_TYPE) == "footnote":
                number = aside.find(".//x:a[@class='note-number']", NS)
                notes.append(text_of(aside).removeprefix(text_of(number)).strip())
    return notes


# --- The signature --------------------------------------------------------


def test_every_note_of_the_book_is_signed():
    notes = model_notes()
    assert notes
    for note in notes:
        assert note.endswith(SIGNATURE), note
        assert note.count(SIGNATURE) == 1, note


def test_every_footnote_of_the_epub_is_signed(pamphlet_epub):
    notes = epub_notes(pamphlet_epub)
    assert notes == list(model_notes())
    assert all(note.endswith(SIGNATURE) for note in notes)


# --- One date for one event -----------------------------------------------

MONTHS = list(calendar.month_name)[1:]  # English: Python sets no LC_TIME locale
DATE = re.compile(r"\b(?:(\d{1,2}) )?(" + "|".join(MONTHS) + r")(?: (\d{4}))?\b")


@dataclass(frozen=True)
class Event:
    """An event the notes date, and the dates that are right for it.

    A note mentions the event where `mention` matches (in a clause that also
    matches `about`, if given); the date it gives is the first one after the
    mention in that clause. Each right date is (year, month, day), None where
    any will do; two are given where Russia's old calendar differs from ours.
    """

    name: str
    mention: str
    dates: tuple[tuple[int, int, int | None], ...]
    about: str | None = None


EVENTS = (
    Event("Trotsky’s birth", r"\b[Bb]orn\b", ((1879, 10, 26), (1879, 11, 7)), r"Bronstein"),
    Event("the attack on Trotsky", r"struck down|struck him", ((1940, 8, 20),), r"Trotsky"),
    Event("Trotsky’s death", r"\bdied\b", ((1940, 8, 21),), r"Trotsky"),
    Event("the raid on Trotsky’s house", r"\braid\b", ((1940, 5, 24),)),
    Event("Stalin Seeks My Death", r"Stalin Seeks My Death", ((1940, 6, 8),)),
    Event(
        "Trotsky’s expulsion from the Central Committee",
        r"from the Central Committee",
        ((1927, 10, 23),),
    ),
    Event("Trotsky’s expulsion from the party", r"from the party\b", ((1927, 11, 14),)),
    Event("Trotsky’s exile to Alma-Ata", r"Alma-Ata", ((1928, 1, None),)),
    Event(
        "Trotsky’s deportation", r"(?:deported|expelled) from the Soviet Union", ((1929, 2, None),)
    ),
    Event("the first Moscow trial", r"first Moscow trial|after the first\b", ((1936, 8, None),)),
    Event("the second Moscow trial", r"second Moscow trial|after the second\b", ((1937, 1, None),)),
    Event("the third Moscow trial", r"third Moscow trial|after the third\b", ((1938, 3, None),)),
    Event("Kamenev and Stalin’s return", r"reached Petrograd", ((1917, 3, 12), (1917, 3, 25))),
    Event(
        "the February revolution", r"February [Rr]evolution began", ((1917, 2, 23), (1917, 3, 8))
    ),
    Event("the October insurrection", r"October insurrection", ((1917, 10, 25), (1917, 11, 7))),
    Event("the Kronstadt rising", r"Kronstadt", ((1921, 3, None),)),
    Event(
        "the founding of the Comintern",
        r"\bfounded\b|founding congress",
        ((1919, 3, None),),
        r"Communist International|Comintern",
    ),
    Event("the founding conference of the Fourth International", r"Périgny", ((1938, 9, 3),)),
)


def clauses(note: str) -> list[str]:
    """A note's sentences, and the parts of a sentence that a semicolon divides."""
    return [c for c in re.split(r"(?<=[.;])\s+", note) if c]


def first_date(text: str) -> tuple[int | None, int, int | None] | None:
    """(year, month, day) of the first date in the text with a day or a year."""
    for match in DATE.finditer(text):
        day, month, year = match.groups()
        if day or year:
            return (
                int(year) if year else None,
                MONTHS.index(month) + 1,
                int(day) if day else None,
            )
    return None


def agrees(given: tuple[int | None, int, int | None], right: tuple) -> bool:
    return all(g is None or r is None or g == r for g, r in zip(given, right, strict=True))


def dated_events(notes) -> tuple[list[str], set[str]]:
    """The conflicts (note, event, date given) and the names of the events found dated."""
    conflicts, found = [], set()
    for note in notes:
        for clause in clauses(note):
            for event in EVENTS:
                if event.about and not re.search(event.about, clause):
                    continue
                for mention in re.finditer(event.mention, clause):
                    given = first_date(clause[mention.end() :])
                    if given is None:
                        continue
                    found.add(event.name)
                    if not any(agrees(given, right) for right in event.dates):
                        conflicts.append(f"{event.name}: {given} in {note!r}")
    return conflicts, found


def test_no_two_notes_date_the_same_event_differently():
    conflicts, _ = dated_events(model_notes())
    assert conflicts == []


def test_the_table_of_events_is_used():
    """Each event of the table is dated by some note: the check above is not empty."""
    _, found = dated_events(model_notes())
    assert found == {event.name for event in EVENTS}


@pytest.mark.parametrize(
    "note",
    [
        "They were expelled from the party in October 1927. — Ed.",
        "Trotsky was struck down on 21 August 1940. — Ed.",
        "Born Lev Davidovich Bronstein on 8 November 1879. — Ed.",
        "Zinoviev was shot after the first Moscow trial (January 1937). — Ed.",
        "Trotsky wrote it after the raid of 24 June 1940. — Ed.",
        "Hallas’s date is May 1940; Stalin Seeks My Death is dated 24 May 1940. — Ed.",
    ],
)
def test_a_note_that_dates_an_event_otherwise_is_caught(note):
    conflicts, _ = dated_events([*model_notes(), note])
    assert len(conflicts) == 1 and note in conflicts[0]


def test_the_calendar_gap_is_twelve_days_in_the_nineteenth_century_and_thirteen_in_the_twentieth():
    for note in model_notes():
        for clause in clauses(note):
            gaps = re.findall(r"\b(twelve|thirteen) days\b", clause)
            if "twelve days" in clause:
                assert re.search(r"18\d\d|nineteenth", clause), clause
            if "thirteen days" in clause:
                assert re.search(r"19\d\d|twentieth", clause), clause
            assert len(gaps) <= 1, clause


# --- One transliteration --------------------------------------------------

# Variant spellings of Russian names, with the form this edition uses.
TRANSLITERATION = {
    "Georgi ": "Georgy ",
    "Grigori ": "Grigory ",
    "Alexei": "Aleksei",
    "Nikolayev": "Nikolaev",
    "Pyatakov": "Piatakov",
    "Zinovyev": "Zinoviev",
    "Trotski ": "Trotsky ",
}


def test_russian_names_have_one_transliteration():
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(MANUSCRIPT.glob("*.md")))
    for variant, form in TRANSLITERATION.items():
        assert variant not in text, f"{variant.strip()!r}: this edition writes {form.strip()!r}"


# --- The two kinds of correction ------------------------------------------


def entries(kind: str) -> list[dict]:
    return [e for e in REGISTER["correction"] if e.get("kind", DEFAULT_KIND) == kind]


def test_the_register_has_faults_and_normalisations():
    assert {e.get("kind", DEFAULT_KIND) for e in REGISTER["correction"]} == set(KINDS)
    for kind in KINDS:
        assert entries(kind), kind


def test_the_epub_shows_the_two_kinds_apart(pamphlet_epub):
    doc = next(
        d for n, d in pamphlet_epub.documents.items() if n.endswith("note-on-the-text.xhtml")
    )
    tables = doc.findall(".//x:table", NS)
    assert [t.get("id") for t in tables] == [f"register-{kind}" for kind in KINDS]
    for table, kind in zip(tables, KINDS, strict=True):
        assert text_of(table.find("x:caption", NS)) == KINDS[kind]
        rows = [
            [text_of(td) for td in tr.findall("x:td", NS)]
            for tr in table.findall(".//x:tbody/x:tr", NS)
        ]
        assert [row[1:3] for row in rows] == [
            [squash(e["source"]), squash(e["edition"])] for e in entries(kind)
        ]
    preamble = " ".join(text_of(p) for p in doc.findall(".//x:section/x:p", NS))
    assert "web reprint" in preamble and "normalisations" in preamble


def test_the_pdf_shows_the_two_kinds_apart(pamphlet_pdf):
    pdf = pamphlet_pdf
    first = next(
        i
        for i in range(len(pdf.pages))
        if any(
            squash(ln.text) == "Note on the text" and ln.size > pdf.text_size
            for ln in pdf.body_lines(i)
        )
    )
    lines = [squash(ln.text) for i in range(first, len(pdf.pages)) for ln in pdf.body_lines(i)]
    captions = [ln for ln in lines if ln in KINDS.values()]
    assert captions == list(KINDS.values())
    for caption in KINDS.values():
        after = lines[lines.index(caption) + 1]
        assert after.startswith("Where Source This edition Why"), after


def test_an_unknown_kind_is_one_line_naming_the_file_and_the_entry(tmp_path):
    (tmp_path / "corrections.toml").write_text(
        '[[correction]]\nline = 1\nsource = "a"\nedition = "b"\nreason = "c"\n\n'
        '[[correction]]\nline = 2\nsource = "a"\nedition = "b"\nreason = "c"\n'
        'kind = "typo"\n',
        encoding="utf-8",
    )
    with pytest.raises(SamizdatError) as raised:
        load_corrections(tmp_path)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"{tmp_path / 'corrections.toml'}:7: ")
    assert "'typo'" in message and "normalisation" in message


def test_the_rights_and_the_note_on_the_text_agree():
    """The metadata says the text comes from a web reprint, as the note on the text does."""
    book = tomllib.loads((MANUSCRIPT / "book.toml").read_text(encoding="utf-8"))
    assert "web reprint" in book["rights"]
    assert "as it was published" not in book["rights"]
    assert "author’s own usage" not in REGISTER["preamble"]
