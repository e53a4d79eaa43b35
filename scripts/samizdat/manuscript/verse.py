"""Verse lines as elements, so that a line too long for a phone's width turns
under itself (a hanging indent) instead of looking like a new line of the poem.

A manuscript writes verse as `<div class="verse" markdown="1">` with a line
break at the end of each line, and `<span class="i1">` (i2, i3) for a line the
poet indented. Each line becomes `<span class="line">` (the indented ones keep
their class and gain `line`); the `<br/>` stays between them for reading
systems without styles, and the shared styles hide it.
"""

from __future__ import annotations

from lxml import etree

VERSE = "//*[contains(concat(' ', normalize-space(@class), ' '), ' verse ')]"


def set_verse_lines(container: etree._Element) -> None:
    for verse in container.xpath(VERSE):
        paragraphs = [verse] if verse.tag == "p" else list(verse.iter("p"))
        for p in paragraphs:
            split_lines(p)


def split_lines(p: etree._Element) -> None:
    items: list[str | etree._Element] = [p.text] if p.text else []
    for child in list(p):
        tail, child.tail = child.tail, None
        items.append(child)
        if tail:
            items.append(tail)
        p.remove(child)
    p.text = None
    lines: list[list[str | etree._Element]] = [[]]
    for item in items:
        if isinstance(item, str) or item.tag != "br":
            lines[-1].append(item)
        else:
            lines.append([])
    lines = [trimmed(line) for line in lines]
    lines = [line for line in lines if line]
    for number, line in enumerate(lines):
        p.append(line_element(line))
        if number < len(lines) - 1:
            etree.SubElement(p, "br").tail = "\n"


def trimmed(line: list[str | etree._Element]) -> list[str | etree._Element]:
    if line and isinstance(line[0], str):
        line[0] = line[0].lstrip()
    if line and isinstance(line[-1], str):
        line[-1] = line[-1].rstrip()
    return [item for item in line if not isinstance(item, str) or item]


def line_element(line: list[str | etree._Element]) -> etree._Element:
    """The line's own span if the poet's indent already wraps it, else a new one."""
    if len(line) == 1 and not isinstance(line[0], str) and line[0].tag == "span":
        span = line[0]
        span.set("class", " ".join(["line", *(span.get("class") or "").split()]))
        return span
    span = etree.Element("span", {"class": "line"})
    for item in line:
        if isinstance(item, str):
            if len(span):
                span[-1].tail = (span[-1].tail or "") + item
            else:
                span.text = (span.text or "") + item
        else:
            span.append(item)
    return span
