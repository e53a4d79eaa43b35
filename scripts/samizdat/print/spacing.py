"""Even colour while the book is laid out: lines that justification stretched too far.

WeasyPrint breaks lines one at a time, first fit: when the next word will not
fit and may not be broken (a name, a short word), justification spreads the
line's few spaces wide. A compositor sets such a paragraph a shade tighter or
looser, so that its lines fall differently; the page maker (print/pagemaker.py)
does the same with what this module finds. The limit is the preflight's own
(data/preflight.toml, PF401), so that what the layout mends, the check passes.
"""

from __future__ import annotations

import re
from functools import cache

from weasyprint.formatting_structure.boxes import BlockBox, LineBox, TextBox

from samizdat.manuscript.typography import NBSP, tie_gives
from samizdat.preflight import limits
from samizdat.print.cuts import line_text

SPACE = 0.25  # em: a word space, for a face whose own cannot be read
MARGIN = 0.04  # em: the layout's measure of a space runs this much under the preflight's
SHRINK_MARGIN = 0.002  # em: and, for the narrowest, this much over it
# em: added to a loose first line in small capitals (designed 0.03-0.04 em: from about 0.01
# to 0.1 in all, as small capitals are spaced; 0.13 em read "I n  w h a t", a typographer's
# review of the manifesto at A5, p. 22), closer letters bringing the next word up
LETTER_STEPS = (0.01, -0.01, 0.02, -0.02, 0.03, 0.045, 0.06)
PLAIN_LETTER_STEPS = (0.01, 0.02)  # em: added to a loose first line in lower case (more
# reads as letter-spaced lower case, a fault of its own: a typographer's review of 0.04)
TIGHTER_LETTERS = 0.01  # em: a paragraph set tighter to fill a short page, if its words
# alone will not do (print/pagemaker.py, tighten)
TRACKING_STEPS = (-0.005, 0.005, -0.01, 0.01)  # em: a whole paragraph's letters, as a
# compositor tracks it (-5 to +10 in a layout program's thousandths of an em)


@cache
def space_of(family: str) -> float:
    """The face's own word space, in em (EB Garamond's is 0.2)."""
    from fontTools.ttLib import TTFont

    from samizdat.print import fonts

    try:
        face = fonts.family_faces(family)[0]
        font = TTFont(face.path, lazy=True)
        return font["hmtx"][font.getBestCmap()[32]][0] / font["head"].unitsPerEm
    except Exception:  # noqa: BLE001 - a face we cannot read keeps the usual space
        return SPACE


def widest_space(line: LineBox) -> float:
    """The widest word space of the line, in em of its type."""
    widest = 0.0
    texts = [box for box in line.descendants() if isinstance(box, TextBox)]
    for box in texts:
        if " " not in (box.text.rstrip() if box is texts[-1] else box.text):
            continue  # no space, or only the one that ends the line
        style = box.style
        size = style["font_size"] or 1
        letter = style["letter_spacing"] if style["letter_spacing"] != "normal" else 0
        # as the preflight measures it, from the ink of one word to the next: the
        # space, and the letter spacing after it and after the word before it
        gap = space_of(style["font_family"][0]) * size + style["word_spacing"] + 2 * letter
        gap += getattr(box, "justification_spacing", 0)
        widest = max(widest, gap / size)
    return widest


def closes_too_far(style, spacing: float, letters: float = 0.0) -> bool:
    """Whether text of `style` (as designed), its word spaces `spacing` px narrower if
    negative (and its letters `letters` px), would have spaces under the preflight's
    floor (PF402): words run together. A space is measured from ink to ink, so the
    letter spacing on both sides of it counts.

    EB Garamond's own space is 0.2 em: a paragraph may be set 0.04 em tighter,
    or its letters 0.01 em closer, not both, nor 0.06 em tighter.
    """
    size = style["font_size"] or 1
    letter = style["letter_spacing"] if style["letter_spacing"] != "normal" else 0
    space = space_of(style["font_family"][0]) * size + style["word_spacing"] + 2 * letter
    space += min(spacing, 0.0) + 2 * min(letters, 0.0)
    return space / size < limits()["word_space_least"] + SHRINK_MARGIN


def words(line: LineBox) -> int:
    text = " ".join(box.text for box in line.descendants() if isinstance(box, TextBox))
    return len(text.split())


def loose_paragraphs(flow, carried: set[str]) -> list[str]:
    """Paragraphs (numbered <p>) begun on this page with a line wider spaced than the limit.

    `carried`: blocks begun on an earlier page, which this page cannot set again.
    """
    found = []
    for box in flow.descendants():
        element = getattr(box, "element", None)
        if element is None or element.tag != "p" or not isinstance(box, BlockBox):
            continue
        block = element.get("data-block")
        if not block or block in carried or block in found:
            continue
        if any(loose(line) for line in box.children if isinstance(line, LineBox)):
            found.append(block)
    return found


def loose(line: LineBox) -> bool:
    """Whether the line's word spaces are wider than the limit (with this module's margin)."""
    lim = limits()
    return (
        words(line) >= lim["word_space_min_words"]
        and widest_space(line) > lim["word_space"] - MARGIN
    )


def first_line_loose(flow, block: str) -> bool:
    """Whether the paragraph `block`, begun on this page, is loose in its first line."""
    for box in flow.descendants():
        element = getattr(box, "element", None)
        if element is None or element.get("data-block") != block or not isinstance(box, BlockBox):
            continue
        line = next((child for child in box.children if isinstance(child, LineBox)), None)
        return line is not None and loose(line)
    return False


def ties_to_break(flow, block: str) -> list[str]:
    """The ties a loose line of the paragraph `block` may break to take up the word after it.

    A loose line whose next line begins with a group tied by a rule that may
    give (a title and its name: manuscript/typography.py, tie_gives): the
    line's last word, a space and the group, as the paragraph's text holds
    them (untie()). A first line before "‘Mrs. Oakshott," has nothing else to
    take up: no setting of its spaces brings the whole group back.
    """
    found: list[str] = []
    for box in flow.descendants():
        element = getattr(box, "element", None)
        if element is None or element.get("data-block") != block or not isinstance(box, BlockBox):
            continue
        lines = [child for child in box.children if isinstance(child, LineBox)]
        for line, following in zip(lines, lines[1:], strict=False):
            last, first = line_text(line).rstrip(), line_text(following).lstrip()
            if not loose(line) or not last or last.endswith(("\u00ad", "-", "\u2010")):
                continue
            word, group = last.split(" ")[-1], first.split(" ")[0]
            at = group.find(NBSP)
            if at > 0 and tie_gives(group, at):
                found.append(f"{word} {group}".replace("\u00ad", ""))
    return found


def untie(text: str, tied: str) -> str:
    """`text` with the no-break space of `tied` (ties_to_break) a plain space, there only."""
    pattern = "\u00ad?".join(re.escape(char) for char in tied)
    return re.sub(pattern, lambda _: tied.replace(NBSP, " "), text, count=1)


class FirstLine(dict):
    """A ::first-line style for a paragraph the stylesheet gives none: what it sets, and
    no more (WeasyPrint reads a first line's style from its cascaded keys)."""

    @property
    def cascaded(self) -> dict:
        return self

    def copy(self) -> FirstLine:
        return FirstLine(self)
