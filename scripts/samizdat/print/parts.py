"""The book in parts for print: the front matter, then each section as a document of its own.

Every section begins a new page, so a section laid out alone gives the pages a
single pass gives it, provided its document starts where the section starts
in the book. A part's document is told:

- the page it starts on: its first page counts from there (`@page :first {
  counter-reset: page N }`), and if that page is a left-hand one, a spacer
  page comes first (WeasyPrint always begins on a right-hand page) and is
  dropped when the parts are joined;
- the notes called before it (the footnote counter);
- for the front matter, the page of every heading of the contents, written
  in as text where the single pass uses target-counter().

A part is laid out as the whole book is (print/layout.py): hyphenation rounds,
notes kept with their calls. What it tells (its pages, the EPUB's page breaks,
its anchors) is plain data, cached with its PDFs (print/layoutcache.py).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import weasyprint
from lxml import etree

from samizdat import __version__
from samizdat.model import Book
from samizdat.print import (
    continued,
    fonts,
    hyphenation,
    layout,
    notes,
    pagination,
    parallel,
    variants,
)
from samizdat.print.layout import PrintEdition
from samizdat.resources import MONO_FACE, style_path
from samizdat.trims import Trim

SPACER = "samizdat-spacer"
FRONT = "front"


@dataclass
class Part:
    """The title page, colophon and contents ("front"), or one section ("sec3")."""

    name: str
    body: etree._Element  # a BODY holding the part's elements, not yet hyphenated
    notes_before: int  # notes called in the parts before it


def split(book: Book) -> list[Part]:
    body = layout.html_body(book, hyphenate=False)
    children = list(body)
    front = children[: layout.FRONT_ELEMENTS]
    parts = [Part(FRONT, bare_body(body, front), 0)]
    called = 0
    for element in children[layout.FRONT_ELEMENTS :]:
        parts.append(Part(element.get("data-page"), bare_body(body, [element]), called))
        called += sum(1 for e in element.iter("span") if e.get("class") == "footnote")
    return parts


def bare_body(body: etree._Element, children: list[etree._Element]) -> etree._Element:
    part = etree.Element("body", dict(body.attrib))
    for child in children:
        part.append(copy.deepcopy(child))
    return part


def spacer_needed(start: int) -> bool:
    """Whether a part starting on page index `start` needs a spacer page before it.

    WeasyPrint gives a document's first page the side of the book's first
    page: a part starting on a page of the other side is preceded by one.
    """
    return start % 2 == 1


def html(
    book: Book,
    part: Part,
    start: int,
    whole: dict[str, frozenset[str]],
    splits: dict[int, continued.Cuts] | None = None,
) -> str:
    """The part as an HTML document; `splits`: its notes continued on the next page."""
    body = copy.deepcopy(part.body)
    hyphenation.hyphenate(body, book.metadata.language, whole)
    continued.apply(body, splits or {})
    if spacer_needed(start):
        body.insert(0, etree.Element("div", {"class": SPACER}))
    return layout.document_string(book, body)


def css(part: Part, start: int, numbers: dict[str, int] | None) -> str:
    """What places the part in the book: its first folio, its first note, the contents' pages.

    `numbers`: the page number of every heading the contents lists (None: a
    first layout of the front matter, to count its pages, with zeros).
    """
    first = start - (1 if spacer_needed(start) else 0)
    rules = [
        f"@page :first {{ counter-reset: page {first + 1}; }}",
        f"section[data-page] {{ counter-reset: footnote {part.notes_before}; }}",
    ]
    if part.name == FRONT:
        rules.append(f"div.{SPACER} {{ display: none; }}")
        rules.append("nav.contents a::after { content: leader('. ') '0'; }")
        for target, number in sorted((numbers or {}).items()):
            rules.append(
                f'nav.contents a[href="#{css_string(target)}"]::after'
                f" {{ content: leader('. ') '{number}'; }}"
            )
    return "\n" + "\n".join(rules)


def css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("'", "\\'")


def contents_targets(part: Part) -> list[str]:
    return [a.get("href")[1:] for a in part.body.iter("a") if (a.get("href") or "").startswith("#")]


@dataclass
class LaidPart:
    """A part laid out: plain facts (cached) and its PDFs by variant name."""

    pages: int  # its pages in the book (blank pages included, the spacer not)
    skip: int  # spacer pages at the start of its PDFs
    breaks: list[tuple[int, str, int]]  # (page within the part, block, words before)
    anchors: dict[str, int]  # id -> page within the part
    pushed: list[str]  # paragraphs started on a new page to keep notes with calls
    passes: int
    stray_notes: int  # notes off their call's page (then the part cannot be joined)
    ends_hyphenated: bool  # its last line ends in a hyphen (a run might go on in the book)
    pdfs: dict[str, bytes] = field(default_factory=dict)
    writing: parallel.Pending[dict[str, bytes]] | None = None  # the PDFs, still being written

    def facts(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in ("pdfs", "writing")}

    def written(self) -> LaidPart:
        """The part with its PDFs, once the process writing them is done."""
        if self.writing is not None:
            self.pdfs, self.writing = self.writing.result(), None
        return self

    @classmethod
    def from_facts(cls, facts: dict, pdfs: dict[str, bytes]) -> LaidPart:
        facts = dict(facts)
        facts["breaks"] = [tuple(b) for b in facts["breaks"]]
        return cls(**facts, pdfs=pdfs)


def lay_out(
    book: Book,
    page: Trim,
    part: Part,
    start: int,
    numbers: dict[str, int] | None,
    wanted: list[variants.Variant],
    background: bool = False,
) -> LaidPart:
    """Lay out one part starting on page index `start`, and write it as each wanted variant.

    `background`: its PDFs written in another process while this one lays out
    the next part (parallel.in_background); `written()` waits for them.
    """
    extra = css(part, start, numbers)
    edition = layout.settle(
        lambda whole, carry: layout.lay_out_html(
            book,
            page,
            lambda split: html(book, part, start, whole, split),
            extra,
            report=False,
            carry=carry,
        )
    )
    document = edition.document
    skip = 1 if spacer_needed(start) else 0
    anchors: dict[str, int] = {}
    for index, laid in enumerate(document.pages[skip:]):
        for name in laid.anchors:
            anchors.setdefault(name, index)
    lines = hyphenation.laid_lines(document)
    breaks = pagination.page_breaks(document)
    laid = LaidPart(
        pages=len(document.pages) - skip,
        skip=skip,
        breaks=[(int(b.label) - 1 - skip, b.block, b.word) for b in breaks],
        anchors=anchors,
        pushed=sorted(edition.pushed),
        passes=edition.passes,
        stray_notes=notes.stray_notes(document),
        ends_hyphenated=bool(lines) and hyphenation.ends_hyphenated(lines[-1][1]),
    )
    keep_links(edition)

    def pdfs() -> dict[str, bytes]:
        return {variant.name: write_bytes(edition, variant) for variant in wanted}

    if background and wanted:
        laid.writing = parallel.in_background(pdfs)
    else:
        laid.pdfs = pdfs()
    return laid


def keep_links(edition: PrintEdition) -> None:
    """Links to other parts kept: WeasyPrint drops a link whose target it has not laid out.

    Each missing target is given a stand-in anchor on the part's first page;
    the joined book's destinations are the parts' own (print/join.py).
    """
    pages = edition.document.pages
    present = {name for laid in pages for name in laid.anchors}
    missing = {
        target
        for laid in pages
        for kind, target, _, _ in laid.links
        if kind == "internal" and target not in present
    }
    for name in sorted(missing):
        pages[0].anchors[name] = (0, 0, 0, 0)


def write_bytes(edition: PrintEdition, variant: variants.Variant) -> bytes:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory(prefix="samizdat-part-") as folder:
        target = Path(folder) / "part.pdf"
        edition.write(variant, target)
        return target.read_bytes()


def key(book: Book, page: Trim, part: Part, start: int, numbers: dict[str, int] | None) -> str:
    """Everything a part's pages depend on, hashed: its text, styles, trim, faces, start."""
    return layout_key(book, page, part.body, css(part, start, numbers), {"start": start})


