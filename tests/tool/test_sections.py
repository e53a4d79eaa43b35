"""A book laid out section by section (and from the cache) is the single pass's book, page by page.

Compared in the written files: each page's text (its folio and running head
included), its links and where they lead, the named destinations, the
outline, the page labels, the structure tree's tags by page, the metadata;
and the EPUB, whose page list is read from the print layout.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import zipfile
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import ImageChops
from pypdf import PdfReader

from conftest import FIXTURES, MANUSCRIPT
from samizdat.cli import main
from samizdat.print import fonts, parallel, variants


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """A cache of its own for the test, with the static font instances already made."""
    folder = tmp_path / "cache"
    folder.mkdir()
    made = fonts.cache_dir() / "fonts"
    if made.is_dir():
        (folder / "fonts").symlink_to(made)
    monkeypatch.setenv(fonts.CACHE_ENV, str(folder))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return folder


def build(manuscript: Path, out: Path, *extra: str) -> None:
    assert main(["build", str(manuscript), "-o", str(out), "--quiet", *extra]) == 0


def build_logged(manuscript: Path, out: Path, *extra: str) -> str:
    """Build; the progress lines written."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["build", str(manuscript), "-o", str(out), "--progress", *extra])
    assert code == 0
    return err.getvalue()


def pdf_facts(path: Path) -> dict:
    reader = PdfReader(path)
    pdf = pikepdf.open(path)
    index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}

    def where(dest) -> tuple:
        return index[dest[0].objgen], round(float(dest[2]), 2), round(float(dest[3]), 2)

    dests = {}
    if "/Names" in pdf.Root:
        names = pdf.Root.Names.Dests.Names
        dests = {str(names[i]): where(names[i + 1]) for i in range(0, len(names), 2)}
    pages = []
    for i, page in enumerate(pdf.pages):
        links = [
            (
                [round(float(x), 2) for x in annot.Rect],
                dests[str(annot.Dest)] if "/Dest" in annot else str(annot.A.URI),
            )
            for annot in page.obj.get("/Annots", [])
        ]
        boxes = {
            str(key): [round(float(x), 2) for x in page.obj[key]]
            for key in ("/MediaBox", "/TrimBox", "/BleedBox")
            if key in page.obj
        }
        pages.append({"text": reader.pages[i].extract_text(), "links": links, "boxes": boxes})
    outline = []
    with pdf.open_outline() as tree:

        def walk(items, depth):
            for item in items:
                outline.append((depth, item.title, where(item.destination)))
                walk(item.children, depth + 1)

        walk(tree.root, 0)
    tags = []

    def walk_tags(element, depth):
        if isinstance(element, pikepdf.Dictionary) and "/S" in element:
            page = index.get(element.Pg.objgen) if "/Pg" in element else None
            tags.append((depth, str(element.S), page))
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                walk_tags(kid, depth + 1)

    if "/StructTreeRoot" in pdf.Root:
        walk_tags(pdf.Root.StructTreeRoot.K[0], 0)
    return {
        "pages": pages,
        "dests": dests,
        "outline": outline,
        "tags": tags,
        "labels": repr(pdf.Root.get("/PageLabels")),
        "info": {str(k): str(v) for k, v in pdf.trailer.Info.items()},
        "catalog": sorted(str(k) for k in pdf.Root),
        "lang": str(pdf.Root.get("/Lang")),
    }


def assert_same_pdf(single: Path, joined: Path) -> None:
    a, b = pdf_facts(single), pdf_facts(joined)
    assert len(a["pages"]) == len(b["pages"])
    for number, (x, y) in enumerate(zip(a["pages"], b["pages"], strict=True), start=1):
        assert x == y, f"page {number} of {joined.name}"
    for key in ("dests", "outline", "tags", "labels", "info", "catalog", "lang"):
        assert a[key] == b[key], key


def assert_same_pixels(single: Path, joined: Path) -> None:
    """Every page drawn alike (pdfium): the merged fonts hold the glyphs one pass embeds."""
    a, b = pdfium.PdfDocument(single), pdfium.PdfDocument(joined)
    assert len(a) == len(b)
    for number in range(len(a)):
        x = a[number].render(scale=1).to_pil().convert("L")
        y = b[number].render(scale=1).to_pil().convert("L")
        assert ImageChops.difference(x, y).getbbox() is None, f"page {number + 1} of {joined}"


def assert_same_epub(single: Path, joined: Path) -> None:
    with zipfile.ZipFile(single) as a, zipfile.ZipFile(joined) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            assert a.read(name) == b.read(name), name


