"""Images: found inside the manuscript folder, checked, and given a name in the book."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree
from PIL import Image, ImageFile, UnidentifiedImageError

from samizdat.errors import SamizdatError
from samizdat.manuscript.files import read_inside
from samizdat.manuscript.sanitize import line_of
from samizdat.resources import data

COVER_NAMES = ("cover.png", "cover.jpg", "cover.jpeg")  # the first one present is the cover


def limits() -> dict:
    return data("images")


def media_type(data: bytes) -> str:
    with Image.open(io.BytesIO(data)) as image:
        return limits()["formats"][image.format]


def read_image(path: Path, root: Path, where: Path, line: int | None) -> bytes:
    """An image's bytes, read once through the guarded reader and checked whole."""
    try:
        data = read_inside(root, path, limits()["max_bytes"], f"image {path.name}")
    except SamizdatError as error:
        raise SamizdatError(error.message, where, line) from None
    check_image(data, path, where, line)
    return data


def cover_file(root: Path) -> Path | None:
    """The manuscript's own cover, if it has one. A link counts as present even when
    it leads nowhere, so that it is refused when read, never passed over."""
    for name in COVER_NAMES:
        path = root / name
        if path.exists() or path.is_symlink():
            return path
    return None


def read_cover(root: Path) -> tuple[Path | None, bytes]:
    """The cover and its bytes, read and checked as any image of the book: what the
    build puts in the book is what the catalogue shows."""
    path = cover_file(root)
    return (path, read_image(path, root, path, None)) if path else (None, b"")


def check_image(data: bytes, path: Path, where: Path, line: int | None) -> None:
    """Format and size from the header, then every pixel decoded: a PNG with good
    checksums and garbage data must not print as a blank box."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, pixels = image.format, image.width * image.height
            if kind not in limits()["formats"]:
                known = ", ".join(limits()["formats"])
                raise SamizdatError(f"image {path.name} is {kind}: use {known}", where, line)
            if pixels > limits()["max_pixels"]:
                raise SamizdatError(
                    f"image {path.name} has {pixels:,} pixels; at most {limits()['max_pixels']:,}",
                    where,
                    line,
                )
            strict, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
            try:
                image.load()  # WeasyPrint lets Pillow accept truncated images: not here
            finally:
                ImageFile.LOAD_TRUNCATED_IMAGES = strict
    except SamizdatError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise SamizdatError(f"{path.name} is not an image samizdat can read", where, line) from None


def collect_images(
    container: etree._Element,
    chapter: Path,
    root: Path,
    source: str,
    resources: dict[str, Path],
    contents: dict[str, bytes],
) -> None:
    """Check every <img> and point it at images/NAME, recording NAME -> file and bytes."""
    known = {path: href for href, path in resources.items()}
    for img in container.iter("img"):
        src = img.get("src", "")
        line = line_of(source, src) if src else None
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or src.startswith("/"):
            raise SamizdatError(
                f"image {src!r} is not a file in the manuscript folder", chapter, line
            )
        path = chapter.parent / unquote(parts.path)
        if not path.resolve().is_relative_to(root.resolve()):
            raise SamizdatError(f"image {src!r} is outside the manuscript folder", chapter, line)
        if not path.exists():
            raise SamizdatError(f"image {src!r} not found", chapter, line)
        key = path.resolve()
        if key not in known:
            data = read_image(path, root, chapter, line)
            name, n = safe_name(path.name), 1
            while f"images/{name}" in resources:
                n += 1
                name = f"{safe_name(path.stem)}-{n}{path.suffix.lower()}"
            known[key] = f"images/{name}"
            resources[known[key]] = key
            contents[known[key]] = data
        img.set("src", known[key])


def safe_name(name: str) -> str:
    """A file name an EPUB can hold: no spaces, #, % or ? to break an href."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "image"
