"""The EPUB 3 writer: a Book in, an epubcheck-clean EPUB out (through ebooklib).

ebooklib re-parses the XHTML it is given and drops the head, the language and
attributes on <body> (see the library notes), so every document here is built
complete with lxml and handed to ebooklib as finished bytes.

Notes are footnotes: an <aside epub:type="footnote"> at the end of the document
where the note is first called. Reading systems (Apple Books, Kobo, Thorium,
...) show such notes as pop-ups and hide them from the running text, and the
ones that do not show them at the chapter's end, next to their calls.
"""

from __future__ import annotations

import mimetypes
import tempfile
import uuid
from pathlib import Path

from ebooklib import epub
from ebooklib import utils as ebooklib_utils

from samizdat.errors import SamizdatError
from samizdat.html.documents import (
    Page,
    colophon_page,
    contents_nav,
    cover_page,
    link_across_documents,
    mark_pages,
    prefix_attribute,
    section_page,
    title_page,
)
from samizdat.manuscript.images import media_type
from samizdat.model import Book, Entry, PageBreak
from samizdat.resources import data, style_path
from samizdat.roles import section_roles
from samizdat.writers import frontmatter
from samizdat.writers.cover import cover_image
from samizdat.writers.files import build_time, normalise_zip, write_atomically
from samizdat.writers.xhtml import document, element, sub

# ebooklib guesses media types with `mimetypes`: its built-in table, not the
# machine's /etc/mime.types (a build reads nothing of the machine it runs on).
mimetypes.init(files=[])
mimetypes.add_type("application/xhtml+xml", ".xhtml")
ebooklib_utils.mimetype_initialised = True

TEXT = "text"
STYLESHEETS = ("base.css", "epub.css")
BOOK_STYLE = "style.css"  # a book's own styles, in its manuscript folder
ACCESSIBILITY = {
    "schema:accessMode": ["textual"],
    "schema:accessModeSufficient": ["textual"],
    "schema:accessibilityFeature": [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ],
    "schema:accessibilityHazard": ["none"],
}
ACCESSIBILITY_SUMMARY = (
    "This publication conforms to EPUB Accessibility 1.1 and WCAG 2.1 Level AA. "
    "It has a table of contents and a logical reading order; headings give its structure; "
    "notes are linked to and from their calls; text can be resized and restyled."
)
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"


class Writer(epub.EpubWriter):
    """ebooklib's writer, with the package's language declared (xml:lang), as Ace asks."""

    def __init__(self, name: str, book: epub.EpubBook, options: dict, language: str):
        super().__init__(name, book, options)
        self.language = language

    def _write_opf_file(self, root) -> None:
        root.set("{http://www.w3.org/XML/1998/namespace}lang", self.language)
        super()._write_opf_file(root)


class Document(epub.EpubHtml):
    """An XHTML document that ebooklib writes as given, without re-parsing it."""

    def __init__(self, uid: str, file_name: str, title: str, data: bytes, properties=()):
        super().__init__(uid=uid, file_name=file_name, title=title)
        self.data = data
        self.properties = list(properties)

    def get_content(self, default=None) -> bytes:
        return self.data


def stylesheet_links(book: Book) -> list[str]:
    return [f"../styles/{name}" for name in stylesheets(book)]


def stylesheets(book: Book) -> list[str]:
    """The house styles, then the book's own style.css if it has one."""
    return [*STYLESHEETS, *([BOOK_STYLE] if book.style else [])]


def nav_page(book: Book, landmarks: list[tuple[str, str, str]]) -> Page:
    toc = contents_nav(book, lambda section, heading: f"{section.name}.xhtml#{heading.id}")
    marks = element(
        "nav", {"epub:type": "landmarks", "hidden": "hidden", "aria-label": "Landmarks"}
    )
    sub(marks, "h2", text="Landmarks")
    ol = sub(marks, "ol")
    for kind, target, title in landmarks:
        sub(sub(ol, "li"), "a", {"epub:type": kind, "href": target.removeprefix(f"{TEXT}/")}, title)
    return Page(
        "nav",
        "nav",
        frontmatter.CONTENTS_TITLE,
        [toc, marks],
        {"epub:type": "frontmatter"},
        ("nav",),
        blocks={"contents": toc},
    )


