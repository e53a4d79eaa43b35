"""The Book as XHTML documents: front matter, one document per section, notes, links.

Each document is a `Page`: a list of body elements in the XHTML namespace, the
blocks that page-break markers may be placed in, and the vocabularies it uses.
A screen writer serialises the pages its own way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from samizdat.model import Book, PageBreak, Section
from samizdat.resources import data
from samizdat.roles import section_roles
from samizdat.writers import frontmatter
from samizdat.writers.blocks import numbered_blocks
from samizdat.writers.page_markers import marker, place_at_word
from samizdat.writers.xhtml import EPUB, element, fragment, q, sub

EPUB_TYPE = q("epub:type")


@dataclass
class Page:
    """One document before serialisation."""

    uid: str
    name: str  # file stem, stable across builds
    title: str
    body: list[etree._Element]
    body_attrib: dict[str, str] = field(default_factory=dict)
    properties: tuple[str, ...] = ()
    blocks: dict[str, etree._Element] = field(default_factory=dict)  # page-break blocks
    prefixes: dict[str, str] = field(default_factory=dict)  # epub:type vocabularies used
    section: Section | None = None


def vocabularies() -> dict[str, str]:
    return data("vocabularies")


def semantic_types(value: str, prefixes: dict[str, str]) -> str:
    """An epub:type value with only the vocabularies EPUB can name; records their prefixes."""
    kept = []
    for token in value.split():
        prefix, colon, _ = token.partition(":")
        if not colon:
            kept.append(token)
        elif prefix in vocabularies():
            prefixes[prefix] = vocabularies()[prefix]
            kept.append(token)
    return " ".join(kept)


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


def section_page(book: Book, section: Section, index: int, image_prefix: str = "../") -> Page:
    role = section_roles()[section.role]
    body = fragment(section.content)
    prefixes: dict[str, str] = {}
    for node in body.iter():
        if node.get("data-epub-type"):
            kept = semantic_types(node.attrib.pop("data-epub-type"), prefixes)
            if kept:
                node.set(EPUB_TYPE, kept)
    for img in body.iter(q("img")):
        img.set("src", image_prefix + img.get("src"))
    for call in body.iter(q("a")):
        if call.get("class") == "noteref":
            call.set(EPUB_TYPE, "noteref")
            call.set("role", "doc-noteref")
    for rule in body.iter(q("hr")):
        rule.set("class", " ".join(filter(None, [rule.get("class"), "scene-break"])))
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
    blocks = dict(numbered_blocks(wrapper, index, q))
    elements = [wrapper]
    for note in book.notes:
        if note.section == section.id:
            elements.append(note_aside(book, note.number))
    return Page(
        section.id,
        section.name,
        section.title,
        elements,
        {"epub:type": role.matter},
        blocks=blocks,
        prefixes=prefixes,
        section=section,
    )


def notes_beside_calls(page: Page) -> None:
    """Move a section page's notes from its end to just after the block that calls them.

    Each note goes into a ``<div class="notes">`` that follows the top-level block (a
    paragraph, a list, a quotation, a table) holding its first call, so that a screen
    edition can set it beside its call (a sidenote) or open it there. Reading order stays
    sensible without styles: the text, then its notes. The EPUB keeps its footnotes at
    the end of the document; only the web edition calls this.
    """
    if not page.body:
        return
    wrapper, asides = page.body[0], page.body[1:]
    groups: dict[etree._Element, etree._Element] = {}
    left: list[etree._Element] = []
    for aside in asides:
        back = aside.find(f".//{q('a')}[@role='doc-backlink']")
        call_id = (back.get("href") or "")[1:] if back is not None else ""
        found = wrapper.xpath(".//*[@id=$id]", id=call_id) if call_id else []
        if not found:
            left.append(aside)
            continue
        block = found[0]
        while block.getparent() is not wrapper:
            block = block.getparent()
        group = groups.get(block)
        if group is None:
            group = element("div", {"class": "notes"})
            group.tail = block.tail
            block.tail = None
            block.addnext(group)
            groups[block] = group
        group.append(aside)
    page.body = [wrapper, *left]


def front_section(kind: str, label: str, content: str, **attrib: str) -> etree._Element:
    wrapper = element("section", {"epub:type": kind, "class": kind, "aria-label": label, **attrib})
    for child in fragment(content):
        wrapper.append(child)
    return wrapper


def cover_page(book: Book, image_href: str) -> Page:
    meta = book.metadata
    wrapper = element("section", {"epub:type": "cover", "class": "cover", "aria-label": "Cover"})
    sub(
        wrapper,
        "img",
        {
            "src": image_href,
            "role": "doc-cover",
            "alt": f"Cover: {meta.title}, by {meta.author}. {meta.publisher}.",
        },
    )
    return Page("cover", "cover", "Cover", [wrapper], {"epub:type": "frontmatter"})


def title_page(book: Book) -> Page:
    wrapper = front_section("titlepage", "Title page", frontmatter.title_page(book.metadata))
    return Page(
        "title-page",
        "title-page",
        "Title page",
        [wrapper],
        {"epub:type": "frontmatter"},
        blocks={"title-page": wrapper},
    )


def colophon_page(book: Book, extra: tuple[str, ...], isbn: str = "") -> Page:
    """The colophon of a screen edition, which names the face of the print edition
    rather than claim one it does not carry."""
    extra = (*extra, f"The print edition is set in {book.metadata.font}.")
    if book.page_source:
        extra = (*extra, f"Page numbers: {book.page_source}.")
    content = frontmatter.colophon(book.metadata, extra, isbn=isbn)
    wrapper = front_section("colophon", "Colophon", content, role="doc-colophon")
    return Page(
        "colophon",
        "colophon",
        "Colophon",
        [wrapper],
        {"epub:type": "frontmatter"},
        blocks={"colophon": wrapper},
    )


def contents_nav(book: Book, href) -> etree._Element:
    """The contents as a nested list; `href(section, heading)` says where each entry points."""
    toc = element(
        "nav", {"epub:type": "toc", "role": "doc-toc", "id": "toc", "aria-labelledby": "toc-title"}
    )
    sub(toc, "h1", {"id": "toc-title"}, frontmatter.CONTENTS_TITLE)

    def add(parent: etree._Element, entries) -> None:
        ol = sub(parent, "ol")
        for entry in entries:
            item = sub(ol, "li")
            sub(item, "a", {"href": href(entry.section, entry.heading)}, entry.heading.text)
            if entry.children:
                add(item, entry.children)

    add(toc, book.contents_tree())
    return toc


def link_across_documents(pages: list[Page], suffix: str = ".xhtml") -> None:
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
                    link.set("href", f"{owner[href[1:]].name}{suffix}{href}")


def mark_pages(pages: list[Page], breaks: list[PageBreak]) -> list[tuple[PageBreak, Page]]:
    """Put a page-break marker where each page of the print edition begins.

    Every break is placed: in its block at its word, or, if the screen edition
    has no such block, right after the marker before it. Returns the breaks in
    order with the page that holds each, so that a page list can only point at
    markers that exist.
    """
    owner = {block: (page, el) for page in pages for block, el in page.blocks.items()}
    placed: list[tuple[PageBreak, Page]] = []
    previous: etree._Element | None = None
    for page_break in breaks:
        span = marker(page_break.label)
        if page_break.block in owner:
            page, block = owner[page_break.block]
            skip = {el for el in page.blocks.values() if el is not block}
            place_at_word(block, page_break.word, span, skip)
        elif previous is not None:
            previous.addnext(span)
            span.tail, previous.tail = previous.tail, None
            page = placed[-1][1]
        else:
            continue  # nothing before it to stand after: no page of text yet
        previous = span
        placed.append((page_break, page))
    return placed


def prefix_attribute(prefixes: dict[str, str]) -> str:
    return " ".join(f"{name}: {uri}" for name, uri in sorted(prefixes.items()))


__all__ = ["EPUB", "Page"]
