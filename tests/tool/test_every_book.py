"""Every real book, every trim, every option: a valid EPUB, and links that lead somewhere.

The pamphlet and the real-text fixtures, each built once per trim with
--booklet --print-ready; EPUBCheck once on each EPUB (two at a time).
"""

from __future__ import annotations

import concurrent.futures

import pytest
from pypdf import PdfReader

from conftest import BOOKS, CASES, epubcheck
from helpers import NS, Epub, squash
from samizdat.manuscript.loader import load_book


@pytest.fixture(scope="session")
def every_report(every_book) -> dict[tuple[str, str], dict]:
    paths = {case: every_book[case] / f"{BOOKS[case[0]][1]}.epub" for case in CASES}
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        reports = dict(zip(paths, pool.map(epubcheck, paths.values()), strict=True))
    return reports


@pytest.mark.parametrize("case", CASES, ids=[f"{b}-{t}" for b, t in CASES])
def test_epubcheck_reports_nothing(case, every_report):
    messages = [
        f"{m['severity']} {m['ID']}: {m['message']}" for m in every_report[case]["messages"]
    ]
    assert messages == []


@pytest.mark.parametrize("case", CASES, ids=[f"{b}-{t}" for b, t in CASES])
def test_every_link_and_page_resolves_in_the_epub(case, every_book):
    epub = Epub(every_book[case] / f"{BOOKS[case[0]][1]}.epub")
    pages = epub.documents[epub.nav_path].find(".//x:nav[@epub:type='page-list']", NS)
    assert pages is not None and len(pages.findall(".//x:a", NS)) > 0
    checked = 0
    for name, doc in epub.documents.items():
        for link in doc.iterfind(".//x:a[@href]", NS):
            href = link.get("href")
            if ":" in href.split("#")[0]:
                continue  # a web address
            assert epub.target(name, href) is not None, (name, href)
            checked += 1
    assert checked > 10


@pytest.mark.parametrize("case", CASES, ids=[f"{b}-{t}" for b, t in CASES])
def test_every_internal_link_of_the_pdf_lands(case, every_book):
    reader = PdfReader(every_book[case] / f"{BOOKS[case[0]][1]}.pdf")
    pages = {page.indirect_reference.idnum for page in reader.pages}
    checked = 0
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            link = annot.get_object()
            if link.get("/Subtype") != "/Link" or "/A" in link and "/URI" in link["/A"]:
                continue
            dest = link.get("/Dest") or link.get("/A", {}).get("/D")
            if isinstance(dest, str) or hasattr(dest, "encode"):
                dest = reader.named_destinations[str(dest)]
                target = dest.page.idnum if hasattr(dest.page, "idnum") else dest.page
            else:
                target = dest[0].idnum
            assert target in pages
            checked += 1
    assert checked >= 5  # the contents at least


@pytest.mark.parametrize("case", CASES, ids=[f"{b}-{t}" for b, t in CASES])
def test_running_heads_are_titles_without_note_calls(case, every_pages):
    """The manifesto's "I: Bourgeois and Proletarians[^3]" once ran as "...Proletarians3";
    a chapter with a running_head (book.toml) runs it instead of its title."""
    book = load_book(BOOKS[case[0]][0])
    titles = {squash(book.metadata.title)} | {
        squash(s.running_head or s.title) for s in book.sections
    }
    heads = [page.head.text for page in every_pages[(*case, "")] if page.head is not None]
    assert len(heads) > 10
    for head in heads:
        assert squash(head) in titles, head
