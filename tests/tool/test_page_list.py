"""The print edition's page numbers inside the EPUB, and the tagged reading PDF."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from helpers import EPUB_TYPE, NS, squash

XHTML = "{{{}}}".format(NS["x"])


def reading_stream(epub) -> tuple[str, dict[str, int]]:
    """The EPUB's text in reading order, and where each page marker stands in it."""
    text, markers = [], {}
    length = 0

    def add(piece: str) -> None:
        nonlocal length
        text.append(piece)
        length += len(piece)

    def walk(node) -> None:
        if not isinstance(node.tag, str):
            return
        if node.tag == XHTML + "aside" or node.get("hidden") is not None:
            return  # notes sit at the foot of the printed page, not in its first words
        if node.get(EPUB_TYPE) == "pagebreak":
            markers[node.get("aria-label")] = length
        add(" " if node.tag in (XHTML + "p", XHTML + "li", XHTML + "h1", XHTML + "h2") else "")
        add(node.text or "")
        for child in node:
            walk(child)
            add(child.tail or "")

    for name in epub.spine:
        walk(epub.documents[name].find(XHTML + "body"))
        add(" ")
    return "".join(text), markers


def first_words(pdf, index: int, count: int = 4, skip: tuple[str, ...] = ()) -> str:
    """The first words of a printed page's own text: its first line, up to a column gap.

    Running heads and folios are left out, so are the contents' leaders and page numbers.
    """
    page = pdf.pdf.pages[index]
    words = [
        w
        for w in page.extract_words()
        if page.height * 0.075 < w["top"] < page.height * 0.9 and re.search(r"[^\W\d_]", w["text"])
    ]
    if not words:
        return ""
    words.sort(key=lambda w: (round(w["top"]), w["x0"]))
    line = [w for w in words if abs(w["top"] - words[0]["top"]) < 2]
    if bare(" ".join(w["text"] for w in line)) in skip:  # a table header, repeated
        words = [w for w in words if w["top"] > line[0]["top"] + 2]
        if not words:
            return ""
        line = [w for w in words if abs(w["top"] - words[0]["top"]) < 2]
    kept = [line[0]]
    for word in line[1:]:
        if word["x0"] - kept[-1]["x1"] > 12:
            break  # the next column of a table
        kept.append(word)
    if len(kept) < count:  # a short first line: go on with the next lines
        rest = [w for w in words if w["top"] > line[0]["top"] + 2]
        kept += rest[: count - len(kept)] if len(kept) == len(line) else []
    return " ".join(w["text"] for w in kept[:count])


def bare(text: str) -> str:
    """Letters only: the contents' page numbers and leaders are not in the EPUB."""
    return re.sub(r"[\W\d_]", "", squash(text)).lower()


def table_headers(epub) -> list[str]:
    rows = [
        " ".join("".join(th.itertext()) for th in row.iter(XHTML + "th"))
        for doc in epub.documents.values()
        for row in doc.iter(XHTML + "tr")
        if row.find(XHTML + "th") is not None
    ]
    return [bare(r) for r in rows]


@pytest.mark.parametrize("book", ["pamphlet", "notes", "general"])
def test_every_page_begins_after_its_marker(book, request):
    epub = request.getfixturevalue(f"{book}_epub")
    pdf = request.getfixturevalue(f"{book}_pdf")
    stream, markers = reading_stream(epub)
    flat = bare(stream)
    # positions in the bare stream
    positions = {label: len(bare(stream[:at])) for label, at in markers.items()}
    headers = table_headers(epub)
    # the book's title set where an untitled text begins: print only, like a repeated header
    title = epub.opf.find(".//{http://purl.org/dc/elements/1.1/}title")
    headers.append(bare(title.text))
    checked = 0
    for index in range(len(pdf.pages)):
        words = first_words(pdf, index, skip=tuple(headers))
        if not words:
            continue  # a blank page
        label = str(index + 1)
        assert label in markers, f"no marker for page {label}"
        after = flat[positions[label] : positions[label] + len(bare(words)) + 40]
        found = after.find(bare(words))
        assert 0 <= found <= 25, f"page {label} begins '{words}', the EPUB has '{after[:60]}'"
        checked += 1
    assert checked >= len(pdf.pages) * 0.8


