"""The book laid out for print: the Book as one HTML document, typeset once by WeasyPrint.

Styled by styles/base.css (shared with the EPUB) and styles/print.css (paged
media only), plus a small stylesheet generated here from the trim profile and
the book's sections (page size, margins, per-section page names). The laid-out
pages are a PrintEdition: every print file is made from them (variants.py),
and the EPUB's page list is read from them (pagination.py).
"""

from __future__ import annotations

import copy
import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Protocol

from lxml import etree
from lxml.html import builder as E
from weasyprint.document import Document

from samizdat import __version__
from samizdat.model import Book, PageBreak, Section
from samizdat.print import continued, cuts, hyphenation, pagination, spreads, variants, weasy
from samizdat.print.notes import keep_notes_with_calls
from samizdat.print.pagemaker import PageMaker, Recipe
from samizdat.print.variants import Variant
from samizdat.print.weasy import Rendered
from samizdat.resources import MONO_FACE
from samizdat.roles import section_roles
from samizdat.trims import Trim
from samizdat.writers import frontmatter
from samizdat.writers.blocks import numbered_blocks

STYLESHEETS = ("base.css", "print.css")
LEAD_INS_BEFORE = {"blockquote", "ul", "ol", "table", "pre", "dl", "figure"}
JOINER = "\u2060"  # a word joiner: no line break on either side of it
BLOCKS_IN_NOTES = {"p", "ul", "ol", "li", "blockquote", "div", "pre", "table", "dl"}


def parse(xhtml: str) -> etree._Element:
    return etree.fromstring(f"<div>{xhtml}</div>".encode())


def inline_note(book: Book, number: int) -> etree._Element:
    """A note as WeasyPrint's float: footnote wants it, inline at its call.

    Block elements would break out of the paragraph that holds the call, so
    each becomes a span displayed as a block (see print.css).
    """
    note = book.note(number)
    span = E.SPAN(E.CLASS("footnote"), {"data-note": str(number)}, id=note.id)
    for child in parse(note.content):
        span.append(child)
    for element in span.iter():
        if element is not span and element.tag in BLOCKS_IN_NOTES:
            element.set("class", f"note-{element.tag} " + (element.get("class") or ""))
            element.tag = "span"
            if element.tail and not element.tail.strip():
                element.tail = None  # between blocks, it would be set as an empty line
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
        img.set("src", image_url(book, img.get("src")))
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
        join_to_word_before(call)
        call.getparent().replace(call, note)
    mark_lead_ins(body)
    for number, heading in enumerate(body.iter("h1")):
        short = section.running_head if number == 0 else ""
        heading.set("data-head", short or running_head(heading))
    wrapper.text = body.text
    for child in list(body):
        wrapper.append(child)
    for block_id, block in numbered_blocks(wrapper, index):
        block.set("data-block", block_id)
    if first_body and section.untitled:
        # print only, and not one of the text's numbered blocks (the EPUB's page list)
        title = E.P(E.CLASS("opening-title"), book.metadata.title)
        title.tail, wrapper.text = wrapper.text, None
        wrapper.insert(0, title)
    return wrapper


def join_to_word_before(call: etree._Element) -> None:
    """A word joiner between a note's call and the word it follows.

    WeasyPrint may break a line between two boxes where no space parts them:
    a call after a word that ends its line ("manifesto:") went down alone to
    the next one. Unicode's joiner forbids the break, as it does in a browser.
    """
    previous = call.getprevious()
    before = (previous.tail if previous is not None else call.getparent().text) or ""
    if previous is None and not before:
        return
    if before and before[-1].isspace():
        return
    if previous is not None:
        previous.tail = before + JOINER
    else:
        call.getparent().text = before + JOINER


def running_head(heading: etree._Element) -> str:
    """The heading's words without its note calls: `content(text)` would carry their numbers."""
    words = copy.deepcopy(heading)
    for note in words.xpath(".//span[contains(concat(' ', @class, ' '), ' footnote ')]"):
        parent, previous, tail = note.getparent(), note.getprevious(), note.tail or ""
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
        parent.remove(note)
    return " ".join("".join(words.itertext()).split())


def mark_lead_ins(body: etree._Element) -> None:
    """A paragraph ending in a colon stays on the page of what it introduces."""
    for p in body.iter("p"):
        following = p.getnext()
        if following is None:
            continue
        introduced = following.tag in LEAD_INS_BEFORE or "verse" in (following.get("class") or "")
        if introduced and "".join(p.itertext()).rstrip().endswith(":"):
            p.set("class", ("lead-in " + (p.get("class") or "")).strip())


