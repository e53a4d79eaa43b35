"""The print PDF writer (WeasyPrint)."""

from __future__ import annotations

from pathlib import Path

from samizdat.model import Book


def write_pdf(book: Book, target: Path) -> Path:
    raise NotImplementedError
