"""The ignore file (lint-ignore.toml): deliberate exceptions, each with its reason.

    [[ignore]]
    file = "05-chapter.md"   # relative to the manuscript folder
    line = 12
    code = "X005"
    reason = "The author's own usage."

One entry silences one code on one line; an entry that matches nothing is
reported (L001), so that the file never hides more than it says.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from samizdat.lint.findings import Finding, codes

IGNORE_FILE = "lint-ignore.toml"


@dataclass(frozen=True)
class Ignore:
    file: str
    line: int
    code: str
    reason: str
    entry_line: int


def read_ignores(root: Path) -> tuple[list[Ignore], list[Finding]]:
    path = root / IGNORE_FILE
    if not path.is_file():
        return [], []
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [], [Finding(path, 1, 1, "L002", f"malformed TOML: {exc}")]
    starts = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[[ignore]]"]
    ignores, problems = [], []
    for index, entry in enumerate(data.get("ignore", [])):
        at = starts[index] if index < len(starts) else 1
        if not str(entry.get("reason", "")).strip():
            problems.append(Finding(path, at, 1, "L002", "an ignore entry needs a reason"))
            continue
        if (
            not isinstance(entry.get("line"), int)
            or entry.get("code") not in codes()
            or not entry.get("file")
        ):
            problems.append(
                Finding(path, at, 1, "L002", "an ignore entry needs file, line and a known code")
            )
            continue
        ignores.append(
            Ignore(str(entry["file"]), entry["line"], entry["code"], entry["reason"], at)
        )
    return ignores, problems


def apply(root: Path, findings: list[Finding]) -> list[Finding]:
    ignores, problems = read_ignores(root)
    used: set[Ignore] = set()
    kept = []
    for finding in findings:
        match = next(
            (
                i
                for i in ignores
                if i.code == finding.code
                and i.line == finding.line
                and (root / i.file) == finding.file
            ),
            None,
        )
        if match is None:
            kept.append(finding)
        else:
            used.add(match)
    for ignore in ignores:
        if ignore not in used:
            kept.append(
                Finding(
                    root / IGNORE_FILE,
                    ignore.entry_line,
                    1,
                    "L001",
                    f"nothing to ignore: no {ignore.code} at {ignore.file}:{ignore.line}",
                )
            )
    return kept + problems
