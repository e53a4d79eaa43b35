"""Title page and colophon, worded once for every output."""

from __future__ import annotations

from datetime import date
from html import escape

from samizdat import __version__
from samizdat.model import Metadata

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def human_date(value: str) -> str:
    """'1970-08' -> 'August 1970'; '2026-11-28' -> '28 November 2026'."""
    parts = value.split("-")
    try:
        if len(parts) == 3:
            d = date(int(parts[0]), int(parts[1]), int(parts[2]))
            return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return value


def title_page(meta: Metadata) -> str:
    subtitle = f'<p class="subtitle">{escape(meta.subtitle)}</p>' if meta.subtitle else ""
    credits = "".join(
        f'<p class="credit">{escape(credit.capitalize())} {escape(names)}</p>'
        for credit, names in meta.credits()
    )
    series = f'<p class="series">{escape(series_line(meta))}</p>' if meta.series else ""
    return (
        f'<p class="title">{escape(meta.title)}</p>{subtitle}'
        f'<p class="author">{escape(meta.author)}</p>{credits}{series}'
        f'<p class="publisher">{escape(meta.publisher)}</p>'
    )


def series_line(meta: Metadata) -> str:
    if meta.series is None:
        return ""
    number = f" {meta.series.number}" if meta.series.number is not None else ""
    return f"{meta.series.name}{number}"


def colophon(meta: Metadata, extra: tuple[str, ...] = (), isbn: str = "", face: str = "") -> str:
    """The colophon's paragraphs. `extra` adds what only one medium has to say; `isbn` is
    the edition's own; `face` the book face this edition is really set in, if any."""
    credits = "".join(f", {escape(c)} {escape(n)}" for c, n in meta.credits())
    paras = [f"<em>{escape(meta.title)}</em> by {escape(meta.author)}{credits}."]
    if meta.series:
        paras.append(f"{escape(series_line(meta))}.")
    if meta.original:
        where = ", ".join(x for x in (meta.original.publisher, meta.original.place) if x)
        when = f", {human_date(meta.original.date)}" if meta.original.date else ""
        paras.append(f"First published by {escape(where)}{escape(when)}.")
    paras.append(
        f"This edition published by {escape(meta.publisher)}, {escape(human_date(meta.date))}."
    )
    if meta.rights:
        paras.append(escape(meta.rights))
    if isbn:
        paras.append(f'ISBN <span class="isbn">{escape(isbn)}</span>')
    paras.extend(extra)
    made = f"Made with samizdat {__version__}."
    paras.append(f"Set in {escape(face)}. {made}" if face else made)
    return "".join(f"<p>{p}</p>" for p in paras)


CONTENTS_TITLE = "Contents"

ACCESSIBILITY_EPUB = (
    "Accessibility: this EPUB meets EPUB Accessibility 1.1 and WCAG 2.1 Level AA, as checked"
    " with Ace by DAISY. It has a navigable contents, a logical reading order and headings;"
    " notes are linked to and from their calls; every image has a text alternative; text can"
    " be resized and restyled; and it carries the page numbers of the print edition."
)
ACCESSIBILITY_PDF = (
    "Accessibility: this PDF is tagged (PDF/UA-1): its structure, language and reading order"
    " are marked for assistive technology. The EPUB edition carries its page numbers."
)
ACCESSIBILITY_WEB = (
    "Accessibility: this web edition meets WCAG 2.1 Level AA, as checked with axe-core, and is"
    " valid HTML. It works without JavaScript and without a connection once saved; headings,"
    " landmarks and a contents give its structure; notes are linked to and from their calls;"
    " text follows the reader's size and light or dark setting."
)
WEB_PAGE_NUMBERS = "It carries the page numbers of the print edition, in the margin."
