"""Reading the real outputs (EPUB documents with lxml, PDF pages with pdfplumber), and
the small inputs and runs many tests share."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath

import pdfplumber
from lxml import etree

NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def squash(text: str) -> str:
    """Text compared as a reader sees it: any run of white space is one space."""
    text = text.replace("\u00a0", " ").replace("\u00ad", "").replace("\u2060", "")
    return re.sub(r"\s+", " ", text).strip()


def dehyphenate(text: str) -> str:
    text = re.sub(r"[-\u2010\u00ad][ \t]*\n", "", text)
    return re.sub(r"([—–])[ \t]*\n", r"\1", text)


def text_of(element: etree._Element) -> str:
    return squash("".join(element.itertext()))


class Epub:
    def __init__(self, path: Path):
        self.path = path
        self.zip = zipfile.ZipFile(path)

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))

    @cached_property
    def opf_path(self) -> str:
        container = self.xml("META-INF/container.xml")
        return container.find(".//c:rootfile", NS).get("full-path")

    @cached_property
    def opf(self) -> etree._Element:
        return self.xml(self.opf_path)

    def resolve(self, base: str, href: str) -> str:
        """A zip path for an href found in the document at `base`."""
        path = href.split("#")[0]
        joined = PurePosixPath(base).parent / path if path else PurePosixPath(base)
        parts: list[str] = []
        for part in joined.parts:
            if part == "..":
                parts.pop()
            elif part != ".":
                parts.append(part)
        return "/".join(parts)

    @cached_property
    def manifest(self) -> dict[str, etree._Element]:
        return {item.get("id"): item for item in self.opf.findall(".//opf:manifest/opf:item", NS)}

    @cached_property
    def spine(self) -> list[str]:
        """Zip paths of the spine documents, in reading order."""
        refs = [i.get("idref") for i in self.opf.findall(".//opf:spine/opf:itemref", NS)]
        return [self.resolve(self.opf_path, self.manifest[r].get("href")) for r in refs]

    def item_with_property(self, prop: str) -> str:
        for item in self.manifest.values():
            if prop in (item.get("properties") or "").split():
                return self.resolve(self.opf_path, item.get("href"))
        raise KeyError(prop)

    @cached_property
    def nav_path(self) -> str:
        return self.item_with_property("nav")

    @cached_property
    def documents(self) -> dict[str, etree._Element]:
        return {name: self.xml(name) for name in self.spine}

    def target(self, base: str, href: str) -> etree._Element | None:
        """The element an href points at, or None if it resolves to nothing."""
        name = self.resolve(base, href)
        if name not in self.zip.namelist():
            return None
        doc = self.documents.get(name) if name in self.documents else self.xml(name)
        fragment = href.split("#", 1)[1] if "#" in href else None
        if fragment is None:
            return doc
        found = doc.xpath("//*[@id=$id]", id=fragment)
        return found[0] if len(found) == 1 else None

    def body_documents(self) -> list[tuple[str, etree._Element]]:
        """The spine documents after the contents: the book's own text."""
        names = self.spine[self.spine.index(self.nav_path) + 1 :]
        return [(n, self.documents[n]) for n in names]

    def blocks(self, calls: bool = True) -> list[str]:
        """The text of every paragraph, heading and list item of the book, in order.

        Notes are left out; so are the numbers of note calls unless `calls`.
        """
        found = []
        tags = [
            "{{{}}}{}".format(NS["x"], t) for t in ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6")
        ]
        for _, doc in self.body_documents():
            for el in doc.iter(*tags):
                if el.xpath("ancestor::x:aside", namespaces=NS):
                    continue
                el = copy.deepcopy(el)
                for nested in el.xpath(".//x:ul|.//x:ol", namespaces=NS):
                    nested.getparent().remove(nested)  # a nested list has its own items
                if not calls:
                    for ref in el.xpath(".//x:a[@epub:type='noteref']", namespaces=NS):
                        ref.text = ""
                found.append(text_of(el))
        return found