def parts_from_cache(log: str) -> tuple[int, int]:
    """(from the cache, laid out), from the layout's progress line."""
    line = next(x for x in log.splitlines() if x.startswith("samizdat: layout:"))
    words = line.split(" parts, ")[1].split()
    return int(words[0]), int(words[5])


def test_the_pamphlet_by_sections_is_the_single_pass(cache, tmp_path):
    one = tmp_path / "one"
    build(MANUSCRIPT, one, "--layout", "one-pass", "--booklet", "--print-ready")
    log = build_logged(MANUSCRIPT, tmp_path / "parts", "--layout", "sections", "--print-ready")
    assert parts_from_cache(log) == (0, 11)  # 9 sections, the front matter twice
    for name in ("trotsky.pdf", "trotsky-print.pdf"):
        assert_same_pdf(one / name, tmp_path / "parts" / name)
        assert_same_pixels(one / name, tmp_path / "parts" / name)
        size, joined = (one / name).stat().st_size, (tmp_path / "parts" / name).stat().st_size
        assert joined < size * 1.1  # each font once, not once per section
    assert_same_epub(one / "trotsky.epub", tmp_path / "parts" / "trotsky.epub")
    again = build_logged(MANUSCRIPT, tmp_path / "again", "--layout", "sections", "--print-ready")
    assert parts_from_cache(again) == (10, 1)  # the front matter is always laid out
    assert_same_pdf(one / "trotsky.pdf", tmp_path / "again" / "trotsky.pdf")


def test_the_pamphlet_at_a6_with_a_note_continued_by_sections_is_the_single_pass(cache, tmp_path):
    """At A6 two notes are continued (one since note 15 is cut where the space above the
    notes gives): the single pass takes a second pass, which must begin as a first would
    (nothing learnt of pages whose notes were cut otherwise), as the sections holding
    the notes do when laid out alone."""
    one, joined = tmp_path / "one", tmp_path / "parts"
    first = build_logged(MANUSCRIPT, one, "--trim", "a6", "--pdf-only", "--layout", "one-pass")
    assert "2 continued, 2 passes" in first
    build(MANUSCRIPT, joined, "--trim", "a6", "--pdf-only", "--layout", "sections")
    assert_same_pdf(one / "trotsky.pdf", joined / "trotsky.pdf")


def test_a_book_of_sections_is_laid_out_by_sections_unless_the_cache_is_off(cache, tmp_path):
    log = build_logged(MANUSCRIPT, tmp_path / "a", "--pdf-only")
    assert parts_from_cache(log) == (0, 11)
    log = build_logged(MANUSCRIPT, tmp_path / "b", "--pdf-only", "--no-cache")
    assert "every note on its call's page (3 paragraphs moved, 1 pass" in log
    single = FIXTURES / "general-book"  # one section: nothing to spare
    lone = tmp_path / "lone"
    shutil.copytree(single, lone)
    for extra in sorted(lone.glob("*.md"))[1:]:
        extra.unlink()
    log = build_logged(lone, tmp_path / "c", "--pdf-only")
    assert " parts, " not in log


def test_a_book_found_not_joinable_is_laid_out_in_one_pass_from_the_next_build_on(cache, tmp_path):
    book = tmp_path / "book"
    shutil.copytree(MANUSCRIPT, book)
    (book / "style.css").write_text("@page :first { margin-top: 30mm; }\n", encoding="utf-8")
    first = build_logged(book, tmp_path / "out", "--pdf-only")
    assert "first page: one pass instead" in first
    second = build_logged(book, tmp_path / "out", "--pdf-only")
    assert "(found by the last build): one pass" in second and " parts, " not in second
    assert "1 pass, 32 page makes, as last time" in second  # the first build's recipe


