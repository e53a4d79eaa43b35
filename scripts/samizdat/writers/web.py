"""The web edition: a folder of static HTML pages that reads like the book.

OUT/<slug>-web/ holds index.html (title, description, reading time, contents, the
print edition's pages, downloads, colophon) and one page per section, with the
shared styles (base.css) and the web's own (web.css), the book face subset to the
book's characters, and the cover. It works from a folder (file://) or any static
host, fetches nothing from elsewhere and needs no JavaScript.

The pages come from the HTML layer the EPUB uses (samizdat.html.documents): the
same section documents, notes, note calls, page-break markers and links between
sections. What only the web does is here: notes moved beside their calls (set in
the margin on wide screens, opened over the text on narrow ones), HTML5
serialisation, the index, metadata for the open web (Open Graph, schema.org).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from lxml import etree
from PIL import Image

from samizdat.html.documents import (
    Page,
    colophon_page,
    contents_nav,
    link_across_documents,
    mark_pages,
    notes_beside_calls,
    section_page,
)
from samizdat.model import Book, PageBreak, Section
from samizdat.resources import data, style_path
from samizdat.writers import frontmatter
from samizdat.writers.cover import drawn
from samizdat.writers.files import ensure_folder
from samizdat.writers.web_fonts import font_css, web_fonts
from samizdat.writers.xhtml import XHTML, element, fragment, q, sub

STYLESHEETS = ("base.css", "web.css")
BOOK_STYLE = "style.css"  # a book's own styles, in its manuscript folder
FONT_CSS = "fonts.css"
INDEX = "index"
THEME_COLOURS = {  # web.css's --paper in each scheme
    "(prefers-color-scheme: light)": "#fbf9f4",
    "(prefers-color-scheme: dark)": "#121110",
}
SUFFIX = ".html"
COVER = "cover.jpg"
COVER_WIDTH = 800
# Silent reading of non-fiction by adults (Brysbaert, 2019): about 238 words a minute.
WORDS_PER_MINUTE = 238
DESCRIPTION_LENGTH = 160
# Characters in a line of text on a wide screen, to set a sidenote beside its call: 64
# on average (measured: web.css's --measure of the book face at 20 px), up to about 72.
CHARACTERS_PER_LINE = 64
MOST_CHARACTERS_PER_LINE = 72
UUID_IN_BRACKETS = re.compile(r" \(urn:uuid:[0-9a-f-]+\)")


@dataclass(frozen=True)
class Download:
    href: str  # relative to the edition's folder: ../<slug>.epub
    label: str
    what: str
    media_type: str
    size: int
    isbn: str = ""


# The files a build may write beside the web edition, in the order a reader wants them.
DOWNLOADS = (
    (".epub", "EPUB", "for e-readers and reading apps", "application/epub+zip"),
    (".pdf", "PDF", "the print edition, to read on screen or print at home", "application/pdf"),
    (
        "-booklet.pdf",
        "Booklet PDF",
        "its pages imposed to print double-sided, fold and staple",
        "application/pdf",
    ),
    (
        "-print.pdf",
        "Print-ready PDF",
        "with bleed and crop marks, for a printer",
        "application/pdf",
    ),
    ("-cover.pdf", "Cover PDF", "front and back cover, for a printer", "application/pdf"),
)


def find_downloads(book: Book, folders: Iterable[Path]) -> list[Download]:
    """The other editions that exist in any of `folders` (the first folder wins)."""
    meta = book.metadata
    found = []
    for ending, label, what, media_type in DOWNLOADS:
        name = meta.slug + ending
        for folder in folders:
            path = folder / name
            if path.is_file():
                isbn = meta.isbn_epub if ending == ".epub" else ""
                if ending == ".pdf":
                    isbn = meta.isbn_print
                found.append(
                    Download(f"../{name}", label, what, media_type, path.stat().st_size, isbn)
                )
                break
    return found


def human_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} kB"


def words_in(xhtml: str) -> int:
    return len("".join(fragment(xhtml).itertext()).split())


def reading_time(words: int) -> str:
    minutes = max(1, round(words / WORDS_PER_MINUTE))
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours > 1 else ''}")
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes > 1 else ''}")
    return " ".join(parts)


def iso_duration(words: int) -> str:
    return f"PT{max(1, round(words / WORDS_PER_MINUTE))}M"


def shorten(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: length - 1].rsplit(" ", 1)[0].rstrip(",;:—–-")
    return cut + "…"


def base_url(book: Book) -> str:
    url = book.metadata.url.strip()
    return url if not url or url.endswith("/") else url + "/"


def page_url(book: Book, name: str) -> str:
    base = base_url(book)
    if not base:
        return ""
    return base if name == INDEX else f"{base}{name}{SUFFIX}"


# --- The pages -------------------------------------------------------------------------------


@dataclass
class WebPage:
    """A page of the edition: the shared layer's Page and what the web adds around it."""

    page: Page
    title: str  # the <title>
    heading: str  # the page's own name, for Open Graph and the pager
    description: str
    section: Section | None = None
    structured: str = ""  # schema.org JSON-LD, on the index

    @property
    def file(self) -> str:
        return self.page.name + SUFFIX


