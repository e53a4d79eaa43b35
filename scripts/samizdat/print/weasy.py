"""WeasyPrint, set up once for every PDF samizdat makes.

One FontConfiguration for the stylesheets and the rendering (otherwise
@font-face silently falls back to DejaVu), the faces as static instances
(print/fonts.py), and a fetcher that reads nothing but the allowed folders.
"""

from __future__ import annotations

import copy
import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration

from samizdat.errors import SamizdatError
from samizdat.print import fonts
from samizdat.resources import BOOK_FACE, MONO_FACE, STYLES_DIR, style_path
from samizdat.writers.fetcher import FolderFetcher, RefusedReference
from samizdat.writers.files import write_atomically

FAMILIES = (BOOK_FACE, MONO_FACE)


@dataclass
class Rendered:
    """The laid-out pages, and the font configuration that must outlive them."""

    document: Document
    fonts: FontConfiguration


def typeset(
    html: str,
    root: Path,
    stylesheets: tuple[str, ...],
    generated: str,
    families: tuple[str, ...] = FAMILIES,
    make_all_pages: Callable | None = None,
    preloaded: dict[str, bytes] | None = None,
    book_css: str = "",
) -> Rendered:
    """Lay out an HTML document whose references are relative to `root`.

    `make_all_pages`: used instead of WeasyPrint's own while laying out (see
    print/pagemaker.py, which makes a page again when something is wrong with it).
    `preloaded`: the book's files (images) by URL, as the loader read them:
    nothing of the manuscript folder is read again. `book_css`: the book's own
    style.css, after the house styles.
    """
    faces = [face for family in families for face in fonts.family_faces(family)]
    fetcher = FolderFetcher([STYLES_DIR, *{face.path.parent for face in faces}], preloaded)
    try:
        stamps = tuple(style_path(name).stat().st_mtime_ns for name in stylesheets)
        house = house_styles(stylesheets, tuple(faces), stamps)
        font_config = house.fonts
        sheets = [
            *house.sheets,
            CSS(string=generated, font_config=font_config, url_fetcher=fetcher),
        ]
        if book_css:
            sheets.append(CSS(string=book_css, font_config=font_config, url_fetcher=fetcher))
        document = HTML(string=html, base_url=root.resolve().as_uri() + "/", url_fetcher=fetcher)
        with pages_made_by(make_all_pages), letter_spaced_lines_fit():
            laid_out = document.render(stylesheets=sheets, font_config=font_config)
        return Rendered(laid_out, font_config)
    except RefusedReference as exc:
        raise SamizdatError(exc.reason, exc.url) from None


@dataclass(frozen=True)
class HouseStyles:
    """The house stylesheets and the faces' @font-face rules, parsed, and their fonts."""

    fonts: FontConfiguration
    sheets: tuple[CSS, ...]


@functools.lru_cache(maxsize=8)
def house_styles(
    stylesheets: tuple[str, ...], faces: tuple[fonts.Face, ...], stamps: tuple[int, ...]
) -> HouseStyles:
    """Parsed once per process: a book laid out in parts (print/parts.py) is many documents.

    The faces are loaded once into one FontConfiguration that every document of
    the process shares (and that outlives them all). `stamps`: the stylesheets'
    modification times, so that a long-lived process (`samizdat watch`) reads
    an edited house style again.
    """
    font_config = FontConfiguration()
    fetcher = FolderFetcher([STYLES_DIR, *{face.path.parent for face in faces}])
    sheets = [
        CSS(filename=str(style_path(name)), font_config=font_config, url_fetcher=fetcher)
        for name in stylesheets
    ]
    rules = "\n".join(face.css() for face in faces)
    sheets.append(CSS(string=rules, font_config=font_config, url_fetcher=fetcher))
    return HouseStyles(font_config, tuple(sheets))


@contextmanager
def pages_made_by(make_all_pages: Callable | None) -> Iterator[None]:
    """WeasyPrint's layout, with its page maker replaced for the time of one render."""
    if make_all_pages is None:
        yield
        return
    import weasyprint.layout

    original = weasyprint.layout.make_all_pages
    weasyprint.layout.make_all_pages = make_all_pages
    try:
        yield
    finally:
        weasyprint.layout.make_all_pages = original