def edit(chapter: Path, old: str, new: str) -> None:
    text = chapter.read_text(encoding="utf-8")
    assert old in text
    chapter.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edited_chapter_is_laid_out_again_and_the_book_is_a_clean_builds(cache, tmp_path):
    """The manifesto by sections (holmes, twelve chapters, is the bench's): an edit lays
    out its own chapter again, and what it moves; each build is the single pass's."""
    book = tmp_path / "manifesto"
    shutil.copytree(FIXTURES / "manifesto", book)
    first = build_logged(book, tmp_path / "first", "--pdf-only", *BY_SECTIONS)
    assert parts_from_cache(first) == (0, 8)  # six sections, the front matter twice
    assert_same_pdf_with_one_pass(book, tmp_path, "first")

    # a word changed in chapter III: that chapter only (its page count unchanged)
    edit(
        book / "05-socialist-and-communist-literature.md",
        "the old feudal coats",
        "the feudal coats",
    )
    second = build_logged(book, tmp_path / "second", "--pdf-only", *BY_SECTIONS)
    hits, laid = parts_from_cache(second)
    assert laid == 1 and hits == 7  # chapter III; the front matter's numbers are unchanged
    assert_same_pdf_with_one_pass(book, tmp_path, "second")
    assert_same_pixels(
        tmp_path / "second-one-pass" / "manifesto.pdf", tmp_path / "second" / "manifesto.pdf"
    )

    # paragraphs added to chapter I: the chapters after it start a page later, and are
    # laid out again, side by side in forked processes (their page counts are known)
    chapter = book / "03-bourgeois-and-proletarians.md"
    for word in ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"):
        added = (
            f"The {word} paragraph added by an editor runs on for a while, with one sentence"
            " after another, so that the chapter grows by some lines and what follows moves."
        )
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\n" + added + "\n")
    third = build_logged(book, tmp_path / "third", "--pdf-only", *BY_SECTIONS)
    hits, laid = parts_from_cache(third)
    assert hits >= 2 and laid >= 2, third
    if parallel.can_fork():
        assert "side by side in" in third
    assert_same_pdf_with_one_pass(book, tmp_path, "third")


BY_SECTIONS = ("--layout", "sections")


def assert_same_pdf_with_one_pass(book: Path, tmp_path: Path, built: str) -> None:
    clean = tmp_path / f"{built}-one-pass"
    build(book, clean, "--pdf-only", "--no-cache", "--layout", "one-pass")
    assert_same_pdf(clean / f"{book.name}.pdf", tmp_path / built / f"{book.name}.pdf")


