"""A second manuscript with what books contain and the pamphlet lacks."""

from __future__ import annotations

from helpers import EPUB_TYPE, NS, text_of


def doc_named(epub, stem):
    return next(d for n, d in epub.documents.items() if n.endswith(f"{stem}.xhtml"))


def test_image_with_alt_text_and_caption(general_epub):
    doc = doc_named(general_epub, "01-pictures")
    figure = doc.find(".//x:figure", NS)
    img = figure.find("x:img", NS)
    assert img.get("alt").startswith("A hand press drawn")
    assert text_of(figure.find("x:figcaption", NS)) == "The hand press, in outline."
    name = general_epub.resolve(
        general_epub.spine[0].rsplit("/", 1)[0] + "/x.xhtml", img.get("src")
    )
    assert name in general_epub.zip.namelist()
    media = {i.get("href"): i.get("media-type") for i in general_epub.manifest.values()}
    assert media["images/press.png"] == "image/png"


def test_table_nested_lists_and_third_level_heading(general_epub):
    doc = doc_named(general_epub, "01-pictures")
    rows = doc.findall(".//x:table//x:tr", NS)
    assert [text_of(c) for c in rows[0]] == ["Item", "Copies", "Cost"] and len(rows) == 4
    nested = doc.findall(".//x:ol/x:li/x:ul/x:li", NS) + doc.findall(".//x:ol/x:li/x:ol/x:li", NS)
    assert len(nested) == 4
    assert text_of(doc.find(".//x:h3", NS)) == "A small point"


def test_verse_keeps_its_line_breaks(general_epub):
    doc = doc_named(general_epub, "02-verse-and-code")
    verse = doc.find(".//x:div[@class='verse']", NS)
    assert len(verse.findall(".//x:br", NS)) == 3


def test_code_block(general_epub):
    doc = doc_named(general_epub, "02-verse-and-code")
    code = doc.find(".//x:pre/x:code", NS)
    assert "def copies(pages, sheets):" in "".join(code.itertext())


def test_notes_in_quotation_and_with_two_paragraphs(general_epub):
    doc = doc_named(general_epub, "02-verse-and-code")
    quoted = doc.find(".//x:blockquote//x:a[@epub:type='noteref']", NS)
    assert quoted is not None
    long = [a for a in doc.iter("{{{}}}aside".format(NS["x"])) if "long note" in text_of(a)][0]
    assert len(long.findall("x:p", NS)) == 2


def test_raw_html_is_kept_and_unknown_elements_unwrapped(general_epub):
    doc = doc_named(general_epub, "02-verse-and-code")
    assert doc.find(".//x:div[@class='boxed']/x:p/x:abbr", NS) is not None
    text = " ".join(doc.itertext())
    assert "An unknown element is unwrapped; its text stays." in " ".join(text.split())
    assert not [el for el in doc.iter() if isinstance(el.tag, str) and "custom-widget" in el.tag]


def test_internal_and_external_links(general_epub):
    name = next(n for n in general_epub.documents if n.endswith("02-verse-and-code.xhtml"))
    doc = general_epub.documents[name]
    anchors = doc.iter("{{{}}}a".format(NS["x"]))
    links = {text_of(a): a.get("href") for a in anchors if a.get("href")}
    internal = general_epub.target(name, links["first chapter"])
    assert internal is not None and text_of(internal) == "Pictures and tables"
    assert links["EPUB specification"] == "https://www.w3.org/TR/epub-33/"


def test_dedication(general_epub):
    doc = doc_named(general_epub, "00-dedication")
    section = doc.find(".//x:section", NS)
    assert section.get(EPUB_TYPE) == "dedication" and section.get("role") == "doc-dedication"
    assert "duplicator" in text_of(section)
