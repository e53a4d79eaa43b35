"""PF7xx: the text a PDF holds, as a search, a copy or a screen reader gets it.

A glyph is drawn and also mapped to the letters it stands for (the font's
ToUnicode); a glyph mapped to nothing reads as a gap ("su cient" for
"sufficient"), which a reader of the page never sees.
"""

from __future__ import annotations

from samizdat.preflight import Finding
from samizdat.preflight.pages import Page


def check(pages: list[Page]) -> list[Finding]:
    found = []
    for page in pages:
        for line in page.lines:
            blind = [char for char in line.chars if char["text"] == ""]
            if blind:
                x0, x1 = blind[0]["x0"], blind[0]["x1"]
                found.append(
                    Finding(
                        "PF701",
                        page.number,
                        f"{len(blind)} in “{line.text.strip()[:40]}”",
                        (x0, line.top, x1, line.bottom),
                    )
                )
    return found
