"""The OPDS 1.2 catalogue: Atom feeds that reading apps browse and download from.

    OUT/opds.xml                  the root: a navigation feed
    OUT/opds/all.xml              every book (acquisition; also the crawlable feed)
    OUT/opds/series.xml           a navigation feed of the series
    OUT/opds/series/<key>.xml     the books of one series, in series order
    OUT/opds/authors.xml          a navigation feed of the authors
    OUT/opds/authors/<key>.xml    the books of one author

Links are relative to the feed that holds them, so OUT can be served from any
address; ids are the catalogue's `url` plus the file when it is set, else
stable `urn:uuid:`s derived from the catalogue's title.
"""

from __future__ import annotations

import posixpath
import uuid
from datetime import datetime
from pathlib import Path

from lxml import etree

from samizdat import __version__
from samizdat.catalog.books import Entry, Shelf, sort_form, write_if_changed
from samizdat.catalog.config import Catalog

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/terms/"  # OPDS 1.2 uses the DCMI terms namespace as "dc"
OPDS = "http://opds-spec.org/2010/catalog"
NSMAP = {None: ATOM, "dc": DC, "opds": OPDS}
NAVIGATION = "application/atom+xml;profile=opds-catalog;kind=navigation"
ACQUISITION = "application/atom+xml;profile=opds-catalog;kind=acquisition"
ACQUIRE = "http://opds-spec.org/acquisition"
IMAGE = "http://opds-spec.org/image"
THUMBNAIL = "http://opds-spec.org/image/thumbnail"
CRAWLABLE = "http://opds-spec.org/crawlable"

ROOT = "opds.xml"
ALL = "opds/all.xml"


def stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_id(catalog: Catalog, path: str) -> str:
    if catalog.url:
        return catalog.url + path
    return "urn:uuid:" + str(
        uuid.uuid5(uuid.NAMESPACE_URL, f"samizdat-catalog:{catalog.title}:{path}")
    )


def rel_href(source: str, target: str) -> str:
    """`target` (relative to OUT) as seen from the file `source` (relative to OUT)."""
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        element.text = text
    return element


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def feed(
    catalog: Catalog, path: str, title: str, kind: str, updated: datetime, up: str | None
) -> etree._Element:
    root = etree.Element(f"{{{ATOM}}}feed", nsmap=NSMAP)
    if catalog.language:
        root.set(XML_LANG, catalog.language)
    sub(root, "id", atom_id(catalog, path))
    sub(root, "title", title)
    sub(root, "updated", stamp(updated))
    author = sub(root, "author")
    sub(author, "name", catalog.publisher or catalog.title)
    sub(root, "generator", "samizdat", version=__version__)
    link(root, path, "self", path, kind)
    link(root, path, "start", ROOT, NAVIGATION)
    if up:
        link(root, path, "up", up, NAVIGATION)
    if path != ALL:
        link(root, path, CRAWLABLE, ALL, ACQUISITION)
    return root


def link(parent, source: str, rel: str, target: str, mime: str, **attrs) -> etree._Element:
    return sub(parent, "link", rel=rel, href=rel_href(source, target), type=mime, **attrs)


def navigation_entry(parent, catalog, source, title, target, kind, summary, updated) -> None:
    entry = sub(parent, "entry")
    sub(entry, "title", title)
    sub(entry, "id", atom_id(catalog, target))
    sub(entry, "updated", stamp(updated))
    sub(entry, "content", summary, type="text")
    link(entry, source, "subsection", target, kind)