@contextmanager
def letter_spaced_lines_fit() -> Iterator[None]:
    """WeasyPrint's line breaking, mended for letter-spaced text, for the time of one render.

    WeasyPrint 70 measures a line with the letter space after its last
    letter (as CSS does); Pango, which breaks the line, without it. A
    letter-spaced line that Pango found full to within that space measures
    over the measure, and WeasyPrint, taking it for a line that cannot break
    anywhere, sets it only as far as the first soft hyphen that fits: holmes
    at A6, in a paragraph set a shade looser, had "years back, and some-"
    with six-em spaces. Such a hyphenated line is broken again with Pango
    given the measure less the letter space, and the longer line is taken;
    elsewhere the two agree, and nothing else is broken twice.
    """
    import weasyprint.layout.inline as inline
    from weasyprint.text import line_break

    split, create = inline.split_first_line, line_break.create_layout
    narrowed = [False]

    def create_layout(text, style, context, max_width, justification_spacing):
        spacing = style["letter_spacing"]
        if narrowed[0] and max_width is not None and spacing != "normal" and spacing > 0:
            max_width -= spacing
        return create(text, style, context, max_width, justification_spacing)

    def split_first_line(text, style, context, max_width, *args, **kwargs):
        found = split(text, style, context, max_width, *args, **kwargs)
        spacing = style["letter_spacing"]
        hyphen = style["hyphenate_character"]
        if (
            spacing == "normal"
            or spacing <= 0
            or max_width is None
            or found[2] is None
            or not found[0].text.endswith(hyphen)
        ):
            return found
        narrowed[0] = True
        try:
            again = split(text, style, context, max_width, *args, **kwargs)
        finally:
            narrowed[0] = False
        return again if again[1] > found[1] else found

    inline.split_first_line, line_break.create_layout = split_first_line, create_layout
    try:
        yield
    finally:
        inline.split_first_line, line_break.create_layout = split, create


def fresh_copy(document: Document) -> Document:
    """The same laid-out pages as a new Document, to write with other options.

    Writing a document paints its pages into the document's own font table and
    may change its metadata; a copy keeps each written variant independent.
    """
    twin = document.copy()
    twin.metadata = copy.copy(document.metadata)
    twin.color_profiles = dict(document.color_profiles)
    return twin


def write(
    document: Document,
    target: Path,
    finisher: Callable | None = None,
    **options,
) -> Path:
    """Write laid-out pages as a PDF; `finisher(document, pdf)` may amend it before it is saved."""
    with ligatures_mapped():
        return write_atomically(
            target, lambda temp: document.write_pdf(str(temp), finisher=finisher, **options)
        )


IGNORABLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"  # no text of their own: soft hyphen, joiners


@contextmanager
def ligatures_mapped() -> Iterator[None]:
    """Each font's text map (ToUnicode) given the letters of its ligatures, while a PDF is
    written.

    WeasyPrint maps a glyph to the text it stood for the first time it was
    drawn; a ligature drawn first across a soft hyphen ("suf-fi-cient": the
    hyphenated text holds f, a soft hyphen, f, i) maps to nothing, and from
    then on every "ffi" of the book reads as nothing when it is searched,
    copied or read aloud (holmes: 85 glyphs a trim). A glyph mapped to no text
    is given the letters of the ligature it is in the font (GSUB).
    """
    import weasyprint.pdf

    original = weasyprint.pdf.build_fonts_dictionary

    def build_fonts_dictionary(pdf, fonts_used, *args, **kwargs):
        for font in fonts_used.values():
            empty = [glyph for glyph, text in font.to_unicode.items() if not text.strip(IGNORABLE)]
            if empty:
                letters = ligature_letters(font.file_content)
                font.to_unicode.update({g: letters[g] for g in empty if g in letters})
        return original(pdf, fonts_used, *args, **kwargs)

    weasyprint.pdf.build_fonts_dictionary = build_fonts_dictionary
    try:
        yield
    finally:
        weasyprint.pdf.build_fonts_dictionary = original


@functools.lru_cache(maxsize=16)
def ligature_letters(program: bytes) -> dict[int, str]:
    """The letters of each ligature glyph of a font program, by glyph number (GSUB)."""
    from fontTools.ttLib import TTFont

    font = TTFont(BytesIO(program), lazy=True)
    letters = {name: chr(code) for code, name in (font.getBestCmap() or {}).items()}
    found: dict[int, str] = {}
    if "GSUB" not in font:
        return found
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            table = table.ExtSubTable if lookup.LookupType == 7 else table
            for first, ligatures in getattr(table, "ligatures", {}).items():
                for ligature in ligatures:
                    names = [first, *ligature.Component]
                    if all(name in letters for name in names):
                        text = "".join(letters[name] for name in names)
                        found.setdefault(font.getGlyphID(ligature.LigGlyph), text)
    return found


logging.getLogger("weasyprint").addHandler(logging.NullHandler())
