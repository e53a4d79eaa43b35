"""The print PDF writer: the Book as one HTML document, typeset by WeasyPrint.

Styled by styles/base.css (shared with the EPUB) and styles/print.css (paged
media only), plus a small stylesheet generated here from the trim profile and
the book's sections (page size, margins, per-section page names).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from lxml.html import builder as E
from weasyprint.document import Document

from samizdat import __version__
from samizdat.model import Book, Section
from samizdat.print import weasy
from samizdat.print.weasy import Rendered
from samizdat.roles import section_roles
from samizdat.trims import Trim, trim
from samizdat.writers import frontmatter
from samizdat.writers.blocks import numbered_blocks

STYLESHEETS = ("base.css", "print.css")
MAX_REPAIRS = 6
BLOCKS_IN_NOTES = {"p", "ul", "ol", "li", "blockquote", "div", "pre", "table", "dl"}


@dataclass(frozen=True)
class PrintOptions:
    trim: str = ""  # default: the book's own
    print_ready: bool = False  # bleed and crop marks


def parse(xhtml: str) -> etree._Element:
    return etree.fromstring(f"<div>{xhtml}</div>".encode())


def inline_note(book: Book, number: int) -> etree._Element:
    """A note as WeasyPrint's float: footnote wants it, inline at its call.

    Block elements would break out of the paragraph that holds the call, so
    each becomes a span displayed as a block (see print.css).
    """
    note = book.note(number)
    span = E.SPAN(E.CLASS("footnote"), id=note.id)
    for child in parse(note.content):
        span.append(child)
    for element in span.iter():
        if element is not span and element.tag in BLOCKS_IN_NOTES:
            element.set("class", f"note-{element.tag} " + (element.get("class") or ""))
            element.tag = "span"
    return span


def section_element(book: Book, section: Section, index: int, first_body: bool) -> etree._Element:
    role = section_roles()[section.role]
    classes = [section.role, role.matter]
    if section.untitled:
        classes.append("untitled")
    if first_body:
        classes.append("first-body")
    wrapper = E.SECTION(
        E.CLASS(" ".join(classes)), {"data-page": f"sec{index}", "data-title": section.title}
    )
    if section.untitled:
        wrapper.set("id", section.id)
    body = parse(section.content)
    for img in body.iter("img"):
        img.set("src", book.resources[img.get("src")].resolve().as_uri())
    seen: set[str] = set()
    for call in list(body.iter("a")):
        if call.get("class") != "noteref":
            continue
        number = int(call.text)
        if number in seen:
            continue  # a second call to the same note stays a plain reference
        seen.add(number)
        note = inline_note(book, number)
        note.tail = call.tail
        call.getparent().replace(call, note)
    wrapper.text = body.text
    for child in list(body):
        wrapper.append(child)
    for block_id, block in numbered_blocks(wrapper, index):
        block.set("data-block", block_id)
    return wrapper


def contents(book: Book) -> etree._Element:
    items = []
    for _section, heading, children in book.contents_tree():
        item = E.LI(E.CLASS("level-1"), E.A(heading.text, href=f"#{heading.id}"))
        if children:
            item.append(
                E.OL(*[E.LI(E.CLASS("level-2"), E.A(c.text, href=f"#{c.id}")) for c in children])
            )
        items.append(item)
    title = E.H1(frontmatter.CONTENTS_TITLE)
    return E.NAV(
        E.CLASS("contents"), title, E.OL(*items), {"data-block": "contents"}, id="contents"
    )


def html_document(book: Book) -> str:
    meta = book.metadata
    first_body = next(
        (s.id for s in book.sections if section_roles()[s.role].matter == "bodymatter"),
        book.sections[0].id,
    )
    body = E.BODY(
        {"data-book": meta.title},
        E.SECTION(
            E.CLASS("titlepage"),
            *parse(frontmatter.title_page(meta)),
            {"data-block": "title-page"},
            id="title-page",
        ),
        E.SECTION(
            E.CLASS("colophon"),
            *parse(frontmatter.colophon(meta, (frontmatter.ACCESSIBILITY_PDF,))),
            {"data-block": "colophon"},
            id="colophon",
        ),
        contents(book),
        *[section_element(book, s, i, s.id == first_body) for i, s in enumerate(book.sections)],
    )
    head = E.HEAD(
        E.META(charset="utf-8"),
        E.TITLE(meta.title),
        E.META(name="author", content=meta.author),
        E.META(name="description", content=meta.description or meta.title),
        E.META(name="generator", content=f"samizdat {__version__}"),
    )
    html = E.HTML(head, body, lang=meta.language)
    return etree.tostring(html, encoding="unicode", method="html", doctype="<!DOCTYPE html>")


def generated_css(
    book: Book, page: Trim, options: PrintOptions, pushed: frozenset[str] = frozenset()
) -> str:
    """What depends on the trim and on the book: fonts, page box, page names."""
    bleed = "bleed: 3mm; marks: crop cross;" if options.print_ready else ""
    rules = [
        f"@page {{ size: {page.width}mm {page.height}mm; {bleed}"
        f" margin: {page.top}mm {page.outer}mm {page.bottom}mm {page.inner}mm; }}",
        f"@page :left {{ margin-left: {page.outer}mm; margin-right: {page.inner}mm; }}",
        f"@page :right {{ margin-left: {page.inner}mm; margin-right: {page.outer}mm; }}",
        f"html {{ font-size: {page.font_size}pt; line-height: {page.line_height}pt; }}",
        f".footnote {{ font-size: {page.note_size}pt;"
        f" line-height: {page.note_size * 1.25:.2f}pt; }}",
    ]
    for index, _ in enumerate(book.sections):
        rules.append(f'section[data-page="sec{index}"] {{ page: sec{index}; }}')
        rules.append(f"@page :nth(1 of sec{index}) {{ @top-center {{ content: none; }} }}")
    rules.extend(f'[data-block="{block}"] {{ break-before: page; }}' for block in sorted(pushed))
    return "\n".join(rules)


def boxes_of(box) -> list:
    return list(box.descendants()) if hasattr(box, "descendants") else [box]


def note_pages(document: Document) -> tuple[dict[str, int], dict[str, int]]:
    """The page of each note's call and of its body, from the layout itself."""
    calls: dict[str, int] = {}
    bodies: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        flow = page._page_box.children[0]
        for box in boxes_of(flow):
            footnote = getattr(box, "footnote", None)
            if footnote is not None and footnote.element is not None:
                calls.setdefault(footnote.element.get("id"), index)
        for area in page._page_box.children:
            if type(area).__name__ != "FootnoteAreaBox":
                continue
            for box in boxes_of(area):
                if box.element is not None and box.element.get("class") == "footnote":
                    bodies.setdefault(box.element.get("id"), index)
    return calls, bodies


