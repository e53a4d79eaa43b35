"""What the checks read: the manuscript folder as text, before any conversion."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from samizdat.errors import SamizdatError
from samizdat.lint.text import Chapter, read_chapter_prose
from samizdat.manuscript.loader import chapter_files
from samizdat.manuscript.metadata import BOOK_FILE, read_toml
from samizdat.manuscript.source import read_chapter


@dataclass
class Manuscript:
    root: Path
    book_file: Path
    data: dict[str, Any]
    book_text: str
    chapters: list[Chapter]

    def label(self, chapter: Chapter) -> str | None:
        setting = self.data.get("chapters", {}).get(chapter.path.name, {})
        return setting.get("label") if isinstance(setting, dict) else None


def read_manuscript(root: Path) -> Manuscript:
    if not root.is_dir():
        raise SamizdatError("manuscript folder not found", root)
    book_file = root / BOOK_FILE
    data, text = read_toml(book_file)
    chapters = [read_chapter_prose(path, read_chapter(path)) for path in chapter_files(root, data)]
    return Manuscript(root, book_file, data, text, chapters)