@pytest.mark.parametrize("book", ["pamphlet", "general"])
def test_page_list_lists_every_page_that_carries_text(book, request):
    epub = request.getfixturevalue(f"{book}_epub")
    pdf = request.getfixturevalue(f"{book}_pdf")
    nav = epub.documents[epub.nav_path].find(".//x:nav[@epub:type='page-list']", NS)
    assert nav.get("role") == "doc-pagelist"
    listed = [a.text for a in nav.iter(XHTML + "a")]
    with_text = [str(i + 1) for i in range(len(pdf.pages)) if first_words(pdf, i)]
    assert listed == with_text
    for a in nav.iter(XHTML + "a"):
        target = epub.target(epub.nav_path, a.get("href"))
        assert target is not None and target.get(EPUB_TYPE) == "pagebreak"
        assert target.get("role") == "doc-pagebreak" and target.get("aria-label") == a.text


def test_the_metadata_names_the_print_edition(pamphlet_epub):
    opf = pamphlet_epub.opf
    source = opf.find(".//dc:source", NS).text
    assert source.startswith("urn:uuid:")
    page_source = opf.find(".//opf:meta[@property='pageBreakSource']", NS).text
    assert page_source == source
    features = {
        m.text for m in opf.findall(".//opf:meta[@property='schema:accessibilityFeature']", NS)
    }
    assert {"pageBreakMarkers", "pageNavigation"} <= features


def test_the_reading_pdf_is_tagged(pamphlet_pdf):
    reader = PdfReader(pamphlet_pdf.path)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])


def test_accessibility_statement_in_both_colophons(pamphlet_epub, pamphlet_pdf):
    colophon = next(d for n, d in pamphlet_epub.documents.items() if n.endswith("colophon.xhtml"))
    assert "Accessibility:" in " ".join(colophon.itertext())
    assert "Accessibility:" in pamphlet_pdf.words(1)


def test_pdf_text_reads_notes_after_the_running_text(pamphlet_pdf, pamphlet_epub):
    """In the order a text extractor or a screen reader meets it: never a note mid-sentence."""
    from test_pdf import note_numbers_by_page, note_texts

    texts = note_texts(pamphlet_epub)
    reader = PdfReader(pamphlet_pdf.path)
    pages = note_numbers_by_page(pamphlet_pdf, texts)
    checked = 0
    for index, (_, notes) in enumerate(pages):
        if not notes:
            continue
        stream = bare(reader.pages[index].extract_text())
        size = pamphlet_pdf.text_size - 0.5
        body = [ln for ln in pamphlet_pdf.body_lines(index) if ln.size >= size]
        last_line = bare(body[-1].text)[:20]
        end_of_text = stream.find(last_line)
        assert end_of_text >= 0
        for number in notes:
            start = stream.find(bare(texts[number])[:20])
            assert start > end_of_text, f"page {index + 1}: note {number} inside the text"
            checked += 1
    assert checked == len(texts)


def test_a_marker_past_the_last_word_stays_where_text_may_stand():
    """The printed contents has more words than the EPUB's (leaders, page numbers): a
    page that begins past the nav's last word is marked inside its last entry, not as
    a child of the nav, where EPUBCheck refuses it (RSC-005)."""
    from lxml import etree

    from samizdat.writers.page_markers import marker, place_at_word

    nav = etree.fromstring(
        "<nav><h1>Contents</h1><ol><li><a href='a'>One</a></li><li><a href='b'>Two two</a>"
        "</li></ol></nav>"
    )
    place_at_word(nav, 99, marker("4"), set())
    (span,) = nav.iter("{*}span")
    assert span.getparent().tag == "a" and span.getparent().text == "Two two"
