"""Where samizdat's own files live: the styles and the book face."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import fontpkg

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
# The styles live at the top of the repository, beside manuscript/, so that a
# designer finds them without reading the code.
STYLES_DIR = PACKAGE_DIR.parent.parent / "styles"

BOOK_FACE = "EB Garamond"
# For code: the book face has no monospaced companion.
MONO_FACE = "Source Code Pro"


@cache
def data(name: str) -> dict:
    """One of samizdat's data files (data/NAME.toml), read once."""
    with open(DATA_DIR / f"{name}.toml", "rb") as f:
        return tomllib.load(f)


def style_path(name: str) -> Path:
    return STYLES_DIR / name


def font_files(face: str = BOOK_FACE) -> dict[str, Path]:
    """A face's files by style ('normal', 'italic'), from its pinned package."""
    family = fontpkg.family(face)
    return {f.style: f.path for f in family.files}
