"""The raw text of a chapter file: the one scanner that the loader and the linter share.

Both read a chapter through `read_chapter` (UTF-8, a byte-order mark dropped)
and find headings, note calls and note definitions through `marks`, so that
"lint clean" means "builds": they cannot disagree about what a file holds.
The patterns are linear: none can backtrack over a long line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from samizdat.errors import SamizdatError
from samizdat.manuscript.files import limit, read_inside

BOM = "\ufeff"
# Characters no text may hold: C0 controls but tab, line feed and carriage
# return; DEL; and the noncharacters U+FFFE and U+FFFF.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
CONTROL_NAMES = {"\x00": "NUL", "\x0c": "a form feed", "\x7f": "DEL"}
NOTE_DEFINITION = re.compile(r"^\[\^([^\]\s]{1,200})\]:[ \t]*(.*)$")
NOTE_CALL = re.compile(r"\[\^([^\]\s]{1,200})\](?!:)")
FENCE = re.compile(r"^(```|~~~)")
ATX = re.compile(r"^(#{1,6})(?:[ \t]+(.*))?$")
SETEXT_UNDERLINE = re.compile(r"^(=+|-+)[ \t]*$")
EXPLICIT_ID = re.compile(r"\{[^{}]*?#([\w:.-]+)[^{}]*\}$")
ATTRIBUTE_LIST = re.compile(r"\{:?[^{}]*\}$")
BLOCK_MARKUP = re.compile(r"^(?:[>*+-]|\d+[.)]|#|\[\^|<|```|~~~|    |\t|\|)")


@dataclass(frozen=True)
class Mark:
    """Something found in the source: a note call, a note definition, a heading."""

    kind: str
    label: str
    line: int
    column: int
    text: str = ""


@dataclass(frozen=True)
class HeadingLine:
    """A heading as Markdown writes it: `# Title {#id}` or a setext `Title` + `=====`."""

    line: int
    level: int
    text: str  # without the attribute list
    explicit_id: str
    setext: bool = False


def read_chapter(path: Path, root: Path) -> str:
    """A chapter's text, read through the guarded reader."""
    return decode(read_inside(root, path, limit("chapter_bytes"), "chapter"), path)


def decode(data: bytes, path: Path) -> str:
    """UTF-8 text, without the byte-order mark that Windows editors write, and with
    no control character (a NUL or a form feed would print as a box, or break the XML)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SamizdatError(f"not UTF-8 text (byte {exc.start})", path, line) from None
    text = text.removeprefix(BOM)
    bad = CONTROL.search(text)
    if bad:
        char = bad.group(0)
        name = CONTROL_NAMES.get(char, f"the control character U+{ord(char):04X}")
        line = text.count("\n", 0, bad.start()) + 1
        raise SamizdatError(f"{name} in the text: remove it", path, line)
    return text


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


def split_attributes(text: str) -> tuple[str, str]:
    """A heading's text and its explicit id, from `Title {#id .class}`."""
    text = text.strip()
    found = ATTRIBUTE_LIST.search(text) if text.endswith("}") else None
    if not found:
        return text, ""
    explicit = EXPLICIT_ID.search(found.group(0))
    return text[: found.start()].rstrip(), explicit.group(1) if explicit else ""


def atx_text(rest: str) -> str:
    """An ATX heading's text: closing hashes and spaces removed, without a regex."""
    rest = rest.strip()
    stripped = rest.rstrip("#")
    if stripped != rest and (not stripped or stripped[-1] in " \t"):
        rest = stripped.rstrip()
    return rest


def heading_lines(text: str) -> list[HeadingLine]:
    """Every heading in reading order, ATX and setext, as Python-Markdown reads them.

    A setext heading is the first line of a block (after a blank line or at the
    start) with a line of = (level 1) or - (level 2) directly under it.
    """
    found: list[HeadingLine] = []
    lines = prose_lines(text)
    previous_blank, previous_number = True, 0
    for index, (number, line) in enumerate(lines):
        atx = ATX.match(line)
        if atx:
            words, explicit = split_attributes(atx_text(atx.group(2) or ""))
            found.append(HeadingLine(number, len(atx.group(1)), words, explicit))
        elif (
            previous_blank
            and line.strip()
            and not BLOCK_MARKUP.match(line)
            and index + 1 < len(lines)
            and lines[index + 1][0] == number + 1
            and SETEXT_UNDERLINE.match(lines[index + 1][1])
        ):
            level = 1 if lines[index + 1][1].startswith("=") else 2
            words, explicit = split_attributes(line)
            found.append(HeadingLine(number, level, words, explicit, setext=True))
        previous_blank = not line.strip() or number != previous_number + 1
        previous_number = number
    return found


def setext_underlines(text: str) -> set[int]:
    """The line numbers of setext underlines: markup, not prose."""
    return {h.line + 1 for h in heading_lines(text) if h.setext}


def marks(text: str) -> list[Mark]:
    """Note calls, note definitions and headings, in order of position."""
    found = []
    headings = {h.line: h for h in heading_lines(text)}
    for number, line in prose_lines(text):
        definition = NOTE_DEFINITION.match(line)
        if definition:
            found.append(Mark("definition", definition.group(1), number, 1, definition.group(2)))
        for call in NOTE_CALL.finditer(line):
            if definition and call.start() == 0:
                continue
            found.append(Mark("call", call.group(1), number, call.start() + 1))
        heading = headings.get(number)
        if heading:
            found.append(Mark("heading", heading.explicit_id, number, 1, str(heading.level)))
    return found
