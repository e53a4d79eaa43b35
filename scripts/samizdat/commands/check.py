"""Validate a built EPUB with EPUBCheck and Ace by DAISY, and keep their reports."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from samizdat import checks
from samizdat.errors import SamizdatError

NAME = "check"
HELP = "validate an EPUB with EPUBCheck and Ace"


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("epub", type=Path, metavar="EPUB", help="the EPUB to check")
    parser.add_argument(
        "--reports",
        type=Path,
        metavar="DIR",
        help="save the reports here (default: beside the EPUB)",
    )


def run(args: argparse.Namespace) -> int:
    if not args.epub.is_file():
        raise SamizdatError("no such EPUB", args.epub)
    reports = args.reports or args.epub.parent
    reports.mkdir(parents=True, exist_ok=True)
    stem = args.epub.stem
    report = checks.epubcheck(args.epub)
    (reports / f"{stem}-epubcheck.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    problems = checks.epubcheck_problems(report)
    print(f"EPUBCheck: {len(problems)} messages ({reports / f'{stem}-epubcheck.json'})")
    ace_report = checks.ace(args.epub, reports / f"{stem}-ace")
    violations = checks.ace_violations(ace_report)
    print(f"Ace: {len(violations)} violations ({reports / f'{stem}-ace' / 'report.html'})")
    for line in problems + violations:
        print(f"  {line}")
    return 1 if problems or violations else 0