def heading_two(nav: etree._Element) -> None:
    """The contents' title is a second-level heading on a page whose first is the book's."""
    for h1 in nav.iter(q("h1")):
        h1.tag = q("h2")


def title_header(book: Book) -> etree._Element:
    """The title page, as the head of the index: the book's title is the page's heading."""
    header = element("header", {"class": "titlepage"})
    for child in fragment(frontmatter.title_page(book.metadata)):
        if child.get("class") == "title":
            child.tag = q("h1")
        header.append(child)
    return header


def index_page(book: Book, sections: list[WebPage], downloads: list[Download]) -> Page:
    meta = book.metadata
    main = element("main", {"id": "main", "class": "index"})
    head = sub(main, "div", {"class": "book-head"})
    cover = sub(head, "div", {"class": "cover"})
    sub(
        cover,
        "img",
        {
            "src": COVER,
            "alt": f"Cover: {meta.title}, by {meta.author}. {meta.publisher}.",
            "width": "400",
            "height": str(cover_height(book, 400)),
        },
    )
    intro = sub(head, "div", {"class": "book-intro"})
    header = title_header(book)
    intro.append(header)
    about = sub(intro, "section", {"class": "about", "aria-label": "About this book"})
    if meta.description:
        sub(about, "p", {"class": "description"}, meta.description)
    words = sum(words_in(s.content) for s in book.sections)
    facts = f"About {reading_time(words)} of reading ({words:,} words"
    if book.page_breaks:
        facts += f"; {len(book.page_breaks)} pages in print"
    sub(about, "p", {"class": "reading-time"}, facts + ").")
    start = first_text(sections)
    begin = sub(about, "p", {"class": "begin"})
    sub(begin, "a", {"href": start.file}, "Start reading")

    toc = contents_nav(book, lambda section, heading: f"{file_of(sections, section)}#{heading.id}")
    heading_two(toc)
    main.append(toc)

    if downloads:
        box = sub(main, "section", {"class": "downloads", "aria-labelledby": "downloads-title"})
        sub(box, "h2", {"id": "downloads-title"}, "Other editions")
        ul = sub(box, "ul")
        for item in downloads:
            li = sub(ul, "li")
            sub(li, "a", {"href": item.href, "type": item.media_type, "download": ""}, item.label)
            li[-1].tail = f", {item.what} ({human_size(item.size)}"
            li[-1].tail += f"; ISBN {item.isbn})" if item.isbn else ")"

    extra = [frontmatter.ACCESSIBILITY_WEB]
    if book.page_breaks:
        extra.append(frontmatter.WEB_PAGE_NUMBERS)
    face = f"This web edition is set in {meta.font} too, served from its own folder."
    colophon = colophon_page(book, (" ".join(extra), face)).body[0]
    for p in colophon.iter(q("p")):
        # The print edition named by its label only: a urn:uuid is not for readers' eyes.
        if p.text and UUID_IN_BRACKETS.search(p.text):
            p.text = UUID_IN_BRACKETS.sub("", p.text)
    del colophon.attrib["aria-label"]
    colophon.set("aria-labelledby", "colophon-title")
    colophon.set("id", "colophon")
    title = element("h2", {"id": "colophon-title"}, "Colophon")
    title.tail, colophon.text = colophon.text, None
    colophon.insert(0, title)
    main.append(colophon)
    return Page(
        INDEX,
        INDEX,
        meta.title,
        [main],
        blocks={"title-page": header, "contents": toc, "colophon": colophon},
    )


