"""Scaffold a manuscript folder that builds as it is."""

from __future__ import annotations

import argparse
import re
import uuid
from datetime import date
from pathlib import Path

import tomli_w

from samizdat.errors import SamizdatError
from samizdat.resources import DATA_DIR

NAME = "new"
HELP = "start a new manuscript folder"
TEMPLATE = DATA_DIR / "new"


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path, metavar="DIR", help="the folder to create")
    parser.add_argument("--title", default="", help="the book's title (default: from DIR)")


def fill(template: str, values: dict[str, str]) -> str:
    """The template's `key = "{key}"` lines written by a TOML writer: a title with a
    quote, a backslash or a new line still gives a book.toml that parses."""
    for key, value in values.items():
        template = template.replace(f'{key} = "{{{key}}}"', tomli_w.dumps({key: value}).strip())
    return template


def run(args: argparse.Namespace) -> int:
    folder: Path = args.folder
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise SamizdatError("already exists and is not an empty folder", folder)
    slug = re.sub(r"[^a-z0-9]+", "-", folder.resolve().name.lower()).strip("-") or "book"
    title = args.title or slug.replace("-", " ").capitalize()
    values = {
        "title": title,
        "identifier": f"urn:uuid:{uuid.uuid4()}",
        "date": date.today().isoformat(),
        "slug": slug,
    }
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for template in sorted(TEMPLATE.iterdir()):
            text = template.read_text(encoding="utf-8")
            if template.name == "book.toml":
                text = fill(text, values)
            (folder / template.name).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise SamizdatError(f"cannot create the manuscript: {exc.strerror}", folder) from None
    print(f"created {folder}: edit book.toml and the chapters, then run: samizdat build {folder}")
    return 0