def count_key(book: Book, page: Trim, part: Part) -> str:
    """What a part's count of pages depends on: not its first page's number, nor its side.

    Facing pages mirror their margins, so a section's text breaks into the
    same lines and pages on either side; only the blank page before a text
    that must begin on a right-hand page depends on the side (leading_blank).
    """
    return layout_key(book, page, part.body, css(part, 0, None), {"count": True})


def leading_blank(part: Part, start: int) -> int:
    """The blank page a part starting at page index `start` opens with (print.css first-body)."""
    first = part.body[0] if len(part.body) else None
    right = first is not None and "first-body" in (first.get("class") or "").split()
    return 1 if right and start % 2 == 1 else 0


def layout_key(
    book: Book, page: Trim, body: etree._Element, extra_css: str, more: dict | None = None
) -> str:
    """The hash of what the layout of `body` (the book's, or a part's) depends on."""
    faces = [f for family in (book.metadata.font, MONO_FACE) for f in fonts.family_faces(family)]
    images = sorted(
        hashlib.sha256(data).hexdigest()
        for url, data in layout.preloaded(book).items()
        if any(img.get("src") == url for img in body.iter("img"))
    )
    material = {
        "versions": [__version__, weasyprint.__version__, CACHE_FORMAT, code_fingerprint()],
        "html": layout.document_string(book, body),
        "language": book.metadata.language,
        "keywords": list(book.metadata.subjects),
        "css": layout.generated_css(book, page) + extra_css,
        "styles": [style_path(name).read_text(encoding="utf-8") for name in layout.STYLESHEETS],
        "book_css": book.style,
        "faces": [[f.family, f.style, f.weight, fonts.file_hash(f.path)] for f in faces],
        "images": images,
        **(more or {}),
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


CACHE_FORMAT = "1"  # bumped when what a part's entry holds changes


@functools.cache
def code_fingerprint() -> str:
    """A hash of samizdat's own code and data: a layout cached by other code is not reused.

    The version number alone does not change with every edit of the layout
    code (the page maker's remedies, the house styles, the limits it reads).
    """
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".toml", ".css"} and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