def web_marker(span: etree._Element, label: str) -> None:
    """A page-break marker as the web shows it: its number drawn by the styles (so that it
    is never copied with the text), named by `title` (a tooltip, and the name assistive
    technology reads). An `aria-label` on a span is refused by axe-core, which does not
    take DPUB roles on plain HTML elements into account."""
    span.attrib.pop("aria-label", None)
    span.set("title", f"Page {label} of the print edition")
    span.set("data-page", label)
    if at_start(span):
        span.set("class", "at-start")


def at_start(span: etree._Element) -> bool:
    """Whether a page-break marker stands before the first word of its block."""
    parent = span.getparent()
    return parent is not None and parent.index(span) == 0 and not (parent.text or "").strip()


def add_minutes(toc: etree._Element, sections: list[WebPage]) -> None:
    """Each section's reading time beside its first entry in the contents.
    (After the page markers are placed: the contents' words are the print's.)"""
    minutes = {
        web.file: max(1, round(words_in(web.section.content) / WORDS_PER_MINUTE))
        for web in sections
        if web.section is not None
    }
    done = set()
    for link in toc.xpath("./h:ol/h:li/h:a", namespaces={"h": XHTML}):
        file = link.get("href", "").split("#")[0]
        if file in minutes and file not in done:
            done.add(file)
            span = element("span", {"class": "minutes"}, f"{minutes[file]} min")
            span.tail, link.tail = link.tail, " "
            link.addnext(span)


def first_text(sections: list[WebPage]) -> WebPage:
    """Where reading starts: the first section (a foreword too: it is part of the book)."""
    return sections[0]


def file_of(sections: list[WebPage], section: Section) -> str:
    for web in sections:
        if web.section is section:
            return web.file
    raise KeyError(section.id)


def page_list(placed: list[tuple[PageBreak, Page]]) -> etree._Element:
    """Every page of the print edition, as links to its marker: `#page-12` on its page."""
    nav = element(
        "nav",
        {"role": "doc-pagelist", "class": "page-list", "aria-labelledby": "page-list-title"},
    )
    sub(nav, "h2", {"id": "page-list-title"}, "Pages of the print edition")
    ol = sub(nav, "ol")
    for page_break, page in placed:
        target = f"{page.name}{SUFFIX}#page-{page_break.label}"
        sub(sub(ol, "li"), "a", {"href": target}, page_break.label)
    return nav


def section_description(section: Section, book: Book) -> str:
    root = fragment(section.content)
    for call in root.iter(q("a")):
        if call.get("class") == "noteref":
            call.text = ""
    for p in root.iter(q("p")):
        text = " ".join("".join(p.itertext()).split())
        if len(text) > 40:
            return shorten(text)
    return shorten(book.metadata.description or section.title)


