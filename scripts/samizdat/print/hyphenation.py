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

`avoid` names words (by block and index) that must not be broken at all: the
third of three hyphenated lines in a row, found in the layout (print/layout.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyphen
from lxml import etree

MIN_WORD = 6
MIN_BEFORE = 3
MIN_AFTER = 3
SOFT = "\u00ad"
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
HYPHENATED = {"p", "li", "td", "th", "dd", "dt", "figcaption"}
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


def hyphenate_block(dic: pyphen.Pyphen, block: etree._Element) -> None:
    nodes = list(text_nodes(block))
    last_word_node = None
    for element, attr in reversed(nodes):
        if WORD.search(getattr(element, attr) or ""):
            last_word_node = (element, attr)
            break
    for element, attr in nodes:
        text = getattr(element, attr)
        matches = list(WORD.finditer(text))
        if (element, attr) == last_word_node and matches:
            keep = matches[-1].start()
            head = WORD.sub(lambda m: hyphenate_word(dic, m.group()), text[:keep])
            setattr(element, attr, head + text[keep:])
        else:
            setattr(element, attr, WORD.sub(lambda m: hyphenate_word(dic, m.group()), text))


def hyphenate(root: etree._Element, lang: str) -> None:
    """Soft hyphens into every paragraph-like block under `root`, by the rules above."""
    dic = dictionary(lang)
    if dic is None:
        return
    for block in root.iter(*HYPHENATED):
        if any(parent.tag in HYPHENATED or parent.tag in SKIP for parent in block.iterancestors()):
            continue
        if "footnote" in (block.get("class") or ""):
            continue
        hyphenate_block(dic, block)
    for note in root.iter("span"):
        if note.get("class") == "footnote":
            hyphenate_block(dic, note)
