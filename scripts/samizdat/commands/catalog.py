"""Build a publisher's list: every book of a folder, a static catalogue site, OPDS feeds.

DIR is a folder of manuscript folders (each with its book.toml; other folders
are ignored), with an optional catalog.toml, or a catalog.toml that lists its
book folders. Each book is built into OUT/<slug>/ by the ordinary build, in
parallel, and only when its inputs changed; then OUT/index.html (the site) and
OUT/opds.xml (the OPDS 1.2 catalogue for reading apps) are written. A book that
fails is reported with its one-line error, the others are still built, and the
command exits 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from samizdat.errors import SamizdatError

NAME = "catalog"
HELP = "build many books and their catalogue (site and OPDS feeds)"


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "catalog",
        type=Path,
        metavar="DIR",
        help="a folder of manuscript folders, or a catalog.toml listing them",
    )
    parser.add_argument(
        "-o",
        "--output",
        default=Path("catalog"),
        type=Path,
        metavar="OUT",
        help="the output folder (default: catalog/)",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        metavar="N",
        help="build N books at a time (default: one per core)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="build the books on a Dask distributed cluster (needs `distributed`)",
    )


def run(args: argparse.Namespace) -> int:
    from samizdat.catalog.build import build_catalog
    from samizdat.catalog.config import load_catalog

    if args.jobs is not None and args.jobs < 1:
        raise SamizdatError("--jobs must be at least 1")
    catalog = load_catalog(args.catalog)
    if not catalog.books:
        raise SamizdatError("no manuscript folder (a folder with a book.toml) found", args.catalog)
    if args.scheduler:
        report = on_cluster(args.scheduler, catalog, args.output)
    else:
        report = build_catalog(catalog, args.output, jobs=args.jobs)
    failed = report.failed
    good = len(report.books) - len(failed)
    sys.stderr.write(
        f"samizdat: {len(report.built)} built, {good - len(report.built)} up to date,"
        f" {len(failed)} failed, in {report.seconds:.1f} s; catalogue in {args.output}/\n"
    )
    print(f"wrote {args.output / 'index.html'}")
    print(f"wrote {args.output / 'opds.xml'}")
    return 1 if failed else 0


def on_cluster(address: str, catalog, out: Path):
    """The books on a Dask cluster: its workers must see DIR and OUT at the same paths."""
    from samizdat.catalog.build import build_catalog

    try:
        from distributed import Client
    except ImportError:
        raise SamizdatError(
            "--scheduler needs Dask's `distributed` package: pip install distributed"
        ) from None
    try:
        client = Client(address, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise SamizdatError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    with client:
        return build_catalog(catalog, out, executor=client.get_executor())
