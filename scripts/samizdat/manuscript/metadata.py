"""book.toml: read, checked against data/book_fields.toml, turned into Metadata.

`check_fields` is the one judge of book.toml: the loader refuses what it
reports, and the linter reports the same problems, with the same lines.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from samizdat.errors import SamizdatError
from samizdat.manuscript.files import limit, read_inside
from samizdat.manuscript.source import CONTROL, decode
from samizdat.manuscript.typography import smarten
from samizdat.model import Creator, Metadata, Original, Series
from samizdat.resources import data
from samizdat.roles import section_roles

BOOK_FILE = "book.toml"
CHAPTER_KEYS = {"type": str, "label": str, "running_head": str, "quoted": bool}
KINDS = {"string": str, "list": list, "table": dict, "integer": int}


def field_rules() -> dict[str, dict[str, Any]]:
    return data("book_fields")


def creator_roles() -> dict[str, dict[str, str]]:
    return data("creators")


@dataclass(frozen=True)
class FieldProblem:
    key: str
    message: str
    line: int | None


def key_line(text: str, key: str, table: str | None = None) -> int | None:
    """The line where a key is set (inside [table] if given), for messages."""
    if table is None:
        return top_level_lines(text).get(key)
    lines = text.splitlines()
    start, end = 0, len(lines)
    if table:
        header = re.compile(rf"^\s*\[\s*{re.escape(table)}\s*\]\s*(#.*)?$")
        inline = re.compile(rf"^\s*{re.escape(table)}\s*=")
        for number, line in enumerate(lines):
            if header.match(line):
                start = number + 1
                end = next(
                    (n for n in range(start, len(lines)) if lines[n].lstrip().startswith("[")),
                    len(lines),
                )
                break
            if inline.match(line):
                return number + 1
        else:
            return None
    pattern = re.compile(rf"^\s*(\"{re.escape(key)}\"|{re.escape(key)})\s*=")
    for number in range(start, end):
        if pattern.match(lines[number]):
            return number + 1
    return None


@functools.lru_cache(maxsize=8)
def top_level_lines(text: str) -> dict[str, int]:
    """Where each key of the document is first set, in one pass (a book.toml with
    30,000 keys must not be searched 30,000 times)."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = KEY.match(line)
        if match:
            found.setdefault(match.group(1) or match.group(2), number)
    return found


KEY = re.compile(r'^\s*(?:"([^"]{1,200})"|([A-Za-z0-9_-]{1,200}))\s*=')


def table_line(text: str, table: str) -> int | None:
    header = re.compile(rf"^\s*\[\s*{re.escape(table)}\s*\]")
    for number, line in enumerate(text.splitlines(), 1):
        if header.match(line) or re.match(rf"^\s*{re.escape(table)}\s*=", line):
            return number
    return None


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    if not path.exists() and not path.is_symlink():
        raise SamizdatError("book.toml is missing: every manuscript folder needs one", path)
    text = decode(read_inside(path.parent, path, limit("toml_bytes"), "book.toml"), path)
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(found.group(1)) if found else None
        if "at end of document" in str(exc):
            line = text.count("\n") or 1
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        raise SamizdatError(f"malformed TOML: {message}", path, line) from None
    except RecursionError:
        raise SamizdatError("malformed TOML: nested too deeply", path) from None


def choices(rule: dict[str, Any]) -> list:
    value = rule.get("choices")
    if value == "trims":
        from samizdat.trims import trim_names

        return trim_names()
    if value == "fonts":
        return list(data("fonts")["faces"])
    return list(value or [])


