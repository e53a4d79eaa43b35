"""catalog.toml: the catalogue's title, publisher, address, books and build options.

    title = "Lantern Press"
    publisher = "Lantern Press"
    language = "en-GB"                      # the site's language (default: the books')
    url = "https://books.example.org/"      # where OUT is published (optional)
    books = ["manifesto", "notes-book"]     # the books and their order (optional)
    search = true                           # a search box (Pagefind; default false)

    [build]                                 # the options of every book's build
    booklet = true
    print_ready = false
    epub_only = false

Every problem is one line naming the file and the line, as for book.toml.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from samizdat.errors import SamizdatError
from samizdat.manuscript.metadata import key_line, table_line

CATALOG_FILE = "catalog.toml"
BOOK_FILE = "book.toml"
TOP_KEYS = {
    "title": str,
    "publisher": str,
    "language": str,
    "url": str,
    "books": list,
    "search": bool,
    "build": dict,
}
BUILD_KEYS = {"booklet": bool, "print_ready": bool, "epub_only": bool}
DEFAULT_BUILD = {"booklet": True, "print_ready": False, "epub_only": False}


@dataclass(frozen=True)
class BuildOptions:
    booklet: bool = True
    print_ready: bool = False
    epub_only: bool = False

    def arguments(self) -> list[str]:
        """The `samizdat build` options these stand for."""
        if self.epub_only:
            return ["--epub-only"]
        found = []
        if self.booklet:
            found.append("--booklet")
        if self.print_ready:
            found.append("--print-ready")
        return found


@dataclass(frozen=True)
class Catalog:
    root: Path  # the folder the book folders are relative to
    title: str
    publisher: str
    url: str  # the published address of OUT, ending with "/", or ""
    books: tuple[Path, ...]  # the manuscript folders, in the catalogue's order
    build: BuildOptions
    language: str = ""  # the site's own language; by default the books' (or en)
    search: bool = False  # a Pagefind search index of the site and the web editions
    source: Path | None = None  # the catalog.toml it was read from


def load_catalog(target: Path) -> Catalog:
    """A folder of manuscript folders (with an optional catalog.toml), or a catalog.toml."""
    if target.is_file() or target.suffix == ".toml":
        if not target.is_file():
            raise SamizdatError("catalogue file not found", target)
        return read_catalog(target, target.parent)
    if not target.is_dir():
        raise SamizdatError("catalogue folder not found", target)
    path = target / CATALOG_FILE
    if path.is_file():
        return read_catalog(path, target)
    return Catalog(
        root=target,
        title=default_title(target),
        publisher="",
        url="",
        books=discover(target),
        build=BuildOptions(),
    )


def default_title(root: Path) -> str:
    return (root.resolve().name or "Catalogue").replace("-", " ").replace("_", " ").title()


def discover(root: Path) -> tuple[Path, ...]:
    """Every subfolder with a book.toml, in name order; other folders are ignored."""
    return tuple(
        sorted(
            (p for p in root.iterdir() if p.is_dir() and (p / BOOK_FILE).is_file()),
            key=lambda p: p.name,
        )
    )


def read_catalog(path: Path, root: Path) -> Catalog:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SamizdatError(f"cannot read the catalogue file: {exc}", path) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        raise SamizdatError(
            f"malformed TOML: {message}", path, int(found.group(1)) if found else None
        ) from None

    def fail(message: str, key: str, table: str | None = None) -> SamizdatError:
        line = key_line(text, key, table) if table else key_line(text, key)
        return SamizdatError(message, path, line or table_line(text, key))

    for key, value in data.items():
        if key not in TOP_KEYS:
            raise fail(f"unknown key '{key}': use {', '.join(TOP_KEYS)}", key)
        if not isinstance(value, TOP_KEYS[key]):
            kind = {
                str: "a string",
                list: "a list of folder names",
                dict: "a table",
                bool: "true or false",
            }
            raise fail(f"'{key}' must be {kind[TOP_KEYS[key]]}", key)
    language = data.get("language", "")
    if language and not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", language):
        raise fail(
            f"'language' must be a language tag such as \"en-GB\", not {language[:40]!r}",
            "language",
        )
    url = data.get("url", "")
    if url and not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", url):
        raise fail(f"'url' must be an http(s) address, not {url[:60]!r}", "url")
    if url and not url.endswith("/"):
        url += "/"
    build = dict(DEFAULT_BUILD)
    for key, value in data.get("build", {}).items():
        if key not in BUILD_KEYS:
            raise fail(f"unknown key '{key}' in [build]: use {', '.join(BUILD_KEYS)}", key, "build")
        if not isinstance(value, bool):
            raise fail(f"[build] {key} must be true or false", key, "build")
        build[key] = value
    if "books" in data:
        books = []
        for name in data["books"]:
            if not isinstance(name, str) or not name.strip():
                raise fail("'books' must be a list of folder names", "books")
            folder = root / name
            if Path(name).is_absolute() or not (folder / BOOK_FILE).is_file():
                raise fail(
                    f"'books' names '{name}', which is not a folder with a book.toml", "books"
                )
            if folder.resolve() in {b.resolve() for b in books}:
                raise fail(f"'books' names '{name}' twice", "books")
            books.append(folder)
        listed = tuple(books)
    else:
        listed = discover(root)
    return Catalog(
        root=root,
        title=data.get("title") or default_title(root),
        publisher=data.get("publisher", ""),
        url=url,
        books=listed,
        build=BuildOptions(**build),
        language=language,
        search=data.get("search", False),
        source=path,
    )


def describe(catalog: Catalog) -> dict[str, Any]:
    """What of the catalogue goes into every book's build key."""
    return {"build": catalog.build.arguments()}
