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
    return (
        f'<p class="title">{escape(meta.title)}</p>{subtitle}'
        f'<p class="author">{escape(meta.author)}</p>'
        f'<p class="publisher">{escape(meta.publisher)}</p>'
    )


def colophon(meta: Metadata, extra: tuple[str, ...] = ()) -> str:
    """The colophon's paragraphs; `extra` adds what only one medium has to say."""
    paras = [f"<em>{escape(meta.title)}</em> by {escape(meta.author)}."]
    if meta.original:
        where = ", ".join(x for x in (meta.original.publisher, meta.original.place) if x)
        when = f", {human_date(meta.original.date)}" if meta.original.date else ""
        paras.append(f"First published by {escape(where)}{escape(when)}.")
    paras.append(
        f"This edition published by {escape(meta.publisher)}, {escape(human_date(meta.date))}."
    )
    if meta.rights:
        paras.append(escape(meta.rights))
    paras.append(f'Identifier: <span class="identifier">{escape(meta.identifier)}</span>')
    paras.extend(extra)
    paras.append(f"Set in EB Garamond. Made with samizdat {__version__}.")
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
