"""Notes: every call has a note, every note a call; labels unique; none empty."""

from __future__ import annotations

from collections.abc import Iterator

from samizdat.lint.findings import Finding
from samizdat.lint.manuscript import Manuscript
from samizdat.manuscript.source import marks


def continues(lines: list[str], after: int) -> bool:
    """Whether the next non-blank line after a note definition is indented (its text)."""
    for line in lines[after:]:
        if line.strip():
            return line.startswith(("    ", "\t"))
    return False


def check(ms: Manuscript) -> Iterator[Finding]:
    for chapter in ms.chapters:
        found = marks(chapter.text)
        lines = chapter.text.splitlines()
        definitions: dict[str, int] = {}
        for mark in (m for m in found if m.kind == "definition"):
            if mark.label in definitions:
                yield Finding(
                    chapter.path,
                    mark.line,
                    1,
                    "N003",
                    f"note [^{mark.label}] is already defined on line {definitions[mark.label]}",
                )
                continue
            definitions[mark.label] = mark.line
            if not mark.text.strip() and not continues(lines, mark.line):
                yield Finding(chapter.path, mark.line, 1, "N004", f"note [^{mark.label}] is empty")
        called = set()
        for mark in (m for m in found if m.kind == "call"):
            called.add(mark.label)
            if mark.label not in definitions:
                yield Finding(
                    chapter.path,
                    mark.line,
                    mark.column,
                    "N001",
                    f"note [^{mark.label}] is called but never defined in this file",
                )
        for label, line in definitions.items():
            if label not in called:
                yield Finding(
                    chapter.path, line, 1, "N002", f"note [^{label}] is defined but never called"
                )