@dataclass
class Line:
    text: str
    top: float
    bottom: float
    size: float
    x0: float


class Pdf:
    def __init__(self, path: Path):
        self.path = path
        self.pdf = pdfplumber.open(path)

    @cached_property
    def pages(self) -> list[list[Line]]:
        return [self.lines(page) for page in self.pdf.pages]

    @staticmethod
    def lines(page) -> list[Line]:
        words = page.extract_words(extra_attrs=["size"], keep_blank_chars=False, use_text_flow=True)
        lines: list[Line] = []
        for w in words:
            if lines and abs(lines[-1].bottom - w["bottom"]) < 2.5 and w["x0"] >= lines[-1].x0:
                last = lines[-1]
                last.text += " " + w["text"]
                last.size = max(last.size, w["size"])
            else:
                lines.append(Line(w["text"], w["top"], w["bottom"], w["size"], w["x0"]))
        return lines

    def text(self, index: int) -> str:
        return squash(self.pdf.pages[index].extract_text() or "")

    @cached_property
    def all_text(self) -> str:
        return squash(
            " ".join(self.pdf.pages[i].extract_text() or "" for i in range(len(self.pdf.pages)))
        )

    @cached_property
    def text_size(self) -> float:
        """The most common type size in the book: the size of its running text."""
        sizes: dict[float, int] = {}
        for page in self.pdf.pages:
            for c in page.chars:
                sizes[round(c["size"], 1)] = sizes.get(round(c["size"], 1), 0) + 1
        return max(sizes, key=sizes.get)

    def words(self, index: int) -> str:
        """A page's text with words broken at line ends joined again."""
        return squash(dehyphenate(self.pdf.pages[index].extract_text() or ""))

    @cached_property
    def flow_text(self) -> str:
        """The running text of the book: no running heads, folios, notes or calls.

        Line-end hyphens are dropped, so compare with hyphens removed.
        """
        parts = []
        size = self.text_size
        for page in self.pdf.pages:
            top, bottom = page.height * 0.075, page.height * 0.9
            body = page.filter(
                lambda o, size=size, top=top, bottom=bottom: (
                    o.get("object_type") != "char"
                    or (top < o["top"] < bottom and o["size"] >= size * 0.85)
                )
            )
            parts.append(body.extract_text() or "")
        return squash(dehyphenate("\n".join(parts)))

    def folio(self, index: int) -> str | None:
        """The page number printed in the bottom margin, if any."""
        page = self.pdf.pages[index]
        foot = [ln for ln in self.pages[index] if ln.top > page.height * 0.9]
        return foot[-1].text if foot else None

    def body_lines(self, index: int) -> list[Line]:
        """Lines of the text block: neither running head nor folio."""
        page = self.pdf.pages[index]
        return [ln for ln in self.pages[index] if page.height * 0.075 < ln.top < page.height * 0.9]


def in_book_face(body: str, style: str = "") -> str:
    """An HTML document set in the book face (its @font-face rules and `style`), for
    WeasyPrint itself, without samizdat's layout."""
    from samizdat.print import fonts
    from samizdat.resources import BOOK_FACE

    faces = "\n".join(face.css() for face in fonts.family_faces(BOOK_FACE))
    return (
        f"<html lang='en'><style>{faces} body {{ font-family: '{BOOK_FACE}' }} {style}"
        f"</style>{body}</html>"
    )


def book_toml(language: str = "en") -> str:
    """The least a book.toml holds: the fields every manuscript needs."""
    return (
        'title = "Fixture"\n'
        'author = "A. Writer"\n'
        f'language = "{language}"\n'
        'identifier = "urn:uuid:6f1c2f0e-8a2b-4c3d-9e4f-0a1b2c3d4e5f"\n'
        'publisher = "Fixture Press"\n'
        'date = "2026"\n'
        'slug = "fixture"\n'
    )


def samizdat(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    """`samizdat ARGS` in a process of its own, as a user runs it: its exit code and output."""
    return subprocess.run(
        [sys.executable, "-m", "samizdat", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=600,
    )
