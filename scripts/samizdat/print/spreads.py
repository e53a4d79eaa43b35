"""Facing pages of one depth: what the page maker (print/pagemaker.py) needs to level a spread.

A reader sees two pages at once. When widows and orphans make one page of a
spread end a line short, a compositor shortens its partner by the same line
(or, failing that, leaves both as they fell): the last lines of a spread stand
level. These helpers measure a laid-out page as WeasyPrint makes it.
"""

from __future__ import annotations

from weasyprint.formatting_structure.boxes import BlockBox, LineBox, ReplacedBox, TextBox

TEXT_PAGES = "sec"  # the page names of the text's sections: sec0, sec1, ...
PX_PER_PT = 96 / 72  # WeasyPrint lays out in CSS pixels
TOLERANCE = 1.0 * PX_PER_PT  # rounding (the preflight's `tolerance`)
LEVEL = 2.0 * PX_PER_PT  # last lines this close stand level (the preflight's `facing`)


def foot(page) -> float | None:
    """Where the page's last line (of the text or of its notes) ends; None on an empty page."""
    feet = [bottom(area) for area in page.children if hasattr(area, "descendants")]
    return max((f for f in feet if f is not None), default=None)


def bottom(area) -> float | None:
    """Where the last line or image laid out in `area` ends."""
    return max(
        (
            box.position_y + box.margin_height()
            for box in area.descendants()
            if isinstance(box, (LineBox, ReplacedBox))
        ),
        default=None,
    )


def level(first, second) -> bool:
    a, b = foot(first), foot(second)
    return a is not None and b is not None and abs(a - b) <= LEVEL


def remedies(leading: float) -> tuple[tuple[float, float], ...]:
    """How much to shorten a spread's verso and recto, in the order a compositor tries it.

    Both a line short, else one of them. Never long: the folio stands a line
    below the text block, and a line run into the margin would crowd it.
    """
    return ((leading, leading), (0.0, leading), (leading, 0.0))


def short(page, leading: float) -> int:
    """Whole lines left empty at the foot of the page's text, above its notes if it has any.

    The foot is the page's content box, whatever a spread's remedy did to it.
    """
    flow, notes = page.children[0], page.children[1]
    text = bottom(flow)
    if text is None:
        return 0
    floor = notes.position_y if notes.children else page.content_box_y() + page.height
    return int((floor - text + TOLERANCE) // leading)


TRACKING = 0.04  # em: how much looser or tighter a paragraph may be set to level a spread
LETTERS = 0.25  # a paragraph set looser: 0.01 em between letters for 0.04 em between words
TRACKED = 6  # settings of a paragraph tried, at most, on one spread
LOOSE_FILL, TIGHT_FILL = 0.75, 0.3  # how full a last line must be to gain a line, or lose one


def tighter(step: float) -> tuple[float, float]:
    """Settings tighter than a step's, for a paragraph that one step does not shorten
    (the page maker refuses those that would run words together: spacing.closes_too_far)."""
    return (-1.5 * step, -2 * step)


def trackable(verso, recto, em: float, fixed: set[str], allowed=lambda block, spacing: True):
    """Paragraphs of a spread that may gain or lose a line, with the spacing to try, best first.

    A paragraph whose last line is nearly full gains a line when set a shade
    looser; one whose last line holds a word or two loses it when set tighter.
    `fixed`: paragraphs already set apart for another reason; `allowed`: whether a
    paragraph may be set so (not too tight). Yields (block, spacing in px, whether the
    paragraph begins on the verso). `recto` None: the verso's paragraphs alone.
    """
    found = []
    for on_verso, page in ((True, verso), (False, recto)):
        if page is None:
            continue
        for block, (paragraph, lines) in paragraphs(page.children[0]).items():
            if len(lines) < 3 or block in fixed:
                continue
            fill = filled(paragraph, lines[-1])
            if fill >= LOOSE_FILL:
                found.append((1 - fill, block, TRACKING * em, on_verso))
            elif fill <= TIGHT_FILL:
                found.append((fill, block, -TRACKING * em, on_verso))
                # a longer last line may need more tightening: tried after the rest
                for extra, amount in zip(
                    (TIGHT_FILL / 2, TIGHT_FILL), tighter(TRACKING * em), strict=True
                ):
                    found.append((fill + extra, block, amount, on_verso))
    found = sorted(item for item in found if allowed(item[1], item[2]))
    return [(block, spacing, on_verso) for _, block, spacing, on_verso in found[:TRACKED]]


def paragraphs(flow) -> dict[str, tuple]:
    """Each paragraph (a numbered <p>) the flow holds, with its lines, by block."""
    found: dict[str, tuple] = {}
    for box in flow.descendants():
        element = getattr(box, "element", None)
        if element is None or element.tag != "p" or not isinstance(box, BlockBox):
            continue
        block = element.get("data-block")
        if block and not getattr(box, "is_continued", False):
            found[block] = (box, [line for line in box.children if isinstance(line, LineBox)])
    return found


def filled(paragraph, line) -> float:
    """How much of the paragraph's measure its line's text takes."""
    ends = [box.position_x + box.width for box in line.descendants() if isinstance(box, TextBox)]
    if not ends or not paragraph.width:
        return 1.0
    return (max(ends) - paragraph.content_box_x()) / paragraph.width


def tightenable(page, fixed: set[str]) -> list[str]:
    """Paragraphs of the page whose last line a shade tighter setting may take back."""
    found = []
    for block, (paragraph, lines) in paragraphs(page.children[0]).items():
        if block in fixed or len(lines) < 2:
            continue
        fill = filled(paragraph, lines[-1])
        if fill <= TIGHT_FILL:
            found.append((fill, block))
    return [block for _, block in sorted(found)]


def loosenable(page, fixed: set[str]) -> list[str]:
    """Paragraphs of the page whose last line is nearly full: a shade looser, each gains a
    line (a page that nothing can be brought back to is filled so), fullest first."""
    found = []
    for block, (paragraph, lines) in paragraphs(page.children[0]).items():
        if block in fixed or len(lines) < 2:
            continue
        fill = filled(paragraph, lines[-1])
        if fill >= LOOSE_FILL:
            found.append((-fill, block))
    return [block for _, block in sorted(found)]
