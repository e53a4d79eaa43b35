"""Structure: heading levels, empty sections, heading ids, files without a heading."""

from __future__ import annotations

from collections.abc import Iterator

from samizdat.lint.findings import Finding
from samizdat.lint.manuscript import Manuscript
from samizdat.manuscript.source import ATTRIBUTE_LIST, heading_lines, prose_lines, setext_underlines


def check(ms: Manuscript) -> Iterator[Finding]:
    ids: dict[str, tuple] = {}
    for chapter in ms.chapters:
        headings = heading_lines(chapter.text)
        if not headings and not ms.label(chapter):
            yield Finding(
                chapter.path,
                1,
                1,
                "S004",
                "no heading: add one, or give the file a contents label in book.toml",
            )
        previous = 0
        for heading in headings:
            if previous and heading.level > previous + 1:
                yield Finding(
                    chapter.path,
                    heading.line,
                    1,
                    "S001",
                    f"heading of level {heading.level} follows one of level {previous}",
                )
            previous = heading.level
            key = heading.explicit_id
            if key:
                if key in ids:
                    first = ids[key]
                    yield Finding(
                        chapter.path,
                        heading.line,
                        1,
                        "S003",
                        f"id '{key}' is already used at {first[0].name}:{first[1]}",
                    )
                else:
                    ids[key] = (chapter.path, heading.line)
        yield from empty_sections(chapter, headings)


def empty_sections(chapter, headings) -> Iterator[Finding]:
    """A heading with nothing under it before the next heading of its level or higher."""
    underlines = setext_underlines(chapter.text)
    content_lines = [
        n
        for n, line in prose_lines(chapter.text)
        if line.strip() and n not in underlines and not ATTRIBUTE_LIST.fullmatch(line.strip())
    ]
    heading_at = {h.line for h in headings}
    body = [n for n in content_lines if n not in heading_at]
    position = 0
    for index, heading in enumerate(headings):
        end = headings[index + 1].line if index + 1 < len(headings) else float("inf")
        while position < len(body) and body[position] < heading.line:
            position += 1
        has_content = position < len(body) and body[position] < end
        next_level = headings[index + 1].level if index + 1 < len(headings) else 0
        if not has_content and (next_level == 0 or next_level <= heading.level):
            yield Finding(
                chapter.path, heading.line, 1, "S002", f"section '{heading.text}' is empty"
            )
