"""The table of contents: nav and NCX list exactly the headings, in order, and resolve."""

from __future__ import annotations

import pytest

from helpers import NS, text_of


def expected_entries(epub) -> list[tuple[str, str, str]]:
    """(text, document, id) of every level-1 and level-2 heading, or untitled section."""
    entries = []
    for name, doc in epub.body_documents():
        for el in doc.iter():
            if not isinstance(el.tag, str):
                continue
            if el.tag == "{{{}}}section".format(NS["x"]) and el.get("aria-label") and el.get("id"):
                entries.append((el.get("aria-label"), name, el.get("id")))
            if el.tag in ("{{{}}}h1".format(NS["x"]), "{{{}}}h2".format(NS["x"])):
                entries.append((text_of(el), name, el.get("id")))
    return entries


def nav_entries(epub) -> list[tuple[str, str, str]]:
    nav = epub.documents[epub.nav_path].find(".//x:nav[@epub:type='toc']", NS)
    found = []
    for a in nav.iter("{{{}}}a".format(NS["x"])):
        href = a.get("href")
        found.append((text_of(a), epub.resolve(epub.nav_path, href), href.split("#")[1]))
    return found


def ncx_entries(epub) -> list[tuple[str, str, str]]:
    ncx_item = next(
        i for i in epub.manifest.values() if i.get("media-type") == "application/x-dtbncx+xml"
    )
    ncx_path = epub.resolve(epub.opf_path, ncx_item.get("href"))
    ncx = epub.xml(ncx_path)
    found = []
    for point in ncx.iter("{{{}}}navPoint".format(NS["ncx"])):
        label = text_of(point.find("ncx:navLabel/ncx:text", NS))
        src = point.find("ncx:content", NS).get("src")
        found.append((label, epub.resolve(ncx_path, src), src.split("#")[1]))
    return found


@pytest.mark.parametrize("book", ["pamphlet_epub", "notes_epub"])
def test_nav_lists_exactly_the_headings_in_order(book, request):
    epub = request.getfixturevalue(book)
    assert nav_entries(epub) == expected_entries(epub)


@pytest.mark.parametrize("book", ["pamphlet_epub", "notes_epub"])
def test_ncx_has_the_same_entries_as_the_nav(book, request):
    epub = request.getfixturevalue(book)
    assert ncx_entries(epub) == nav_entries(epub)


@pytest.mark.parametrize("book", ["pamphlet_epub", "notes_epub"])
def test_every_contents_link_resolves(book, request):
    epub = request.getfixturevalue(book)
    nav = epub.documents[epub.nav_path]
    for a in nav.iter("{{{}}}a".format(NS["x"])):
        assert epub.target(epub.nav_path, a.get("href")) is not None, a.get("href")


def test_nav_nests_level_two_under_level_one(pamphlet_epub):
    nav = pamphlet_epub.documents[pamphlet_epub.nav_path].find(".//x:nav[@epub:type='toc']", NS)
    nested = nav.findall("x:ol/x:li/x:ol/x:li/x:a", NS)
    assert [text_of(a) for a in nested] == ["Trotsky’s testament"]
    assert nav.get("role") == "doc-toc"


def test_level_three_headings_stay_out_of_the_contents(notes_epub):
    assert "A subsection" not in [text for text, _, _ in nav_entries(notes_epub)]
    assert "A section" in [text for text, _, _ in nav_entries(notes_epub)]