def add_page_list(nav: Page, placed: list[tuple[PageBreak, Page]]) -> None:
    """The page-list nav, from the markers actually placed: it cannot point at nothing."""
    kind = {"epub:type": "page-list", "role": "doc-pagelist", "hidden": "hidden"}
    pages = element("nav", {**kind, "aria-label": "Page list"})
    sub(pages, "h2", text="Pages")
    ol = sub(pages, "ol")
    for page_break, page in placed:
        # Named with the file even for a marker in the nav itself: Ace needs it so.
        target = f"{page.name}.xhtml#page-{page_break.label}"
        sub(sub(ol, "li"), "a", {"href": target}, page_break.label)
    nav.body.append(pages)


def ncx_toc(book: Book) -> list:
    def link(entry: Entry) -> epub.Link:
        return epub.Link(
            f"{TEXT}/{entry.section.name}.xhtml#{entry.heading.id}",
            entry.heading.text,
            f"toc-{entry.heading.id}",
        )

    def tree(entries: list[Entry]) -> list:
        found: list = []
        for entry in entries:
            top = link(entry)
            if entry.children:
                found.append((epub.Section(top.title, top.href), tree(entry.children)))
            else:
                found.append(top)
        return found

    return tree(book.contents_tree())


def set_metadata(eb: epub.EpubBook, book: Book) -> None:
    meta = book.metadata
    eb.set_identifier(meta.identifier)
    if meta.isbn_epub:
        isbn = "urn:isbn:" + compact_isbn(meta.isbn_epub)
        eb.add_metadata("DC", "identifier", isbn, {"id": "isbn"})
        eb.add_metadata(
            None,
            "meta",
            "15",  # ONIX code list 5: ISBN-13
            {"refines": "#isbn", "property": "identifier-type", "scheme": "onix:codelist5"},
        )
    eb.set_title(meta.title)
    eb.set_language(meta.language)
    roles = data("creators")
    for number, creator in enumerate(meta.creators, 1):
        uid = f"creator-{number}"
        element_name = roles[creator.role]["element"]
        eb.add_metadata("DC", element_name, creator.name, {"id": uid})
        eb.add_metadata(
            None, "meta", creator.file_as, {"refines": f"#{uid}", "property": "file-as"}
        )
        eb.add_metadata(
            None,
            "meta",
            roles[creator.role]["relator"],
            {"refines": f"#{uid}", "property": "role", "scheme": "marc:relators"},
        )
    if meta.series:
        eb.add_metadata(
            None, "meta", meta.series.name, {"property": "belongs-to-collection", "id": "series"}
        )
        eb.add_metadata(
            None, "meta", "series", {"refines": "#series", "property": "collection-type"}
        )
        if meta.series.number is not None:
            eb.add_metadata(
                None,
                "meta",
                str(meta.series.number),
                {"refines": "#series", "property": "group-position"},
            )
    eb.add_metadata("DC", "publisher", meta.publisher)
    eb.add_metadata("DC", "date", meta.date)
    if meta.description:
        eb.add_metadata("DC", "description", meta.description)
    for subject in meta.subjects:
        eb.add_metadata("DC", "subject", subject)
    if meta.rights:
        eb.add_metadata("DC", "rights", meta.rights)
    for prop, values in ACCESSIBILITY.items():
        for value in values:
            eb.add_metadata(None, "meta", value, {"property": prop})
    eb.add_metadata(
        None, "meta", ACCESSIBILITY_SUMMARY, {"property": "schema:accessibilitySummary"}
    )
    eb.add_metadata(None, "meta", CONFORMS_TO, {"property": "dcterms:conformsTo"})
    if book.page_breaks:
        for feature in ("pageBreakMarkers", "pageNavigation"):
            eb.add_metadata(None, "meta", feature, {"property": "schema:accessibilityFeature"})
        source = print_edition_identifier(book)
        eb.add_metadata("DC", "source", source, {"id": "print-source"})
        eb.add_metadata(None, "meta", source, {"property": "pageBreakSource"})
    eb.add_metadata(None, "meta", meta.publisher, {"property": "a11y:certifiedBy"})


