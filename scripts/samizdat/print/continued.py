"""Notes continued on the next page: a book typesetter's answer to a note too long for its page.

When a note will not fit under its call, WeasyPrint moves the call's line, and
the note, to the next page (footnote-policy: line), and the page it leaves
ends lines short. A compositor sets instead as much of the note as the page
holds and carries the rest to the foot of the next page, where it comes first.

WeasyPrint cannot break a note across pages, so samizdat does it in the HTML:
the note becomes two floats at its call, the first (with the number) as long
as the page has room for, and its continuation, which has neither call nor
number and may go on to the next page (footnote-policy: auto, print.css).
How much of the note the page holds is read from the layout that left the
hole; the book is then laid out again (print/notes.py, keep_notes_with_calls).
"""

from __future__ import annotations

import copy
import re

from lxml import etree
from weasyprint.formatting_structure.boxes import BlockBox, FootnoteAreaBox, LineBox, TextBox

CLASS = "continued"
RUNS_ON = "runs-on"  # the note's first part: its last line set full, as the sentence runs on
MIN_LINES = 2  # lines of a note on either side of the page break, at least
WORD = re.compile(r"\S+")
SOFT_HYPHEN = "\u00ad"
VOID = {"br", "img", "wbr"}


def apply(body: etree._Element, splits: dict[int, int]) -> etree._Element:
    """The notes of `splits` (number: words on the page of the call) cut in two, in place."""
    if not splits:
        return body
    for span in list(body.iter("span")):
        number = span.get("data-note")
        if span.get("class") == "footnote" and number and int(number) in splits:
            first, rest = split(span, splits[int(number)])
            rest.tail, first.tail = span.tail, None
            span.addnext(rest)
            span.getparent().replace(span, first)
    return body


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
    rest.set("class", f"{rest.get('class', '')} {CLASS}".strip())
    first.set("class", f"{first.get('class', '')} {RUNS_ON}".strip())
    return first, rest


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


def wanted(document, leading: float, splits: dict[int, int]) -> dict[int, tuple[int, str | None]]:
    """Notes to split: the words the page of their call has room for, and the call's block.

    Looks for a page of running text that ends two lines or more short while
    the next begins with the call of a note that did not fit. Notes already
    split are left alone. The call's block is given so that, if it was
    started on a new page to keep the note (print/pagemaker.py), it may follow on.
    """
    found: dict[int, tuple[int, str | None]] = {}
    pages = [page._page_box for page in document.pages]
    for index, page in enumerate(pages[:-1]):
        following = pages[index + 1]
        if page.page_type.blank or following.page_type.blank or not notes_on(following):
            continue
        if following.page_type.name != page.page_type.name:
            continue  # the section ends here: a short page is right
        room = floor(page) - text_foot(page)
        if room < 2 * leading:
            continue
        lines = [box for box in following.children[0].descendants() if isinstance(box, LineBox)]
        for number, note, call_line in calls_near_top(following, lines):
            if number in splits or number in found:
                break
            note_lines = [box for box in note.descendants() if isinstance(box, LineBox)]
            if len(note_lines) < 2 * MIN_LINES:
                break
            area = notes_area(following)
            rule = 0.0 if notes_on(page) else area.margin_top + area.padding_top
            flow = max(call_line + 1, 2) * leading
            height = note_lines[0].height or leading
            fits = int((room - flow - rule) // height)
            if MIN_LINES <= fits <= len(note_lines) - MIN_LINES:
                found[number] = (words_in(note_lines[:fits]), block_of(lines[call_line]))
            break
    return found


def overfull(document) -> list[tuple[int, int]]:
    """(page number, note number) of each note longer than the page it stands on.

    A note is continued once, on the next page; WeasyPrint cannot break one
    across more pages, and sets a note (or a continuation) taller than the
    page from below the page's foot upwards, over the running head and text.
    """
    found = []
    for index, laid in enumerate(document.pages):
        page = laid._page_box
        area = notes_area(page)
        if area is None or not area.children or area.position_y >= page.content_box_y() - 1:
            continue
        numbers = {
            int(element.get("data-note"))
            for box in area.descendants()
            if (element := getattr(box, "element", None)) is not None
            and (element.get("data-note") or "").isdigit()
        }
        found.extend((index + 1, number) for number in sorted(numbers))
    return found


def is_continuation(box) -> bool:
    element = getattr(box, "element", None)
    return element is not None and CLASS in (element.get("class") or "").split()


def floor(page) -> float:
    area = notes_area(page)
    return area.position_y if notes_on(page) else page.content_box_y() + page.height


def notes_area(page):
    return next((box for box in page.children if isinstance(box, FootnoteAreaBox)), None)


def notes_on(page) -> bool:
    area = notes_area(page)
    return area is not None and bool(area.children)


def text_foot(page) -> float:
    lines = [box for box in page.children[0].descendants() if isinstance(box, LineBox)]
    return max((line.position_y + line.height for line in lines), default=page.content_box_y())


def calls_near_top(page, lines: list) -> list[tuple[int, object, int]]:
    """The notes whose calls stand in the page's first lines: (number, note box, line index)."""
    found = []
    notes: dict[str, object] = {}
    for box in notes_area(page).descendants():
        element = getattr(box, "element", None)
        if (
            isinstance(box, BlockBox)
            and element is not None
            and element.get("data-note")
            and not is_continuation(box)
        ):
            notes.setdefault(element.get("data-note"), box)
    for index, line in enumerate(lines[:3]):
        for box in line.descendants():
            note = getattr(box, "footnote", None)
            number = note.element.get("data-note") if note is not None else None
            if number in notes:
                found.append((int(number), notes[number], index))
    return found


def words_in(lines: list) -> int:
    """Words set in these lines of a note, less its number, less a word broken at the end."""
    text = " ".join(
        "".join(
            box.text
            for box in line.descendants()
            if isinstance(box, TextBox) and "::footnote-marker" not in (box.element_tag or "")
        )
        for line in lines
    )
    count = len(text.replace(SOFT_HYPHEN, "").split())
    last = "".join(box.text for box in lines[-1].descendants() if isinstance(box, TextBox))
    broken = last.rstrip().endswith((SOFT_HYPHEN, "-", "\u2010"))
    return count - 1 if broken else count


def block_of(line) -> str | None:
    """The numbered block (writers/blocks.py) a laid-out line belongs to."""
    element = getattr(line, "element", None)
    while element is not None:
        if element.get("data-block"):
            return element.get("data-block")
        element = element.getparent()
    return None