def contents(book: Book) -> etree._Element:
    def entry(node, level: int) -> etree._Element:
        item = E.LI(E.CLASS(f"level-{level}"), E.A(node.heading.text, href=f"#{node.heading.id}"))
        if node.children:
            item.append(E.OL(*[entry(child, level + 1) for child in node.children]))
        return item

    items = [entry(node, 1) for node in book.contents_tree()]
    title = E.H1(frontmatter.CONTENTS_TITLE)
    return E.NAV(
        E.CLASS("contents"), title, E.OL(*items), {"data-block": "contents"}, id="contents"
    )


def html_body(
    book: Book, whole: dict[str, frozenset[str]] | None = None, hyphenate: bool = True
) -> etree._Element:
    """The book's body: title page, colophon, contents, then one element per section."""
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
            *parse(
                frontmatter.colophon(
                    meta, (frontmatter.ACCESSIBILITY_PDF,), meta.isbn_print, meta.font
                )
            ),
            {"data-block": "colophon"},
            id="colophon",
        ),
        contents(book),
        *[section_element(book, s, i, s.id == first_body) for i, s in enumerate(book.sections)],
    )
    if hyphenate:
        hyphenation.hyphenate(body, meta.language, whole)
    return body


FRONT_ELEMENTS = 3  # the title page, the colophon and the contents open html_body()


def document_string(book: Book, body: etree._Element) -> str:
    """A body (the whole book's, or a part of it: print/parts.py) as an HTML document."""
    meta = book.metadata
    head = E.HEAD(
        E.META(charset="utf-8"),
        E.TITLE(meta.title),
        E.META(name="author", content=meta.author),
        E.META(name="description", content=meta.description or meta.title),
        E.META(name="generator", content=f"samizdat {__version__}"),
    )
    html = E.HTML(head, body, lang=meta.language)
    return etree.tostring(html, encoding="unicode", method="html", doctype="<!DOCTYPE html>")


def html_document(
    book: Book,
    whole: dict[str, frozenset[str]] | None = None,
    splits: Mapping[int, continued.Cuts] | None = None,
) -> str:
    """The book as one HTML document; `whole`: words not to hyphenate, by block; `splits`:
    notes continued on the next page, with the words set on the page of their call."""
    return document_string(book, continued.apply(html_body(book, whole), splits or {}))


def generated_css(book: Book, page: Trim, pushed: frozenset[str] = frozenset()) -> str:
    """What depends on the trim and on the book: page box, page names, pushed paragraphs.

    Bleed and marks are not here: they belong to a print variant, and are added
    to the laid-out pages (print/marks.py).
    """
    rules = [
        f"@page {{ size: {page.width}mm {page.height}mm;"
        f" margin: {page.top}mm {page.outer}mm {bottom_margin(page)} {page.inner}mm; }}",
        f"@page :left {{ margin-left: {page.outer}mm; margin-right: {page.inner}mm; }}",
        f"@page :right {{ margin-left: {page.inner}mm; margin-right: {page.outer}mm; }}",
        f"html {{ font-size: {page.font_size}pt; line-height: {page.line_height}pt; }}",
        f".footnote {{ font-size: {page.note_size}pt;"
        f" line-height: {page.note_size * 1.25:.2f}pt; }}",
        *grid_rules(page.line_height),
        # notes leave TEXT_KEPT lines of text on a page; a longer note runs on (cuts.py)
        f"@page {{ @footnote {{ max-height: calc("
        f"{(page.text_lines - cuts.TEXT_KEPT) * page.line_height:g}pt"
        f" - {cuts.RULE_SPACE_MM:g}mm); }} }}",
        f"section.colophon {{ height: {page.text_lines * page.line_height:g}pt; }}",
    ]
    for index, _ in enumerate(book.sections):
        name = f"{spreads.TEXT_PAGES}{index}"
        rules.append(f'section[data-page="sec{index}"] {{ page: {name}; }}')
        rules.append(f"@page :nth(1 of {name}) {{ @top-center {{ content: none; }} }}")
    rules.extend(f'[data-block="{block}"] {{ break-before: page; }}' for block in sorted(pushed))
    rules.extend(face_rules(book.metadata.font))
    return "\n".join(rules)


def bottom_margin(page: Trim) -> str:
    """The bottom margin, rounded down: rounded up, the block would miss its last line by a hair."""
    return f"{math.floor(page.text_bottom * 1000) / 1000:.3f}mm"


