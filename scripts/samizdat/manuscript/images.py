"""Images: found inside the manuscript folder, checked, and given a name in the book."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree
from PIL import Image, UnidentifiedImageError

from samizdat.errors import SamizdatError
from samizdat.manuscript.sanitize import line_of
from samizdat.resources import data


def limits() -> dict:
    return data("images")


def media_type(path: Path) -> str:
    with Image.open(path) as image:
        return limits()["formats"][image.format]


def check_image(path: Path, where: Path, line: int | None) -> None:
    size = path.stat().st_size
    if size > limits()["max_bytes"]:
        raise SamizdatError(
            f"image {path.name} is too large ({size:,} bytes; at most {limits()['max_bytes']:,})",
            where,
            line,
        )
    try:
        with Image.open(path) as image:
            image.verify()
            kind, pixels = image.format, image.width * image.height
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise SamizdatError(f"{path.name} is not an image samizdat can read", where, line) from None
    if kind not in limits()["formats"]:
        known = ", ".join(limits()["formats"])
        raise SamizdatError(f"image {path.name} is {kind}: use {known}", where, line)
    if pixels > limits()["max_pixels"]:
        raise SamizdatError(
            f"image {path.name} has {pixels:,} pixels; at most {limits()['max_pixels']:,}",
            where,
            line,
        )


def collect_images(
    container: etree._Element, chapter: Path, root: Path, source: str, resources: dict[str, Path]
) -> None:
    """Check every <img> and point it at images/NAME, recording NAME -> file."""
    known = {path: href for href, path in resources.items()}
    for img in container.iter("img"):
        src = img.get("src", "")
        line = line_of(source, src) if src else None
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or src.startswith("/"):
            raise SamizdatError(
                f"image {src!r} is not a file in the manuscript folder", chapter, line
            )
        path = (chapter.parent / unquote(parts.path)).resolve()
        if not path.is_relative_to(root.resolve()):
            raise SamizdatError(f"image {src!r} is outside the manuscript folder", chapter, line)
        if not path.is_file():
            raise SamizdatError(f"image {src!r} not found", chapter, line)
        if path not in known:
            check_image(path, chapter, line)
            name, n = path.name, 1
            while f"images/{name}" in resources:
                n += 1
                name = f"{path.stem}-{n}{path.suffix}"
            known[path] = f"images/{name}"
            resources[known[path]] = path
        img.set("src", known[path])