def names(value: Any) -> list[str] | None:
    """A name or a list of names, or None if it is neither."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return value
    return None


def check_isbn(value: Any) -> str | None:
    from stdnum import isbn
    from stdnum.exceptions import ValidationError

    if not isinstance(value, dict) or not value:
        return 'must be a table such as { epub = "978-...", print = "978-..." }'
    for edition, number in value.items():
        if edition not in ("epub", "print"):
            return f"names the edition '{edition}': use epub and print"
        if not isinstance(number, str):
            return f"{edition} must be a string"
        try:
            isbn.validate(number)
        except ValidationError as exc:
            return f"{edition} = {number!r} is not a valid ISBN ({exc.message.lower()})"
    return None


def check_series(value: Any) -> str | None:
    if not isinstance(value, dict) or not isinstance(value.get("name"), str):
        return 'must be a table with a name: { name = "...", number = 2 }'
    unknown = set(value) - {"name", "number"}
    if unknown:
        return f"has an unknown key '{sorted(unknown)[0]}'"
    number = value.get("number")
    if number is not None and (not isinstance(number, int) or isinstance(number, bool)):
        return "number must be a whole number"
    return None


def check_lint(value: Any) -> str | None:
    from samizdat.lint.findings import codes

    if not isinstance(value, dict):
        return "must be a table"
    for key in value:
        if key not in ("disable", "severity", "language"):
            return f"has an unknown key '{key}': use disable, severity, language"
    disable = value.get("disable", [])
    if not isinstance(disable, list) or any(c not in codes() for c in disable):
        return 'disable must be a list of lint codes such as ["X003"]'
    severity = value.get("severity", {})
    if not isinstance(severity, dict) or any(
        c not in codes() or v not in ("error", "warning") for c, v in severity.items()
    ):
        return 'severity must map lint codes to "error" or "warning"'
    language = value.get("language", "en")
    if not isinstance(language, str) or not re.fullmatch(
        field_rules()["language"]["pattern"], language
    ):
        return 'language must be a language tag such as "en-US"'
    return None


def check_chapters(value: Any, text: str, chapter_names: list[str]) -> list[FieldProblem]:
    if not isinstance(value, dict):
        return [FieldProblem("chapters", "'chapters' must be a table", key_line(text, "chapters"))]
    problems = []
    roles = list(section_roles())
    for name, setting in value.items():
        table = f'chapters."{name}"'
        line = table_line(text, table) or table_line(text, f"chapters.{name}")
        if not isinstance(setting, dict):
            problems.append(FieldProblem("chapters", f"[{table}] must be a table", line))
            continue
        if chapter_names and name not in chapter_names:
            problems.append(
                FieldProblem("chapters", f"[{table}] names {name}, which is not a chapter", line)
            )
        for key, item in setting.items():
            if key not in CHAPTER_KEYS:
                hint = (
                    f" (a top-level key written after [{table}] belongs to that table:"
                    " move it above the first [table])"
                    if key in field_rules()
                    else f": use {', '.join(CHAPTER_KEYS)}"
                )
                problems.append(
                    FieldProblem(
                        "chapters",
                        f"unknown key '{key}' in [{table}]{hint}",
                        key_line(text, key, table) or line,
                    )
                )
            elif not isinstance(item, CHAPTER_KEYS[key]):
                kind = "true or false" if CHAPTER_KEYS[key] is bool else "a string"
                problems.append(FieldProblem("chapters", f"[{table}] {key} must be {kind}", line))
        if (
            isinstance(setting.get("type", "chapter"), str)
            and setting.get("type", "chapter") not in roles
        ):
            problems.append(
                FieldProblem(
                    "chapters",
                    f"[{table}] type '{setting['type']}' is not one of {', '.join(roles)}",
                    key_line(text, "type", table) or line,
                )
            )
    return problems


def check_fields(
    data: dict[str, Any], text: str, chapter_names: list[str] | None = None
) -> list[FieldProblem]:
    """Every problem with the fields, in the order of the rules."""
    problems = []
    rules = field_rules()
    for key, rule in rules.items():
        value = data.get(key)
        line = key_line(text, key) or table_line(text, key)
        kind = rule.get("kind", "string")
        if value is None or value == "" or value == []:
            if rule.get("required"):
                problems.append(FieldProblem(key, f"required field '{key}' is missing", None))
            continue
        message = None
        if kind == "names":
            if names(value) is None:
                message = f"'{key}' must be a name or a list of names"
        elif kind == "isbn":
            found = check_isbn(value)
            message = f"'isbn' {found}" if found else None
        elif kind == "series":
            found = check_series(value)
            message = f"'series' {found}" if found else None
        elif kind == "lint":
            found = check_lint(value)
            message = f"[lint] {found}" if found else None
        elif kind == "chapters":
            problems.extend(check_chapters(value, text, chapter_names or []))
            continue
        elif not isinstance(value, KINDS[kind]) or isinstance(value, bool):
            message = f"'{key}' must be a{'n' if kind == 'integer' else ''} {kind}"
        elif kind == "string" and "pattern" in rule and not re.fullmatch(rule["pattern"], value):
            message = f"'{key}' is malformed ({value[:60]!r}): expected {rule['help']}"
        elif rule.get("choices") and value not in choices(rule):
            allowed = ", ".join(str(c) for c in choices(rule))
            message = f"'{key}' is {value!r}: expected one of {allowed}"
        elif kind == "table" and "keys" in rule:
            unknown = [k for k in value if k not in rule["keys"]]
            if unknown:
                message = f"unknown key '{unknown[0]}' in [{key}]: use {', '.join(rule['keys'])}"
            elif any(not isinstance(v, str) for v in value.values()):
                message = f"the values of [{key}] must be strings"
        elif kind == "list" and any(not isinstance(v, str) for v in value):
            message = f"'{key}' must be a list of strings"
        if message:
            problems.append(FieldProblem(key, message, line))
    if isinstance(data.get("original"), dict) and not data["original"].get("publisher"):
        problems.append(
            FieldProblem("original", "[original] needs a publisher", table_line(text, "original"))
        )
    problems.extend(text_problems(data, text))
    for key in list(data)[:100]:
        if key not in rules:
            close = [k for k in rules if _similar(k, key)]
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(
                FieldProblem(
                    key,
                    f"unknown field '{key}'{hint}",
                    key_line(text, key) or table_line(text, key),
                )
            )
    return problems


def text_problems(data: dict[str, Any], text: str) -> list[FieldProblem]:
    """Control characters (a NUL, a form feed) and runaway lengths in any text field."""
    problems = []

    def strings(value: Any, depth: int = 0):
        if isinstance(value, str):
            yield value
        elif depth < 4 and isinstance(value, list | dict):
            for item in value.values() if isinstance(value, dict) else value:
                yield from strings(item, depth + 1)

    for key, value in data.items():
        for item in strings(value):
            if CONTROL.search(item):
                problems.append(
                    FieldProblem(key, f"'{key}' holds a control character", key_line(text, key))
                )
                break
            if len(item) > limit("metadata_chars"):
                problems.append(
                    FieldProblem(
                        key,
                        f"'{key}' is too long ({len(item):,} characters; at most"
                        f" {limit('metadata_chars'):,})",
                        key_line(text, key),
                    )
                )
                break
    return problems


def _similar(a: str, b: str) -> bool:
    import difflib

    return difflib.SequenceMatcher(None, a, b).ratio() > 0.75


def chapter_names(root: Path, data: dict[str, Any]) -> list[str]:
    """The chapter files' names, as the loader will take them (for the checks)."""
    order = data.get("order")
    if isinstance(order, list):
        return [str(name) for name in order]
    return sorted(p.name for p in root.glob("*.md"))


