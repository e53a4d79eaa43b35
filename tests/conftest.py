"""Session fixtures: each book is built once, and each validator runs once on it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).parent))

from helpers import Epub, Pdf  # noqa: E402
from samizdat import checks  # noqa: E402
from samizdat.cli import main  # noqa: E402
from samizdat.preflight import in_processes  # noqa: E402
from samizdat.preflight import pages as preflight_pages  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MANUSCRIPT = ROOT / "manuscript"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Debian's Chromium, driven by Playwright: no browser download.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]


def build(manuscript: Path, out: Path, *extra: str) -> Path:
    code = main(["build", str(manuscript), "-o", str(out), *extra])
    assert code == 0, f"build of {manuscript} failed"
    return out


# Every real book in every trim, built once with --booklet --print-ready
# (test_every_book.py validates them, test_preflight.py preflights them).
BOOKS = {
    "pamphlet": (MANUSCRIPT, "trotsky"),
    "manifesto": (FIXTURES / "manifesto", "manifesto"),
    "holmes": (FIXTURES / "holmes", "holmes"),
}
TRIMS = ("a5", "a6", "half-letter")
CASES = [(book, trim) for book in BOOKS for trim in TRIMS]


@pytest.fixture(scope="session")
def every_book(tmp_path_factory) -> dict[tuple[str, str], Path]:
    built = {}
    for book, trim in CASES:
        folder, _ = BOOKS[book]
        out = tmp_path_factory.mktemp(f"{book}-{trim}")
        built[(book, trim)] = build(folder, out, "--trim", trim, "--booklet", "--print-ready")
    return built


@pytest.fixture(scope="session")
def every_pages(every_book) -> dict[tuple[str, str, str], list]:
    """The reading and print PDFs of every case as the preflight reads them, read once."""
    keys = [(*case, kind) for case in CASES for kind in ("", "-print")]
    paths = [every_book[key[:2]] / f"{BOOKS[key[0]][1]}{key[2]}.pdf" for key in keys]
    return dict(zip(keys, in_processes(preflight_pages.read, paths), strict=True))


@pytest.fixture(scope="session")
def pamphlet_dir(tmp_path_factory) -> Path:
    return build(MANUSCRIPT, tmp_path_factory.mktemp("pamphlet"), "--booklet", "--print-ready")


@pytest.fixture(scope="session")
def notes_dir(tmp_path_factory) -> Path:
    return build(FIXTURES / "notes-book", tmp_path_factory.mktemp("notes-book"), "--booklet")


@pytest.fixture(scope="session")
def general_dir(tmp_path_factory) -> Path:
    return build(FIXTURES / "general-book", tmp_path_factory.mktemp("general-book"))


@pytest.fixture(scope="session")
def general_print_dir(tmp_path_factory) -> Path:
    """The general book (it has a picture) with every print file, at A5."""
    out = tmp_path_factory.mktemp("general-print")
    return build(FIXTURES / "general-book", out, "--trim", "a5", "--print-ready", "--booklet")


@pytest.fixture(scope="session")
def general_epub(general_dir) -> Epub:
    return Epub(general_dir / "general-book.epub")


@pytest.fixture(scope="session")
def general_pdf(general_dir) -> Pdf:
    return Pdf(general_dir / "general-book.pdf")


@pytest.fixture(scope="session")
def pamphlet_epub(pamphlet_dir) -> Epub:
    return Epub(pamphlet_dir / "trotsky.epub")


@pytest.fixture(scope="session")
def pamphlet_pdf(pamphlet_dir) -> Pdf:
    return Pdf(pamphlet_dir / "trotsky.pdf")


@pytest.fixture(scope="session")
def notes_epub(notes_dir) -> Epub:
    return Epub(notes_dir / "notes-book.epub")


@pytest.fixture(scope="session")
def notes_pdf(notes_dir) -> Pdf:
    return Pdf(notes_dir / "notes-book.pdf")


def epubcheck(path: Path) -> dict:
    return checks.epubcheck(path)


@pytest.fixture(scope="session")
def epubcheck_reports(pamphlet_epub, notes_epub, general_epub) -> dict[str, dict]:
    """One EPUBCheck run per book for the whole session: it is slow."""
    books = (
        ("pamphlet", pamphlet_epub),
        ("notes-book", notes_epub),
        ("general-book", general_epub),
    )
    return {name: epubcheck(epub.path) for name, epub in books}


@pytest.fixture(scope="session")
def ace_report(pamphlet_epub) -> dict:
    """One Ace run for the whole session: it starts a browser."""
    return checks.ace(pamphlet_epub.path)


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the session: the web edition's tests and the EPUB's share it."""
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
