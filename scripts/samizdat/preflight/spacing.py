"""PF4xx: even colour: no word space wider than the limit, none narrower than its floor.

A paragraph set a shade tighter (print/pagemaker.py) closes its word spaces; past
about three quarters of the face's own space, words run together (a typographer
read 0.14 em as hairline spaces in EB Garamond, whose space is 0.2 em). Its last
line, which justification does not stretch, shows the setting as it is.
"""

from __future__ import annotations

from samizdat.preflight import Finding, limits
from samizdat.preflight.pages import Line, Page


def spaces(line: Line) -> list[tuple[float, tuple[float, float]]]:
    """Each word space of the line: its width from one word's ink to the next, in em of
    its type, and where it is."""
    found = []
    chars = line.chars
    for i, char in enumerate(chars):
        if char["text"] != " " or i == 0 or i + 1 >= len(chars):
            continue
        before, after = chars[i - 1], chars[i + 1]
        if not before["text"].strip() or not after["text"].strip():
            continue
        found.append(((after["x0"] - before["x1"]) / char["size"], (before["x1"], after["x0"])))
    return found


def widest_space(line: Line) -> tuple[float, tuple[float, float]]:
    """The widest word space of the line, in em of its type, and where it is."""
    return max(spaces(line), default=(0.0, (0.0, 0.0)), key=lambda space: space[0])


def check(pages: list[Page]) -> list[Finding]:
    lim = limits()
    found = []
    for page in pages:
        if page.trim is None or page.folio is None:
            continue
        for line in page.body + page.notes:
            narrowest = min(spaces(line), default=None, key=lambda space: space[0])
            if narrowest is not None and narrowest[0] < lim["word_space_least"]:
                (x0, x1) = narrowest[1]
                found.append(
                    Finding(
                        "PF402",
                        page.number,
                        f"{narrowest[0]:.2f} em in “{line.text.strip()[:40]}”",
                        (x0, line.top, x1, line.bottom),
                    )
                )
            if len(line.words) < lim["word_space_min_words"]:
                continue
            widest, (x0, x1) = widest_space(line)
            if widest > lim["word_space"]:
                found.append(
                    Finding(
                        "PF401",
                        page.number,
                        f"{widest:.2f} em in “{line.text.strip()[:40]}”",
                        (x0, line.top, x1, line.bottom),
                    )
                )
    return found
