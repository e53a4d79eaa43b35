"""Fine typography a Markdown writer cannot type: no-break spaces, from data."""

from __future__ import annotations

import re
from functools import cache

from samizdat.resources import data

NBSP = "\u00a0"

# Python-Markdown's smarty extension, told to write characters, not entities:
# an EPUB must not depend on HTML's named entities.
SMARTY_SUBSTITUTIONS = {
    "left-single-quote": "‘",
    "right-single-quote": "’",
    "left-double-quote": "“",
    "right-double-quote": "”",
    "left-angle-quote": "«",
    "right-angle-quote": "»",
    "ndash": "–",
    "mdash": "—",
    "ellipsis": "…",
}


@cache
def nbsp_rules() -> tuple[re.Pattern[str], ...]:
    table = data("typography")
    return tuple(re.compile(rule["pattern"]) for rule in table["nbsp"])


def tie(text: str) -> str:
    """Put the no-break spaces of the rules into one run of text."""
    for rule in nbsp_rules():
        text = rule.sub(lambda m: m.group(1) + NBSP + m.group(2), text)
    return text
