"""Hyphenation as a book typographer allows it, decided here rather than by WeasyPrint.

Soft hyphens (U+00AD) are put into the print HTML with pyphen, only where the
house rules allow a break, and print.css sets `hyphens: manual`, so WeasyPrint
breaks there or nowhere:

- words of at least MIN_WORD letters, at least MIN_BEFORE before the break and
  MIN_AFTER after it (the `hyphenate-limit-chars: 6 3 3` of CSS);
- never a capitalised word (a proper name, the first word of a sentence in
  German aside, is not broken);
- never the last word of a paragraph (it would end on a fragment);
- never a word already holding a hyphen, a digit or a soft hyphen.

`avoid` names words (by numbered block) that must not be broken at all: the
third of three hyphenated lines in a row, found in the layout (hyphen_runs).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyphen
from lxml import etree

from samizdat.print.cuts import line_text, lines_of, notes_area

MIN_WORD = 6
MIN_BEFORE = 3
MIN_AFTER = 3
SOFT = "\u00ad"
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
SOFT_WORD = re.compile(r"[^\W\d_]+(?:[\u00ad'’][^\W\d_]+)*")  # a word as hyphenated
HYPHENATED = {"p", "li", "td", "dd", "dt", "figcaption"}
CELLS = {"td", "th"}
OPENING_WORDS = 16  # words of an opening paragraph left whole: its first line is in small
# capitals (print.css), where WeasyPrint 70 draws a soft hyphen as a visible one
NOTE_BLOCK = re.compile(r"(^|\s)note-(p|li|dd|dt)(\s|$)")  # a note's paragraph, as a span
SKIP = {"code", "pre", "kbd", "samp", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6"}


@lru_cache(maxsize=8)
def dictionary(lang: str) -> pyphen.Pyphen | None:
    for candidate in (lang, lang.replace("-", "_"), lang.split("-")[0]):
        if candidate and candidate in pyphen.LANGUAGES or pyphen.language_fallback(candidate):
            return pyphen.Pyphen(lang=candidate, left=MIN_BEFORE, right=MIN_AFTER)
    return None


def may_break(word: str) -> bool:
    letters = word.replace("’", "").replace("'", "")
    return len(letters) >= MIN_WORD and not word[:1].isupper() and SOFT not in word


def hyphenate_word(dic: pyphen.Pyphen, word: str) -> str:
    if not may_break(word):
        return word
    if "’" in word or "'" in word:
        stem, _, rest = word.partition("’" if "’" in word else "'")
        return hyphenate_word(dic, stem) + word[len(stem) :] if len(stem) >= MIN_WORD else word
    return dic.inserted(word, hyphen=SOFT)


def text_nodes(block: etree._Element):
    """(element, 'text'|'tail') for every text of the block, in order, outside code."""

    def walk(element, skipping: bool):
        skip_here = (
            skipping
            or element.tag in SKIP
            or (element is not block and element.get("class") == "footnote")
        )
        if not skip_here and element.text:
            yield element, "text"
        for child in element:
            yield from walk(child, skip_here)
            if not skipping and child.tail:
                yield child, "tail"

    yield from walk(block, False)


def page_lines(flow) -> list[tuple[str | None, str]]:
    """(block, text) of every line of a page's running text (its flow box)."""
    from samizdat.print.pagination import flow_events

    lines: list[tuple[str | None, str]] = []
    current: list[str] = []
    block = None
    for kind, where, text in flow_events(flow):
        if kind == "text":
            current.append(text)
            block = where or block
        elif current:
            lines.append((block, "".join(current)))
            current = []
    if current:
        lines.append((block, "".join(current)))
    return lines


def laid_lines(document) -> list[tuple[str | None, str]]:
    """(block, text) of every line of the running text, page after page."""
    return [line for page in document.pages for line in page_lines(page._page_box.children[0])]


def ends_hyphenated(text: str) -> bool:
    return text.rstrip(" ").endswith(("\u2010", "-", SOFT))


def too_many(lines: list[tuple[str | None, str]], run: int = 0, limit: int = 2):
    """The lines (by index) whose broken word is to be left whole, so that no more than
    `limit` lines in a row end in a hyphen, and the run of hyphenated lines at the end.

    `run`: hyphenated lines ending the text before `lines`. In a run, the line
    `limit + 1`; if that one breaks at a word's own hyphen (which cannot be
    taken back), the nearest line before it in the run broken at a soft
    hyphen, else the nearest after it; counting starts again after it.
    """
    found = []
    for index, (block, text) in enumerate(lines):
        run = run + 1 if ends_hyphenated(text) else 0
        if run <= limit:
            continue
        if soft_break(block, text):
            found.append(index)
            run = 0
            continue
        # broken at a word's own hyphen ("world-market"): an earlier line of the run
        # broken at a soft hyphen is taken back instead, if the run has one here
        earlier = [i for i in range(index - 1, max(index - run, -1), -1) if soft_break(*lines[i])]
        if earlier:
            found.append(earlier[0])
            run = index - earlier[0]
    return found, run


def soft_break(block: str | None, text: str) -> bool:
    """Whether a line ends in a word broken at a soft hyphen (one that can be left whole)."""
    return block is not None and text.rstrip(" ").endswith(("\u2010", SOFT))


def head_of(text: str) -> str:
    """The first part of the word a line ends by breaking, soft hyphens and all."""
    head = text.rstrip(" \u2010" + SOFT).split(" ")[-1]
    parts = list(SOFT_WORD.finditer(head))
    return parts[-1].group() if parts and parts[-1].end() == len(head) else ""


