"""Where samizdat's own files live: data, styles, templates, and the book faces.

Found through importlib.resources, inside the installed package, so that a
samizdat installed from a wheel anywhere works as the checkout does. (In the
repository, `styles/` at the top is a link to the package's styles, so that a
designer finds them beside manuscript/ without reading the code.)
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path

import fontpkg

# A wheel installs as files: the package's resources are a real folder.
PACKAGE_DIR = Path(str(resources.files("samizdat"))).resolve()
DATA_DIR = PACKAGE_DIR / "data"
STYLES_DIR = PACKAGE_DIR / "styles"

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
