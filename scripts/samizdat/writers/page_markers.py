"""Page-break markers in the EPUB where each page of the print edition begins."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from samizdat.model import PageBreak
from samizdat.writers.blocks import numbered_blocks
from samizdat.writers.xhtml import element, q


def marker(label: str) -> etree._Element:
    span = element(
        "span",
        {
            "epub:type": "pagebreak",
            "role": "doc-pagebreak",
            "id": f"page-{label}",
            "aria-label": label,
        },
    )
    span.text = ""
    return span


def slots(node: etree._Element, skip: set) -> Iterator[tuple[etree._Element, str]]:
    """The text slots of a block in reading order, leaving out nested blocks."""
    yield node, "text"
    for child in node:
        if child not in skip:
            yield from slots(child, skip)
        yield child, "tail"


def insert(node: etree._Element, slot: str, offset: int, span: etree._Element) -> None:
    value = getattr(node, slot) or ""
    setattr(node, slot, value[:offset])
    span.tail = value[offset:]
    if slot == "text":
        node.insert(0, span)
    else:
        parent = node.getparent()
        parent.insert(parent.index(node) + 1, span)


def place_at_word(block: etree._Element, word: int, span: etree._Element, skip: set) -> None:
    """Before the word-th word of the block; at its very start for word 0, inside the block,
    so that the block's neighbours (p + p) are still neighbours.

    A block with fewer words (the printed contents counts its leaders and page
    numbers) gets the marker after its last word: where text stands a span may
    stand, which is not so of a nav or a list, where appending one is invalid."""
    count, in_word = 0, False
    last: tuple[etree._Element, str, int] | None = None
    for node, slot in list(slots(block, skip)):
        value = getattr(node, slot) or ""
        for offset, char in enumerate(value):
            if char.isspace():
                in_word = False
            elif not in_word:
                if count == word:
                    insert(node, slot, offset, span)
                    return
                count += 1
                in_word = True
        if value.strip():
            last = (node, slot, len(value.rstrip()))
    if last is None:
        block.append(span)
    else:
        insert(*last, span)


def place_markers(root: etree._Element, index: int, breaks: list[PageBreak]) -> None:
    """Markers for the page breaks that fall in section `index`, whose content is under root."""
    blocks = dict(numbered_blocks(root, index, q))
    wanted = [b for b in breaks if b.block in blocks]
    skip = set(blocks.values())
    # From the last to the first, so that earlier positions are not disturbed.
    for page_break in sorted(
        wanted, key=lambda b: (list(blocks).index(b.block), b.word), reverse=True
    ):
        block = blocks[page_break.block]
        place_at_word(block, page_break.word, marker(page_break.label), skip - {block})


def front_marker(breaks: list[PageBreak], block: str) -> etree._Element | None:
    found = [b for b in breaks if b.block == block]
    return marker(found[0].label) if found else None