def grid_rules(lead: float) -> list[str]:
    """Headings, quotations and breaks in whole lines: the text of facing pages shares lines.

    Every block of the running text is a whole number of lines deep (line
    height and margins in multiples of the leading), so that the lines after
    it stand on the same baselines as on the facing page.
    """
    L = f"{lead}pt"  # noqa: N806

    def lines(n: float) -> str:
        return f"{lead * n:g}pt"

    return [
        f"section h1 {{ line-height: {lines(2)}; margin: {lines(4)} 0 {lines(2)}; }}",
        f"section.first-body > p.opening-title {{ line-height: {lines(2)};"
        f" margin: {lines(2)} 0 {lines(2)}; }}",
        f"h2 {{ line-height: {L}; margin: {lines(2)} 0 {L}; }}",
        "h1 + h2 { margin-top: 0; }",
        f"h3 {{ line-height: {L}; margin: {L} 0 0; }}",
        f"blockquote, blockquote * {{ line-height: {L}; }}",
        f"blockquote {{ margin-top: {L}; margin-bottom: {L}; }}",
        f"blockquote p, li, dd, dt {{ line-height: {L}; }}",
        f"ul, ol {{ margin-top: {L}; margin-bottom: {L}; }}",
        "li { margin: 0; }",
        "li ul, li ol { margin-top: 0; margin-bottom: 0; }",
        f"p.dateline {{ margin-top: {L}; }}",
        f"pre, figure {{ margin-top: {L}; margin-bottom: {L}; }}",
        f".verse {{ margin-top: {L}; margin-bottom: {L}; }}",
        f".verse p {{ line-height: {L}; margin-bottom: 0; }}",
        f"hr {{ margin: 0; line-height: {L}; height: {lines(3)}; padding-top: {L};"
        " box-sizing: border-box; }",
        f"hr::after {{ line-height: {L}; }}",
        f"section.untitled {{ padding-top: {lines(4)}; }}",
        f"section.untitled.first-body {{ padding-top: {lines(2)}; }}",
    ]


def face_rules(face: str) -> list[str]:
    """The book's face (book.toml `font`) for the text and the running heads and folios."""
    family = f'font-family: "{face}";'
    return [
        f"html {{ {family} }}",
        f"@page {{ @bottom-center {{ {family} }} }}",
        f"@page :left {{ @top-center {{ {family} }} }}",
        f"@page :right {{ @top-center {{ {family} }} }}",
    ]


def image_url(book: Book, href: str) -> str:
    return book.resources[href].resolve().as_uri()


def preloaded(book: Book) -> dict[str, bytes]:
    """The book's images by the URL the HTML gives them, with the bytes the loader checked."""
    return {image_url(book, href): data for href, data in book.resource_data.items()}


@dataclass
class PrintEdition:
    """The book laid out once: the pages every print file is made from, and what they tell."""

    trim: Trim
    rendered: Rendered
    passes: int  # layouts it took to keep every note on the page of its call
    pushed: frozenset[str]  # the paragraphs started on a new page for that
    seed: Seed | None = None  # what its round of settle() began from: words whole, notes split
    settled: bool = True  # no more words to leave whole (else HYPHEN_ROUNDS ran out)
    # notes continued (print/continued.py): the words before each cut
    continued: dict[int, continued.Cuts] = dataclasses.field(default_factory=dict)
    makes: int = 0  # pages WeasyPrint made, tries included (as many as pages: made as last time)

    @property
    def document(self) -> Document:
        return self.rendered.document

    @property
    def page_count(self) -> int:
        return len(self.document.pages)

    def write(self, variant: Variant, target: Path) -> Path:
        """One print file from these pages (print/variants.py)."""
        return variants.write(self.document, variant, target)

    @cached_property
    def overfull_notes(self) -> list[tuple[int, int]]:
        """(page, note number) of notes longer than a page (print/cuts.py)."""
        return cuts.overfull(self.document)

    @cached_property
    def page_breaks(self) -> list[PageBreak]:
        """Where each printed page begins in the text, for the EPUB's page list."""
        return pagination.page_breaks(self.document)

    def annotate(self, book: Book, source: str) -> Book:
        """The Book as the EPUB writer wants it: with this edition's pages (`source` names it)."""
        return dataclasses.replace(book, page_breaks=self.page_breaks, page_source=source)


HYPHEN_ROUNDS = 3  # layouts to break up runs of hyphenated lines


def lay_out(book: Book, page: Trim, seeds: Seeds | None = None) -> PrintEdition:
    """The book laid out at `page`, every note on the page of its call (see settle()).

    `seeds`: where the last layout of the same book kept what its settled round
    began from (print/layoutcache.py): starting from that, the first layout is
    the last one, page for page, rather than one of two or three.
    """
    key = seeds.key(book, page) if seeds is not None else None
    seed = seeds.get_seed(key) if seeds is not None and key else None
    edition = settle(lambda whole, carry: lay_out_once(book, page, whole, carry), seed)
    if seeds is not None and key and edition.settled:
        seeds.put_seed(key, edition.seed)
    return edition


