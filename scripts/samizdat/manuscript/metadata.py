"""book.toml: read, checked against data/book_fields.toml, turned into Metadata."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from samizdat.errors import SamizdatError
from samizdat.model import Metadata, Original
from samizdat.resources import data

BOOK_FILE = "book.toml"


def field_rules() -> dict[str, dict[str, Any]]:
    return data("book_fields")


@dataclass(frozen=True)
class FieldProblem:
    key: str
    message: str
    line: int | None


def key_line(text: str, key: str) -> int | None:
    """The line where a top-level key is set, for messages that point at it."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for number, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            return number
    return None


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    if not path.is_file():
        raise SamizdatError("book.toml is missing: every manuscript folder needs one", path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SamizdatError(f"not UTF-8 text (byte {exc.start})", path) from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(found.group(1)) if found else None
        if "at end of document" in str(exc):
            line = text.count("\n") or 1
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        raise SamizdatError(f"malformed TOML: {message}", path, line) from None


def check_fields(data: dict[str, Any], text: str) -> list[FieldProblem]:
    """Every problem with the fields, in the order of the rules."""
    problems = []
    for key, rule in field_rules().items():
        value = data.get(key)
        line = key_line(text, key)
        kind = rule.get("kind", "string")
        if value is None or value == "" or value == []:
            if rule.get("required"):
                problems.append(FieldProblem(key, f"required field '{key}' is missing", None))
            continue
        expected = {"string": str, "list": list, "table": dict}[kind]
        if not isinstance(value, expected):
            problems.append(FieldProblem(key, f"'{key}' must be a {kind}", line))
            continue
        if kind == "string" and "pattern" in rule and not re.fullmatch(rule["pattern"], value):
            problems.append(
                FieldProblem(
                    key, f"'{key}' is malformed ({value!r}): expected {rule['help']}", line
                )
            )
    for key in data:
        if key not in field_rules():
            problems.append(FieldProblem(key, f"unknown field '{key}'", key_line(text, key)))
    return problems


def load_metadata(root: Path) -> tuple[Metadata, dict[str, Any]]:
    """The book's metadata, and the raw table for the chapter settings."""
    path = root / BOOK_FILE
    data, text = read_toml(path)
    problems = check_fields(data, text)
    if problems:
        first = problems[0]
        raise SamizdatError(first.message, path, first.line)
    original = None
    if isinstance(data.get("original"), dict):
        orig = data["original"]
        if not isinstance(orig.get("publisher"), str):
            raise SamizdatError(
                "[original] needs a publisher", path, key_line(text, "publisher") or None
            )
        original = Original(
            publisher=orig["publisher"],
            place=str(orig.get("place", "")),
            date=str(orig.get("date", "")),
        )
    author = data["author"]
    metadata = Metadata(
        title=data["title"],
        subtitle=data.get("subtitle", ""),
        author=author,
        author_file_as=data.get("author_file_as") or file_as(author),
        language=data["language"],
        identifier=data["identifier"],
        publisher=data["publisher"],
        date=data["date"],
        description=data.get("description", ""),
        subjects=tuple(str(s) for s in data.get("subjects", [])),
        rights=data.get("rights", ""),
        slug=data["slug"],
        original=original,
        trim=data.get("trim", "a5"),
    )
    return metadata, data


def file_as(name: str) -> str:
    """'Duncan Hallas' -> 'Hallas, Duncan': the usual sort form of a personal name."""
    parts = name.split()
    return f"{parts[-1]}, {' '.join(parts[:-1])}" if len(parts) > 1 else name
