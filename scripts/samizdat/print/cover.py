"""The printed cover: front and back at the trim size, typographic, from the metadata.

Laid out once, with the bleed painted (the background runs 3 mm past the
trim); the `cover` variant cuts it to the trim, `cover-print` keeps the bleed
and adds the slug and crop marks (variants.py). Its inks are CMYK, from the
[print] table of data/cover.toml.
"""

from __future__ import annotations

from lxml import etree
from lxml.html import builder as E

from samizdat.model import Book
from samizdat.print import weasy
from samizdat.print.variants import BLEED
from samizdat.print.weasy import Rendered
from samizdat.trims import Trim
from samizdat.writers.cover import design


def cover_html(book: Book) -> str:
    meta = book.metadata
    front = E.SECTION(
        E.CLASS("front"),
        E.DIV(E.CLASS("frame")),
        E.P(E.CLASS("title"), meta.title),
        *([E.P(E.CLASS("subtitle"), meta.subtitle)] if meta.subtitle else []),
        E.DIV(E.CLASS("rule")),
        E.P(E.CLASS("author"), meta.author),
        E.P(E.CLASS("publisher"), meta.publisher),
    )
    back = E.SECTION(
        E.CLASS("back"),
        E.DIV(E.CLASS("frame")),
        E.P(E.CLASS("description"), meta.description or meta.title),
        E.P(E.CLASS("publisher"), meta.publisher),
        E.P(E.CLASS("identifier"), meta.identifier),
    )
    html = E.HTML(
        E.HEAD(E.META(charset="utf-8"), E.TITLE(f"{meta.title}: cover")), E.BODY(front, back)
    )
    html.set("lang", meta.language)
    return etree.tostring(html, encoding="unicode", method="html", doctype="<!DOCTYPE html>")


def cmyk(inks: list[float]) -> str:
    return "device-cmyk(" + " ".join(f"{ink:g}" for ink in inks) + ")"


def cover_css(page: Trim) -> str:
    inks = design()["print"]
    size = f"{page.width}mm {page.height}mm"
    return (
        f"@page {{ size: {size}; background: {cmyk(inks['background'])}; bleed: {BLEED}mm; }}\n"
        f"html {{ --accent: {cmyk(inks['accent'])}; color: {cmyk(inks['ink'])};"
        f" font-size: {page.font_size * 1.2:.1f}pt; }}\n"
        f"section {{ height: {page.height}mm; }}"
    )


def lay_out_cover(book: Book, page: Trim) -> Rendered:
    rendered = weasy.typeset(cover_html(book), book.root, ("cover.css",), cover_css(page))
    rendered.document.metadata.title = f"{book.metadata.title}: cover"
    rendered.document.metadata.authors = [book.metadata.author]
    return rendered
