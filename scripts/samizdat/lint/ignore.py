"""The ignore file (lint-ignore.toml): deliberate exceptions, each with its reason.

    [[ignore]]
    file = "05-chapter.md"        # relative to the manuscript folder
    code = "X005"
    match = "Labour Party"        # the text it silences: survives edits above it
    line = 91                     # optional: narrows it to one line
    reason = "A party's own name."

An entry silences its code in its file wherever the finding's text (its
message or its source line) holds `match`; a line, if given, narrows it.
An entry that matches nothing is reported (L001), so that the file never
hides more than it says.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from samizdat.lint.findings import Finding, codes
from samizdat.manuscript.files import limit, read_inside
from samizdat.manuscript.source import decode

IGNORE_FILE = "lint-ignore.toml"


@dataclass(frozen=True)
class Ignore:
    file: str
    code: str
    match: str
    line: int | None
    reason: str
    entry_line: int


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip().lower()


def read_ignores(ms) -> tuple[list[Ignore], list[Finding]]:
    path = ms.root / IGNORE_FILE
    if not path.is_file():
        return [], []
    try:
        text = decode(read_inside(ms.root, path, limit("toml_bytes"), IGNORE_FILE), path)
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [], [Finding(path, 1, 1, "L002", f"malformed TOML: {exc}")]
    except Exception as exc:  # not UTF-8, unreadable: one finding, never a crash
        return [], [Finding(path, 1, 1, "L002", str(exc))]
    starts = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[[ignore]]"]
    entries = data.get("ignore", [])
    if not isinstance(entries, list):
        return [], [Finding(path, 1, 1, "L002", "'ignore' must be a list of [[ignore]] tables")]
    ignores, problems = [], []
    for index, entry in enumerate(entries):
        at = starts[index] if index < len(starts) else 1
        if not isinstance(entry, dict):
            problems.append(Finding(path, at, 1, "L002", "an ignore entry must be a table"))
            continue
        if not str(entry.get("reason", "")).strip():
            problems.append(Finding(path, at, 1, "L002", "an ignore entry needs a reason"))
            continue
        line, match = entry.get("line"), entry.get("match", "")
        if (
            entry.get("code") not in codes()
            or not isinstance(entry.get("file"), str)
            or not isinstance(match, str)
            or (line is not None and (not isinstance(line, int) or isinstance(line, bool)))
            or not (match.strip() or line)
        ):
            problems.append(
                Finding(
                    path,
                    at,
                    1,
                    "L002",
                    "an ignore entry needs file, a known code, and the text it silences"
                    ' (match = "..."; a line may narrow it)',
                )
            )
            continue
        ignores.append(Ignore(entry["file"], entry["code"], match, line, str(entry["reason"]), at))
    return ignores, problems


def silences(ignore: Ignore, finding: Finding, ms) -> bool:
    if ignore.code != finding.code or (ms.root / ignore.file) != finding.file:
        return False
    if ignore.line is not None and ignore.line != finding.line:
        return False
    if not ignore.match.strip():
        return True
    wanted = squash(ignore.match)
    lines = ms.lines(finding.file)
    around = " ".join(lines[max(finding.line - 2, 0) : finding.line + 1])
    return wanted in squash(finding.message) or wanted in squash(around)


def apply(ms, findings: list[Finding]) -> list[Finding]:
    ignores, problems = read_ignores(ms)
    used: set[Ignore] = set()
    kept = []
    for finding in findings:
        match = next((i for i in ignores if silences(i, finding, ms)), None)
        if match is None:
            kept.append(finding)
        else:
            used.add(match)
    for ignore in ignores:
        if ignore not in used:
            where = f"{ignore.file}:{ignore.line}" if ignore.line else ignore.file
            what = f" matching {ignore.match!r}" if ignore.match else ""
            kept.append(
                Finding(
                    ms.root / IGNORE_FILE,
                    ignore.entry_line,
                    1,
                    "L001",
                    f"nothing to ignore: no {ignore.code}{what} in {where}",
                )
            )
    return kept + problems