def book_entry(parent, catalog: Catalog, source: str, book: Entry) -> None:
    meta = book.metadata
    entry = sub(parent, "entry")
    entry.set(XML_LANG, meta.language)
    sub(entry, "title", meta.title + (f": {meta.subtitle}" if meta.subtitle else ""))
    sub(entry, "id", atom_id(catalog, f"books/{book.slug}"))
    sub(entry, "updated", stamp(book.updated))
    for creator in meta.creators:
        person = sub(entry, "author" if creator.role == "author" else "contributor")
        sub(person, "name", creator.name)
    identifier = (
        f"urn:isbn:{meta.isbn_epub.replace('-', '')}" if meta.isbn_epub else meta.identifier
    )
    sub(entry, f"{{{DC}}}identifier", identifier)
    if meta.isbn_epub and meta.identifier != identifier:
        sub(entry, f"{{{DC}}}identifier", meta.identifier)
    sub(entry, f"{{{DC}}}publisher", meta.publisher)
    sub(entry, f"{{{DC}}}language", meta.language)
    sub(entry, f"{{{DC}}}issued", meta.date)
    if meta.rights:
        sub(entry, "rights", meta.rights)
    if meta.description:
        sub(entry, "summary", meta.description, type="text")
    for subject in meta.subjects:
        sub(entry, "category", term=subject, label=subject)
    if meta.series:
        number = f", no. {meta.series.number}" if meta.series.number is not None else ""
        sub(
            entry,
            "category",
            term=f"{meta.series.name}{number}",
            label=meta.series.name,
            scheme=atom_id(catalog, "series"),
        )
    link(
        entry,
        source,
        "alternate",
        f"books/{book.slug}.html",
        "text/html",
        title="The book's page in the catalogue",
    )
    for download in book.downloads:
        if download.label in ("Print-ready PDF", "Cover"):
            continue  # for printers, offered on the site, not to reading apps
        link(
            entry,
            source,
            ACQUIRE,
            download.href,
            download.mime,
            title=download.label,
            length=str(download.size),
        )
    if book.web:
        link(entry, source, "related", book.web, "text/html", title="Read online")
    link(entry, source, IMAGE, book.cover, "image/jpeg")
    link(entry, source, THUMBNAIL, book.thumbnail, "image/jpeg")


def serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_feeds(shelf: Shelf, out: Path, when: datetime) -> list[str]:
    """Every feed; returns the files written, relative to OUT."""
    catalog, books, series, authors = shelf.catalog, shelf.books, shelf.series, shelf.authors
    files: dict[str, etree._Element] = {}

    def newest(group: list[Entry]) -> datetime:
        return max((b.updated for b in group), default=when)

    root = feed(catalog, ROOT, catalog.title, NAVIGATION, newest(books), None)
    link(root, ROOT, "alternate", "opds.json", "application/opds+json", title="OPDS 2.0")
    link(root, ROOT, "alternate", "index.html", "text/html", title="The catalogue's site")
    navigation_entry(
        root,
        catalog,
        ROOT,
        "All books",
        ALL,
        ACQUISITION,
        f"Every book of {catalog.title}: {len(books)}.",
        newest(books),
    )
    if series:
        navigation_entry(
            root,
            catalog,
            ROOT,
            "By series",
            "opds/series.xml",
            NAVIGATION,
            "The books in each series, in series order.",
            newest(books),
        )
    if authors:
        navigation_entry(
            root,
            catalog,
            ROOT,
            "By author",
            "opds/authors.xml",
            NAVIGATION,
            "The books of each author.",
            newest(books),
        )
    files[ROOT] = root

    everything = feed(catalog, ALL, f"{catalog.title}: all books", ACQUISITION, newest(books), ROOT)
    for book in books:
        book_entry(everything, catalog, ALL, book)
    files[ALL] = everything

    groups = (
        (
            "series",
            "By series",
            series,
            lambda name: sorted(
                (b for b in books if b.metadata.series and b.metadata.series.name == name),
                key=lambda b: (b.metadata.series.number is None, b.metadata.series.number or 0),
            ),
            lambda name: name,
        ),
        (
            "authors",
            "By author",
            authors,
            lambda name: [b for b in books if name in b.metadata.names("author")],
            lambda name: sort_form(books, name),
        ),
    )
    for kind, heading, keys, members, order in groups:
        if not keys:
            continue
        index_path = f"opds/{kind}.xml"
        index = feed(
            catalog,
            index_path,
            f"{catalog.title}: {heading.lower()}",
            NAVIGATION,
            newest(books),
            ROOT,
        )
        for name in sorted(keys, key=order):
            group = members(name)
            path = f"opds/{kind}/{keys[name]}.xml"
            count = f"{len(group)} book{'s' if len(group) != 1 else ''}"
            navigation_entry(
                index, catalog, index_path, name, path, ACQUISITION, count, newest(group)
            )
            acquisition = feed(catalog, path, name, ACQUISITION, newest(group), index_path)
            for book in group:
                book_entry(acquisition, catalog, path, book)
            files[path] = acquisition
        files[index_path] = index

    for path, element in files.items():
        write_if_changed(out / path, serialise(element))
    return sorted(files)
