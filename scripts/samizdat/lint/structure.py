"""Structure: heading levels, empty sections, heading ids, files without a heading."""

from __future__ import annotations

import re
from collections.abc import Iterator

from samizdat.lint.findings import Finding
from samizdat.lint.manuscript import Manuscript
from samizdat.manuscript.source import HEADING, prose_lines


def check(ms: Manuscript) -> Iterator[Finding]:
    ids: dict[str, tuple] = {}
    for chapter in ms.chapters:
        lines = prose_lines(chapter.text)
        headings = [(n, HEADING.match(line)) for n, line in lines if HEADING.match(line)]
        if not headings and not ms.label(chapter):
            yield Finding(
                chapter.path,
                1,
                1,
                "S004",
                "no heading: add one, or give the file a contents label in book.toml",
            )
        previous = 0
        for number, match in headings:
            level = len(match.group(1))
            if previous and level > previous + 1:
                yield Finding(
                    chapter.path,
                    number,
                    1,
                    "S001",
                    f"heading of level {level} follows one of level {previous}",
                )
            previous = level
            explicit = re.search(r"\{[^}]*#([\w:.-]+)[^}]*\}\s*$", match.group(2))
            if explicit:
                key = explicit.group(1)
                if key in ids:
                    first = ids[key]
                    yield Finding(
                        chapter.path,
                        number,
                        1,
                        "S003",
                        f"id '{key}' is already used at {first[0].name}:{first[1]}",
                    )
                else:
                    ids[key] = (chapter.path, number)
        # a heading with nothing after it before the next heading of the same or a higher level
        numbered = [n for n, _ in lines]
        for index, (number, match) in enumerate(headings):
            level = len(match.group(1))
            end = None
            for later_number, _later in headings[index + 1 :]:
                end = later_number
                break
            body = [line for n, line in lines if number < n < (end or numbered[-1] + 1)]
            has_content = any(
                line.strip() and not re.fullmatch(r"\{:?[^{}]*\}", line.strip()) for line in body
            )
            next_level = len(headings[index + 1][1].group(1)) if index + 1 < len(headings) else 0
            if not has_content and (next_level == 0 or next_level <= level):
                yield Finding(
                    chapter.path, number, 1, "S002", f"section '{match.group(2).strip()}' is empty"
                )
