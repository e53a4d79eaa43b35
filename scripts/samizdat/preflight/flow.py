"""PF2xx: full pages, even spreads, no widows or orphans."""

from __future__ import annotations

from samizdat.preflight import Finding, limits
from samizdat.preflight.pages import Line, Page
from samizdat.trims import MM_PER_PT

NOTES_GAP = 4 / MM_PER_PT  # the notes' margin-top (print.css @footnote)


def line_foot(page: Page, line: Line) -> float:
    """Where the line's box ends: the glyphs' foot plus half the leading left over."""
    leading = (
        page.leading
        if line.size > (page.trim.note_size + 0.3 if page.trim else 9)
        else (page.trim.note_size * 1.25 if page.trim else line.size * 1.25)
    )
    return line.bottom + max(leading - (line.bottom - line.top), 0) / 2


def text_page(page: Page) -> bool:
    """A page of the text proper: it has a folio and something in its block."""
    return page.trim is not None and page.folio is not None and bool(page.body)


def section_ends(pages: list[Page], index: int) -> bool:
    """Whether a new section (or the end of the book) follows page `index`."""
    if index + 1 >= len(pages):
        return True
    following = pages[index + 1]
    return following.blank or following.head is None or following.folio is None


def room(page: Page) -> float:
    """The depth left empty between the text and the notes, or the foot of the block."""
    floor = page.rule - NOTES_GAP if page.rule is not None else page.block[3]
    return floor - line_foot(page, page.body[-1])


def ends_in_table(page: Page) -> bool:
    """Whether the page's text ends in a table: a row's border just under its last line.

    A table breaks between whole rows, so its page may end short by most of a row.
    """
    last = page.body[-1]
    return any(
        box.bottom - box.top < 1.5
        and box.x1 - box.x0 > 20
        and (page.rule is None or abs(box.top - page.rule) > 0.5)
        and last.top < box.top < last.bottom + page.leading
        for box in page.boxes
    )


def starts_with_table(page: Page) -> bool:
    """Whether the page's text begins with a table (its caption or its header row)."""
    first = page.body[0]
    return any(
        box.bottom - box.top < 1.5
        and box.x1 - box.x0 > 20
        and first.top < box.top < first.bottom + 2 * page.leading
        for box in page.boxes
    )


def ends_before_a_break(pages: list[Page], index: int) -> bool:
    """Whether the next page opens with a subhead or a scene break that, with the two
    lines of text that must follow it, is deeper than the room page `index` has left:
    a section break within the chapter, before which a page may end short."""
    following = pages[index + 1] if index + 1 < len(pages) else None
    if following is None or not text_page(following) or not text_page(pages[index]):
        return False
    page, body = pages[index], following.body
    if len(body) < 3 or not breaks(following, body[0]):
        return False
    needed = line_foot(following, body[2]) - following.block[1]
    return room(page) + limits()["tolerance"] < needed


def breaks(page: Page, line: Line) -> bool:
    """Whether the line is a subhead (larger than the text, or centred in its size, as
    small capitals are) or a scene break's ornament."""
    left, right = line.x0 - page.block[0], page.block[2] - line.x1
    centred = abs(left - right) < 2.0 and left > 3 * page.em and line.size >= page.em - 0.3
    return line.size >= page.em + 0.5 or centred or ornament(page, line)


def ornament(page: Page, line: Line) -> bool:
    """A scene break's ornament (* * *, ⁂): a short line centred in the measure."""
    left, right = line.x0 - page.block[0], page.block[2] - line.x1
    return abs(left - right) < 2.0 and line.x1 - line.x0 < (page.block[2] - page.block[0]) / 4


def runs_on(pages: list[Page], index: int) -> bool:
    """Whether the next page's text begins as a paragraph's next line: flush, in the text's
    size (else what ends page `index` ended its paragraph, if it filled its line)."""
    following = pages[index + 1] if index + 1 < len(pages) else None
    if following is None or not text_page(following):
        return False
    first = following.body[0]
    return flush(following, first) and abs(first.size - following.em) < 0.3


def full_width(page: Page, line: Line) -> bool:
    return line.x1 >= page.block[2] - 1.5


def indented(page: Page, line: Line) -> bool:
    return page.block[0] + 0.5 * page.em < line.x0 < page.block[0] + 2.5 * page.em


def flush(page: Page, line: Line) -> bool:
    return abs(line.x0 - page.block[0]) < 1


def check(pages: list[Page]) -> list[Finding]:
    lim = limits()
    found = []
    for index, page in enumerate(pages):
        if not text_page(page) or section_ends(pages, index) or ends_in_table(page):
            continue
        following = pages[index + 1]
        if text_page(following) and starts_with_table(following):
            continue  # a table that could not start here, with its caption and first row
        if ends_before_a_break(pages, index):
            continue  # a subhead or a scene break (within the chapter) and its first lines
        short = int((room(page) + lim["tolerance"]) // page.leading)
        if short > lim["short_lines"]:
            last = page.body[-1]
            found.append(
                Finding(
                    "PF201",
                    page.number,
                    f"{short} lines short",
                    (
                        page.block[0],
                        line_foot(page, last),
                        page.block[2],
                        page.rule - NOTES_GAP if page.rule is not None else page.block[3],
                    ),
                )
            )
    for index in range(1, len(pages) - 1, 2):  # (2, 3), (4, 5), ...: left and right
        left, right = pages[index], pages[index + 1]
        if not (text_page(left) and text_page(right)):
            continue
        if any(
            section_ends(pages, i) or ends_in_table(pages[i]) or ends_before_a_break(pages, i)
            for i in (index, index + 1)
        ):
            continue
        feet = [max(line_foot(p, ln) for ln in p.inside) for p in (left, right)]
        if abs(feet[0] - feet[1]) > lim["facing"]:
            found.append(
                Finding(
                    "PF202",
                    left.number,
                    f"pp. {left.number}–{right.number}: last lines {abs(feet[0] - feet[1]):.1f} pt"
                    " apart",
                    (left.block[0], min(feet) - 2, left.block[2], max(feet) + 2),
                )
            )
    for index, page in enumerate(pages):
        if text_page(page) and not section_ends(pages, index) and breaks(page, page.body[-1]):
            last = page.body[-1]
            found.append(
                Finding(
                    "PF205",
                    page.number,
                    f"“{last.text.strip()[:40]}”",
                    (last.x0, last.top, last.x1, last.bottom),
                )
            )
    previous: Page | None = None
    for index, page in enumerate(pages):
        if not text_page(page):
            previous = None
            continue
        body = page.body
        first = body[0]
        if (
            previous is not None
            and page.head is not None
            and full_width(previous, previous.body[-1])
            and flush(page, first)
            and not full_width(page, first)
            and first.size >= page.em - 0.3
        ):
            found.append(
                Finding(
                    "PF203",
                    page.number,
                    f"“{first.text.strip()[:40]}”",
                    (first.x0, first.top, first.x1, first.bottom),
                )
            )
        last = body[-1]
        if (
            len(body) >= 2
            and not section_ends(pages, index)
            and indented(page, last)
            and full_width(page, last)
            and flush(page, body[-2])
            and not full_width(page, body[-2])
            and runs_on(pages, index)
        ):
            found.append(
                Finding(
                    "PF204",
                    page.number,
                    f"“{last.text.strip()[:40]}”",
                    (last.x0, last.top, last.x1, last.bottom),
                )
            )
        previous = page
    return found
