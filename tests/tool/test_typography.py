"""The typography of book.toml's text (smarten): curly quotes where a typesetter puts
them, and an apostrophe, never an opening quote, where letters are left out."""

from __future__ import annotations

import pytest

from samizdat.manuscript.typography import smarten, tie, tie_gives

ELISIONS = {
    "'Tis the season": "’Tis the season",
    "'twas brillig": "’twas brillig",
    "give 'em hell": "give ’em hell",
    "rock 'n' roll": "rock ’n’ roll",
    "the '90s": "the ’90s",
    "the summer of '69": "the summer of ’69",
    "merchants on 'Change": "merchants on ’Change",
    "'cause it rained": "’cause it rained",
    "(’til dawn) and ('til dawn)": "(’til dawn) and (’til dawn)",
}
QUOTES = {
    "'The end'": "‘The end’",
    "He said 'the end' twice": "He said ‘the end’ twice",
    "''Tis the season,' she sang": "‘’Tis the season,’ she sang",
    "'Cause and effect'": "‘Cause and effect’",
    "'Emma' and 'tisane'": "‘Emma’ and ‘tisane’",
    "'1984' is a novel": "‘1984’ is a novel",
    "'Changeling'": "‘Changeling’",
    "It's the workers' \"State\"": "It’s the workers’ “State”",
}


@pytest.mark.parametrize(("typed", "set_as"), ELISIONS.items())
def test_letters_left_out_at_the_start_of_a_word_take_an_apostrophe(typed, set_as):
    assert smarten(typed) == set_as


@pytest.mark.parametrize(("typed", "set_as"), QUOTES.items())
def test_a_quotation_still_opens_with_an_opening_quote(typed, set_as):
    assert smarten(typed) == set_as


def test_a_signature_stays_with_its_dash_where_it_is_quoted_too():
    """The pamphlet's Note on the text says each note is signed “— Ed.”; at A6 the dash
    ended a line and “Ed.” began the next."""
    assert tie("a note. — Ed.").endswith("—\u00a0Ed.")
    assert tie("and each is signed “— Ed.”").endswith("—\u00a0Ed.”")
    assert "— Ed. and" in tie("— Ed. and then more words")  # not a signature: words follow


@pytest.mark.parametrize(
    ("text", "gives"),
    [
        ("‘Mrs.\u00a0Oakshott,", True),  # a title and its name
        ("J.\u00a0Smith", True),  # an initial and a surname
        ("5\u00a0September", False),  # a date
        ("—\u00a0Ed.", False),  # a signature and its dash
        ("twenty\u00a0…", False),  # an ellipsis
    ],
)
def test_only_a_title_or_initials_may_give_their_tie(text, gives):
    """A compositor breaks the tie of a title and its name rather than leave the line
    before it loose (print/pagemaker.py, even); never a date, a signature, an ellipsis."""
    assert tie(text.replace("\u00a0", " ")) == text
    assert tie_gives(text, text.index("\u00a0")) is gives


def test_no_line_begins_with_an_em_dash_after_a_call_or_an_emphasis():
    """The pamphlet at half letter began a line "—the subordination of the workers'
    parties", after "popular front" and its call 35: the rule's joiner needs the character
    before the dash, and a run of text after an element began with the dash (preflight
    PF304 finds such a line in a PDF)."""
    from samizdat.manuscript.markdown import to_html

    html = to_html("The “popular front”[^1]—the subordination, *this*—that.\n\n[^1]: A note.")
    assert "</a>\u2060—the" in html and "</em>\u2060—that" in html
    assert tie("—the", "5") == "\u2060—the" and tie("—the", " ") == tie("—the") == "—the"