def hyphen_runs(document, limit: int = 2) -> dict[str, frozenset[str]]:
    """The words to leave whole so that no more than `limit` lines in a row end in a hyphen.

    Read from the laid-out pages (the running text's lines, with
    pagination.flow_events, then the notes' lines): the word broken at the end
    of each line too_many() names, by its block (or its note's id).
    """
    avoid: dict[str, set[str]] = {}
    for lines in (laid_lines(document), note_lines(document)):
        for index in too_many(lines, 0, limit)[0]:
            block, word = lines[index][0], broken_word(lines, index)
            if word and block is not None:
                avoid.setdefault(block, set()).add(word)
    return {block: frozenset(words) for block, words in avoid.items()}


def note_lines(document) -> list[tuple[str | None, str]]:
    """(note id, text) of every line of the notes, page after page: a run of hyphenated
    lines in a note is mended as the text's is (hyphenate() keeps its words whole by
    the note's id, which every part of a continued note shares through data-note)."""
    lines: list[tuple[str | None, str]] = []
    for page in document.pages:
        area = notes_area(page._page_box)
        for note in area.children if area is not None else ():
            number = note.element.get("data-note") if note.element is not None else None
            key = f"note-{number}" if number else None
            lines += [(key, text) for line in lines_of(note) if (text := line_text(line)).strip()]
    return lines


def broken_word(lines: list[tuple[str | None, str]], index: int) -> str | None:
    """The word line `index` ends by breaking, whole, from its two parts; None if the
    line is the last of `lines` (see words_beginning())."""
    if index + 1 >= len(lines):
        return None
    tail = lines[index + 1][1].lstrip(" ").split(" ")[0]
    whole = WORD.search((head_of(lines[index][1]) + tail).replace(SOFT, ""))
    return whole.group() if whole else None


def words_beginning(text: str, head: str) -> set[str]:
    """The words of `text` (with its soft hyphens) that a line ending in `head` broke."""
    return {
        match.group().replace(SOFT, "")
        for match in SOFT_WORD.finditer(text)
        if head and match.group().startswith(head + SOFT)
    }


def whole_word(text: str, word: str) -> str:
    """`text` with every soft hyphen taken out of `word` (and only of that word)."""
    pattern = f"{SOFT}?".join(re.escape(letter) for letter in word)
    return re.sub(rf"(?<![^\W\d_]){pattern}(?![^\W\d_])", word, text)


def opening(block: etree._Element) -> bool:
    """Whether the block opens a section or follows a heading (its first line in small caps)."""
    if block.tag != "p":
        return False
    before = block.getprevious()
    while before is not None and not isinstance(before.tag, str):
        before = before.getprevious()
    if before is None:
        return True
    return before.tag in {"h1", "h2", "h3", "h4"} or "opening-title" in (before.get("class") or "")


def block_id(element: etree._Element) -> str | None:
    for node in (element, *element.iterancestors()):
        if node.get("data-block"):
            return node.get("data-block")
    return None


def hyphenate_block(
    dic: pyphen.Pyphen, block: etree._Element, avoid: frozenset[str] = frozenset()
) -> None:
    """Soft hyphens into one block; its last word stays whole unless it is a table cell
    (a narrow column must be able to break any long word)."""

    whole_words = OPENING_WORDS if opening(block) else 0

    def word(match: re.Match) -> str:
        nonlocal whole_words
        found = match.group()
        if whole_words > 0:
            whole_words -= 1
            return found
        return found if found in avoid else hyphenate_word(dic, found)

    nodes = list(text_nodes(block))
    last_word_node = None
    for element, attr in reversed(nodes):
        if WORD.search(getattr(element, attr) or ""):
            last_word_node = (element, attr)
            break
    for element, attr in nodes:
        text = getattr(element, attr)
        matches = list(WORD.finditer(text))
        if (element, attr) == last_word_node and matches and block.tag not in CELLS:
            # the whole last token: "fellow-countryman." is one word to the reader
            keep = (
                max(
                    text.rfind(" ", 0, matches[-1].start()),
                    text.rfind("\n", 0, matches[-1].start()),
                )
                + 1
            )
            setattr(element, attr, WORD.sub(word, text[:keep]) + text[keep:])
        else:
            setattr(element, attr, WORD.sub(word, text))


def hyphenate(
    root: etree._Element, lang: str, avoid: dict[str, frozenset[str]] | None = None
) -> None:
    """Soft hyphens into every paragraph-like block under `root`, by the rules above.

    `avoid`: words left whole, by numbered block (see print/layout.py).
    """
    avoid = avoid or {}
    dic = dictionary(lang)
    if dic is None:
        return
    for block in root.iter(*HYPHENATED):
        if any(parent.tag in HYPHENATED or parent.tag in SKIP for parent in block.iterancestors()):
            continue
        if "footnote" in (block.get("class") or ""):
            continue
        hyphenate_block(dic, block, avoid.get(block_id(block) or "", frozenset()))
    for note in root.iter("span"):
        if note.get("class") == "footnote":
            words = avoid.get(note.get("id") or "", frozenset())
            for paragraph in note_paragraphs(note):
                hyphenate_block(dic, paragraph, words)


def note_paragraphs(note: etree._Element) -> list[etree._Element]:
    """The paragraphs of a note (print/layout.py makes them spans), each with a last word
    of its own to keep whole; the note itself if it has none."""
    found = [
        span
        for span in note.iter("span")
        if span is not note
        and NOTE_BLOCK.search(span.get("class") or "")
        and not any(
            NOTE_BLOCK.search(inner.get("class") or "")
            for inner in span.iter("span")
            if inner is not span
        )
    ]
    return found or [note]
