"""Run every group of checks on a manuscript folder."""

from __future__ import annotations

from pathlib import Path

from samizdat.lint import ignore, metadata, notes, structure, transcription, typography
from samizdat.lint.findings import Finding
from samizdat.lint.manuscript import read_manuscript

GROUPS = (metadata, notes, structure, typography, transcription)


def lint(root: Path) -> list[Finding]:
    """Every finding not ignored, in order of file (book.toml, then the chapters) and position."""
    ms = read_manuscript(Path(root))
    found = [f for group in GROUPS for f in group.check(ms)]
    found = ignore.apply(ms.root, found)
    order = {ms.book_file: 0, **{c.path: i + 1 for i, c in enumerate(ms.chapters)}}
    unique = sorted(
        set(found),
        key=lambda f: (order.get(f.file, len(order)), str(f.file), f.line, f.column, f.code),
    )
    return unique


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]
