"""PF4xx: even colour: no word space in a justified line wider than the limit."""

from __future__ import annotations

from samizdat.preflight import Finding, limits
from samizdat.preflight.pages import Line, Page


def widest_space(line: Line) -> tuple[float, tuple[float, float]]:
    """The widest word space of the line, in em of its type, and where it is."""
    widest, where = 0.0, (0.0, 0.0)
    chars = line.chars
    for i, char in enumerate(chars):
        if char["text"] != " " or i == 0 or i + 1 >= len(chars):
            continue
        before, after = chars[i - 1], chars[i + 1]
        if not before["text"].strip() or not after["text"].strip():
            continue
        gap = (after["x0"] - before["x1"]) / char["size"]
        if gap > widest:
            widest, where = gap, (before["x1"], after["x0"])
    return widest, where


def check(pages: list[Page]) -> list[Finding]:
    lim = limits()
    found = []
    for page in pages:
        if page.trim is None or page.folio is None:
            continue
        for line in page.body + page.notes:
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
