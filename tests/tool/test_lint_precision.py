"""The linter on real, carefully edited books: it must not cry wolf.

The precision corpus is three public-domain texts converted as a user would
(tests/fixtures/*/SOURCE.txt): prose with notes (the Communist Manifesto),
dialogue-heavy fiction in British spelling (The Adventures of Sherlock
Holmes), and a novel with notes in American spelling (The Iron Heel).
Linted without any ignore file: no error, and at most one warning per
10,000 words.
"""

from __future__ import annotations

import re

import pytest

from conftest import FIXTURES
from samizdat.lint.run import errors, lint

CORPUS = ("manifesto", "holmes", "iron-heel")


def words(folder) -> int:
    return sum(len(re.findall(r"\S+", p.read_text(encoding="utf-8"))) for p in folder.glob("*.md"))


def test_the_corpus_is_large_enough():
    assert sum(words(FIXTURES / name) for name in CORPUS) >= 150_000


@pytest.mark.parametrize("name", CORPUS)
def test_no_false_errors_and_few_warnings_on_a_real_book(name):
    folder = FIXTURES / name
    assert not (folder / "lint-ignore.toml").exists()
    found = lint(folder)
    assert [f.format() for f in errors(found)] == []
    allowed = words(folder) / 10_000
    assert len(found) <= allowed, [f.format() for f in found]
