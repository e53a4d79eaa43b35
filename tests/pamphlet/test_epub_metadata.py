"""Package metadata, cover and landmarks of the pamphlet's EPUB."""

from __future__ import annotations

from conftest import MANUSCRIPT
from helpers import NS
from samizdat.manuscript.typography import smarten


def meta(epub, prop: str) -> list[str]:
    return [m.text for m in epub.opf.findall(f".//opf:meta[@property='{prop}']", NS)]


def test_dublin_core_metadata(pamphlet_epub):
    import tomllib

    book = tomllib.loads((MANUSCRIPT / "book.toml").read_text())
    opf = pamphlet_epub.opf
    assert opf.find(".//dc:title", NS).text == book["title"]
    creator = opf.find(".//dc:creator", NS)
    assert creator.text == book["author"]
    file_as = opf.findall(f".//opf:meta[@refines='#{creator.get('id')}'][@property='file-as']", NS)
    assert [m.text for m in file_as] == [book["author_file_as"]]
    assert opf.find(".//dc:language", NS).text == book["language"]
    unique = opf.get("unique-identifier")
    assert opf.find(f".//dc:identifier[@id='{unique}']", NS).text == book["identifier"]
    for field in ("publisher", "date", "description", "rights"):
        # Metadata text gets the typography of the text: curly apostrophes and quotes.
        assert opf.find(f".//dc:{field}", NS).text.strip() == smarten(book[field]).strip()
    assert [s.text for s in opf.findall(".//dc:subject", NS)] == book["subjects"]
    assert len(meta(pamphlet_epub, "dcterms:modified")) == 1


def test_accessibility_metadata(pamphlet_epub):
    for prop in (
        "schema:accessMode",
        "schema:accessModeSufficient",
        "schema:accessibilityFeature",
        "schema:accessibilityHazard",
        "schema:accessibilitySummary",
        "dcterms:conformsTo",
    ):
        assert meta(pamphlet_epub, prop), prop


def test_cover_image_is_large_enough_and_declared(pamphlet_epub):
    from io import BytesIO

    from PIL import Image

    cover = pamphlet_epub.item_with_property("cover-image")
    image = Image.open(BytesIO(pamphlet_epub.zip.read(cover)))
    assert image.width >= 1600 and image.height >= 2400


def test_landmarks_reach_cover_toc_and_bodymatter(pamphlet_epub):
    nav = pamphlet_epub.documents[pamphlet_epub.nav_path]
    landmarks = nav.find(".//x:nav[@epub:type='landmarks']", NS)
    kinds = {}
    for a in landmarks.iter("{{{}}}a".format(NS["x"])):
        target = pamphlet_epub.target(pamphlet_epub.nav_path, a.get("href"))
        assert target is not None, a.get("href")
        kinds[a.get("{{{}}}type".format(NS["epub"]))] = pamphlet_epub.resolve(
            pamphlet_epub.nav_path, a.get("href")
        )
    assert {"cover", "toc", "bodymatter"} <= set(kinds)
    assert kinds["cover"] in pamphlet_epub.spine
    assert kinds["bodymatter"].endswith("01-opening.xhtml")


def test_colophon_names_both_editions(pamphlet_epub):
    colophon = next(d for n, d in pamphlet_epub.documents.items() if n.endswith("colophon.xhtml"))
    text = " ".join(colophon.itertext())
    assert "International Socialists" in text and "1970" in text
    assert "Samizdat Editions" in text and "samizdat" in text
