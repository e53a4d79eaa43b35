"""A manuscript folder -> a Book: chapters in order, notes numbered through the book."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from lxml import etree
from lxml import html as lxml_html

from samizdat.errors import SamizdatError
from samizdat.manuscript.files import limit, read_inside
from samizdat.manuscript.images import collect_images, read_cover
from samizdat.manuscript.markdown import CALL_CLASS, NOTE_CLASS, NOTES_CLASS, to_html
from samizdat.manuscript.metadata import BOOK_FILE, load_metadata
from samizdat.manuscript.register import NOTE_ID, load_corrections, locate, note_on_the_text
from samizdat.manuscript.sanitize import line_of, sanitise
from samizdat.manuscript.source import Mark, decode, marks, read_chapter
from samizdat.manuscript.verse import set_verse_lines
from samizdat.model import Book, Heading, Note, Section
from samizdat.roles import section_roles

ROLES = tuple(section_roles())
BOOK_STYLE = "style.css"
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# The documents samizdat makes beside the chapters, and the ids it gives.
RESERVED_NAMES = ("cover", "title-page", "colophon", "nav", "toc", "index", NOTE_ID)
RESERVED_IDS = {"title-page", "colophon", "contents", "cover", "toc", NOTE_ID}
RESERVED_ID_PREFIXES = ("note-", "noteref-", "page-")
VALID_ID = re.compile(r"[A-Za-z][\w.-]*")
CONTENTS_LEVELS = 3


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^\w\s-]", "", text.lower())
    slug = re.sub(r"[\s_-]+", "-", slug).strip("-")
    if not slug or not slug[0].isalpha():
        slug = "s-" + slug if slug else "section"
    return slug


def chapter_files(root: Path, data: dict[str, Any]) -> list[Path]:
    book = root / BOOK_FILE
    if "order" in data:
        files = []
        for name in data["order"]:
            path = root / str(name)
            if not path.is_file():
                raise SamizdatError(f"'order' lists {name}, which does not exist", book)
            if path in files:
                raise SamizdatError(f"'order' lists {name} twice", book)
            files.append(path)
    else:
        files = sorted(p for p in root.glob("*.md") if p.is_file())
    if not files:
        raise SamizdatError("no chapters: the manuscript folder has no *.md files", root)
    if len(files) > limit("chapters"):
        raise SamizdatError(f"{len(files):,} chapters: at most {limit('chapters'):,}", root)
    for path in files:
        resolved = path.resolve()
        if not resolved.is_relative_to(root.resolve()):
            raise SamizdatError("chapter file points outside the manuscript folder", path)
    return files


def chapter_settings(data: dict[str, Any]) -> dict[str, dict]:
    """Each chapter's settings ([chapters."FILE.md"]), checked with the metadata."""
    return data.get("chapters", {})


class IdRegistry:
    """Ids unique through the whole book, because the PDF joins every chapter."""

    def __init__(self) -> None:
        self.used: set[str] = set(RESERVED_IDS)
        self.next: dict[str, int] = {}

    def claim(self, wanted: str, explicit: bool, path: Path, line: int | None) -> str:
        if wanted not in self.used:
            self.used.add(wanted)
            return wanted
        if explicit:
            raise SamizdatError(
                f"duplicate id '{wanted}': ids must be unique in the book", path, line
            )
        n = self.next.get(wanted, 2)
        while f"{wanted}-{n}" in self.used:
            n += 1
        self.next[wanted] = n + 1
        self.used.add(f"{wanted}-{n}")
        return f"{wanted}-{n}"


def parse_fragment(html: str) -> etree._Element:
    return lxml_html.fragment_fromstring(html, create_parent="div")


def serialise(container: etree._Element) -> str:
    """The container's children as well-formed XML text."""
    parts = [container.text or ""] if (container.text or "").strip() else []
    parts += [etree.tostring(child, encoding="unicode", method="xml") for child in container]
    return "".join(parts).strip()


def ids_in(xhtml: str) -> set[str]:
    tree = etree.fromstring(f"<div>{xhtml}</div>".encode())
    return {el.get("id") for el in tree.iter() if el.get("id")}


