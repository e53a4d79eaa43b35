"""Typography: straight quotes, unbalanced quotes, spacing, dashes, ellipses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from samizdat.lint.findings import Finding
from samizdat.lint.manuscript import Manuscript
from samizdat.lint.transcription import transcription_data

# A closing quote: not inside a word (it’s, o’clock are apostrophes).
SINGLE_CLOSE = re.compile(r"’(?![^\W\d_])")
DOUBLE_CLOSE = re.compile("”")

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
        for para, following in zip(
            chapter.paragraphs, [*chapter.paragraphs[1:], None], strict=True
        ):
            yield from balance(chapter.path, para, following)


def apostrophe(text: str, position: int) -> bool:
    """Whether a ’ with no ‘ open can be an apostrophe: the workers’, callin’, an’."""
    word = re.search(r"[^\W\d_]*$", text[max(0, position - 40) : position]).group(0).lower()
    rules = transcription_data()["apostrophes"]
    return not word or word.endswith(tuple(rules["endings"])) or word in rules["words"]


def balance(path, para, following=None) -> Iterator[Finding]:
    """Curly quotes that open and close within the paragraph.

    A quotation that runs over several paragraphs leaves each one open when the
    next opens with the same mark again (“ or “ ‘): the convention of English
    dialogue and quoted letters. A ’ is a closing quote only when a ‘ is open:
    otherwise it is an apostrophe (callin’, an’, the workers’).
    """
    opening_of_next = (
        following.text.lstrip().lstrip("“ \u00a0\u200a\u2009\u2060") if following else ""
    )
    for opening, closing, closers in (("“", "”", DOUBLE_CLOSE), ("‘", "’", SINGLE_CLOSE)):
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
            elif opening == "“" or not apostrophe(para.text, position):
                line, column = para.at(position)
                yield Finding(
                    path,
                    line,
                    column,
                    "T002",
                    f"a closing {closing} with no opening {opening} before it",
                )
        if following is not None and opening == "“":
            continued = following.text.lstrip().startswith(opening)
        else:
            continued = opening_of_next.startswith(opening)
        for position in stack[1:] if continued else stack:
            line, column = para.at(position)
            yield Finding(path, line, column, "T002", f"an opening {opening} that is never closed")