def file_as(name: str) -> str:
    """'Duncan Hallas' -> 'Hallas, Duncan': the usual sort form of a personal name."""
    parts = name.split()
    return f"{parts[-1]}, {' '.join(parts[:-1])}" if len(parts) > 1 else name


def creators(data: dict[str, Any]) -> tuple[Creator, ...]:
    """Everyone the book names, role by role in the order of data/creators.toml, each
    with the words that credit the role, so that the model needs no data file."""
    sort_forms = data.get("file_as") or {}
    found = []
    for role, rule in creator_roles().items():
        for name in names(data.get(role)) or []:
            form = sort_forms.get(name)
            if form is None and role == "author" and isinstance(data.get("author"), str):
                form = data.get("author_file_as")
            found.append(Creator(smarten(name), role, form or file_as(name), rule["credit"]))
    return tuple(found)


def load_metadata(root: Path) -> tuple[Metadata, dict[str, Any]]:
    """The book's metadata, and the raw table for the chapter settings."""
    path = root / BOOK_FILE
    data, text = read_toml(path)
    problems = check_fields(data, text, chapter_names(root, data))
    if problems:
        first = problems[0]
        raise SamizdatError(first.message, path, first.line)
    original = None
    if isinstance(data.get("original"), dict):
        orig = data["original"]
        original = Original(
            publisher=smarten(orig["publisher"]),
            place=smarten(orig.get("place", "")),
            date=str(orig.get("date", "")),
        )
    series = None
    if isinstance(data.get("series"), dict):
        series = Series(smarten(data["series"]["name"]), data["series"].get("number"))
    isbns = data.get("isbn") or {}
    metadata = Metadata(
        title=smarten(data["title"]),
        subtitle=smarten(data.get("subtitle", "")),
        creators=creators(data),
        language=data["language"],
        identifier=data["identifier"],
        isbn_epub=isbns.get("epub", ""),
        isbn_print=isbns.get("print", ""),
        publisher=smarten(data["publisher"]),
        date=data["date"],
        description=smarten(data.get("description", "")),
        subjects=tuple(str(s) for s in data.get("subjects", [])),
        rights=smarten(data.get("rights", "")),
        slug=data["slug"],
        original=original,
        trim=data.get("trim", "a5"),
        series=series,
        toc_depth=data.get("toc_depth", 2),
        font=data.get("font") or data_default_font(),
        url=data.get("url", ""),
    )
    return metadata, data


def data_default_font() -> str:
    return data("fonts")["default"]