def blocks_on(document: Document, index: int) -> list[str]:
    flow = document.pages[index]._page_box.children[0]
    found: list[str] = []
    for box in boxes_of(flow):
        block = box.element.get("data-block") if box.element is not None else None
        if block and block not in found:
            found.append(block)
    return found


def blocks_to_push(document: Document, calls: dict[str, int], bodies: dict[str, int]) -> set[str]:
    """The paragraphs to start on a new page so that stray notes rejoin their calls.

    WeasyPrint 70 sometimes sends a note to the next page to make room for the
    last lines of a paragraph that orphans or widows keep together (see the
    library notes). Starting that paragraph on the next page instead is what a
    compositor would do: the page ends a line or two short, and the note stays.
    One paragraph per page that lost a note: the last one, which had no room.
    """
    pages = sorted({page for note, page in calls.items() if bodies.get(note, page) != page})
    pushed = set()
    for page in pages:
        here = blocks_on(document, page)
        if not here:
            continue
        following = set(blocks_on(document, page + 1)) if page + 1 < len(document.pages) else set()
        split = [b for b in here if b in following]
        pushed.add(split[-1] if split else here[-1])
    return pushed


def render(book: Book, options: PrintOptions = PrintOptions()) -> Rendered:
    """The laid-out document, with every note on the page of its call."""
    pushed: set[str] = set()
    for _ in range(MAX_REPAIRS):
        rendered = layout(book, options, frozenset(pushed))
        calls, bodies = note_pages(rendered.document)
        more = blocks_to_push(rendered.document, calls, bodies) - pushed
        if not more:
            break
        pushed |= more
    return rendered


def layout(book: Book, options: PrintOptions, pushed: frozenset[str]) -> Rendered:
    """One layout pass of WeasyPrint."""
    page = trim(options.trim or book.metadata.trim)
    generated = generated_css(book, page, options, pushed)
    rendered = weasy.typeset(html_document(book), book.root, STYLESHEETS, generated)
    document = rendered.document
    document.metadata.keywords = list(book.metadata.subjects)
    document.metadata.lang = book.metadata.language
    return rendered


def write_pdf(
    book: Book,
    target: Path,
    options: PrintOptions = PrintOptions(),
    rendered: Rendered | None = None,
) -> Path:
    """The PDF; a reading PDF (not print-ready) is tagged PDF/UA-1."""
    rendered = rendered or render(book, options)
    variant = {} if options.print_ready else {"pdf_variant": "pdf/ua-1"}
    return weasy.write(rendered.document, target, **variant)
