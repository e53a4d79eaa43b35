"""Check a build: an EPUB with EPUBCheck and Ace, a PDF (or every PDF of a build folder)
with the preflight; keep their reports beside it."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from samizdat import checks
from samizdat.errors import SamizdatError

NAME = "check"
HELP = "validate an EPUB (EPUBCheck, Ace) or preflight a PDF or a build folder's PDFs"


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "epub", type=Path, metavar="FILE", help="the EPUB or PDF to check, or a build folder"
    )
    parser.add_argument(
        "--reports",
        type=Path,
        metavar="DIR",
        help="save the reports here (default: beside the file)",
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="list every preflight finding")


def preflight(pdfs: list[Path], reports: Path | None, verbose: bool) -> int:
    from samizdat import preflight as pf
    from samizdat.preflight import report

    failed = 0
    for pdf, found in zip(pdfs, pf.in_processes(pf.check_pdf, pdfs), strict=True):
        folder = reports or pdf.parent
        folder.mkdir(parents=True, exist_ok=True)
        written = report.write(pdf, found, folder / f"{pdf.stem}-preflight.html")
        print(f"{pf.summary_line(pdf, found)} ({written})")
        for finding in found if verbose else found[:10]:
            print(f"  {finding}")
        if len(found) > 10 and not verbose:
            print(f"  … and {len(found) - 10} more (--verbose, or the report)")
        failed += bool(found)
    return 1 if failed else 0


def run(args: argparse.Namespace) -> int:
    target = args.epub
    if target.is_dir():
        pdfs = sorted(target.glob("*.pdf"))
        if not pdfs:
            raise SamizdatError("no PDF in this folder", target)
        return preflight(pdfs, args.reports, args.verbose)
    if not target.is_file():
        raise SamizdatError("no such file", target)
    if target.suffix.lower() == ".pdf":
        return preflight([target], args.reports, args.verbose)
    reports = args.reports or target.parent
    reports.mkdir(parents=True, exist_ok=True)
    stem = target.stem
    report = checks.epubcheck(target)
    (reports / f"{stem}-epubcheck.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    problems = checks.epubcheck_problems(report)
    print(f"EPUBCheck: {len(problems)} messages ({reports / f'{stem}-epubcheck.json'})")
    ace_report = checks.ace(target, reports / f"{stem}-ace")
    violations = checks.ace_violations(ace_report)
    print(f"Ace: {len(violations)} violations ({reports / f'{stem}-ace' / 'report.html'})")
    for line in problems + violations:
        print(f"  {line}")
    return 1 if problems or violations else 0
