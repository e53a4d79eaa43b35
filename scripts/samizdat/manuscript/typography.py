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
def nbsp_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    table = data("typography")
    return tuple((re.compile(rule["pattern"]), rule.get("joiner", NBSP)) for rule in table["nbsp"])


@cache
def giving_rules() -> tuple[re.Pattern[str], ...]:
    """The rules whose no-break space may give as a last resort (`gives`, typography.toml)."""
    return tuple(
        re.compile(rule["pattern"]) for rule in data("typography")["nbsp"] if rule.get("gives")
    )


def tie_gives(text: str, at: int) -> bool:
    """Whether the no-break space at `at` in `text` was put there by such a rule."""
    plain = text[:at] + " " + text[at + 1 :]
    return any(match.end(1) == at for rule in giving_rules() for match in rule.finditer(plain))


def tie(text: str, before: str = "") -> str:
    """Put the no-break spaces and joiners of the rules into one run of text.

    `before`: the character that precedes the run in the paragraph (the last
    of an element the run follows: a note's call, a word in italics), which a
    rule may need, as "no line begins with an em dash" does after a call.
    """
    text = before + text
    for rule, joiner in nbsp_rules():
        text = rule.sub(lambda m, j=joiner: m.group(1) + j + m.group(2), text)
    return text[len(before) :]


OPENING_CONTEXT = re.compile(r"(^|[\s(\[{\u2014\u2013/])$")


@cache
def elision() -> re.Pattern[str]:
    """What may follow an apostrophe that stands for letters left out ('Tis, '90s)."""
    rules = data("typography")["elision"]
    return re.compile("|".join(f"(?:{rule['pattern']})" for rule in rules))


def smarten(text: str) -> str:
    """Plain text (a title, a description) with the typography of the book's text:
    curly quotes and apostrophes, dashes and ellipses, as smarty gives the chapters."""
    if not text:
        return text
    text = text.replace("---", "—").replace("--", "–").replace("...", "…")
    out: list[str] = []
    for index, char in enumerate(text):
        if char not in "'\"":
            out.append(char)
            continue
        before = "".join(out[-1:])
        after = text[index + 1 : index + 2]
        opening = bool(OPENING_CONTEXT.search(before)) and bool(after) and not after.isspace()
        if char == '"':
            out.append("“" if opening else "”")
        elif opening and not elision().match(text, index + 1):
            out.append("‘")
        else:
            out.append("’")  # an apostrophe, a closing quote, or an elision ('Tis, '70s)
    return tie("".join(out))
