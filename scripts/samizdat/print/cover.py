"""The printed cover: front and back at the trim size, typographic, from the metadata.

Laid out once, with the bleed painted (the background runs 3 mm past the
trim); the `cover` variant cuts it to the trim, `cover-print` keeps the bleed
and adds the slug and crop marks (variants.py). Its inks are CMYK, from the
[print] table of data/cover.toml.
"""

from __future__ import annotations

import io

from lxml import etree
from lxml.html import builder as E
from PIL import Image, ImageChops

from samizdat.model import Book
from samizdat.print import weasy
from samizdat.print.variants import BLEED
from samizdat.print.weasy import Rendered
from samizdat.trims import Trim
from samizdat.writers.cover import design
from samizdat.writers.frontmatter import series_line

COVER_URL = "samizdat:cover-image"


def cover_html(book: Book) -> str:
    """Front and back. The front is the manuscript's own cover image if it has one,
    run into the bleed; otherwise a typographic design from the metadata. The back
    carries the blurb, the series, the publisher and the print ISBN, never a urn:uuid."""
    meta = book.metadata
    if book.cover_data:
        front = E.SECTION(
            E.CLASS("front image"),
            E.IMG(src=COVER_URL, alt=f"Cover: {meta.title}, by {meta.author}"),
        )
    else:
        front = E.SECTION(
            E.CLASS("front"),
            E.DIV(E.CLASS("frame")),
            E.P(E.CLASS("title"), meta.title),
            *([E.P(E.CLASS("subtitle"), meta.subtitle)] if meta.subtitle else []),
            E.DIV(E.CLASS("rule")),
            E.P(E.CLASS("author"), meta.author),
            *[E.P(E.CLASS("credit"), f"{c.capitalize()} {n}") for c, n in meta.credits()],
            E.P(E.CLASS("publisher"), meta.publisher),
        )
    back = E.SECTION(
        E.CLASS("back"),
        E.DIV(E.CLASS("frame")),
        E.P(E.CLASS("description"), meta.description or meta.title),
        *([E.P(E.CLASS("series"), series_line(meta))] if meta.series else []),
        E.P(E.CLASS("publisher"), meta.publisher),
        *([E.P(E.CLASS("isbn"), f"ISBN {meta.isbn_print}")] if meta.isbn_print else []),
    )
    html = E.HTML(
        E.HEAD(E.META(charset="utf-8"), E.TITLE(f"{meta.title}: cover")), E.BODY(front, back)
    )
    html.set("lang", meta.language)
    return etree.tostring(html, encoding="unicode", method="html", doctype="<!DOCTYPE html>")


def cmyk(inks: list[float]) -> str:
    return "device-cmyk(" + " ".join(f"{ink:g}" for ink in inks) + ")"


def cover_css(page: Trim, face: str) -> str:
    inks = design()["print"]
    size = f"{page.width}mm {page.height}mm"
    return (
        f"@page {{ size: {size}; background: {cmyk(inks['background'])}; bleed: {BLEED}mm; }}\n"
        f"html {{ --accent: {cmyk(inks['accent'])}; color: {cmyk(inks['ink'])};"
        f' font-family: "{face}";'
        f" font-size: {page.font_size * 1.2:.1f}pt; }}\n"
        f"section {{ height: {page.height}mm; }}\n"
        # The cover image runs into the bleed on every side.
        f"section.image img {{ position: absolute; top: -{BLEED}mm; left: -{BLEED}mm;"
        f" width: {page.width + 2 * BLEED}mm; height: {page.height + 2 * BLEED}mm;"
        f" object-fit: cover; }}"
    )


def cmyk_image(data: bytes) -> bytes:
    """The cover image in CMYK for the printer (a JPEG), its greys and blacks in black ink.

    Grey component replacement: K is the colour's darkness common to the three
    inks, and is taken out of C, M and Y (no ICC profile: a printer's RIP would
    otherwise make its own choice from RGB, which the preflight reports, PF601).
    """
    with Image.open(io.BytesIO(data)) as image:
        rgb = image.convert("RGB")
    c, m, y = (channel.point(lambda v: 255 - v) for channel in rgb.split())
    k = ImageChops.darker(ImageChops.darker(c, m), y)
    inks = [ImageChops.subtract(channel, k) for channel in (c, m, y)]
    out = io.BytesIO()
    Image.merge("CMYK", (*inks, k)).save(out, "JPEG", quality=92)
    return out.getvalue()


def lay_out_cover(book: Book, page: Trim) -> Rendered:
    preloaded = {COVER_URL: cmyk_image(book.cover_data)} if book.cover_data else {}
    rendered = weasy.typeset(
        cover_html(book),
        book.root,
        ("cover.css",),
        cover_css(page, book.metadata.font),
        families=(book.metadata.font,),
        preloaded=preloaded,
    )
    rendered.document.metadata.title = f"{book.metadata.title}: cover"
    rendered.document.metadata.authors = [book.metadata.author]
    return rendered
