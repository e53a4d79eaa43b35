"""PF5xx: the notes: a signature (— Ed.) stays with its note's last words."""

from __future__ import annotations

import re

from samizdat.preflight import Finding
from samizdat.preflight.pages import Page

SIGNATURE = re.compile(r"^\s*(—\s*)?(Ed|Trans|Tr)\.\s*$|^\s*—\s*(Ed|Trans|Tr)\.")
DASH_AT_END = re.compile(r"—\s*$")


def check(pages: list[Page]) -> list[Finding]:
    found = []
    for page in pages:
        if page.trim is None:
            continue
        notes = page.notes
        for i, line in enumerate(notes):
            box = (line.x0, line.top, line.x1, line.bottom)
            if SIGNATURE.match(line.text):
                found.append(Finding("PF501", page.number, f"“{line.text.strip()[:30]}”", box))
            elif (
                DASH_AT_END.search(line.text)
                and i + 1 < len(notes)
                and re.match(r"^\s*(Ed|Trans|Tr)\.", notes[i + 1].text)
            ):
                found.append(Finding("PF501", page.number, "the dash ends a line", box))
    return found
