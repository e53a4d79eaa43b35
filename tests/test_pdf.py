"""The print PDF: page size, fonts, contents numbers, notes, outline, text."""

from __future__ import annotations

import re

import pytest
from helpers import squash
from pypdf import PdfReader

from samizdat.manuscript.loader import load_book
from samizdat.trims import trim

from conftest import MANUSCRIPT

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


@pytest.mark.parametrize("book", ["pamphlet_pdf", "notes_pdf"])
def test_every_font_is_embedded_and_none_is_a_fallback(book, request):
    fonts = fonts_of(request.getfixturevalue(book).path)
    assert fonts
    for name, embedded in fonts.items():
        assert embedded, name
        assert re.fullmatch(r"/[A-Z]{6}\+EB-Garamond(-[A-Za-z]+)*", name), name


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
    for (title, number), (section, heading) in zip(entries, model.contents(), strict=True):
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


def note_numbers_by_page(pdf) -> list[tuple[set[int], set[int]]]:
    """For each page: the numbers of the calls in the text, and of the notes at its foot."""
    result = []
    for page in pdf.pdf.pages:
        chars = page.chars
        body = [c for c in chars if page.height * 0.075 < c["top"] < page.height * 0.9]
        if not body:
            result.append((set(), set()))
            continue
        text_size = max(set(round(c["size"], 1) for c in body), key=lambda s: sum(1 for c in body if round(c["size"], 1) == s))
        calls, notes = set(), set()
        # calls: raised small digits inside the text block
        lines = pdf.lines(page)
        note_lines = [ln for ln in lines if page.height * 0.075 < ln.top < page.height * 0.9 and ln.size < text_size - 0.5 and re.match(r"\d+\.\s", ln.text)]
        for ln in note_lines:
            notes.add(int(ln.text.split(".")[0]))
        first_note_top = min((ln.top for ln in note_lines), default=page.height)
        digits = [c for c in body if c["text"].isdigit() and c["size"] < text_size * 0.8 and c["top"] < first_note_top - 1]
        digits.sort(key=lambda c: (round(c["top"]), c["x0"]))
        run = ""
        last = None
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


def test_every_footnote_is_on_the_page_of_its_call(notes_pdf):
    pages = note_numbers_by_page(notes_pdf)
    all_notes = set().union(*(notes for _, notes in pages))
    assert all_notes == set(range(1, 11))
    for index, (calls, notes) in enumerate(pages):
        assert calls == notes, f"page {index + 1}: calls {calls}, notes {notes}"


def test_notes_keep_their_marker_words_on_the_page_of_the_call(notes_pdf):
    for n in range(1, 6):
        call_pages = [i for i in range(len(notes_pdf.pages)) if f"zeta{n}call" in notes_pdf.words(i)]
        note_pages = [i for i in range(len(notes_pdf.pages)) if f"zeta{n}note" in notes_pdf.words(i)]
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
    assert info.subject.strip() == squash(book["description"])
    assert "Trotsky, Leon" in info.get("/Keywords", "")
    assert info.creator.startswith("samizdat")
    assert reader.trailer["/Root"].get("/Lang") == book["language"]


@pytest.mark.parametrize("book", ["pamphlet", "notes"])
def test_every_paragraph_of_the_manuscript_is_in_the_pdf(book, request):
    pdf = request.getfixturevalue(f"{book}_pdf")
    epub = request.getfixturevalue(f"{book}_epub")
    flow = pdf.flow_text.replace("-", "")
    missing = [b for b in epub.blocks(calls=False) if b.replace("-", "") not in flow]
    assert missing == []
