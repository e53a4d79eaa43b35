"""`samizdat catalog`: many books built in parallel, incrementally, into a site and OPDS feeds.

One catalogue of three small fixture books (notes-book, general-book,
manifesto: two authors, a translator, a series, ISBNs, its own cover) is built
once for the module with SOURCE_DATE_EPOCH set; the tests read it. The Dask
test builds it again on a two-worker LocalCluster on loopback and compares.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import etree

from conftest import FIXTURES
from helpers import samizdat
from samizdat.catalog.build import build_catalog
from samizdat.catalog.config import load_catalog
from samizdat.cli import main
from samizdat.errors import SamizdatError

EPOCH = "1764374400"  # 2025-11-29
BOOKS = ("notes-book", "general-book", "manifesto")
SCHEMA = Path(__file__).parent.parent / "data" / "opds" / "opds.rng"
SCHEMA2 = Path(__file__).parent.parent / "data" / "opds2"
ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/terms/}"
NAVIGATION = "application/atom+xml;profile=opds-catalog;kind=navigation"
ACQUISITION = "application/atom+xml;profile=opds-catalog;kind=acquisition"


def make_books(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copytree(FIXTURES / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> Path:
    folder = make_books(tmp_path_factory.mktemp("books"), *BOOKS)
    (folder / "drafts").mkdir()  # a folder without book.toml: not a book
    (folder / "drafts" / "idea.md").write_text("# Not yet\n")
    (folder / "catalog.toml").write_text(
        'title = "Lantern Press"\npublisher = "Lantern Press"\nlanguage = "en-GB"\nsearch = true\n'
    )
    return folder


@pytest.fixture(scope="module")
def built(books, tmp_path_factory):
    """The catalogue built twice: (OUT, first report, second report, mtimes after the first)."""
    out = tmp_path_factory.mktemp("catalog")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        first = build_catalog(load_catalog(books), out, jobs=2, progress=io.StringIO())
        mtimes = book_mtimes(out)
        log = io.StringIO()
        second = build_catalog(load_catalog(books), out, jobs=2, progress=log)
    return out, first, second, mtimes, log.getvalue()


def book_mtimes(out: Path) -> dict[str, int]:
    return {
        str(p.relative_to(out)): p.stat().st_mtime_ns
        for slug in BOOKS
        for p in sorted((out / slug).rglob("*"))
    }


def feeds(out: Path) -> list[Path]:
    return [out / "opds.xml", *sorted((out / "opds").rglob("*.xml"))]


def pages(out: Path) -> list[Path]:
    return [out / "index.html"] + [
        p for d in ("books", "series", "authors") for p in sorted((out / d).glob("*.html"))
    ]


# The build ---------------------------------------------------------------------


def test_every_book_is_built_into_its_own_folder(built):
    out, first, _, _, _ = built
    assert not first.failed
    assert sorted(b.name for b in first.built) == sorted(BOOKS)
    for slug in BOOKS:
        assert (out / slug / f"{slug}.epub").is_file()
        assert (out / slug / f"{slug}.pdf").is_file()
        assert (out / slug / f"{slug}-booklet.pdf").is_file()  # the default options: --booklet
    assert not (out / "drafts").exists()


def test_a_second_build_rebuilds_nothing(built):
    out, _, second, mtimes, log = built
    assert second.built == [] and not second.failed
    assert log.count("up to date") == len(BOOKS)
    assert book_mtimes(out) == mtimes


def test_a_changed_book_alone_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    folder = make_books(tmp_path / "books", "notes-book", "general-book")
    (folder / "catalog.toml").write_text("[build]\nepub_only = true\n")
    out = tmp_path / "out"
    first = build_catalog(load_catalog(folder), out, jobs=1, progress=io.StringIO())
    assert len(first.built) == 2
    epub = out / "general-book" / "general-book.epub"
    before = epub.stat().st_mtime_ns
    chapter = folder / "notes-book" / "01-first.md"
    chapter.write_text(chapter.read_text() + "\nOne more sentence.\n")
    second = build_catalog(load_catalog(folder), out, jobs=1, progress=io.StringIO())
    assert [b.name for b in second.built] == ["notes-book"]
    assert epub.stat().st_mtime_ns == before
    # Options are part of a book's key: other options rebuild every book.
    (folder / "catalog.toml").write_text("[build]\nepub_only = false\nbooklet = false\n")
    (out / "notes-book" / "notes-book.epub").unlink()  # a missing output is rebuilt too
    third = build_catalog(load_catalog(folder), out, jobs=1, progress=io.StringIO())
    assert sorted(b.name for b in third.built) == ["general-book", "notes-book"]
    # The web edition the build writes beside the EPUB is linked from the site and feeds.
    assert (out / "notes-book" / "notes-book-web" / "index.html").is_file()
    assert (
        'href="notes-book/notes-book-web/index.html">Read online'
        in (out / "index.html").read_text()
    )
    feed = etree.parse(str(out / "opds" / "all.xml")).getroot()
    related = {x.get("href") for x in feed.iterfind(f"{ATOM}entry/{ATOM}link[@rel='related']")}
    assert "../notes-book/notes-book-web/index.html" in related


def test_a_book_that_leaves_is_removed_and_one_that_fails_keeps_its_outputs(tmp_path):
    folder = make_books(tmp_path / "books", "notes-book", "general-book")
    (folder / "catalog.toml").write_text("[build]\nepub_only = true\n")
    out = tmp_path / "out"
    build_catalog(load_catalog(folder), out, jobs=1, progress=io.StringIO())
    assert (out / "books" / "general-book.html").is_file()
    shutil.rmtree(folder / "general-book")
    chapter = folder / "notes-book" / "02-second.md"
    chapter.write_text(chapter.read_text() + "\nA call to no note.[^nowhere]\n")
    epub = (out / "notes-book" / "notes-book.epub").read_bytes()
    report = build_catalog(load_catalog(folder), out, jobs=1, progress=io.StringIO())
    assert [b.name for b in report.failed] == ["notes-book"]
    for gone in ("general-book", "books/general-book.html", "covers/general-book.jpg"):
        assert not (out / gone).exists(), gone
    assert (out / "notes-book" / "notes-book.epub").read_bytes() == epub  # the last good one
    assert "A Book of Notes" not in (out / "index.html").read_text()
    assert "The Press at Work" not in (out / "opds" / "all.xml").read_text()


def test_a_slug_that_names_a_catalogue_folder_is_refused(tmp_path, capsys):
    folder = make_books(tmp_path / "books", "notes-book")
    toml = folder / "notes-book" / "book.toml"
    toml.write_text(toml.read_text().replace('slug = "notes-book"', 'slug = "opds"'))
    assert main(["catalog", str(folder), "-o", str(tmp_path / "out")]) == 1
    assert "slug 'opds' names a folder of the catalogue itself" in capsys.readouterr().err


def test_a_broken_book_is_reported_and_the_others_are_built(tmp_path, capsys):
    folder = make_books(tmp_path / "books", "notes-book")
    bad_toml = shutil.copytree(FIXTURES / "notes-book", folder / "bad-toml")
    text = (bad_toml / "book.toml").read_text().replace('slug = "notes-book"', 'slug = "bad"')
    (bad_toml / "book.toml").write_text('colour = "red"\n' + text)
    bad_text = shutil.copytree(FIXTURES / "notes-book", folder / "bad-text")
    text = (bad_text / "book.toml").read_text().replace('slug = "notes-book"', 'slug = "bad-text"')
    (bad_text / "book.toml").write_text(text)
    (bad_text / "02-second.md").write_text("# Second\n\nA call to no note.[^nowhere]\n")
    out = tmp_path / "out"
    code = main(["catalog", str(folder), "-o", str(out), "--jobs", "2"])
    err = capsys.readouterr().err
    assert code == 1
    lines = err.splitlines()
    line = next(x for x in lines if x.startswith("samizdat: bad-toml: error:"))
    assert re.search(r"bad-toml/book\.toml:1: unknown field 'colour'", line), line
    line = next(x for x in lines if x.startswith("samizdat: bad-text: error:"))
    assert "bad-text/02-second.md:3" in line and "N001" in line, line
    assert "samizdat: notes-book: built" in err
    assert "2 failed" in lines[-1]
    assert (out / "notes-book" / "notes-book.epub").is_file()
    index = (out / "index.html").read_text()
    assert "A Book of Notes" in index and "bad-text" not in index


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere"], "catalogue folder not found"),
        (["nowhere.toml"], "catalogue file not found"),
        ([".", "--jobs", "0"], "--jobs must be at least 1"),
        (["EMPTY"], "no manuscript folder"),
    ],
)
def test_command_errors_are_one_line(tmp_path, capsys, args, message):
    (tmp_path / "empty").mkdir()
    args = [str(tmp_path / "empty") if a == "EMPTY" else a for a in args]
    assert main(["catalog", *args, "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err, err


def test_the_command_has_help(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["catalog", "--help"])
    assert exited.value.code == 0
    assert "--scheduler" in capsys.readouterr().out


# The catalogue file -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('title = "A"\ncolour = "red"\n', r"catalog\.toml:2: unknown key 'colour'"),
        ('books = ["nowhere"]\n', r"catalog\.toml:1: 'books' names 'nowhere'"),
        ('title = "A"\n[build]\nbooklet = "yes"\n', r"catalog\.toml:3: \[build\] booklet must be"),
        ('title = "A"\n[build]\nfast = true\n', r"catalog\.toml:3: unknown key 'fast' in"),
        ('url = "ftp://x"\n', r"catalog\.toml:1: 'url' must be an http"),
        ('title = "A"\nsearch = "yes"\n', r"catalog\.toml:2: 'search' must be true or false"),
        ('title = "A\n', r"catalog\.toml:1: malformed TOML"),
    ],
)
def test_catalog_toml_errors_name_the_file_and_line(tmp_path, text, message):
    (tmp_path / "catalog.toml").write_text(text)
    with pytest.raises(SamizdatError) as caught:
        load_catalog(tmp_path)
    assert re.search(message, str(caught.value)), str(caught.value)


def test_a_catalog_toml_lists_its_books_in_order(tmp_path):
    make_books(tmp_path / "shelf", "notes-book", "general-book")
    (tmp_path / "list.toml").write_text('books = ["shelf/notes-book", "shelf/general-book"]\n')
    catalog = load_catalog(tmp_path / "list.toml")
    assert [b.name for b in catalog.books] == ["notes-book", "general-book"]
    assert catalog.build.arguments() == ["--booklet"]


# The OPDS feeds -------------------------------------------------------------------


def test_every_feed_validates_against_the_opds_schema(built):
    out = built[0]
    schema = etree.RelaxNG(etree.parse(str(SCHEMA)))
    found = feeds(out)
    assert len(found) >= 6  # root, all, series, a series, authors, an author
    for feed in found:
        document = etree.parse(str(feed))
        assert schema.validate(document), f"{feed.name}: {schema.error_log}"
        # The two Schematron rules of RFC 4287 that RELAX NG cannot say:
        root = document.getroot()
        for entry in root.iter(f"{ATOM}entry"):
            assert root.find(f"{ATOM}author") is not None or entry.find(f"{ATOM}author") is not None
            assert (
                entry.find(f"{ATOM}content") is not None
                or entry.find(f"{ATOM}link[@rel='alternate']") is not None
            )


def test_the_feeds_are_an_opds_catalogue(built):
    out = built[0]
    root = etree.parse(str(out / "opds.xml")).getroot()
    assert root.find(f"{ATOM}link[@rel='self']").get("type") == NAVIGATION
    assert root.find(f"{ATOM}link[@rel='start']").get("href") == "opds.xml"
    subsections = {
        link.get("href"): link.get("type")
        for link in root.iterfind(f"{ATOM}entry/{ATOM}link[@rel='subsection']")
    }
    assert subsections == {
        "opds/all.xml": ACQUISITION,
        "opds/series.xml": NAVIGATION,
        "opds/authors.xml": NAVIGATION,
    }
    for feed in feeds(out)[1:]:
        document = etree.parse(str(feed)).getroot()
        assert document.find(f"{ATOM}link[@rel='up']") is not None, feed
        assert document.find(f"{ATOM}link[@rel='start']") is not None, feed
    assert root.findtext(f"{ATOM}updated") == "2025-11-29T00:00:00Z"  # SOURCE_DATE_EPOCH


def test_a_book_entry_carries_its_metadata_and_acquisitions(built):
    out = built[0]
    feed = etree.parse(str(out / "opds" / "all.xml")).getroot()
    assert feed.find(f"{ATOM}link[@rel='self']").get("type") == ACQUISITION
    entries = {e.findtext(f"{ATOM}title"): e for e in feed.iterfind(f"{ATOM}entry")}
    assert len(entries) == 3
    manifesto = entries["Manifesto of the Communist Party"]
    assert manifesto.findtext(f"{DC}identifier") == "urn:isbn:9798482136706"
    assert [a.findtext(f"{ATOM}name") for a in manifesto.iterfind(f"{ATOM}author")] == [
        "Karl Marx",
        "Friedrich Engels",
    ]
    assert manifesto.findtext(f"{ATOM}contributor/{ATOM}name") == "Samuel Moore"
    assert manifesto.findtext(f"{DC}language") == "en-GB"
    assert manifesto.findtext(f"{DC}issued") == "2026-11-29"
    assert manifesto.findtext(f"{DC}publisher") == "Lantern Press"
    assert manifesto.findtext(f"{ATOM}summary").startswith("The programme Marx and Engels")
    terms = {c.get("term") for c in manifesto.iterfind(f"{ATOM}category")}
    assert {"Communism", "Socialism", "Political science"} <= terms
    links = {(x.get("rel"), x.get("type")): x for x in manifesto.iterfind(f"{ATOM}link")}
    epub = links[("http://opds-spec.org/acquisition", "application/epub+zip")]
    assert epub.get("href") == "../manifesto/manifesto.epub"
    assert int(epub.get("length")) == (out / "manifesto" / "manifesto.epub").stat().st_size
    assert ("http://opds-spec.org/acquisition", "application/pdf") in links
    assert ("http://opds-spec.org/image", "image/jpeg") in links
    assert ("http://opds-spec.org/image/thumbnail", "image/jpeg") in links
    notes = entries["A Book of Notes"]
    assert notes.findtext(f"{DC}identifier") == "urn:uuid:0b6a3f52-2f49-4a57-8f0e-5f4c1b0a7d11"


def opds2_validator():
    """The OPDS 2.0 feed schema, with the Readium schemas it refers to, all local."""
    from jsonschema import Draft7Validator, FormatChecker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    resources = []
    for path in sorted(SCHEMA2.rglob("*.schema.json")):
        # The BCP 47 pattern uses JavaScript's named groups: Python spells them (?P<name>.
        text = re.sub(r"\(\?<([A-Za-z]\w*)>", r"(?P<\1>", path.read_text(encoding="utf-8"))
        schema = json.loads(text)
        resources.append((schema["$id"], Resource.from_contents(schema, DRAFT7)))
    feed = json.loads((SCHEMA2 / "feed.schema.json").read_text(encoding="utf-8"))
    return Draft7Validator(
        feed, registry=Registry().with_resources(resources), format_checker=FormatChecker()
    )


def test_the_opds2_feed_validates_and_matches_the_atom_feeds(built):
    out = built[0]
    validator = opds2_validator()
    feed = json.loads((out / "opds.json").read_text(encoding="utf-8"))
    errors = [f"{e.json_path}: {e.message[:200]}" for e in validator.iter_errors(feed)]
    assert errors == []
    broken = json.loads(json.dumps(feed))
    broken["publications"][0]["metadata"]["language"] = "not a tag"
    assert list(validator.iter_errors(broken))  # the validator does judge
    publications = {p["metadata"]["title"]: p for p in feed["publications"]}
    assert len(publications) == 3
    manifesto = publications["Manifesto of the Communist Party"]
    assert manifesto["metadata"]["identifier"] == "urn:isbn:9798482136706"
    assert manifesto["metadata"]["belongsTo"]["series"] == [
        {"name": "Lantern Pamphlets", "position": 1}
    ]
    assert manifesto["metadata"]["translator"] == [
        {"name": "Samuel Moore", "sortAs": "Moore, Samuel"}
    ]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", manifesto["metadata"]["modified"])
    hrefs = [link["href"] for p in feed["publications"] for link in p["links"] + p["images"]]
    hrefs += [link["href"] for link in feed["links"]]
    for href in hrefs:
        assert (out / href).is_file(), href
    assert [g["metadata"]["title"] for g in feed["groups"]] == ["Lantern Pamphlets"]


def test_covers_and_thumbnails(built, books):
    from PIL import Image

    out = built[0]
    for slug in BOOKS:
        with (
            Image.open(out / "covers" / f"{slug}.jpg") as cover,
            Image.open(out / "covers" / f"{slug}-thumb.jpg") as thumb,
        ):
            assert cover.format == thumb.format == "JPEG"
            assert thumb.height <= 360 < cover.height
    # The manifesto's own cover.jpg, not a generated one: same picture, scaled.
    with (
        Image.open(books / "manifesto" / "cover.jpg") as own,
        Image.open(out / "covers" / "manifesto.jpg") as cover,
    ):
        assert abs(own.width / own.height - cover.width / cover.height) < 0.01


def picture(path: Path, colour: str, size=(300, 450)) -> Path:
    from PIL import Image

    Image.new("RGB", size, colour).save(path)
    return path


def test_a_cover_linked_from_outside_the_book_is_refused_as_the_build_refuses_it(tmp_path):
    from samizdat.catalog.books import make_covers

    folder = make_books(tmp_path / "books", "general-book") / "general-book"
    (folder / "cover.jpeg").symlink_to(picture(tmp_path / "private.jpg", "red"))
    built = samizdat("build", str(folder), "-o", str(tmp_path / "built"), "--epub-only")
    assert built.returncode == 1 and "outside the manuscript folder" in built.stderr
    out = tmp_path / "out"
    with pytest.raises(SamizdatError) as refused:
        make_covers(out, folder, "general-book")
    assert refused.value.message == "the image cover.jpeg is outside the manuscript folder"
    assert refused.value.message in built.stderr and str(folder / "cover.jpeg") in built.stderr
    assert not (out / "covers").exists()
    # In a whole catalogue: the book is reported, and the picture is shown nowhere.
    (folder.parent / "catalog.toml").write_text("[build]\nepub_only = true\n")
    report = build_catalog(load_catalog(folder.parent), out, jobs=1, progress=io.StringIO())
    assert [b.name for b in report.failed] == ["general-book"]
    assert "outside the manuscript folder" in report.failed[0].error
    assert not list(out.glob("covers/*"))


def test_the_catalogue_shows_the_cover_the_book_has(tmp_path):
    """cover.png before cover.jpg, as the loader takes them: the EPUB's cover."""
    from PIL import Image

    from samizdat.catalog.books import make_covers

    folder = make_books(tmp_path / "books", "general-book") / "general-book"
    picture(folder / "cover.png", (200, 30, 30))
    picture(folder / "cover.jpg", (30, 30, 200))
    out = tmp_path / "out"
    assert main(["build", str(folder), "-o", str(out / "general-book"), "--epub-only"]) == 0
    make_covers(out, folder, "general-book")
    with Image.open(out / "covers" / "general-book.jpg") as cover:
        red, _, blue = cover.convert("RGB").getpixel((cover.width // 2, cover.height // 2))
    assert red > 150 > blue
    with zipfile.ZipFile(out / "general-book" / "general-book.epub") as epub:
        assert any(n.endswith("cover.png") for n in epub.namelist())


# The site --------------------------------------------------------------------------


VOID = {"meta", "link", "img", "br", "hr", "input", "source", "wbr", "area", "col", "base"}


class Checker(HTMLParser):
    """Tags balanced and nested, void elements not closed; collects what the tests need."""

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.links: list[str] = []
        self.images: list[dict] = []
        self.headings: list[int] = []
        self.html_lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if tag == "img":
            self.images.append(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        for name in ("href", "src"):
            if attrs.get(name) is not None:
                self.links.append(attrs[name])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            self.problems.append(f"</{tag}> closes a void element")
        elif not self.stack or self.stack.pop() != tag:
            self.problems.append(f"</{tag}> closes nothing open")


def check_page(path: Path) -> Checker:
    checker = Checker()
    checker.feed(path.read_text(encoding="utf-8"))
    checker.close()
    assert not checker.problems and not checker.stack, (path, checker.problems, checker.stack)
    return checker


def test_site_pages_are_well_formed_and_accessible(built):
    out = built[0]
    found = pages(out)
    assert len(found) == 1 + 3 + 1 + 4  # index, books, one series, four authors
    for page in found:
        text = page.read_text(encoding="utf-8")
        assert text.startswith("<!DOCTYPE html>")
        checker = check_page(page)
        assert checker.html_lang, page
        assert checker.headings.count(1) == 1, page
        levels = checker.headings
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), page
        for image in checker.images:
            assert image.get("alt", "").strip(), (page, image)
            assert image.get("width") and image.get("height")
        if page.name != "index.html":
            assert "<script" not in text, page
    book = (out / "books" / "manifesto.html").read_text()
    assert "Samuel Moore" in book and "979-8-4821367-0-6" in book
    index = (out / "index.html").read_text()
    assert '<html lang="en-GB">' in index
    assert '<li class="book" lang="en">' in index  # the notes-book is in "en"
    assert re.search(r"EPUB</?.*?\(\d+ kB", index)


def test_the_search_index_covers_the_site_and_the_web_editions(built):
    out = built[0]
    index = (out / "index.html").read_text()
    # The search box is the only script, from OUT itself; without JavaScript it is absent
    # and every book is still listed.
    scripts = re.findall(r"<script[^>]*>", index)
    assert scripts == ['<script src="search/pagefind-ui.js">', "<script>"]
    assert index.count('<li class="book"') == 3
    entry = json.loads((out / "search" / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["en"]  # one index: every book found from one box
    indexed = sum(language["page_count"] for language in entry["languages"].values())
    web_pages = len(list(out.glob("*/*-web/*.html")))
    assert web_pages > 0 and indexed >= web_pages + len(pages(out))


def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_the_stylesheet_has_light_and_dark_colours_that_contrast(built):
    css = (built[0] / "catalog.css").read_text()
    assert "prefers-color-scheme: dark" in css
    assert "url(" not in css and "@import" not in css
    schemes = re.findall(r":root \{(.*?)\}", css, re.S)
    assert len(schemes) == 2
    for scheme in schemes:
        colours = dict(re.findall(r"--([a-z]+): (#[0-9a-f]{6})", scheme))
        for fore in ("text", "muted", "link", "visited"):
            for back in ("back", "card"):
                assert contrast(colours[fore], colours[back]) >= 4.5, (fore, back, scheme)


def test_every_link_of_the_site_and_the_feeds_resolves_in_out(built):
    out = built[0]
    targets: list[tuple[Path, str]] = []
    for page in pages(out):
        targets += [(page, link) for link in check_page(page).links]
    for feed in feeds(out):
        root = etree.parse(str(feed)).getroot()
        targets += [(feed, link.get("href")) for link in root.iter(f"{ATOM}link")]
    assert len(targets) > 100
    for source, link in targets:
        parts = urlsplit(link)
        assert not parts.scheme and not parts.netloc, f"{source.name}: {link} leaves OUT"
        if not parts.path:
            continue  # "#main"
        target = (source.parent / unquote(parts.path)).resolve()
        assert target.is_file(), f"{source.relative_to(out)}: {link} does not resolve"
        assert target.is_relative_to(out.resolve())


def test_no_output_holds_a_path_of_this_machine(built, books):
    out = built[0]
    for path in [*pages(out), *feeds(out), out / ".samizdat-catalog.json"]:
        text = path.read_text(encoding="utf-8")
        assert str(books) not in text and str(out) not in text, path


# Dask -----------------------------------------------------------------------------


def digest_tree(out: Path) -> dict[str, str]:
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_a_dask_cluster_builds_the_same_bytes(built, books, tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    local = built[0]
    out = tmp_path / "dask"
    with (
        distributed.LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        report = build_catalog(
            load_catalog(books), out, executor=client.get_executor(), progress=io.StringIO()
        )
    assert not report.failed and len(report.built) == 3
    ours, theirs = digest_tree(local), digest_tree(out)
    assert sorted(ours) == sorted(theirs)
    for slug in BOOKS:
        assert ours[f"{slug}/{slug}.epub"] == theirs[f"{slug}/{slug}.epub"]
    for feed in feeds(local):
        name = str(feed.relative_to(local))
        assert ours[name] == theirs[name], name
    differing = sorted(name for name in ours if ours[name] != theirs[name])
    assert differing == [], differing
