"""Metadata: required fields present, and well formed (language tag, identifier, ISBN, ...)."""

from __future__ import annotations

from collections.abc import Iterator

from samizdat.lint.findings import Finding
from samizdat.lint.manuscript import Manuscript
from samizdat.manuscript.metadata import chapter_names, check_fields


def check(ms: Manuscript) -> Iterator[Finding]:
    for problem in check_fields(ms.data, ms.book_text, chapter_names(ms.root, ms.data)):
        if "missing" in problem.message:
            code = "M001"
        elif problem.message.startswith("unknown"):
            code = "M003"
        else:
            code = "M002"
        yield Finding(ms.book_file, problem.line or 1, 1, code, problem.message)
