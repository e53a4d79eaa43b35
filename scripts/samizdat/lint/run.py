"""Run every group of checks on a manuscript folder."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from samizdat.errors import SamizdatError
from samizdat.lint import book, ignore, metadata, notes, structure, transcription, typography
from samizdat.lint.findings import Finding, codes
from samizdat.lint.manuscript import read_manuscript

GROUPS = (metadata, notes, structure, typography, transcription)


def lint(root: Path, loaded: list | None = None) -> list[Finding]:
    """Every finding not ignored, in order of file (book.toml, then the chapters) and position.

    `loaded`: given, receives the Book the loader made while checking what it
    refuses, so that a build does not load the manuscript twice.
    """
    root = Path(root)
    try:
        ms = read_manuscript(root)
    except SamizdatError as error:
        return [book.refusal(error, root)]
    found = [f for group in GROUPS for f in group.check(ms)]
    # What the loader refuses, unless a check has already said it at that place.
    said = {(f.file, f.line) for f in found if f.severity == "error"}
    found += [f for f in book.check(ms) if (f.file, f.line) not in said]
    if loaded is not None and ms.loaded is not None:
        loaded.append(ms.loaded)
    found = book_settings(ms, found)
    found = ignore.apply(ms, found)
    order = {ms.book_file: 0, **{c.path: i + 1 for i, c in enumerate(ms.chapters)}}
    unique = sorted(
        set(found),
        key=lambda f: (order.get(f.file, len(order)), str(f.file), f.line, f.column, f.code),
    )
    return unique


def book_settings(ms, findings: list[Finding]) -> list[Finding]:
    """The book's [lint] table and its quoted documents applied to the findings."""
    quoted = {c.path for c in ms.chapters if ms.quoted(c)}
    kept = []
    for finding in findings:
        if finding.code in ms.settings.disable:
            continue
        if finding.file in quoted and not codes()[finding.code].quoted:
            continue
        level = ms.settings.severity.get(finding.code)
        kept.append(replace(finding, override=level) if level else finding)
    return kept


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]
