"""The OPDS 2.0 catalogue (JSON, after the Readium Web Publication Manifest): OUT/opds.json.

One feed: every book under `publications`, and a group per series, for the
reading apps that prefer OPDS 2.0 (Thorium, Readium-based apps); the Atom
feeds of `opds.py` stay the catalogue every OPDS client reads. Links are
relative to OUT, as in the Atom feeds.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

from samizdat.catalog.books import Entry, write_if_changed
from samizdat.catalog.config import Catalog

FEED = "opds.json"
OPDS2 = "application/opds+json"
ACQUIRE = "http://opds-spec.org/acquisition/open-access"  # free to download, no account
ATOM_ROOT = "application/atom+xml;profile=opds-catalog;kind=navigation"


def stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def contributors(entry: Entry, role: str) -> list[dict]:
    return [
        {"name": c.name, "sortAs": c.file_as} for c in entry.metadata.creators if c.role == role
    ]


def publication(entry: Entry) -> dict:
    meta = entry.metadata
    identifier = (
        f"urn:isbn:{meta.isbn_epub.replace('-', '')}" if meta.isbn_epub else meta.identifier
    )
    metadata: dict = {
        "@type": "http://schema.org/Book",
        "title": meta.title,
        "identifier": identifier,
        "author": contributors(entry, "author"),
        "language": meta.language,
        "publisher": meta.publisher,
        "modified": stamp(entry.updated),
    }
    if meta.subtitle:
        metadata["subtitle"] = meta.subtitle
    for role in ("translator", "editor", "illustrator"):
        if contributors(entry, role):
            metadata[role] = contributors(entry, role)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta.date):  # OPDS 2.0 takes full dates only
        metadata["published"] = meta.date
    if meta.description:
        metadata["description"] = meta.description
    if meta.subjects:
        metadata["subject"] = [{"name": s} for s in meta.subjects]
    if meta.series:
        series = {"name": meta.series.name}
        if meta.series.number is not None:
            series["position"] = meta.series.number
        metadata["belongsTo"] = {"series": [series]}
    links = [
        {"rel": "alternate", "href": f"books/{entry.slug}.html", "type": "text/html"},
    ]
    for download in entry.downloads:
        if download.label in ("Print-ready PDF", "Cover"):
            continue
        links.append(
            {
                "rel": ACQUIRE,
                "href": download.href,
                "type": download.mime,
                "title": download.label,
                "size": download.size,
            }
        )
    if entry.web:
        links.append(
            {"rel": "related", "href": entry.web, "type": "text/html", "title": "Read online"}
        )
    images = [
        {
            "href": entry.cover,
            "type": "image/jpeg",
            "width": entry.cover_size[0],
            "height": entry.cover_size[1],
        },
        {
            "href": entry.thumbnail,
            "type": "image/jpeg",
            "width": entry.thumbnail_size[0],
            "height": entry.thumbnail_size[1],
        },
    ]
    return {"metadata": metadata, "links": links, "images": images}


def write_feed(catalog: Catalog, out: Path, books: list[Entry], when: datetime) -> list[str]:
    newest = max((b.updated for b in books), default=when)
    feed: dict = {
        "metadata": {"title": catalog.title, "modified": stamp(newest)},
        "links": [
            {"rel": "self", "href": FEED, "type": OPDS2},
            {"rel": "alternate", "href": "opds.xml", "type": ATOM_ROOT},
            {"rel": "alternate", "href": "index.html", "type": "text/html"},
        ],
        "publications": [publication(b) for b in books],
    }
    groups = []
    for name in sorted({b.metadata.series.name for b in books if b.metadata.series}):
        members = sorted(
            (b for b in books if b.metadata.series and b.metadata.series.name == name),
            key=lambda b: (b.metadata.series.number is None, b.metadata.series.number or 0),
        )
        groups.append(
            {"metadata": {"title": name}, "publications": [publication(b) for b in members]}
        )
    if groups:
        feed["groups"] = groups
    if not books:
        feed.pop("publications")
        feed["navigation"] = [{"href": "index.html", "type": "text/html", "title": catalog.title}]
    text = json.dumps(feed, ensure_ascii=False, indent=1) + "\n"
    write_if_changed(out / FEED, text.encode())
    return [FEED]
