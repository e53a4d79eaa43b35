"""A chapter's prose as the checks see it: markup removed, positions kept.

Checks search paragraphs of plain prose; every character keeps the line and
column it came from, so that a finding points at the source, not at HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from samizdat.manuscript.source import FENCE, NOTE_DEFINITION, heading_lines, setext_underlines

# Markup inside a line, removed from the prose (the rest is kept).
MARKUP = re.compile(
    r"""
      \[\^[^\]\s]{1,200}\]      # a note call
    | `[^`]*`                   # a code span
    | \{:?[^{}]*\}\s*$          # an attribute list
    | <[^<>]{1,2000}>           # an inline HTML tag
    | \]\([^()]{0,2000}\)       # a link's target
    | (?:https?://|www\.)[^\s<>()]+  # a web address
    | !?\[(?!\^)                # a link's opening bracket
    | (?<!\w)[*_]+|[*_]+(?!\w)  # emphasis
    """,
    re.VERBOSE,
)
BLOCK_START = re.compile(r"^(\s*(?:>\s?)*)(#{1,6}\s+|[-*+]\s+|\d+[.)]\s+)?")
CODE = "\u2060"  # a word joiner: neither a letter nor a space
NOTE_START = re.compile(r"^\[\^[^\]\s]+\]:[ \t]*")


@dataclass
class Paragraph:
    text: str = ""
    positions: list[tuple[int, int]] = field(default_factory=list)
    heading: bool = False

    def add(self, char: str, line: int, column: int) -> None:
        self.text += char
        self.positions.append((line, column))

    def at(self, index: int) -> tuple[int, int]:
        return self.positions[min(index, len(self.positions) - 1)]


@dataclass
class Chapter:
    path: Path
    text: str
    paragraphs: list[Paragraph]

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()


def prose_of_line(line: str) -> list[tuple[str, int]]:
    """(character, 1-based column) of the prose in one line of Markdown."""
    start = 0
    note = NOTE_START.match(line)
    if note:
        start = note.end()
    else:
        block = BLOCK_START.match(line)
        start = block.end() if block else 0
    body = line[start:]
    if re.match(r"^#{1,6}\s", line):
        body = re.sub(r"\s#+\s*$", "", body)
    kept = []
    position = 0
    for match in MARKUP.finditer(body):
        kept.extend(
            (c, start + i + 1) for i, c in enumerate(body[position : match.start()], position)
        )
        if match.group(0).startswith("`"):
            kept.append((CODE, start + match.start() + 1))  # code stands in the prose as one mark
        position = match.end()
    kept.extend((c, start + i + 1) for i, c in enumerate(body[position:], position))
    return kept


def paragraphs(text: str) -> list[Paragraph]:
    found: list[Paragraph] = []
    current: Paragraph | None = None
    fence = None
    headings = {h.line for h in heading_lines(text)}
    underlines = setext_underlines(text)
    for number, line in enumerate(text.splitlines(), 1):
        if number in underlines:
            current = None
            continue
        stripped = line.strip()
        opened = FENCE.match(stripped)
        if fence:
            if opened and stripped.startswith(fence):
                fence = None
            continue
        if opened:
            fence, current = opened.group(1), None
            continue
        bare = re.sub(r"^(\s*>)+\s*", "", line).strip()
        starts_block = bool(
            re.match(r"^(#{1,6}\s|[-*+]\s|\d+[.)]\s)", bare) or NOTE_DEFINITION.match(line)
        )
        if not bare or re.fullmatch(r"\{:?[^{}]*\}", bare):
            current = None
            continue
        if current is None or starts_block or current.heading or number in headings:
            current = Paragraph(heading=number in headings)
            found.append(current)
        elif current.text:
            current.add("\n", number, 0)
        for char, column in prose_of_line(line):
            current.add(char, number, column)
    return [p for p in found if p.text.strip()]


def read_chapter_prose(path: Path, text: str) -> Chapter:
    return Chapter(path, text, paragraphs(text))
