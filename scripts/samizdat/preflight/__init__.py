"""The preflight: every laid-out page of a PDF checked as a printer's typographer would.

`samizdat check book.pdf` (or a build folder) runs it; so does `make test` on
every book and trim. Each check is a module of one group (bounds, flow,
hyphens, spacing, notes, colour, text) with stable codes and limits in
data/preflight.toml; report.py writes the HTML report beside the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from samizdat.resources import data


@dataclass(frozen=True)
class Finding:
    code: str
    page: int  # 1-based
    detail: str
    box: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom in pt, trim corner

    @property
    def summary(self) -> str:
        return codes()[self.code]["summary"]

    def __str__(self) -> str:
        return f"p. {self.page}: {self.code} {self.summary}: {self.detail}"


def codes() -> dict[str, dict]:
    return {key: value for key, value in data("preflight").items() if key != "limits"}


def limits() -> dict:
    return data("preflight")["limits"]


def kind_of(path: Path) -> str:
    """What a PDF of a build is, by its name: reading, print, booklet or cover."""
    stem = path.stem
    for kind in ("print", "booklet", "cover"):
        if stem.endswith(f"-{kind}"):
            return kind
    return "reading"


def check_pdf(path: Path) -> list[Finding]:
    """Every finding on the PDF at `path`, in page order."""
    from samizdat.preflight import colour, pages

    kind = kind_of(path)
    found: list[Finding] = []
    if kind in ("print", "booklet", "cover"):
        found += colour.check(path)
    if kind in ("reading", "print"):
        found += check_pages(pages.read(path))
    return sorted(found, key=lambda f: (f.page, f.code))


def in_processes(job, paths: list[Path]) -> list:
    """`job(path)` for each path, in order; two or more PDFs read in processes of their own
    (reading a PDF's glyphs is the preflight's cost: pdfminer, in Python), one per CPU,
    unless SAMIZDAT_JOBS=1."""
    import os

    jobs = min(len(paths), os.cpu_count() or 1)
    if jobs < 2 or os.environ.get("SAMIZDAT_JOBS", "") == "1":
        return [job(path) for path in paths]
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    with ProcessPoolExecutor(jobs, mp_context=get_context("spawn")) as pool:
        return list(pool.map(job, paths))


def check_pages(laid: list) -> list[Finding]:
    """The findings on pages already read (preflight/pages.py): all but the colour's."""
    from samizdat.preflight import bounds, flow, hyphens, notes, spacing, text

    found: list[Finding] = []
    for group in (bounds, flow, hyphens, spacing, notes, text):
        found += group.check(laid)
    return sorted(found, key=lambda f: (f.page, f.code))


def summary_line(path: Path, found: list[Finding]) -> str:
    if not found:
        return f"preflight: {path.name}: no findings"
    by_code: dict[str, int] = {}
    for finding in found:
        by_code[finding.code] = by_code.get(finding.code, 0) + 1
    counts = ", ".join(f"{code} ×{n}" for code, n in sorted(by_code.items()))
    noun = "finding" if len(found) == 1 else "findings"
    return f"preflight: {path.name}: {len(found)} {noun} ({counts})"
