"""The Book: the one document model between the manuscript and every writer.

Readers build it; writers (EPUB, PDF, ...) take it and nothing else. Content is
kept as well-formed XHTML fragments with no namespace and no output-specific
markup: a note call is ``<a class="noteref" href="#note-N" id="noteref-N">N</a>``
and each writer turns it into what its medium needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Original:
    """The first publication of the text this edition reprints."""

    publisher: str
    place: str = ""
    date: str = ""


@dataclass(frozen=True)
class Creator:
    """A person the book names: its author, translator, editor, ..."""

    name: str
    role: str  # a key of data/creators.toml
    file_as: str  # the sort form: "Engels, Friedrich"
    credit: str = ""  # how the title page names the part: "translated by"


@dataclass(frozen=True)
class Series:
    name: str
    number: int | None = None


def join_names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) < 3:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class Metadata:
    title: str
    creators: tuple[Creator, ...]
    language: str
    identifier: str
    publisher: str
    date: str
    description: str
    subjects: tuple[str, ...]
    rights: str
    slug: str
    subtitle: str = ""
    original: Original | None = None
    trim: str = "a5"
    isbn_epub: str = ""
    isbn_print: str = ""
    series: Series | None = None
    toc_depth: int = 2
    font: str = "EB Garamond"
    url: str = ""

    def names(self, role: str) -> list[str]:
        return [c.name for c in self.creators if c.role == role]

    @property
    def author(self) -> str:
        """The authors as a reader sees them named: "Karl Marx and Friedrich Engels"."""
        return join_names(self.names("author"))

    def credits(self) -> list[tuple[str, str]]:
        """(credit, names) for everyone but the authors: ("translated by", "Samuel Moore"),
        a role at a time, in the order the creators come (the reader's order of roles)."""
        roles: dict[str, str] = {}
        for creator in self.creators:
            if creator.role != "author":
                roles.setdefault(creator.role, creator.credit)
        return [(credit, join_names(self.names(role))) for role, credit in roles.items()]


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass
class Note:
    """A note, numbered through the whole book (never per chapter)."""

    number: int
    content: str  # XHTML block elements
    label: str
    source: Path
    line: int | None = None
    section: str = ""  # id of the section where it is first called
    calls: list[str] = field(default_factory=list)  # ids of the calls, in order

    @property
    def id(self) -> str:
        return f"note-{self.number}"


@dataclass(frozen=True)
class Correction:
    """One emendation of the reprinted text, as the register records it."""

    line: int  # the line (paragraph) of the source text
    source: str  # the source's reading
    edition: str  # this edition's reading
    reason: str
    where: str = ""  # the place in this edition, for readers ("Early years, ¶ 12")
    kind: str = "fault"  # "fault" (an error put right) or "normalisation" (a variant made uniform)


@dataclass(frozen=True)
class PageBreak:
    """Where a page of the print edition begins: at word `word` of block `block`."""

    label: str  # the folio, as printed
    block: str  # a block id of writers/blocks.py, or title-page, colophon, contents
    word: int


@dataclass
class Section:
    """One chapter file of the manuscript, or a section a reader generated."""

    id: str
    name: str  # stable file stem for outputs that split the book
    role: str  # chapter, foreword, appendix, backmatter
    title: str  # the heading's text, or the contents label of an untitled section
    level: int
    content: str  # XHTML fragment
    headings: list[Heading] = field(default_factory=list)
    untitled: bool = False  # no heading in the text: the title is a contents label only
    source: Path | None = None
    generated: bool = False  # made by samizdat (e.g. the note on the text), not the author's
    running_head: str = ""  # book.toml's short form of the title for the print running head


@dataclass
class Book:
    metadata: Metadata
    sections: list[Section]
    notes: list[Note]
    root: Path  # the manuscript folder: the only place content may come from
    cover_image: Path | None = None
    cover_data: bytes = b""  # the cover's bytes, read once and checked
    resources: dict[str, Path] = field(default_factory=dict)  # href -> file
    resource_data: dict[str, bytes] = field(default_factory=dict)  # href -> its bytes, checked
    style: str = ""  # the book's own style.css
    corrections: list[Correction] = field(default_factory=list)
    # The pages of the print edition, once it has been laid out (see pagination.py).
    page_breaks: list[PageBreak] = field(default_factory=list)
    page_source: str = ""  # the print edition the page breaks come from

    def note(self, number: int) -> Note:
        return self.notes[number - 1]

    def contents(self, max_level: int | None = None) -> list[tuple[Section, Heading]]:
        """Every entry of the contents, in reading order, to the book's contents depth."""
        max_level = max_level or self.metadata.toc_depth
        entries = []
        for section in self.sections:
            if section.untitled:
                entries.append((section, Heading(1, section.id, section.title)))
            entries.extend((section, h) for h in section.headings if h.level <= max_level)
        return entries

    def contents_tree(self) -> list[Entry]:
        """The contents as a tree: each section's first entry at the top, deeper
        headings under the nearest shallower one of the same section."""
        tree: list[Entry] = []
        stack: list[Entry] = []
        for section, heading in self.contents():
            entry = Entry(section, heading, [])
            while stack and (
                stack[-1].section is not section or stack[-1].heading.level >= heading.level
            ):
                stack.pop()
            (stack[-1].children if stack else tree).append(entry)
            stack.append(entry)
        return tree


@dataclass
class Entry:
    """One entry of the contents, with the entries under it."""

    section: Section
    heading: Heading
    children: list[Entry]
