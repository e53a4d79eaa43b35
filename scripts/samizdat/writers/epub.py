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

import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from ebooklib import epub
from lxml import etree

from samizdat.errors import SamizdatError
from samizdat.manuscript.images import media_type
from samizdat.model import Book, Section
from samizdat.resources import style_path
from samizdat.roles import section_roles
from samizdat.writers import frontmatter
from samizdat.writers.cover import cover_image
from samizdat.writers.files import build_time, normalise_zip, write_atomically
from samizdat.writers.page_markers import front_marker, place_markers
from samizdat.writers.xhtml import document, element, fragment, q, sub

TEXT = "text"
STYLESHEETS = ("base.css", "epub.css")
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


@dataclass
class Page:
    """One content document before serialisation."""

    uid: str
    name: str
    title: str
    body: list[etree._Element]
    body_attrib: dict[str, str] = field(default_factory=dict)
    properties: tuple[str, ...] = ()

    @property
    def href(self) -> str:
        return f"{TEXT}/{self.name}.xhtml"


def stylesheet_links() -> list[str]:
    return [f"../styles/{name}" for name in STYLESHEETS]


def note_aside(book: Book, number: int) -> etree._Element:
    note = book.note(number)
    aside = element(
        "aside",
        {"id": note.id, "class": "footnote", "epub:type": "footnote", "role": "doc-footnote"},
    )
    for child in fragment(note.content):
        aside.append(child)
    first = aside[0] if len(aside) and aside[0].tag == q("p") else None
    if first is None:
        first = element("p")
        aside.insert(0, first)
    back = element(
        "a", {"class": "note-number", "href": f"#{note.calls[0]}", "role": "doc-backlink"}
    )
    back.text = str(note.number)
    back.tail = " " + (first.text or "")
    first.text = None
    first.insert(0, back)
    return aside


def section_page(book: Book, section: Section, index: int) -> Page:
    role = section_roles()[section.role]
    body = fragment(section.content)
    for node in body.iter():
        if node.get("data-epub-type"):
            node.set(q("epub:type"), node.attrib.pop("data-epub-type"))
    for img in body.iter(q("img")):
        img.set("src", "../" + img.get("src"))  # documents are in text/, images in images/
    for call in body.iter(q("a")):
        if call.get("class") == "noteref":
            call.set(q("epub:type"), "noteref")
            call.set("role", "doc-noteref")
    classes = f"{section.role} untitled" if section.untitled else section.role
    wrapper = element("section", {"epub:type": role.epub_type, "class": classes})
    if role.aria_role:
        wrapper.set("role", role.aria_role)
    if section.untitled:
        wrapper.set("id", section.id)
        wrapper.set("aria-label", section.title)
    else:
        wrapper.set("aria-labelledby", section.headings[0].id)
    wrapper.text = body.text
    for child in list(body):
        wrapper.append(child)
    place_markers(wrapper, index, book.page_breaks)
    elements = [wrapper]
    for note in book.notes:
        if note.section == section.id:
            elements.append(note_aside(book, note.number))
    return Page(section.id, section.name, section.title, elements, {"epub:type": role.matter})


def cover_page(book: Book, image_href: str) -> Page:
    meta = book.metadata
    wrapper = element("section", {"epub:type": "cover", "class": "cover", "aria-label": "Cover"})
    sub(
        wrapper,
        "img",
        {
            "src": f"../{image_href}",
            "role": "doc-cover",
            "alt": f"Cover: {meta.title}, by {meta.author}. {meta.publisher}.",
        },
    )
    return Page("cover", "cover", "Cover", [wrapper], {"epub:type": "frontmatter"})


def title_page(book: Book) -> Page:
    wrapper = element(
        "section", {"epub:type": "titlepage", "class": "titlepage", "aria-label": "Title page"}
    )
    for child in fragment(frontmatter.title_page(book.metadata)):
        wrapper.append(child)
    if (span := front_marker(book.page_breaks, "title-page")) is not None:
        wrapper.insert(0, span)
    return Page("title-page", "title-page", "Title page", [wrapper], {"epub:type": "frontmatter"})


def colophon_page(book: Book) -> Page:
    wrapper = element(
        "section",
        {
            "epub:type": "colophon",
            "role": "doc-colophon",
            "class": "colophon",
            "aria-label": "Colophon",
        },
    )
    extra = [frontmatter.ACCESSIBILITY_EPUB]
    if book.page_source:
        extra.append(f"Page numbers: {book.page_source}.")
    for child in fragment(frontmatter.colophon(book.metadata, tuple(extra))):
        wrapper.append(child)
    if (span := front_marker(book.page_breaks, "colophon")) is not None:
        wrapper.insert(0, span)
    return Page("colophon", "colophon", "Colophon", [wrapper], {"epub:type": "frontmatter"})


