"""PF3xx: where lines break: hyphens rare, never in names, never at a paragraph's end; no
line begun with a dash."""

from __future__ import annotations

import re

from samizdat.preflight import Finding, limits
from samizdat.preflight.pages import Line, Page

INSERTED = ("\u2010", "\u00ad")  # a hyphen the typesetter added, not the author's


def last_token(line: Line) -> str:
    """The broken word's first part: after the line's last space, dash or slash."""
    return re.split(r"[\s—–/]", line.text.rstrip())[-1].lstrip("“‘(\"'[")


def dash_begins(page: Page, before: Line, line: Line) -> bool:
    """Whether a paragraph's line (not its first: the line before it runs to the measure, and
    it is not indented) begins with a dash, which belongs to the word before it."""
    return (
        line.text.lstrip("\u2060 ").startswith(("—", "–"))
        and abs(line.x0 - before.x0) < 1
        and before.x1 >= page.block[2] - 1.5
    )


def regions(page: Page) -> list[list[Line]]:
    return [page.body, page.notes]


def check(pages: list[Page]) -> list[Finding]:
    run_limit = limits()["hyphen_run"]
    found = []
    for index, page in enumerate(pages):
        if page.trim is None:
            continue
        for region in regions(page):
            run = 0
            for i, line in enumerate(region):
                box = (line.x0, line.top, line.x1, line.bottom)
                if i and dash_begins(page, region[i - 1], line):
                    found.append(Finding("PF304", page.number, f"“{line.text.strip()[:30]}”", box))
                run = run + 1 if line.hyphenated else 0
                if run == run_limit + 1:
                    found.append(Finding("PF301", page.number, f"{run} in a row", box))
                if not line.text.rstrip().endswith(INSERTED):
                    continue
                word = last_token(line)
                if word[:1].isupper():
                    found.append(Finding("PF302", page.number, f"“{word}”", box))
                following = region[i + 1] if i + 1 < len(region) else None
                if following is None and region is page.body and index + 1 < len(pages):
                    later = pages[index + 1].body
                    following = later[0] if later else None
                if (
                    following is not None
                    and len(following.words) == 1
                    and following.x0 < page.block[0] + 3 * page.em  # not a table's column
                    and following.x1 < page.block[2] - 2 * page.em
                ):
                    found.append(
                        Finding("PF303", page.number, f"“{word}{following.text.strip()}”", box)
                    )
    return found