def test_a_bad_cache_entry_is_a_miss_never_a_broken_book(cache, tmp_path):
    build(MANUSCRIPT, tmp_path / "good", "--layout", "sections", "--pdf-only")
    entries = sorted(p for p in (cache / "layout").glob("*/*") if p.is_dir())
    assert len(entries) == 11  # the front matter's two layouts, and 9 sections
    for n, entry in enumerate(entries):
        pdf = entry / "reading.pdf"
        if n % 3 == 1 and pdf.exists():  # cut short (as by a full disk)
            pdf.write_bytes(pdf.read_bytes()[: len(pdf.read_bytes()) // 2])
        elif n % 3 == 2:
            (entry / "facts.json").write_text('{"pages": "many"}', encoding="utf-8")
        else:
            (entry / "facts.json").write_text("{not json", encoding="utf-8")
    log = build_logged(MANUSCRIPT, tmp_path / "again", "--layout", "sections", "--pdf-only")
    assert parts_from_cache(log) == (0, 11)
    assert_same_pdf(tmp_path / "good" / "trotsky.pdf", tmp_path / "again" / "trotsky.pdf")


def test_no_cache_keeps_nothing(cache, tmp_path):
    log = build_logged(
        MANUSCRIPT, tmp_path / "out", "--layout", "sections", "--no-cache", "--pdf-only"
    )
    assert parts_from_cache(log) == (0, 11)
    assert not list(cache.glob("layout/*/*/facts.json"))


def test_a_book_that_cannot_be_joined_exactly_is_laid_out_in_one_pass(cache, tmp_path):
    book = tmp_path / "book"
    shutil.copytree(MANUSCRIPT, book)
    (book / "style.css").write_text("@page :first { margin-top: 30mm; }\n", encoding="utf-8")
    log = build_logged(book, tmp_path / "out", "--layout", "sections", "--pdf-only")
    assert "first page: one pass instead" in log
    assert "every note on its call's page" in log  # the single pass's own line


def test_a_one_pass_layout_starts_from_where_its_last_layout_settled(cache, tmp_path):
    from samizdat.manuscript.loader import load_book
    from samizdat.print import layout
    from samizdat.print.layoutcache import LayoutCache
    from samizdat.trims import trim

    book, page = load_book(MANUSCRIPT), trim("a6")
    first = layout.lay_out(book, page, LayoutCache())
    # at a6 a note is continued: found by a first pass, laid out by a second
    assert first.continued and first.seed.splits == first.continued and first.passes == 2
    again = layout.lay_out(book, page, LayoutCache())
    assert again.passes == 1 and again.seed == first.seed
    # made as the recipe says (print/pagemaker.py Replay): each page once, no tries,
    # but the contents page, which WeasyPrint's own loop makes until its numbers settle
    assert again.page_count <= again.makes <= again.page_count + 2 < first.makes
    # the same pages, spacing and remedies included: the same file
    reading = variants.VARIANTS["reading"]
    assert (
        first.write(reading, tmp_path / "first.pdf").read_bytes()
        == again.write(reading, tmp_path / "again.pdf").read_bytes()
    )
    for seed in (cache / "layout" / "settled").iterdir():
        seed.write_text('{"0-1": 7}', encoding="utf-8")
    bad = layout.lay_out(book, page, LayoutCache())
    assert bad.page_breaks == first.page_breaks and bad.passes == 2  # a bad seed is no seed


def test_a_layout_made_again_from_its_recipe_is_the_same_file(cache, tmp_path):
    """The manifesto at A5 takes every remedy of the page maker (spreads levelled, the
    spread before made short, notes kept, loose lines evened): its second layout
    makes each page once, from the recipe of the first, and writes the same file;
    a recipe that does not fit the document is no recipe."""
    import json

    from samizdat.manuscript.loader import load_book
    from samizdat.print import layout
    from samizdat.print.layoutcache import LayoutCache
    from samizdat.trims import trim

    book, page = load_book(FIXTURES / "manifesto"), trim("a5")
    reading = variants.VARIANTS["reading"]
    first = layout.lay_out(book, page, LayoutCache())
    assert first.makes > 2 * first.page_count  # the remedies made many pages again
    written = first.write(reading, tmp_path / "first.pdf").read_bytes()
    again = layout.lay_out(book, page, LayoutCache())
    assert again.makes <= again.page_count + 2  # the contents page made again, as above
    assert again.write(reading, tmp_path / "again.pdf").read_bytes() == written
    (seed,) = (cache / "layout" / "settled").iterdir()
    kept = json.loads(seed.read_text(encoding="utf-8"))

    def cut_short(pages: list) -> None:  # a page fewer: found at the end
        del pages[-1]

    def shorter(pages: list) -> None:  # a page made a line short made two: it ends sooner,
        # and the pages after it, their number the same, would be set from its end (a page
        # that ends inside a paragraph, whose end, deepest in the skip stack, must move)
        max((p for p in pages if p[2] > 0), key=lambda p: p[3].count(":"))[2] *= 2

    for spoil in (cut_short, shorter):
        found = json.loads(json.dumps(kept))
        spoil(found["recipe"]["pages"])
        seed.write_text(json.dumps(found), encoding="utf-8")
        afresh = layout.lay_out(book, page, LayoutCache())
        assert afresh.makes > 2 * afresh.page_count, spoil  # laid out afresh, with every try
        assert afresh.write(reading, tmp_path / "afresh.pdf").read_bytes() == written, spoil


def test_a_recipe_reads_back_as_written_and_a_strange_one_is_no_recipe():
    """The cache's JSON of a recipe (a page like the one before written as null) reads back
    as it was, a page's squeeze of the space above its notes included (before, it was
    lost, and a replay of the pamphlet at A6 failed and laid the book out afresh), and a
    page's text raised above notes kept at the foot; styles the page maker never sets, a
    page made longer, squeezed past the limit or its text run into its notes, are refused."""
    import json

    from samizdat.print.layoutcache import recipe_from, recipe_to
    from samizdat.print.pagemaker import PageRecipe, Recipe

    styled = ((("break", "2-1"), "page"), (("tracking", "3-4"), -0.07), (("words", "3-4"), -0.56))
    whole = (("1-6", ("ruling",)),)
    pages = (
        PageRecipe(styled, whole, 0.0, "{0: None}", 7.5),  # its text in its notes' space
        PageRecipe(styled, whole, 18.5, "None"),
        PageRecipe(styled, whole, 0.0, "None", 0.0, 18.5),  # its text a line short, notes not
    )
    recipe = Recipe(pages, ("2-1",))
    written = json.loads(json.dumps(recipe_to(recipe)))
    assert written["pages"][1][:2] == [None, None]
    assert recipe_from(written) == recipe
    for spoil in (
        lambda r: r["pages"][0][0][0].__setitem__(1, "left"),  # a break it never sets
        lambda r: r["pages"][0][0][1].__setitem__(1, "wide"),  # spacing that is no number
        lambda r: r["pages"][1].__setitem__(2, -18.5),  # a page made longer
        lambda r: r["pages"][0].__setitem__(4, 30.0),  # more than the notes' space gives
        lambda r: r["pages"][2].__setitem__(5, -18.5),  # text run into its notes
    ):
        spoilt = json.loads(json.dumps(written))
        spoil(spoilt)
        with pytest.raises(ValueError):
            recipe_from(spoilt)
