"""The printed cover: front and back at the trim size, typographic, from the metadata."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from lxml.html import builder as E

from samizdat.model import Book
from samizdat.print import weasy
from samizdat.print.layout import PrintOptions
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


def cover_css(page: Trim, options: PrintOptions) -> str:
    d = design()
    bleed = "bleed: 3mm; marks: crop cross;" if options.print_ready else ""
    size = f"{page.width}mm {page.height}mm"
    return (
        f"@page {{ size: {size}; background: {d['background']}; {bleed} }}\n"
        f"html {{ --accent: {d['accent']}; color: {d['ink']};"
        f" font-size: {page.font_size * 1.2:.1f}pt; }}\n"
        f"section {{ height: {page.height}mm; }}"
    )


def write_cover(book: Book, target: Path, page: Trim, options: PrintOptions) -> Path:
    rendered = weasy.typeset(cover_html(book), book.root, ("cover.css",), cover_css(page, options))
    rendered.document.metadata.title = f"{book.metadata.title}: cover"
    rendered.document.metadata.authors = [book.metadata.author]
    return weasy.write(rendered.document, target)
