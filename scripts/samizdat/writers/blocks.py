"""The blocks of a section, numbered the same way by every writer.

The PDF writer marks each block with its number; the page map read from the
PDF's layout says "page 12 begins at word 31 of block 4-7"; the EPUB writer
finds that block by the same numbering and puts the page-break marker there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from lxml import etree

BLOCK_TAGS = (
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "caption",
    "figcaption",
    "pre",
    "dt",
    "dd",
)


def numbered_blocks(
    root: etree._Element, index: int, local: Callable[[str], str] = lambda tag: tag
) -> Iterator[tuple[str, etree._Element]]:
    """(block id, element) of section `index`'s blocks, in document order."""
    tags = {local(tag) for tag in BLOCK_TAGS}
    number = 0
    for element in root.iter():
        if element.tag in tags and "note-" not in (element.get("class") or ""):
            yield f"{index}-{number}", element
            number += 1
