"""Check a manuscript: notes, structure, typography, transcription, metadata.

Prints each finding as FILE:LINE:COL: CODE severity: message. Exits 1 if an
error remains, 0 otherwise, 2 on a usage error. Deliberate exceptions go in
lint-ignore.toml in the manuscript folder, each with its reason.
"""

from __future__ import annotations

import argparse
import sys

from samizdat.commands import manuscript_argument

NAME = "lint"
HELP = "check the manuscript"


def arguments(parser: argparse.ArgumentParser) -> None:
    manuscript_argument(parser)


def run(args: argparse.Namespace) -> int:
    from samizdat.lint.run import errors, lint

    if not args.manuscript.is_dir():
        sys.stderr.write(f"samizdat: error: {args.manuscript}: manuscript folder not found\n")
        return 2
    findings = lint(args.manuscript)
    for finding in findings:
        print(finding.format())
    sys.stdout.flush()
    count = len(errors(findings))
    print(f"{len(findings)} findings, {count} errors", file=sys.stderr)
    return 1 if count else 0
