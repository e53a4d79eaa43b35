"""The faces WeasyPrint sets the book in: static instances of variable fonts, made once.

WeasyPrint instances a variable font (fontTools) every time it writes a PDF,
for every weight it used: about half a second per face and PDF here, paid
again for the reading PDF, the print PDF and the cover. samizdat makes static
instances of the weights and styles its stylesheets use once per font file,
into a cache keyed by the file's hash, and gives WeasyPrint those: a font
package upgrade makes new instances, nothing else does.

The cache is `$SAMIZDAT_CACHE` if set, else `$XDG_CACHE_HOME/samizdat`, else
`~/.cache/samizdat`. Deleting it is always safe.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from multiprocessing import get_context
from pathlib import Path

import fontpkg

from samizdat import progress
from samizdat.errors import SamizdatError

CACHE_ENV = "SAMIZDAT_CACHE"
# The weights the stylesheets ask for: text (400), bold (700), the cover (500, 600).
WEIGHTS = (400, 500, 600, 700)
STYLES = ("normal", "italic")
# Bumped when the way instances are made changes, so that old ones are not reused.
RECIPE = "1"


@dataclass(frozen=True)
class Face:
    """One @font-face: a family's file for one weight and style."""

    family: str
    style: str
    weight: int
    path: Path

    def css(self) -> str:
        return (
            f'@font-face {{ font-family: "{self.family}"; src: url("{self.path.as_uri()}");'
            f" font-weight: {self.weight}; font-style: {self.style}; }}"
        )


def cache_dir() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "samizdat"


@cache
def file_hash(path: Path) -> str:
    digest = hashlib.sha256(RECIPE.encode())
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()[:20]


def instance(source: Path, weight: int, target: Path) -> Path:
    """A static instance of a variable font at `weight`, written atomically to `target`.

    The variable font's own timestamp is kept (not the time of instancing), so
    that PDFs embedding the instance are the same whenever it was made.
    """
    from fontTools.ttLib import TTFont
    from fontTools.varLib.instancer import instantiateVariableFont

    font = TTFont(source, recalcTimestamp=False)
    static = instantiateVariableFont(font, {"wght": weight}, static=True)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(fd)
    try:
        static.save(temp)
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return target


def family_faces(family: str) -> list[Face]:
    """The faces of a fontpkg family, static instances made (and cached) where needed."""
    try:
        files = fontpkg.family(family).files
    except fontpkg.FontpkgError as exc:
        raise SamizdatError(f"font family '{family}' is not installed: {exc}") from None
    faces: list[Face] = []
    wanted: list[tuple[Path, int, Path]] = []
    for file in files:
        if not file.variable:
            faces.append(Face(family, file.style, int(file.weight or 400), file.path))
            continue
        folder = cache_dir() / "fonts" / f"{file.path.stem}-{file_hash(file.path)}"
        for weight in WEIGHTS:
            at = min(max(weight, file.wght_min or weight), file.wght_max or weight)
            target = folder / f"{at}.ttf"
            faces.append(Face(family, file.style, weight, target))
            if not target.exists() and (file.path, at, target) not in wanted:
                wanted.append((file.path, at, target))
    if wanted:
        make_instances(family, wanted)
    return faces


def make_instances(family: str, wanted: list[tuple[Path, int, Path]]) -> None:
    where = cache_dir()
    progress.say(f"fonts: making {len(wanted)} static instances of {family}, once (in {where})")
    try:
        for _, _, target in wanted:
            target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SamizdatError(
            f"cannot write the font cache: {exc.strerror} (set {CACHE_ENV})", where
        ) from None
    workers = min(len(wanted), os.cpu_count() or 1)
    if workers == 1:
        for args in wanted:
            instance(*args)
        return
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        for future in [pool.submit(instance, *args) for args in wanted]:
            future.result()


def font_faces(family: str) -> str:
    """One @font-face rule per weight and style (WeasyPrint rejects weight ranges)."""
    faces = family_faces(family)
    return "\n".join(face.css() for face in faces)


def font_folders(family: str) -> set[Path]:
    """The folders WeasyPrint's fetcher must allow for a family's faces."""
    return {face.path.parent for face in family_faces(family)}
