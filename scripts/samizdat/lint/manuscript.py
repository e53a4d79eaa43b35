"""What the checks read: the manuscript folder as text, before any conversion."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from samizdat.errors import SamizdatError
from samizdat.lint.text import Chapter, read_chapter_prose
from samizdat.manuscript.loader import chapter_files
from samizdat.manuscript.metadata import BOOK_FILE, read_toml
from samizdat.manuscript.source import read_chapter


@dataclass
class Settings:
    """The book's own [lint] table in book.toml."""

    disable: frozenset[str] = frozenset()
    severity: dict[str, str] = field(default_factory=dict)
    language: str = ""

    @classmethod
    def of(cls, data: dict[str, Any]) -> Settings:
        table = data.get("lint") if isinstance(data.get("lint"), dict) else {}
        language = table.get("language") or data.get("language") or ""
        return cls(
            frozenset(str(c) for c in table.get("disable", []) if isinstance(c, str)),
            {str(k): str(v) for k, v in (table.get("severity") or {}).items()},
            str(language),
        )


@dataclass
class Manuscript:
    root: Path
    book_file: Path
    data: dict[str, Any]
    book_text: str
    chapters: list[Chapter]
    settings: Settings = field(default_factory=Settings)
    loaded: Any = None  # the Book the loader made of it (lint/book.py), for a build to reuse

    def setting(self, chapter: Chapter) -> dict[str, Any]:
        chapters = self.data.get("chapters")
        setting = chapters.get(chapter.path.name, {}) if isinstance(chapters, dict) else {}
        return setting if isinstance(setting, dict) else {}

    def label(self, chapter: Chapter) -> str | None:
        return self.setting(chapter).get("label")

    def quoted(self, chapter: Chapter) -> bool:
        """A document by another hand (a reproduced letter, a testament): its
        style is not this edition's to judge."""
        return self.setting(chapter).get("quoted") is True

    def lines(self, path: Path) -> list[str]:
        for chapter in self.chapters:
            if chapter.path == path:
                return chapter.lines
        return self.book_text.splitlines() if path == self.book_file else []


def read_manuscript(root: Path) -> Manuscript:
    if not root.is_dir():
        raise SamizdatError("manuscript folder not found", root)
    book_file = root / BOOK_FILE
    data, text = read_toml(book_file)
    chapters = [
        read_chapter_prose(path, read_chapter(path, root)) for path in chapter_files(root, data)
    ]
    return Manuscript(root, book_file, data, text, chapters, Settings.of(data))
