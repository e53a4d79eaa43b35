"""Typography: straight quotes, unbalanced quotes, spacing, dashes, ellipses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from samizdat.lint.findings import Finding
from samizdat.lint.manuscript import Manuscript
from samizdat.lint.transcription import transcription_data

# A single closing quote: after a letter other than s (s’ is a plural
# possessive), or after punctuation, and not followed by a letter.
SINGLE_CLOSE = re.compile(r"(?:(?<=[A-Za-rt-z])|(?<=[.,;:!?]))’(?![A-Za-z])")

PATTERNS = {
    "T001": (re.compile(r"[\"']"), "straight quote {0!r}: type a curly one"),
    "T003": (
        re.compile(r"[”][A-Za-z]"),
        "a letter directly after a closing quote: a space is missing",
    ),
    "T004": (re.compile(r"(?<=\S) +[,.;:!?](?!\.\.)"), "a space before punctuation"),
    "T005": (re.compile(r"(?<=\S) {2,}(?=\S)"), "doubled spaces"),
    "T007": (re.compile(r"(?<!\.)\.\.\.(?!\.)"), "three full stops: use the ellipsis …"),
}


def dash_pattern() -> re.Pattern[str]:
    words = "|".join(transcription_data()["function_words"])
    return re.compile(
        rf"(?<=\w) - (?=\w)|(?<=\w)--(?=\w)| -- |(?<![\w-])[A-Za-z]+-(?:{words})\b(?!-)"
    )


def check(ms: Manuscript) -> Iterator[Finding]:
    dash = dash_pattern()
    for chapter in ms.chapters:
        for para in chapter.paragraphs:
            text = para.text
            for code, (pattern, message) in PATTERNS.items():
                for match in pattern.finditer(text):
                    line, column = para.at(match.start())
                    yield Finding(chapter.path, line, column, code, message.format(match.group(0)))
            for match in dash.finditer(text):
                line, column = para.at(match.start())
                yield Finding(
                    chapter.path,
                    line,
                    column,
                    "T006",
                    f"{match.group(0).strip()!r}: a hyphen used as a dash (type — or –)",
                )
            yield from balance(chapter.path, para)


def balance(path, para) -> Iterator[Finding]:
    """Curly quotes that open and close within the paragraph."""
    for opening, closing, closers in (("“", "”", re.compile("”")), ("‘", "’", SINGLE_CLOSE)):
        marks = sorted(
            [(m.start(), True) for m in re.finditer(opening, para.text)]
            + [(m.start(), False) for m in closers.finditer(para.text)]
        )
        stack: list[int] = []
        for position, is_open in marks:
            if is_open:
                stack.append(position)
            elif stack:
                stack.pop()
            else:
                line, column = para.at(position)
                yield Finding(
                    path,
                    line,
                    column,
                    "T002",
                    f"a closing {closing} with no opening {opening} before it",
                )
        for position in stack:
            line, column = para.at(position)
            yield Finding(path, line, column, "T002", f"an opening {opening} that is never closed")
