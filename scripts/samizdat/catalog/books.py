"""What the catalogue says of each built book: its metadata, files, cover, web edition."""

from __future__ import annotations

import io
import posixpath
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from samizdat.catalog.config import Catalog
from samizdat.errors import SamizdatError
from samizdat.model import Metadata

COVER_HEIGHT = 1200  # px: the cover the catalogue shows on a book's page
THUMB_HEIGHT = 360  # px: the thumbnail, shown at 180 CSS px (sharp on dense screens)
IMAGE_LIMIT = 4_000_000  # pixels, as for the manuscript's images


@dataclass(frozen=True)
class Download:
    label: str  # "EPUB", "PDF", ...
    href: str  # relative to OUT
    mime: str
    size: int  # bytes
    note: str  # what it is for, for readers


@dataclass
class Entry:
    """One book of the catalogue, as the site and the feeds describe it."""

    metadata: Metadata
    folder: Path
    downloads: list[Download]
    cover: str  # href of the cover image, relative to OUT
    thumbnail: str
    cover_size: tuple[int, int]
    thumbnail_size: tuple[int, int]
    updated: datetime
    web: str = ""  # href of the web edition's index.html, if there is one
    series_key: str = ""
    author_keys: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.metadata.slug


# The files of a built book the catalogue offers, in the order a reader wants them.
OFFERS = (
    ("{slug}.epub", "EPUB", "application/epub+zip", "for reading apps and e-readers"),
    ("{slug}.pdf", "PDF", "application/pdf", "to read on screen or print at home"),
    ("{slug}-booklet.pdf", "Booklet", "application/pdf", "pages imposed to fold and staple"),
    ("{slug}-print.pdf", "Print-ready PDF", "application/pdf", "for a printer: bleed, crop marks"),
    ("{slug}-cover.pdf", "Cover", "application/pdf", "the printed cover, front and back"),
)


def downloads(out: Path, slug: str) -> list[Download]:
    found = []
    for pattern, label, mime, note in OFFERS:
        name = pattern.format(slug=slug)
        path = out / slug / name
        if path.is_file():
            found.append(Download(label, f"{slug}/{name}", mime, path.stat().st_size, note))
    return found


def web_edition(out: Path, slug: str) -> str:
    index = out / slug / f"{slug}-web" / "index.html"
    return f"{slug}/{slug}-web/index.html" if index.is_file() else ""


def updated(out: Path, slug: str, epoch: str | None) -> datetime:
    """When the book's entry last changed: SOURCE_DATE_EPOCH, else when its EPUB was built."""
    if epoch:
        return datetime.fromtimestamp(int(epoch), UTC)
    epub = out / slug / f"{slug}.epub"
    path = epub if epub.is_file() else out / slug
    return datetime.fromtimestamp(int(path.stat().st_mtime), UTC)


def human_size(size: int) -> str:
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1000:.0f} kB"
    return f"{size / 1_000_000:.1f} MB"


def slugify(text: str) -> str:
    """'Friedrich Engels' -> 'friedrich-engels'; never empty."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    return slug[:60].strip("-") or "x"


def unique_keys(names: list[str]) -> dict[str, str]:
    """A file name for each name, unique among them, stable for a given list."""
    keys: dict[str, str] = {}
    used: set[str] = set()
    for name in sorted(set(names)):
        base = slugify(name)
        key, n = base, 2
        while key in used:
            key, n = f"{base}-{n}", n + 1
        used.add(key)
        keys[name] = key
    return keys


# Covers -----------------------------------------------------------------------


def cover_source(folder: Path, epub: Path) -> bytes:
    """The manuscript's own cover, found, read and checked as the build does it (a link
    out of the folder is refused), else the cover image samizdat made for its EPUB."""
    from samizdat.manuscript.images import read_cover

    path, data = read_cover(folder)
    return data if path else epub_cover(epub)


def epub_cover(epub: Path) -> bytes:
    """The image the EPUB's package names as its cover (properties="cover-image")."""
    try:
        with zipfile.ZipFile(epub) as zf:
            container = etree.fromstring(zf.read("META-INF/container.xml"))
            opf_path = container.find(".//{*}rootfile").get("full-path")
            opf = etree.fromstring(zf.read(opf_path))
            for item in opf.iterfind(".//{*}manifest/{*}item"):
                if "cover-image" in (item.get("properties") or "").split():
                    href = posixpath.normpath(
                        posixpath.join(posixpath.dirname(opf_path), item.get("href"))
                    )
                    return zf.read(href)
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, AttributeError) as exc:
        raise SamizdatError(f"cannot read the cover of the EPUB: {exc}", epub) from None
    raise SamizdatError("the EPUB names no cover image", epub)


def scaled(data: bytes, height: int) -> tuple[bytes, tuple[int, int]]:
    """The image as a JPEG at most `height` pixels high, with no metadata: the
    same bytes in, the same bytes out."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = IMAGE_LIMIT * 2
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        if image.mode in ("RGBA", "LA", "P"):
            image = image.convert("RGBA")
            flat = Image.new("RGB", image.size, (255, 255, 255))
            flat.paste(image, mask=image.getchannel("A"))
            image = flat
        else:
            image = image.convert("RGB")
        if image.height > height:
            width = max(1, round(image.width * height / image.height))
            image = image.resize((width, height), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=85, optimize=True, progressive=False)
        return buffer.getvalue(), image.size


def make_covers(out: Path, folder: Path, slug: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """OUT/covers/<slug>.jpg and <slug>-thumb.jpg, written only when they change."""
    source = cover_source(folder, out / slug / f"{slug}.epub")
    cover, cover_size = scaled(source, COVER_HEIGHT)
    thumb, thumb_size = scaled(source, THUMB_HEIGHT)
    write_if_changed(out / "covers" / f"{slug}.jpg", cover)
    write_if_changed(out / "covers" / f"{slug}-thumb.jpg", thumb)
    return cover_size, thumb_size


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` to `path` unless it already holds exactly that (keeps mtimes)."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_bytes(data)
    temp.replace(path)
    return True


def make_entry(out: Path, folder: Path, metadata: Metadata, epoch: str | None) -> Entry:
    slug = metadata.slug
    cover_size, thumb_size = make_covers(out, folder, slug)
    return Entry(
        metadata=metadata,
        folder=folder,
        downloads=downloads(out, slug),
        cover=f"covers/{slug}.jpg",
        thumbnail=f"covers/{slug}-thumb.jpg",
        cover_size=cover_size,
        thumbnail_size=thumb_size,
        updated=updated(out, slug, epoch),
        web=web_edition(out, slug),
    )


@dataclass(frozen=True)
class Shelf:
    """What the site and every feed are made from: the catalogue's settings, the books
    in place, and the file name (key) of each series and each author."""

    catalog: Catalog
    books: list[Entry]
    series: dict[str, str]
    authors: dict[str, str]


def shelve(catalog: Catalog, entries: list[Entry]) -> Shelf:
    """The books with file names for their series and authors, also set on each entry."""
    series = unique_keys([e.metadata.series.name for e in entries if e.metadata.series])
    authors = unique_keys([n for e in entries for n in e.metadata.names("author")])
    for entry in entries:
        entry.series_key = series[entry.metadata.series.name] if entry.metadata.series else ""
        entry.author_keys = [authors[n] for n in entry.metadata.names("author")]
    return Shelf(catalog, entries, series, authors)


def sort_form(entries: list[Entry], name: str) -> str:
    for entry in entries:
        for creator in entry.metadata.creators:
            if creator.name == name:
                return creator.file_as
    return name
