"""Notes continued on the pages after: a note cut in parts, in the HTML.

When a note will not fit under its call, WeasyPrint moves the call's line, and
the note, to the next page (footnote-policy: line), and the page it leaves
ends lines short; a note longer than a page it cannot set at all. A
compositor sets as much of the note as the page holds and carries the rest to
the foot of the next page, where it comes first, page after page.

WeasyPrint cannot break a note across pages, so samizdat does it in the HTML:
the note becomes floats at its call, the first (with the number) as long as
its page has room for, then its continuations, which have neither call nor
number, each going on to the next page (footnote-policy: auto, print.css).
A note's cuts are the words before each of them; where they fall is read
from the laid-out pages (print/cuts.py).
"""

from __future__ import annotations

import copy
import re

from lxml import etree

CLASS = "continued"
NEW_PARAGRAPH = "new-paragraph"  # a continuation's first paragraph, when the cut ended one
RUNS_ON = "runs-on"  # a part the note runs on from: its last line set full, as the sentence runs on
WORD = re.compile(r"\S+")
VOID = {"br", "img", "wbr"}

Cuts = tuple[int, ...]


def apply(body: etree._Element, splits: dict[int, Cuts]) -> etree._Element:
    """The notes of `splits` (number: words before each cut) cut in parts, in place."""
    if not splits:
        return body
    for span in list(body.iter("span")):
        number = span.get("data-note")
        if span.get("class") == "footnote" and number and int(number) in splits:
            parts = pieces(span, splits[int(number)])
            parts[-1].tail = span.tail
            for part in parts[:-1]:
                part.tail = None
            span.getparent().replace(span, parts[0])
            for before, part in zip(parts, parts[1:], strict=False):
                before.addnext(part)
    return body


def pieces(span: etree._Element, cuts: Cuts) -> list[etree._Element]:
    """The note `span` cut before the words `cuts` count: the note, then its continuations."""
    parts, rest, taken = [], span, 0
    for at in cuts:
        if at <= taken:
            continue
        first, rest = split(rest, at - taken)
        parts.append(first)
        taken = at
    return [*parts, rest]


def split(span: etree._Element, words: int) -> tuple[etree._Element, etree._Element]:
    """The note `span` cut after its first `words` words: (note, continuation)."""
    first, rest = copy.deepcopy(span), copy.deepcopy(span)
    cut(first, words, first=True)
    cut(rest, words, first=False)
    for part in (first, rest):
        for node in list(part.iterdescendants()):
            if node.tag not in VOID and not "".join(node.itertext()).strip():
                remove_keeping_tail(node)
    for node in rest.iter():
        node.attrib.pop("id", None)  # the ids stay with the note's first part
    add_class(rest, CLASS)
    if words in paragraph_ends(span):  # the cut ends a paragraph: the next begins anew
        following = next((e for e in rest.iter() if is_paragraph(e)), None)
        if following is not None:
            add_class(following, NEW_PARAGRAPH)
    else:
        add_class(last_block(first), RUNS_ON)
    return first, rest


def paragraph_ends(span: etree._Element) -> set[int]:
    """The words before the end of each paragraph of a note (as cut() counts them)."""
    ends, count = set(), 0
    for node, attr in slots(span):
        if attr == "tail" and is_paragraph(node):
            ends.add(count)
        count += len(WORD.findall(getattr(node, attr) or ""))
    return ends


def last_block(span: etree._Element) -> etree._Element:
    """The block the note's last line is set in: the note, or a paragraph of it set as a block.

    In print.css a note's paragraphs after the first are blocks (.note-p + .note-p).
    """
    element = span
    for node, attr in reversed(slots(span)):
        if (getattr(node, attr) or "").strip():
            element = node if attr == "text" else node.getparent()
            break
    while element is not span:
        previous = element.getprevious()
        if is_paragraph(element) and previous is not None and is_paragraph(previous):
            return element
        element = element.getparent()
    return span


def is_paragraph(element: etree._Element) -> bool:
    return "note-p" in (element.get("class") or "").split()


def add_class(element: etree._Element, name: str) -> None:
    classes = (element.get("class") or "").split()
    if name not in classes:
        element.set("class", " ".join([*classes, name]))


def slots(root: etree._Element) -> list[tuple[etree._Element, str]]:
    """Where the text of a tree lies, in reading order: (element, "text" or "tail")."""
    found = []

    def walk(element: etree._Element) -> None:
        found.append((element, "text"))
        for child in element:
            walk(child)
            found.append((child, "tail"))

    walk(root)
    return found


def position(root: etree._Element, words: int) -> tuple[int, int] | None:
    """The slot and the character offset at which word `words` + 1 begins."""
    seen = 0
    for index, (element, attr) in enumerate(slots(root)):
        text = getattr(element, attr) or ""
        for match in WORD.finditer(text):
            if seen == words:
                return index, match.start()
            seen += 1
    return None


def cut(root: etree._Element, words: int, first: bool) -> None:
    """Keep the first `words` words of the tree (`first`), or all but them; markup around.

    The text is cut where word `words` + 1 begins; the text on the other side
    is emptied, and the elements wholly on that side are taken out.
    """
    at = position(root, words)
    if at is None:
        return
    places = slots(root)
    index, offset = at
    element, attr = places[index]
    text = getattr(element, attr) or ""
    setattr(element, attr, (text[:offset].rstrip() or None) if first else text[offset:])
    for other, other_attr in places[index + 1 :] if first else places[:index]:
        setattr(other, other_attr, None)
    if first:  # elements that begin after the cut
        begins = {id(e): i for i, (e, a) in enumerate(places) if a == "text"}
        for node in list(root.iterdescendants()):
            if begins[id(node)] > index and node.getparent() is not None:
                node.getparent().remove(node)
    else:  # elements that end before it
        ends = {id(e): i for i, (e, a) in enumerate(places) if a == "tail"}
        for node in list(root.iterdescendants()):
            if ends.get(id(node), len(places)) <= index and node.getparent() is not None:
                remove_keeping_tail(node)


def remove_keeping_tail(node: etree._Element) -> None:
    """Take an element out of its tree; the text after it stays where it was."""
    parent, tail = node.getparent(), node.tail or ""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail or None
    else:
        parent.text = (parent.text or "") + tail or None
    parent.remove(node)


def words_of(element) -> list[str]:
    """A note's words as cut() counts them: slot by slot (a word in two elements is two)."""
    return [
        match.group()
        for node, attr in slots(element)
        for match in WORD.finditer(getattr(node, attr) or "")
    ]