def lines_after_call(block: etree._Element, call_id: str) -> int:
    """About how many lines of `block` its call's line and those below it take, at the wide
    screen's measure: how far to lift its sidenote so that it stands beside its call."""
    found = block.xpath(".//*[@id=$id]", id=call_id)
    if block.tag != q("p") or not found:
        return 0
    call, number = found[0], found[0].text
    call.text = "\ufffc"  # a mark that the text cannot hold
    text = "".join(block.itertext())
    call.text = number
    after = len(text) - text.index("\ufffc") - 1
    below = -(-after // CHARACTERS_PER_LINE)  # the rest of the call's line, and the lines below
    # Never more lines than the paragraph may have: a note is never lifted above it.
    return min(below, -(-(len(text) - 1) // MOST_CHARACTERS_PER_LINE))


def lift_sidenotes(page: Page) -> None:
    """Each group of notes follows the paragraph that calls them; on a wide screen it floats
    in the margin, lifted by the lines that follow the call (`--lift`), and keeps room
    below it for the lift of the next group (`--next-lift`) so that no two overlap."""
    groups = [g for g in page.body[0].iter(q("div")) if g.get("class") == "notes"]
    lifts = []
    for group in groups:
        back = group[0].find(f".//{q('a')}[@role='doc-backlink']")
        block = group.getprevious()
        call_id = back.get("href", "")[1:] if back is not None else ""
        lifts.append(lines_after_call(block, call_id) if block is not None else 0)
    for group, lift, following in zip(groups, lifts, [*lifts[1:], 0][: len(lifts)], strict=True):
        style = []
        if lift:
            style.append(f"--lift: {lift}")
        if following:
            style.append(f"--next-lift: {following}")
        if style:
            group.set("style", "; ".join(style))


def section_pages(book: Book) -> list[WebPage]:
    found = []
    for index, section in enumerate(book.sections):
        page = section_page(book, section, index, image_prefix="")
        for aside in page.body[1:]:
            # Each note its own name: to axe-core an aside is a landmark first.
            aside.set("aria-label", f"Note {aside.get('id').removeprefix('note-')}")
        notes_beside_calls(page)
        lift_sidenotes(page)
        if page.name == INDEX:  # index.html is the edition's front page
            page.name = f"{INDEX}-{index}"
        title = book.metadata.title
        if section.title != title:  # the opening of a book is often labelled with its title
            title = f"{section.title} – {title}"
        description = section_description(section, book)
        found.append(WebPage(page, title, section.title, description, section))
    return found


# --- HTML5 ----------------------------------------------------------------------------------


def plain(node: etree._Element) -> etree._Element:
    """An element of the shared XHTML layer as plain HTML: no namespaces, no epub:type."""
    out = etree.Element(
        etree.QName(node).localname,
        {k: v for k, v in node.attrib.items() if not k.startswith("{")},
    )
    if out.tag == "section" and out.get("role") == "region":
        del out.attrib["role"]  # a named section is a region already (the Nu checker says so)
    out.text, out.tail = node.text, node.tail
    for child in node:
        if isinstance(child.tag, str):
            out.append(plain(child))
        elif child.tail:  # a comment or processing instruction: keep the text after it
            if len(out):
                out[-1].tail = (out[-1].tail or "") + child.tail
            else:
                out.text = (out.text or "") + child.tail
    return out


def h(parent: etree._Element, tag: str, attrib: dict[str, str] | None = None, text: str = ""):
    el = etree.SubElement(parent, tag, attrib or {})
    if text:
        el.text = text
    return el


def og_locale(language: str) -> str:
    parts = language.replace("-", "_").split("_")
    return f"{parts[0].lower()}_{parts[1].upper()}" if len(parts) > 1 else parts[0].lower()


def stylesheets(book: Book) -> list[str]:
    own = [BOOK_STYLE] if book.style else []
    return [*STYLESHEETS, FONT_CSS, *own]


def head(book: Book, web: WebPage, pages: list[WebPage]) -> etree._Element:
    meta = book.metadata
    el = etree.Element("head")
    h(el, "meta", {"charset": "utf-8"})
    h(el, "meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"})
    h(el, "meta", {"name": "color-scheme", "content": "light dark"})
    for scheme, colour in THEME_COLOURS.items():  # the browser's own bars, as web.css's paper
        h(el, "meta", {"name": "theme-color", "media": scheme, "content": colour})
    h(el, "title", text=web.title)
    h(el, "meta", {"name": "description", "content": web.description})
    h(el, "meta", {"name": "author", "content": meta.author})
    h(el, "meta", {"name": "generator", "content": "samizdat"})
    url = page_url(book, web.page.name)
    if url:
        h(el, "link", {"rel": "canonical", "href": url})
    for name in stylesheets(book):
        h(el, "link", {"rel": "stylesheet", "href": f"styles/{name}"})
    h(el, "link", {"rel": "icon", "href": COVER, "type": "image/jpeg"})
    position = next(i for i, p in enumerate(pages) if p is web)
    if position > 1:
        h(el, "link", {"rel": "prev", "href": pages[position - 1].file})
    if position + 1 < len(pages):
        h(el, "link", {"rel": "next", "href": pages[position + 1].file})
    # Open Graph: what a link to this page shows where it is shared.
    is_index = web.page.name == INDEX
    og = {
        "og:type": "book" if is_index else "article",
        "og:title": meta.title if is_index else web.heading,
        "og:description": web.description,
        "og:site_name": meta.title,
        "og:locale": og_locale(meta.language),
    }
    if url:
        og["og:url"] = url
        og["og:image"] = base_url(book) + COVER
        og["og:image:alt"] = f"Cover of {meta.title}"
    for prop, value in og.items():
        h(el, "meta", {"property": prop, "content": value})
    if is_index:
        for isbn in filter(None, (meta.isbn_print, meta.isbn_epub)):
            h(el, "meta", {"property": "book:isbn", "content": compact(isbn)})
        h(el, "meta", {"property": "book:release_date", "content": meta.date})
        for subject in meta.subjects:
            h(el, "meta", {"property": "book:tag", "content": subject})
    if web.structured:
        script = h(el, "script", {"type": "application/ld+json"})
        script.text = web.structured
    return el


def compact(isbn: str) -> str:
    return "".join(c for c in isbn if c.isdigit() or c in "Xx").upper()


def json_ld(book: Book, downloads: Iterable[Download] = ()) -> str:
    """schema.org's Book: the work, its people, its series, and its editions with their
    ISBNs and, for those the build wrote, where to download them."""
    meta = book.metadata
    words = sum(words_in(s.content) for s in book.sections)
    properties = {
        "author": "author",
        "translator": "translator",
        "editor": "editor",
        "illustrator": "illustrator",
    }
    found: dict = {
        "@context": "https://schema.org",
        "@type": "Book",
        "name": meta.title,
    }
    if meta.subtitle:
        found["alternativeHeadline"] = meta.subtitle
    for role in data("creators"):
        people = [{"@type": "Person", "name": name} for name in meta.names(role)]
        if people:
            key = properties.get(role, "contributor")
            found.setdefault(key, []).extend(people)
    found["publisher"] = {"@type": "Organization", "name": meta.publisher}
    found["datePublished"] = meta.date
    found["inLanguage"] = meta.language
    found["identifier"] = meta.identifier
    if meta.description:
        found["description"] = meta.description
    if meta.subjects:
        found["keywords"] = ", ".join(meta.subjects)
    if meta.rights:
        found["copyrightNotice"] = meta.rights
    if meta.series:
        series = {"@type": "BookSeries", "name": meta.series.name}
        found["isPartOf"] = series
        if meta.series.number is not None:
            found["position"] = meta.series.number
    if meta.original:
        original = {"@type": "Book", "name": meta.title}
        original["publisher"] = {"@type": "Organization", "name": meta.original.publisher}
        if meta.original.place:
            original["locationCreated"] = {"@type": "Place", "name": meta.original.place}
        if meta.original.date:
            original["datePublished"] = meta.original.date
        found["isBasedOn"] = original
    found["timeRequired"] = iso_duration(words)
    found["wordCount"] = words
    base = base_url(book)
    if base:
        found["url"] = base
        found["image"] = base + COVER
    files = {d.href.removeprefix("../").removeprefix(meta.slug): d for d in downloads}
    editions = []
    for ending, book_format, isbn in (
        (".epub", "https://schema.org/EBook", meta.isbn_epub),
        (".pdf", "https://schema.org/Paperback", meta.isbn_print),
    ):
        edition: dict = {"@type": "Book", "bookFormat": book_format}
        if isbn:
            edition["isbn"] = compact(isbn)
        if ending == ".pdf" and book.page_breaks:
            edition["numberOfPages"] = len(book.page_breaks)
        if ending in files:
            # The print edition's PDF is its digital form: the same pages.
            edition["encodingFormat"] = files[ending].media_type
            edition["url"] = urljoin(base, files[ending].href) if base else files[ending].href
        if isbn or ending in files:
            editions.append(edition)
    if editions:
        found["workExample"] = editions
    text = json.dumps(found, ensure_ascii=False, indent=1)
    return text.replace("</", "<\\/")  # never end the <script> early


def masthead(book: Book) -> etree._Element:
    header = etree.Element("header", {"class": "masthead"})
    h(header, "a", {"href": INDEX + SUFFIX, "class": "book-title"}, book.metadata.title)
    h(header, "a", {"href": f"{INDEX}{SUFFIX}#toc", "class": "to-contents"}, "Contents")
    return header


def pager(web: WebPage, pages: list[WebPage]) -> etree._Element:
    nav = etree.Element("nav", {"class": "pager", "aria-label": "Previous and next section"})
    position = next(i for i, p in enumerate(pages) if p is web)
    if position > 1:
        before = pages[position - 1]
        a = h(nav, "a", {"href": before.file, "rel": "prev", "class": "prev"})
        h(a, "span", {"class": "direction"}, "Previous")
        h(a, "span", {"class": "name"}, before.heading)
    if position + 1 < len(pages):
        after = pages[position + 1]
        a = h(nav, "a", {"href": after.file, "rel": "next", "class": "next"})
        h(a, "span", {"class": "direction"}, "Next")
        h(a, "span", {"class": "name"}, after.heading)
    return nav


def footer(book: Book) -> etree._Element:
    meta = book.metadata
    foot = etree.Element("footer", {"class": "site-footer"})
    p = h(foot, "p")
    a = h(p, "a", {"href": INDEX + SUFFIX}, meta.title)
    a.tail = f", by {meta.author}. {meta.publisher}, {frontmatter.human_date(meta.date)}. "
    h(p, "a", {"href": f"{INDEX}{SUFFIX}#colophon"}, "Colophon")
    return foot


def html_document(book: Book, web: WebPage, pages: list[WebPage]) -> etree._Element:
    html = etree.Element("html", {"lang": book.metadata.language})
    html.append(head(book, web, pages))
    body = h(html, "body", {"class": "index-page" if web.page.name == INDEX else "text-page"})
    if web.page.name == INDEX:
        for el in web.page.body:
            body.append(plain(el))
    else:
        body.append(masthead(book))
        main = h(body, "main", {"id": "main"})
        if web.section is not None and web.section.untitled:
            # The label is a contents entry, never shown in the text; a page still needs a
            # heading for those who find their way by headings.
            h(main, "h1", {"class": "visually-hidden"}, web.section.title)
        for el in web.page.body:
            main.append(plain(el))
        body.append(pager(web, pages))
    body.append(footer(book))
    return html


def serialise(html: etree._Element) -> bytes:
    text = etree.tostring(html, method="html", encoding="unicode", doctype="<!DOCTYPE html>")
    return (text + "\n").encode("utf-8")


# --- Assets ---------------------------------------------------------------------------------


def cover_jpeg(book: Book) -> bytes:
    if book.cover_image is not None and book.cover_data:
        with Image.open(io.BytesIO(book.cover_data)) as supplied:
            image = supplied.convert("RGB")
    else:
        image = drawn(book.metadata)  # drawn here: not encoded as PNG only to be read again
    if image.width > COVER_WIDTH:
        height = round(image.height * COVER_WIDTH / image.width)
        image = image.resize((COVER_WIDTH, height), Image.LANCZOS, reducing_gap=3.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85, optimize=True, progressive=True)
    return out.getvalue()


def cover_height(book: Book, width: int) -> int:
    if book.cover_data:
        with Image.open(io.BytesIO(book.cover_data)) as image:
            return round(image.height * width / image.width)
    design = data("cover")
    return round(design["height"] * width / design["width"])


def characters(documents: Iterable[etree._Element]) -> set[str]:
    found: set[str] = set()
    for doc in documents:
        for text in doc.itertext():
            found.update(text)
    return found


# --- The edition ----------------------------------------------------------------------------


def assemble(book: Book, downloads: list[Download]) -> dict[str, bytes]:
    """Every file of the edition, by its path inside the edition's folder."""
    sections = section_pages(book)
    index = WebPage(
        index_page(book, sections, downloads),
        f"{book.metadata.title}, by {book.metadata.author}",
        book.metadata.title,
        shorten(book.metadata.description or book.metadata.title, 300),
        structured=json_ld(book, downloads),
    )
    pages = [index, *sections]
    placed = mark_pages([p.page for p in pages], book.page_breaks)
    for page_break, page in placed:
        found = page.body[0].xpath(".//*[@id=$id]", id=f"page-{page_break.label}")
        if found:
            web_marker(found[0], page_break.label)
    if placed:
        toc = index.page.blocks["contents"]
        toc.addnext(page_list(placed))
    add_minutes(index.page.blocks["contents"], sections)
    link_across_documents([p.page for p in pages], SUFFIX)
    documents = {web.file: html_document(book, web, pages) for web in pages}

    files: dict[str, bytes] = {name: serialise(doc) for name, doc in documents.items()}
    for name in STYLESHEETS:
        files[f"styles/{name}"] = style_path(name).read_bytes()
    if book.style:  # as the loader read and checked it
        files[f"styles/{BOOK_STYLE}"] = book.style.encode("utf-8")
    fonts = web_fonts(book.metadata.font, characters(documents.values()))
    files[f"styles/{FONT_CSS}"] = font_css(fonts).encode("utf-8")
    for font in fonts:
        files[f"fonts/{font.file_name}"] = font.data
    files[COVER] = cover_jpeg(book)
    for href, content in sorted(book.resource_data.items()):
        files[href] = content  # the bytes the loader read and checked
    return files


def write_folder(target: Path, files: dict[str, bytes]) -> None:
    """Write the folder beside `target` and put it in place whole, replacing an old one."""
    ensure_folder(target.parent)
    temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    old = None
    try:
        for name, content in sorted(files.items()):
            path = temp / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            os.chmod(path, 0o644)
        for folder in [temp, *(p for p in temp.rglob("*") if p.is_dir())]:
            os.chmod(folder, 0o755)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
            os.replace(target, old / target.name)
        os.replace(temp, target)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def write_web(book: Book, target: Path, look_in: Iterable[Path] = ()) -> Path:
    """Write the web edition into the folder `target` (OUT/<slug>-web).

    Its index offers the other editions found beside it, or in `look_in` (the build's
    final output folder, when `target` is in a staging folder).
    """
    downloads = find_downloads(book, [target.parent, *look_in])
    write_folder(target, assemble(book, downloads))
    return target


__all__ = ["write_web"]