def nav_page(book: Book, landmarks: list[tuple[str, str, str]]) -> Page:
    toc = element(
        "nav", {"epub:type": "toc", "role": "doc-toc", "id": "toc", "aria-labelledby": "toc-title"}
    )
    sub(toc, "h1", {"id": "toc-title"}, frontmatter.CONTENTS_TITLE)
    top = sub(toc, "ol")
    for section, heading, children in book.contents_tree():
        item = sub(top, "li")
        sub(item, "a", {"href": f"{section.name}.xhtml#{heading.id}"}, heading.text)
        if children:
            nested = sub(item, "ol")
            for child in children:
                sub(
                    sub(nested, "li"), "a", {"href": f"{section.name}.xhtml#{child.id}"}, child.text
                )
    marks = element(
        "nav", {"epub:type": "landmarks", "hidden": "hidden", "aria-label": "Landmarks"}
    )
    sub(marks, "h2", text="Landmarks")
    ol = sub(marks, "ol")
    for kind, href, title in landmarks:
        sub(sub(ol, "li"), "a", {"epub:type": kind, "href": href.removeprefix(f"{TEXT}/")}, title)
    found = [toc, marks]
    if book.page_breaks:
        kind = {"epub:type": "page-list", "role": "doc-pagelist", "hidden": "hidden"}
        pages = element("nav", {**kind, "aria-label": "Page list"})
        sub(pages, "h2", text="Pages")
        ol = sub(pages, "ol")
        for page_break in book.page_breaks:
            # A marker in this very document is named with the file: Ace needs it so.
            own = "nav.xhtml" if page_break.block == "contents" else ""
            sub(sub(ol, "li"), "a", {"href": f"{own}#page-{page_break.label}"}, page_break.label)
        found.append(pages)
    if (span := front_marker(book.page_breaks, "contents")) is not None:
        found.insert(0, span)
    return Page(
        "nav",
        "nav",
        frontmatter.CONTENTS_TITLE,
        found,
        {"epub:type": "frontmatter"},
        ("nav",),
    )


def link_across_documents(pages: list[Page]) -> None:
    """Point '#id' links at the document that holds the id."""
    owner = {}
    for page in pages:
        for el in page.body:
            for node in el.iter():
                if node.get("id"):
                    owner[node.get("id")] = page
    for page in pages:
        for el in page.body:
            for link in el.iter(q("a")):
                href = link.get("href", "")
                if href.startswith("#") and owner.get(href[1:]) not in (None, page):
                    link.set("href", f"{owner[href[1:]].name}.xhtml{href}")


def ncx_toc(book: Book) -> list:
    def link(section: Section, heading) -> epub.Link:
        return epub.Link(
            f"{TEXT}/{section.name}.xhtml#{heading.id}", heading.text, f"toc-{heading.id}"
        )

    toc: list = []
    for section, heading, children in book.contents_tree():
        top = link(section, heading)
        if children:
            toc.append((epub.Section(top.title, top.href), [link(section, c) for c in children]))
        else:
            toc.append(top)
    return toc


def set_metadata(eb: epub.EpubBook, book: Book) -> None:
    meta = book.metadata
    eb.set_identifier(meta.identifier)
    eb.set_title(meta.title)
    eb.set_language(meta.language)
    eb.add_author(meta.author, uid="creator")
    eb.add_metadata(
        None, "meta", meta.author_file_as, {"refines": "#creator", "property": "file-as"}
    )
    eb.add_metadata(
        None, "meta", "aut", {"refines": "#creator", "property": "role", "scheme": "marc:relators"}
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


def print_edition_identifier(book: Book) -> str:
    """The print edition's own identifier, derived from the book's: stable across builds."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, book.metadata.identifier + '#print')}"


def assemble(book: Book) -> epub.EpubBook:
    eb = epub.EpubBook()
    eb.FOLDER_NAME = "EPUB"
    set_metadata(eb, book)
    for name in STYLESHEETS:
        eb.add_item(
            epub.EpubItem(
                uid=f"css-{name[:-4]}",
                file_name=f"styles/{name}",
                media_type="text/css",
                content=style_path(name).read_bytes(),
            )
        )
    for number, (href, path) in enumerate(sorted(book.resources.items()), 1):
        image = epub.EpubImage(uid=f"image-{number}", file_name=href, media_type=media_type(path))
        image.content = path.read_bytes()
        eb.add_item(image)
    data, image_name = cover_image(book.metadata, book.cover_image)
    image_href = f"images/{image_name}"
    eb.add_item(cover_item(image_href, data))
    eb.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})

    front = [cover_page(book, image_href), title_page(book), colophon_page(book)]
    body = [section_page(book, s, i) for i, s in enumerate(book.sections)]
    first_body = next(
        (
            p
            for p, s in zip(body, book.sections, strict=True)
            if section_roles()[s.role].matter == "bodymatter"
        ),
        body[0],
    )
    landmarks = [
        ("cover", front[0].href, "Cover"),
        ("titlepage", front[1].href, "Title page"),
        ("toc", f"{TEXT}/nav.xhtml#toc", frontmatter.CONTENTS_TITLE),
        ("bodymatter", first_body.href, "Start of the text"),
    ]
    nav = nav_page(book, landmarks)
    pages = [*front, nav, *body]
    link_across_documents(pages)
    lang = book.metadata.language
    for page in pages:
        data = document(page.title, lang, stylesheet_links(), page.body, page.body_attrib)
        eb.add_item(Document(page.uid, page.href, page.title, data, page.properties))
    eb.spine = [eb.get_item_with_id(p.uid) for p in pages]
    eb.add_item(epub.EpubNcx())
    eb.toc = ncx_toc(book)
    eb.guide = [
        {"type": "cover", "href": front[0].href, "title": "Cover"},
        {"type": "title-page", "href": front[1].href, "title": "Title page"},
        {"type": "toc", "href": nav.href, "title": frontmatter.CONTENTS_TITLE},
        {"type": "text", "href": first_body.href, "title": "Start of the text"},
    ]
    return eb


def cover_item(href: str, data: bytes) -> epub.EpubItem:
    item = epub.EpubCover(uid="cover-image", file_name=href)
    item.content = data
    return item


def write_epub(book: Book, target: Path) -> Path:
    eb = assemble(book)
    when = build_time()

    def write(temp: Path) -> None:
        with tempfile.TemporaryDirectory() as scratch:
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