@dataclass(frozen=True)
class Seed:
    """What the last layout pass of a round of settle() began from: words left whole,
    notes continued, paragraphs pushed and the page maker's remedies known."""

    whole: dict[str, frozenset[str]]
    splits: dict[int, continued.Cuts]
    pushed: frozenset[str] = frozenset()
    memo: dict = dataclasses.field(default_factory=dict)
    recipe: Recipe | None = None  # how that pass made each page (print/pagemaker.py)


class Seeds(Protocol):
    def key(self, book: Book, page: Trim) -> str | None: ...
    def get_seed(self, key: str) -> Seed | None: ...
    def put_seed(self, key: str, seed: Seed) -> None: ...


@dataclass
class Carry:
    """What one round of settle() hands the next: notes continued, the spreads' remedies."""

    splits: dict[int, continued.Cuts] = dataclasses.field(
        default_factory=dict
    )  # print/continued.py
    memo: dict = dataclasses.field(default_factory=dict)  # print/pagemaker.py
    pushed: frozenset[str] = frozenset()  # paragraphs pushed from the start (print/notes.py)
    begun: tuple = ()  # what the round's last pass began from: pushed, splits, memo
    recipe: Recipe | None = None  # how the pass it begins with makes its pages, if known


def settle(
    lay_out_once: Callable[[dict[str, frozenset[str]], Carry], PrintEdition],
    seed: Seed | None = None,
) -> PrintEdition:
    """The last of up to HYPHEN_ROUNDS layouts, each leaving more words whole.

    The page maker leaves whole the third word of three hyphenated lines in a
    row as it makes each page (print/pagemaker.py); should a run be left all
    the same, the word broken at the end of its third line is left whole from
    the start and the text laid out again; each round only adds words.
    `lay_out_once(whole, carry)` lays out the book, or one part of it
    (print/parts.py), with the words of `whole` (by block) unbroken.
    A layout pass is a function of what it begins from; the settled round's
    last pass's (edition.seed) as `seed` gives that layout again, page for
    page, in one pass.
    """
    whole: dict[str, frozenset[str]] = dict(seed.whole) if seed else {}
    carry = (
        Carry(dict(seed.splits), dict(seed.memo), seed.pushed, recipe=seed.recipe)
        if seed
        else Carry()
    )
    for _ in range(HYPHEN_ROUNDS):
        edition = lay_out_once(whole, carry)
        pushed, splits, memo = carry.begun
        edition.seed = Seed(dict(whole), splits, pushed, memo, carry.recipe)
        runs = hyphenation.hyphen_runs(edition.document)
        more = {b: w - whole.get(b, frozenset()) for b, w in runs.items()}
        edition.settled = not any(more.values())
        if edition.settled:
            break
        whole = {b: whole.get(b, frozenset()) | runs.get(b, frozenset()) for b in {*whole, *runs}}
        carry = Carry(splits=carry.splits)  # other words whole: what mended a page need not now
    return edition


def lay_out_once(
    book: Book, page: Trim, whole: dict[str, frozenset[str]], carry: Carry | None = None
) -> PrintEdition:
    return lay_out_html(book, page, lambda split: html_document(book, whole, split), carry=carry)


def lay_out_html(
    book: Book,
    page: Trim,
    html: Callable[[dict[int, continued.Cuts]], str],
    extra_css: str = "",
    report: bool = True,
    carry: Carry | None = None,
) -> PrintEdition:
    """An HTML document of the book (or of a part of it) laid out, notes kept with calls.

    `html(splits)`: the document, with the notes of `splits` continued on the
    next page (print/continued.py); `carry`: what an earlier round learnt.
    """
    carry = carry if carry is not None else Carry()
    documents: dict[tuple, str] = {}

    def one_pass(
        pushed: frozenset[str], keeper: PageMaker, split: dict[int, continued.Cuts]
    ) -> Rendered:
        generated = generated_css(book, page, pushed) + extra_css
        key = tuple(sorted(split.items()))
        if key not in documents:
            documents[key] = html(split)
        rendered = weasy.typeset(
            documents[key],
            book.root,
            STYLESHEETS,
            generated,
            families=(book.metadata.font, MONO_FACE),
            make_all_pages=keeper.make_all_pages,
            preloaded=preloaded(book),
            book_css=book.style,
        )
        rendered.document.metadata.keywords = list(book.metadata.subjects)
        rendered.document.metadata.lang = book.metadata.language
        return rendered

    repaired = keep_notes_with_calls(
        one_pass,
        page.line_height,
        page.font_size,
        carry.splits,
        carry.memo,
        report,
        carry.pushed,
        carry.recipe,
    )
    carry.splits, carry.begun, carry.recipe = repaired.splits, repaired.begun, repaired.recipe
    return PrintEdition(
        page,
        repaired.rendered,
        repaired.passes,
        repaired.pushed,
        continued=repaired.splits,
        makes=repaired.makes,
    )
