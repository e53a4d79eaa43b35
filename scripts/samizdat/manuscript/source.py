"""The raw text of a chapter file, read with line numbers for messages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from samizdat.errors import SamizdatError

NOTE_DEFINITION = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]*(.*)$")
NOTE_CALL = re.compile(r"\[\^([^\]\s]+)\](?!:)")
FENCE = re.compile(r"^(```|~~~)")
HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
EXPLICIT_ID = re.compile(r"\{[^}]*#([\w:.-]+)[^}]*\}\s*$")


@dataclass(frozen=True)
class Mark:
    """Something found in the source: a note call, a note definition, a heading."""

    kind: str
    label: str
    line: int
    column: int
    text: str = ""


def read_chapter(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SamizdatError(f"cannot read: {exc.strerror}", path) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SamizdatError(f"not UTF-8 text (byte {exc.start})", path, line) from None


def prose_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) for every line outside fenced code blocks."""
    lines, fence = [], None
    for number, line in enumerate(text.splitlines(), 1):
        opened = FENCE.match(line.lstrip())
        if fence:
            if opened and line.lstrip().startswith(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        lines.append((number, line))
    return lines


def marks(text: str) -> list[Mark]:
    """Note calls, note definitions and headings, in order of position."""
    found = []
    for number, line in prose_lines(text):
        definition = NOTE_DEFINITION.match(line)
        if definition:
            found.append(Mark("definition", definition.group(1), number, 1, definition.group(2)))
        for call in NOTE_CALL.finditer(line):
            if definition and call.start() == 0:
                continue
            found.append(Mark("call", call.group(1), number, call.start() + 1))
        heading = HEADING.match(line)
        if heading:
            explicit = EXPLICIT_ID.search(heading.group(2))
            found.append(
                Mark(
                    "heading",
                    explicit.group(1) if explicit else "",
                    number,
                    1,
                    str(len(heading.group(1))),
                )
            )
    return found
