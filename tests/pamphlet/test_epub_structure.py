"""Structure of the pamphlet's EPUB: spine, text, block quotations, headings."""

from __future__ import annotations

from conftest import MANUSCRIPT
from helpers import EPUB_TYPE, NS, text_of
from samizdat.manuscript.loader import load_book


def test_spine_runs_front_matter_then_chapters_in_file_order(pamphlet_epub):
    names = [name.rsplit("/", 1)[1] for name in pamphlet_epub.spine]
    chapters = sorted(p.stem + ".xhtml" for p in MANUSCRIPT.glob("*.md"))
    generated = ["note-on-the-text.xhtml"]  # from the register of corrections
    assert names == [
        "cover.xhtml",
        "title-page.xhtml",
        "colophon.xhtml",
        "nav.xhtml",
        *chapters,
        *generated,
    ]


def test_every_document_is_xhtml_with_language_title_and_stylesheets(pamphlet_epub):
    lang = pamphlet_epub.opf.find(".//dc:language", NS).text
    for name, doc in pamphlet_epub.documents.items():
        assert doc.tag == "{{{}}}html".format(NS["x"]), name
        assert (
            doc.get("lang") == lang
            and doc.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        )
        assert text_of(doc.find("x:head/x:title", NS)), name
        links = [link.get("href") for link in doc.findall("x:head/x:link[@rel='stylesheet']", NS)]
        assert links == ["../styles/base.css", "../styles/epub.css"], name
        for href in links:
            assert pamphlet_epub.resolve(name, href) in pamphlet_epub.zip.namelist()


def test_sections_appear_once_and_in_order(pamphlet_epub):
    headings = [
        text_of(h)
        for _, doc in pamphlet_epub.body_documents()
        for h in doc.iter("{{{}}}h1".format(NS["x"]), "{{{}}}h2".format(NS["x"]))
    ]
    assert headings == [
        "Early years",
        "War and revolution",
        "Defeat in victory",
        "Challenging the Stalinist bureaucracy",
        "Appendix",
        "Trotsky’s testament",
        "Further reading",
        "Note on the text",
    ]


def test_no_heading_is_invented_for_the_untitled_opening(pamphlet_epub):
    bodies = dict(pamphlet_epub.body_documents())
    opening = next(doc for name, doc in bodies.items() if name.endswith("01-opening.xhtml"))
    section = opening.find(".//x:section", NS)
    assert section.get("aria-label") == "Trotsky"
    assert not section.xpath(".//x:h1|.//x:h2|.//x:h3", namespaces=NS)
    assert text_of(section.find("x:p", NS)).startswith("In May 1940 Leon Trotsky wrote an article")


def test_block_quotations(pamphlet_epub):
    quotes = [
        text_of(q)
        for _, doc in pamphlet_epub.body_documents()
        for q in doc.iter("{{{}}}blockquote".format(NS["x"]))
    ]
    starts = [
        "Stalinism had first to exterminate politically",  # Trotsky's verdict
        "The opportunists who before the world war",  # the 1919 manifesto
        "It was clear to us that without aid",  # Lenin at the Third Congress
        "Comrade Trotsky talks about the “workers’ state.”",  # Lenin in 1920
    ]
    assert len(quotes) == len(starts)
    for quote, start in zip(quotes, starts, strict=True):
        assert quote.startswith(start)
    third_congress = next(
        q
        for _, d in pamphlet_epub.body_documents()
        for q in d.iter("{{{}}}blockquote".format(NS["x"]))
        if text_of(q).startswith("It was clear")
    )
    assert len(third_congress.findall("x:p", NS)) == 2


def test_heading_hierarchy_never_skips_a_level(pamphlet_epub, notes_epub):
    for epub in (pamphlet_epub, notes_epub):
        for name, doc in epub.body_documents():
            levels = [
                int(h.tag[-1])
                for h in doc.iter()
                if isinstance(h.tag, str) and h.tag[-2:-1] == "h" and h.tag[-1].isdigit()
            ]
            previous = 0
            for level in levels:
                assert level <= previous + 1 or previous == 0 and level == 1, (name, levels)
                previous = level


def test_sections_carry_structural_semantics(pamphlet_epub):
    types = []
    for _, doc in pamphlet_epub.body_documents():
        section = doc.find(".//x:section", NS)
        types.append((section.get(EPUB_TYPE), section.get("role")))
    assert types[0] == ("foreword", "doc-foreword")
    assert types[1:6] == [("chapter", "doc-chapter")] * 5
    assert types[6] == ("appendix", "doc-appendix")
    assert types[7] == ("bibliography", "doc-bibliography")
    assert types[8][0] == "backmatter"


def test_dateline_and_further_reading_list(pamphlet_epub):
    bodies = [doc for _, doc in pamphlet_epub.body_documents()]
    datelines = [
        p
        for doc in bodies
        for p in doc.iter("{{{}}}p".format(NS["x"]))
        if p.get("class") == "dateline"
    ]
    assert [text_of(p) for p in datelines] == ["27 February 1940, Coyoacan"]
    items = bodies[-2].findall(".//x:ul/x:li", NS)
    assert len(items) == 5
    assert items[1].find("x:em", NS).text == "My Life"


def test_typography_curly_quotes_and_no_break_spaces(pamphlet_epub):
    text = " ".join("".join(doc.itertext()) for _, doc in pamphlet_epub.body_documents())
    assert '"' not in text and "'" not in text
    assert "20\u00a0August" in text  # day and month kept together
    assert "J.V.\u00a0Stalin" in text


def test_book_model_reads_the_whole_manuscript():
    book = load_book(MANUSCRIPT)
    assert [s.title for s in book.sections][:2] == ["Introduction to this reprint", "Trotsky"]
    assert book.metadata.slug == "trotsky"
