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
from samizdat.manuscript.images import collect_images
from samizdat.manuscript.markdown import CALL_CLASS, NOTE_CLASS, NOTES_CLASS, to_html
from samizdat.manuscript.metadata import BOOK_FILE, load_metadata
from samizdat.manuscript.register import NOTE_ID, load_corrections, locate, note_on_the_text
from samizdat.manuscript.sanitize import line_of, sanitise
from samizdat.manuscript.source import Mark, marks, read_chapter
from samizdat.model import Book, Heading, Note, Section
from samizdat.roles import section_roles

ROLES = tuple(section_roles())
CONTENTS_LEVELS = 3
COVER_NAMES = ("cover.png", "cover.jpg", "cover.jpeg")


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
            files.append(path)
    else:
        files = sorted(p for p in root.glob("*.md") if p.is_file())
    if not files:
        raise SamizdatError("no chapters: the manuscript folder has no *.md files", root)
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
        self.used: set[str] = {"title-page", "colophon", "contents", "cover", "toc", NOTE_ID}

    def claim(self, wanted: str, explicit: bool, path: Path, line: int | None) -> str:
        if wanted not in self.used:
            self.used.add(wanted)
            return wanted
        if explicit:
            raise SamizdatError(
                f"duplicate id '{wanted}': ids must be unique in the book", path, line
            )
        n = 2
        while f"{wanted}-{n}" in self.used:
            n += 1
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
        cover = next((self.root / n for n in COVER_NAMES if (self.root / n).is_file()), None)
        return Book(
            metadata,
            sections,
            self.notes,
            self.root,
            cover_image=cover,
            resources=self.resources,
            corrections=corrections,
        )

    def section(self, path: Path, setting: dict[str, Any]) -> Section:
        text = read_chapter(path)
        if not text.strip():
            raise SamizdatError("chapter file is empty", path)
        found = marks(text)
        check_notes(path, found)
        container = parse_fragment(to_html(text))
        sanitise(container, path, text)
        collect_images(container, path, self.root, text, self.resources)
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
            name=path.stem,
            role=setting.get("type", "chapter"),
            title=title,
            level=level,
            content=serialise(container),
            headings=headings,
            untitled=untitled,
            source=path,
        )

    def resolve_links(self, sections: list[Section]) -> None:
        """Every link inside the book leads somewhere, in every output.

        `#id`, `FILE.md` and `FILE.md#id` (as Markdown writers write links
        between chapters) become `#id` in the model, which each writer points
        at its own document; a link to a file or an id the book does not have
        is an error with its line, never a dead link in a published book.
        """
        chapters = {s.source.resolve(): s for s in sections if s.source is not None}
        owned = {s.id: {s.id, *ids_in(s.content)} for s in sections}
        every_id = set(self.ids.used) | {n.id for n in self.notes}
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
            text = read_chapter(source) if source else ""
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
        lines = {m.label: m.line for m in found if m.kind == "definition"}
        bodies = {}
        for holder in [e for e in container.iter("div") if e.get("class") == NOTES_CLASS]:
            for body in holder:
                if body.get("class") == NOTE_CLASS:
                    bodies[body.get("data-label")] = body
            holder.getparent().remove(holder)
        numbers: dict[str, Note] = {}
        for call in [e for e in container.iter("a") if e.get("class") == CALL_CLASS]:
            label = call.get("data-label")
            note = numbers.get(label)
            if note is None:
                body = bodies.get(label)
                if body is None or not text_of(body):
                    raise SamizdatError(f"note [^{label}] is empty", path, lines.get(label))
                note = Note(
                    number=len(self.notes) + 1,
                    content=serialise(body),
                    label=label,
                    source=path,
                    line=lines.get(label),
                    section=section_id,
                )
                self.notes.append(note)
                numbers[label] = note
            call_id = f"noteref-{note.number}"
            if note.calls:
                call_id += f"-{len(note.calls) + 1}"
            note.calls.append(call_id)
            for attribute in ("data-label",):
                del call.attrib[attribute]
            call.set("class", "noteref")
            call.set("href", f"#{note.id}")
            call.set("id", call_id)
            call.text = str(note.number)


def load_book(root: Path | str) -> Book:
    return Loader(Path(root)).load()
