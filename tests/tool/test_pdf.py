"""The print PDF: page size, fonts, contents numbers, notes, outline, text."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from conftest import MANUSCRIPT
from helpers import squash
from samizdat.manuscript.loader import load_book
from samizdat.manuscript.typography import smarten
from samizdat.trims import trim

MM = 72 / 25.4


def test_page_size_is_a5(pamphlet_pdf):
    a5 = trim("a5")
    for page in PdfReader(pamphlet_pdf.path).pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width == pytest.approx(a5.width * MM, abs=0.5)
        assert height == pytest.approx(a5.height * MM, abs=0.5)


def fonts_of(path):
    fonts = {}
    for page in PdfReader(path).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor_font = descendants[0].get_object() if descendants else font
            descriptor = descriptor_font.get("/FontDescriptor").get_object()
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


@pytest.mark.parametrize("book", ["pamphlet_pdf", "notes_pdf", "general_pdf"])
def test_every_font_is_embedded_and_none_is_a_fallback(book, request):
    fonts = fonts_of(request.getfixturevalue(book).path)
    assert fonts
    for name, embedded in fonts.items():
        assert embedded, name
        assert re.fullmatch(r"/[A-Z]{6}\+(EB-Garamond|Source-Code-Pro)(-[A-Za-z]+)*", name), name


def contents_entries(pdf) -> list[tuple[str, int]]:
    """(title, printed page number) read from the contents page."""
    index = next(i for i in range(len(pdf.pages)) if pdf.text(i).startswith("Contents"))
    entries = []
    for line in pdf.body_lines(index)[1:]:
        match = re.fullmatch(r"(.+?)[ .]*\s(\d+)", line.text.replace("\u00a0", " "))
        assert match, line.text
        entries.append((squash(match.group(1)).rstrip(" ."), int(match.group(2))))
    return entries, index


@pytest.mark.parametrize("book,manuscript", [("pamphlet_pdf", MANUSCRIPT), ("notes_pdf", None)])
def test_contents_numbers_are_the_folios_of_their_headings(book, manuscript, request):
    from conftest import FIXTURES

    pdf = request.getfixturevalue(book)
    model = load_book(manuscript or FIXTURES / "notes-book")
    entries, contents_page = contents_entries(pdf)
    assert [title for title, _ in entries] == [h.text for _, h in model.contents()]
    for (title, number), (section, _heading) in zip(entries, model.contents(), strict=True):
        if section.untitled:
            words = squash(re.sub(r"<[^>]+>", "", section.content)).split()[:6]
            wanted = " ".join(words)
            pages = [i for i in range(contents_page + 1, len(pdf.pages)) if wanted in pdf.text(i)]
        else:
            pages = [
                i
                for i in range(contents_page + 1, len(pdf.pages))
                if any(squash(ln.text) == title and ln.size > 11 for ln in pdf.body_lines(i))
            ]
        assert pages, title
        assert pdf.folio(pages[0]) == str(number), (title, number, pages[0])


def note_texts(epub) -> dict[int, str]:
    """Each note's text without its number, from the EPUB."""
    from helpers import EPUB_TYPE, NS, text_of

    texts = {}
    for _, doc in epub.body_documents():
        for aside in doc.iter("{{{}}}aside".format(NS["x"])):
            if aside.get(EPUB_TYPE) == "footnote":
                number, _, text = text_of(aside).partition(" ")
                texts[int(number)] = text
    return texts


def note_numbers_by_page(pdf, texts: dict[int, str]) -> list[tuple[set[int], set[int]]]:
    """For each page: the numbers of the calls in its text, and of the notes at its foot.

    A note is recognised by its number followed by the start of its own text;
    a call is a run of raised small digits above the first note.
    """
    size = pdf.text_size
    result = []
    for page in pdf.pdf.pages:
        top, bottom = page.height * 0.075, page.height * 0.9
        notes, note_tops = set(), []
        for line in pdf.lines(page):
            match = re.match(r"(\d+)\.\s+(.{1,20})", line.text)
            if match and top < line.top < bottom and line.size < size - 0.5:
                number = int(match.group(1))
                if squash(texts.get(number, "")).startswith(squash(match.group(2))):
                    notes.add(number)
                    note_tops.append(line.top)
        first_note = min(note_tops, default=bottom)
        digits = [
            c
            for c in page.chars
            if c["text"].isdigit() and c["size"] < size * 0.75 and top < c["top"] < first_note - 1
        ]
        digits.sort(key=lambda c: (round(c["top"]), c["x0"]))
        calls, run, last = set(), "", None
        for c in digits:
            if last and abs(c["top"] - last["top"]) < 1 and c["x0"] - last["x1"] < 1:
                run += c["text"]
            else:
                if run:
                    calls.add(int(run))
                run = c["text"]
            last = c
        if run:
            calls.add(int(run))
        result.append((calls, notes))
    return result


@pytest.mark.parametrize("book", ["pamphlet", "notes"])
def test_every_footnote_is_on_the_page_of_its_call(book, request):
    pdf = request.getfixturevalue(f"{book}_pdf")
    texts = note_texts(request.getfixturevalue(f"{book}_epub"))
    pages = note_numbers_by_page(pdf, texts)
    found = set().union(*(notes for _, notes in pages))
    assert found == set(texts), "every note is set in the PDF"
    for index, (calls, notes) in enumerate(pages):
        assert calls == notes, f"page {index + 1}: calls {sorted(calls)}, notes {sorted(notes)}"


def test_notes_keep_their_marker_words_on_the_page_of_the_call(notes_pdf):
    for n in ("one", "two", "three", "four", "five"):
        call_pages = [
            i for i in range(len(notes_pdf.pages)) if f"zeta{n}call" in notes_pdf.words(i)
        ]
        note_pages = [
            i for i in range(len(notes_pdf.pages)) if f"zeta{n}note" in notes_pdf.words(i)
        ]
        assert call_pages == note_pages and len(call_pages) == 1


@pytest.mark.parametrize("book,manuscript", [("pamphlet_pdf", MANUSCRIPT), ("notes_pdf", None)])
def test_outline_lists_every_section(book, manuscript, request):
    from conftest import FIXTURES

    pdf = request.getfixturevalue(book)
    model = load_book(manuscript or FIXTURES / "notes-book")
    reader = PdfReader(pdf.path)

    def titles(outline):
        for item in outline:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield squash(item.title)

    found = list(titles(reader.outline))
    for _, heading in model.contents():
        assert heading.text in found


def test_document_metadata(pamphlet_pdf):
    import tomllib

    book = tomllib.loads((MANUSCRIPT / "book.toml").read_text())
    reader = PdfReader(pamphlet_pdf.path)
    info = reader.metadata
    assert info.title == book["title"]
    assert info.author == book["author"]
    assert info.subject.strip() == squash(smarten(book["description"]))
    assert "Trotsky, Leon" in info.get("/Keywords", "")
    assert info.creator.startswith("samizdat")
    assert reader.trailer["/Root"].get("/Lang") == book["language"]


@pytest.mark.parametrize("book", ["pamphlet", "notes", "general"])
def test_every_paragraph_of_the_manuscript_is_in_the_pdf(book, request):
    pdf = request.getfixturevalue(f"{book}_pdf")
    epub = request.getfixturevalue(f"{book}_epub")

    def bare(text: str) -> str:  # line breaks may add or drop spaces and hyphens
        return re.sub(r"[\s\-\u2010]", "", text)

    flow = bare(pdf.flow_text)
    missing = [b for b in epub.blocks(calls=False) if bare(b) not in flow]
    assert missing == []
