"""WeasyPrint, set up once for every PDF samizdat makes.

One FontConfiguration for the stylesheets and the rendering (otherwise
@font-face silently falls back to DejaVu), the book face from its pinned
package, and a fetcher that reads nothing but the allowed folders.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration

from samizdat.errors import SamizdatError
from samizdat.resources import BOOK_FACE, MONO_FACE, STYLES_DIR, font_files, style_path
from samizdat.writers.fetcher import FolderFetcher, RefusedReference
from samizdat.writers.files import write_atomically

FONT_WEIGHTS = (400, 500, 600, 700)


@dataclass
class Rendered:
    """The laid-out pages, and the font configuration that must outlive them."""

    document: Document
    fonts: FontConfiguration


def font_faces() -> str:
    """One @font-face per weight and style: WeasyPrint rejects weight ranges."""
    return "\n".join(
        f'@font-face {{ font-family: "{face}"; src: url("{files[style].as_uri()}");'
        f" font-weight: {weight}; font-style: {style}; }}"
        for face, files in ((f, font_files(f)) for f in (BOOK_FACE, MONO_FACE))
        for style in ("normal", "italic")
        for weight in FONT_WEIGHTS
    )


def typeset(html: str, root: Path, stylesheets: tuple[str, ...], generated: str) -> Rendered:
    """Lay out an HTML document whose references are relative to `root`."""
    font_folders = {p.parent for face in (BOOK_FACE, MONO_FACE) for p in font_files(face).values()}
    fetcher = FolderFetcher([root, STYLES_DIR, *font_folders])
    fonts = FontConfiguration()
    try:
        sheets = [
            CSS(filename=str(style_path(name)), font_config=fonts, url_fetcher=fetcher)
            for name in stylesheets
        ]
        extra = generated + "\n" + font_faces()  # an @import must come first
        sheets.append(CSS(string=extra, font_config=fonts, url_fetcher=fetcher))
        document = HTML(string=html, base_url=root.resolve().as_uri() + "/", url_fetcher=fetcher)
        return Rendered(document.render(stylesheets=sheets, font_config=fonts), fonts)
    except RefusedReference as exc:
        raise SamizdatError(exc.reason, exc.url) from None


def write(rendered: Rendered, target: Path, **options) -> Path:
    return write_atomically(target, lambda temp: rendered.document.write_pdf(str(temp), **options))


logging.getLogger("weasyprint").addHandler(logging.NullHandler())
