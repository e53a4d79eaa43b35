"""Check a manuscript for errors and for typographic and transcription faults."""

from __future__ import annotations

import argparse
from pathlib import Path

from samizdat.manuscript.loader import load_book

NAME = "lint"
HELP = "check the manuscript"


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("manuscript", nargs="?", default="manuscript", type=Path, metavar="DIR",
                        help="the manuscript folder (default: manuscript/)")


def run(args: argparse.Namespace) -> int:
    load_book(args.manuscript)
    return 0
