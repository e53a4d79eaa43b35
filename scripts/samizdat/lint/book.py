"""The build's own judgement: whatever the loader would refuse, lint reports first.

The loader is the one place that decides whether a manuscript can be built
(links, images, notes, ids, raw HTML, the register). Running it here means a
clean lint is a book that builds, with the same file and line in both.
"""

from __future__ import annotations

from collections.abc import Iterator

from samizdat.errors import SamizdatError
from samizdat.lint.findings import Finding
from samizdat.lint.manuscript import Manuscript


def refusal(error: SamizdatError, default) -> Finding:
    file = error.file if error.file is not None else default
    return Finding(file, error.line or 1, 1, "B001", error.message)


def check(ms: Manuscript) -> Iterator[Finding]:
    from samizdat.manuscript.loader import load_book

    try:
        ms.loaded = load_book(ms.root)
    except SamizdatError as error:
        yield refusal(error, ms.book_file)