def text_of(element: etree._Element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def check_shape(text: str, path: Path) -> None:
    """What Python-Markdown is slow on, refused before it sees it: blocks nested beyond
    reason, runs of unmatched brackets, tables of thousands of rows, and thousands of
    blocks in one file (its inline pass is quadratic in them)."""
    most, rows, blocks, previous_blank = limit("nesting"), 0, 0, True
    for number, line in enumerate(text.splitlines(), 1):
        prefix = line[: len(line) - len(line.lstrip("> \t"))]
        if max(prefix.count(">"), len(prefix.expandtabs(4)) // 4) > most:
            raise SamizdatError(f"nested more than {most} deep", path, number)
        unmatched = line.count("[") - line.count("]")
        if unmatched > limit("line_brackets"):
            raise SamizdatError(f"{unmatched:,} unmatched '[' on one line", path, number)
        rows = rows + 1 if line.lstrip().startswith("|") else 0
        if rows > limit("table_rows"):
            raise SamizdatError(
                f"a table of more than {limit('table_rows'):,} rows", path, number - rows + 1
            )
        blank = not line.strip()
        blocks += previous_blank and not blank
        previous_blank = blank
        if blocks > limit("blocks"):
            raise SamizdatError(
                f"more than {limit('blocks'):,} paragraphs and headings in one file:"
                " split it into chapters",
                path,
                number,
            )


def check_notes(path: Path, found: list[Mark]) -> None:
    """Undefined, uncalled, duplicate and empty notes: errors with their line."""
    definitions: dict[str, Mark] = {}
    for mark in found:
        if mark.kind == "definition":
            if mark.label in definitions:
                raise SamizdatError(f"note [^{mark.label}] is defined twice", path, mark.line)
            definitions[mark.label] = mark
    called = set()
    for mark in found:
        if mark.kind == "call":
            if mark.label not in definitions:
                raise SamizdatError(
                    f"note [^{mark.label}] is called but never defined", path, mark.line
                )
            called.add(mark.label)
    for label, mark in definitions.items():
        if label not in called:
            raise SamizdatError(f"note [^{label}] is defined but never called", path, mark.line)


class Loader:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.ids = IdRegistry()
        self.notes: list[Note] = []
        self.resources: dict[str, Path] = {}
        self.resource_data: dict[str, bytes] = {}
        self.names: set[str] = set(RESERVED_NAMES)

    def load(self) -> Book:
        if not self.root.is_dir():
            raise SamizdatError("manuscript folder not found", self.root)
        metadata, data = load_metadata(self.root)
        files = chapter_files(self.root, data)
        settings = chapter_settings(data)
        sections = [self.section(path, settings.get(path.name, {})) for path in files]
        self.resolve_links(sections)
        corrections, preamble, source_lines = load_corrections(self.root)
        if corrections:
            corrections = locate(sections, corrections, source_lines)
            sections.append(note_on_the_text(corrections, preamble))
        cover, cover_data = read_cover(self.root)
        return Book(
            metadata,
            sections,
            self.notes,
            self.root,
            cover_image=cover,
            cover_data=cover_data,
            resources=self.resources,
            resource_data=self.resource_data,
            style=self.book_style(),
            corrections=corrections,
        )

    def book_style(self) -> str:
        """The book's own style.css: read like any file of the manuscript, and
        refused if it would fetch anything (url(), @import)."""
        path = self.root / BOOK_STYLE
        if not path.exists() and not path.is_symlink():
            return ""
        css = decode(read_inside(self.root, path, limit("toml_bytes"), BOOK_STYLE), path)
        found = re.search(r"url\s*\(|@import|expression\s*\(", css, re.IGNORECASE)
        if found:
            line = css.count("\n", 0, found.start()) + 1
            raise SamizdatError(
                f"{found.group(0).strip()}: a book's style may not fetch files", path, line
            )
        return css

    def section(self, path: Path, setting: dict[str, Any]) -> Section:
        text = read_chapter(path, self.root)
        if not text.strip():
            raise SamizdatError("chapter file is empty", path)
        found = marks(text)
        check_notes(path, found)
        check_shape(text, path)
        try:
            container = parse_fragment(to_html(text))
            sanitise(container, path, text)
            set_verse_lines(container)
        except RecursionError:
            raise SamizdatError("the text is nested too deeply", path) from None
        collect_images(container, path, self.root, text, self.resources, self.resource_data)
        self.claim_raw_ids(container, path, text)
        for table in container.iter("table"):
            rows = sum(1 for _ in table.iter("tr"))
            if rows > limit("table_rows"):
                raise SamizdatError(
                    f"a table of {rows:,} rows: at most {limit('table_rows'):,}", path
                )
        heading_marks = [m for m in found if m.kind == "heading"]
        headings = self.headings(container, path, heading_marks)
        label = setting.get("label")
        name = re.sub(r"^[\d_-]+", "", path.stem) or path.stem
        if headings:
            first = headings[0]
            section_id, title, level, untitled = first.id, label or first.text, first.level, False
        elif label:
            section_id = self.ids.claim(slugify(name), False, path, None)
            title, level, untitled = str(label), 1, True
        else:
            raise SamizdatError(
                "chapter has no heading: add one, or give it a contents label in book.toml",
                path,
                1,
            )
        self.number_notes(container, path, found, section_id)
        return Section(
            id=section_id,
            name=self.output_name(path),
            role=setting.get("type", "chapter"),
            title=title,
            level=level,
            content=serialise(container),
            headings=headings,
            untitled=untitled,
            source=path,
            running_head=" ".join(setting.get("running_head", "").split()),
        )

    def output_name(self, path: Path) -> str:
        """The file stem of the chapter in outputs that split the book: safe in an href,
        unique, and never one of the documents samizdat makes (nav, cover, ...)."""
        base = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-.") or "chapter"
        name, n = base, 1
        while name.lower() in self.names:
            n += 1
            name = f"{base}-{n}"
        self.names.add(name.lower())
        return name

    def claim_raw_ids(self, container: etree._Element, path: Path, text: str) -> None:
        """Ids given in raw HTML or attribute lists: well formed, unique, not samizdat's own."""
        for element in container.iter():
            wanted = element.get("id") if isinstance(element.tag, str) else None
            if wanted is None or element.tag in HEADING_TAGS:
                continue
            line = line_of(text, f'id="{wanted}"') or line_of(text, f"#{wanted}")
            if not VALID_ID.fullmatch(wanted) or wanted.startswith(RESERVED_ID_PREFIXES):
                raise SamizdatError(
                    f"id {wanted!r} cannot be used: an id is a letter then letters, digits,"
                    f" '-', '_' or '.', and not {', '.join(p + '…' for p in RESERVED_ID_PREFIXES)}",
                    path,
                    line,
                )
            self.ids.claim(wanted, True, path, line)

    def resolve_links(self, sections: list[Section]) -> None:
        """Every link inside the book leads somewhere, in every output.

        `#id`, `FILE.md` and `FILE.md#id` (as Markdown writers write links
        between chapters) become `#id` in the model, which each writer points
        at its own document; a link to a file or an id the book does not have
        is an error with its line, never a dead link in a published book.
        """
        chapters = {s.source.resolve(): s for s in sections if s.source is not None}
        owned = {s.id: {s.id, *ids_in(s.content)} for s in sections}
        every_id = (set(self.ids.used) - RESERVED_IDS) | {n.id for n in self.notes}
        for ids in owned.values():
            every_id |= ids
        for section in sections:
            tree = etree.fromstring(f"<div>{section.content}</div>".encode())
            changed = False
            for link in tree.iter("a"):
                href = link.get("href")
                if href is None or link.get("class") == "noteref":
                    continue
                target = self.internal_target(href, section, chapters, owned, every_id)
                if target is not None and target != href:
                    link.set("href", target)
                    changed = True
            if changed:
                section.content = serialise(tree)
        for note in self.notes:
            tree = etree.fromstring(f"<div>{note.content}</div>".encode())
            home = next((s for s in sections if s.source == note.source), sections[0])
            for link in tree.iter("a"):
                href = link.get("href")
                if href is not None:
                    target = self.internal_target(href, home, chapters, owned, every_id)
                    if target is not None:
                        link.set("href", target)
            note.content = serialise(tree)

    def internal_target(
        self,
        href: str,
        section: Section,
        chapters: dict[Path, Section],
        owned: dict[str, set[str]],
        every_id: set[str],
    ) -> str | None:
        """`#id` for a link inside the book; None for a link to the web."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            return None
        source = section.source

        def refuse(message: str) -> SamizdatError:
            text = read_chapter(source, self.root) if source else ""
            return SamizdatError(message, source, line_of(text, href) if text else None)

        fragment = unquote(parts.fragment)
        if not parts.path:
            if fragment not in every_id:
                raise refuse(f"link to '{href}', which is no heading or id in the book")
            return f"#{fragment}"
        path = (source.parent / unquote(parts.path)).resolve() if source else None
        chapter = chapters.get(path) if path else None
        if chapter is None:
            raise refuse(
                f"link to '{href}', which is not a chapter of this book"
                " (link to a chapter file, FILE.md or FILE.md#id, or to a web address)"
            )
        if not fragment:
            return f"#{chapter.id}"
        if fragment not in owned[chapter.id]:
            raise refuse(
                f"link to '{href}': {chapter.source.name} has no heading or id '{fragment}'"
            )
        return f"#{fragment}"

    def headings(self, container: etree._Element, path: Path, found: list[Mark]) -> list[Heading]:
        result = []
        elements = [e for e in container.iter() if e.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]
        for index, element in enumerate(elements):
            mark = found[index] if index < len(found) else None
            text = text_of(element)
            if not text:
                raise SamizdatError("empty heading", path, mark.line if mark else None)
            explicit = element.get("id")
            wanted = explicit or slugify(text)
            element.set(
                "id", self.ids.claim(wanted, bool(explicit), path, mark.line if mark else None)
            )
            level = int(element.tag[1])
            if level <= CONTENTS_LEVELS:
                result.append(Heading(level, element.get("id"), text))
        return result

    def number_notes(
        self, container: etree._Element, path: Path, found: list[Mark], section_id: str
    ) -> None:
        """Number the notes in order of their first call, through the whole book.

        A note called only from inside another note is numbered after it, so
        that no note is ever lost.
        """
        lines = {m.label: m.line for m in found if m.kind == "definition"}
        bodies = {}
        for holder in [e for e in container.iter("div") if e.get("class") == NOTES_CLASS]:
            for body in holder:
                if body.get("class") == NOTE_CLASS:
                    bodies[body.get("data-label")] = body
            holder.getparent().remove(holder)
        numbers: dict[str, Note] = {}
        pending: list[tuple[Note, etree._Element]] = []

        def number_calls(scope: etree._Element) -> None:
            for call in [e for e in scope.iter("a") if e.get("class") == CALL_CLASS]:
                label = call.get("data-label")
                note = numbers.get(label)
                if note is None:
                    body = bodies.get(label)
                    if body is None or not text_of(body):
                        raise SamizdatError(f"note [^{label}] is empty", path, lines.get(label))
                    if len(self.notes) >= limit("notes"):
                        raise SamizdatError(
                            f"more than {limit('notes'):,} notes in the book",
                            path,
                            lines.get(label),
                        )
                    note = Note(
                        number=len(self.notes) + 1,
                        content="",
                        label=label,
                        source=path,
                        line=lines.get(label),
                        section=section_id,
                    )
                    self.notes.append(note)
                    numbers[label] = note
                    pending.append((note, body))
                call_id = f"noteref-{note.number}"
                if note.calls:
                    call_id += f"-{len(note.calls) + 1}"
                note.calls.append(call_id)
                del call.attrib["data-label"]
                call.set("class", "noteref")
                call.set("href", f"#{note.id}")
                call.set("id", call_id)
                call.text = str(note.number)

        number_calls(container)
        while pending:
            note, body = pending.pop(0)
            number_calls(body)
            note.content = serialise(body)


def load_book(root: Path | str) -> Book:
    return Loader(Path(root)).load()
