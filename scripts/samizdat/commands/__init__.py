"""One module per command, each with NAME, HELP, arguments() and run()."""

from __future__ import annotations

import argparse
from pathlib import Path


def manuscript_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "manuscript",
        nargs="?",
        default="manuscript",
        type=Path,
        metavar="DIR",
        help="the manuscript folder (default: manuscript/)",
    )