def compact_isbn(number: str) -> str:
    return "".join(c for c in number if c.isdigit() or c in "Xx").upper()


def print_edition_identifier(book: Book) -> str:
    """The print edition's own identifier: its ISBN, or one derived from the book's."""
    if book.metadata.isbn_print:
        return "urn:isbn:" + compact_isbn(book.metadata.isbn_print)
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, book.metadata.identifier + '#print')}"


def assemble(book: Book) -> epub.EpubBook:
    eb = epub.EpubBook()
    eb.FOLDER_NAME = "EPUB"
    set_metadata(eb, book)
    for name in STYLESHEETS:
        eb.add_item(css_item(name, style_path(name).read_bytes()))
    if book.style:
        eb.add_item(css_item(BOOK_STYLE, book.style.encode("utf-8")))
    for number, (name, content) in enumerate(sorted(book.resource_data.items()), 1):
        kind = media_type(content)
        image = epub.EpubImage(uid=f"image-{number}", file_name=name, media_type=kind)
        image.content = content
        eb.add_item(image)
    data_, image_name = cover_image(book.metadata, book.cover_image, book.cover_data)
    image_href = f"images/{image_name}"
    eb.add_item(cover_item(image_href, data_))
    eb.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})

    front = [
        cover_page(book, f"../{image_href}"),
        title_page(book),
        colophon_page(book, (frontmatter.ACCESSIBILITY_EPUB,), book.metadata.isbn_epub),
    ]
    body = [section_page(book, s, i) for i, s in enumerate(book.sections)]
    first_body = next(
        (p for p in body if section_roles()[p.section.role].matter == "bodymatter"), body[0]
    )
    landmarks = [
        ("cover", href(front[0]), "Cover"),
        ("titlepage", href(front[1]), "Title page"),
        ("toc", f"{TEXT}/nav.xhtml#toc", frontmatter.CONTENTS_TITLE),
        ("bodymatter", href(first_body), "Start of the text"),
    ]
    nav = nav_page(book, landmarks)
    pages = [*front, nav, *body]
    placed = mark_pages(pages, book.page_breaks)
    if placed:
        add_page_list(nav, placed)
    link_across_documents(pages)
    lang = book.metadata.language
    for page in pages:
        data_ = document(
            page.title,
            lang,
            stylesheet_links(book),
            page.body,
            page.body_attrib,
            prefix_attribute(page.prefixes),
        )
        eb.add_item(Document(page.uid, href(page), page.title, data_, page.properties))
    eb.spine = [eb.get_item_with_id(p.uid) for p in pages]
    eb.add_item(epub.EpubNcx())
    eb.toc = ncx_toc(book)
    eb.guide = [
        {"type": "cover", "href": href(front[0]), "title": "Cover"},
        {"type": "title-page", "href": href(front[1]), "title": "Title page"},
        {"type": "toc", "href": href(nav), "title": frontmatter.CONTENTS_TITLE},
        {"type": "text", "href": href(first_body), "title": "Start of the text"},
    ]
    return eb


def href(page: Page) -> str:
    return f"{TEXT}/{page.name}.xhtml"


def css_item(name: str, content: bytes) -> epub.EpubItem:
    return epub.EpubItem(
        uid=f"css-{name[:-4]}", file_name=f"styles/{name}", media_type="text/css", content=content
    )


def cover_item(href: str, data: bytes) -> epub.EpubItem:
    item = epub.EpubCover(uid="cover-image", file_name=href)
    item.content = data
    return item


def write_epub(book: Book, target: Path) -> Path:
    eb = assemble(book)
    when = build_time()

    def write(temp: Path) -> None:
        with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
            raw = Path(scratch) / "raw.epub"
            options = {
                "mtime": when.replace(tzinfo=None),
                "epub3_pages": False,
                "epub3_landmark": False,
            }
            writer = Writer(str(raw), eb, options, book.metadata.language)
            writer.process()
            writer.write()
            if not raw.exists():
                raise SamizdatError("ebooklib could not write the EPUB", target)
            normalise_zip(raw, temp, when)

    return write_atomically(target, write)
