"""Any real book, valid every time: the faults a new user met, each fixed for good.

Tool tests: small manuscripts made here, and the real-text fixtures
(tests/fixtures/manifesto: two authors, a translator, a series, ISBNs, a cover,
links between chapters, raw SE markup).
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from conftest import FIXTURES, build
from helpers import NS, Epub, book_toml, samizdat, text_of
from samizdat.lint.run import lint

BOOK = book_toml("en-GB")


def make(folder: Path, files: dict[str, str | bytes], book: str = BOOK) -> Path:
    folder.mkdir(parents=True)
    for name, text in {"book.toml": book, **files}.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return folder


def run_build(folder: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return samizdat("build", str(folder), "-o", str(out), *extra)


@pytest.fixture(scope="module")
def linked_book(tmp_path_factory) -> Path:
    """Three chapters that link to each other as Markdown writers write it."""
    folder = make(
        tmp_path_factory.mktemp("linked") / "m",
        {
            "01-one.md": "# One\n\nSee [Section II](02-two.md) and [its part](02-two.md#the-part)."
            "\n\nAnd [three](./03-three.md#three), and [here](#one).\n",
            "02-two.md": "# Two\n\nText.\n\n## The part\n\nBack to [one](01-one.md).\n",
            "03-three.md": "\ufeff# Three\n\nSee [the part][p].\n\n[p]: 02-two.md#the-part\n",
        },
    )
    return build(folder, folder.parent / "out")


def test_links_between_chapters_resolve_in_the_epub(linked_book):
    epub = Epub(linked_book / "fixture.epub")
    hrefs = []
    for name, doc in epub.body_documents():
        for link in doc.iterfind(".//x:a", NS):
            href = link.get("href")
            if href and not href.startswith(("#note", "#noteref")):
                hrefs.append(href)
                assert epub.target(name, href) is not None, href
    assert sorted(hrefs) == [
        "#one",
        "01-one.xhtml#one",
        "02-two.xhtml#the-part",
        "02-two.xhtml#the-part",
        "02-two.xhtml#two",
        "03-three.xhtml#three",
    ]


def test_links_between_chapters_are_live_in_the_pdf(linked_book):
    reader = PdfReader(linked_book / "fixture.pdf")
    internal, external = 0, []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object()
            if action.get("/Subtype") != "/Link":
                continue
            if "/Dest" in action or action.get("/A", {}).get("/S") == "/GoTo":
                internal += 1
            else:
                external.append(action.get("/A", {}).get("/URI"))
    assert internal >= 5 and external == []


def test_a_byte_order_mark_hides_no_heading(linked_book):
    epub = Epub(linked_book / "fixture.epub")
    doc = next(d for n, d in epub.body_documents() if n.endswith("03-three.xhtml"))
    assert text_of(doc.find(".//x:h1", NS)) == "Three"


@pytest.mark.parametrize(
    "target,message",
    [("04-four.md", "not a chapter"), ("02-two.md#nowhere", "has no heading or id 'nowhere'")],
)
def test_a_link_to_nothing_is_an_error_in_lint_and_build(target, message, tmp_path):
    folder = make(
        tmp_path / "m",
        {"01-one.md": f"# One\n\nText.\n\nSee [it]({target}).\n", "02-two.md": "# Two\n\nText.\n"},
    )
    [finding] = [f for f in lint(folder) if f.severity == "error"]
    assert (finding.file.name, finding.line, finding.code) == ("01-one.md", 5, "B001")
    assert message in finding.message
    result = run_build(folder, tmp_path / "out")
    assert result.returncode == 1 and "01-one.md:5:" in result.stderr


EXTRA = '[chapters."01-one.md"]\n'
DISAGREEMENTS = {
    "bad trim": (BOOK + 'trim = "b5"\n', "book.toml", 8),
    "unknown chapter type": (BOOK + EXTRA + 'type = "prologue-ish"\n', "book.toml", 9),
    "typo in a chapter's name": (
        BOOK + '[chapters."01-onr.md"]\ntype = "preface"\n',
        "book.toml",
        8,
    ),
    "order after a table": (
        BOOK + EXTRA + 'type = "preface"\norder = ["01-one.md"]\n',
        "book.toml",
        10,
    ),
    "unknown field": (BOOK + 'subtitel = "Oops"\n', "book.toml", 8),
    "missing image": (BOOK, "01-one.md", 5),
}


@pytest.mark.parametrize("case", sorted(DISAGREEMENTS))
def test_lint_reports_first_what_build_refuses(case, tmp_path):
    book, file, line = DISAGREEMENTS[case]
    chapter = (
        "# One\n\nText.\n\n![A press](press.png)\n"
        if case == "missing image"
        else "# One\n\nText.\n"
    )
    folder = make(tmp_path / "m", {"01-one.md": chapter}, book)
    found = [f for f in lint(folder) if f.severity == "error"]
    assert found, case
    assert (found[0].file.name, found[0].line) == (file, line), found[0].format()
    result = run_build(folder, tmp_path / "out")
    assert result.returncode == 1
    assert f"{file}:{line}:" in result.stderr, result.stderr


def test_prefixed_epub_types_are_declared_or_dropped(tmp_path):
    text = (
        '# One\n\nSection <span epub:type="z3998:roman">IV</span> and'
        ' <span epub:type="acme:thing">this</span>.\n'
    )
    out = build(make(tmp_path / "m", {"01-one.md": text}), tmp_path / "out", "--epub-only")
    with zipfile.ZipFile(out / "fixture.epub") as z:
        doc = etree.fromstring(z.read("EPUB/text/01-one.xhtml"))
    prefix = doc.get("{http://www.idpf.org/2007/ops}prefix")
    assert prefix == "z3998: http://www.daisy.org/z3998/2012/vocab/structure/#"
    types = [el.get("{http://www.idpf.org/2007/ops}type") for el in doc.iter()]
    assert "z3998:roman" in types and not any(t and "acme" in t for t in types)


# The real book: two authors, a translator, a series, ISBNs, a cover.


@pytest.fixture(scope="module")
def manifesto(tmp_path_factory) -> Path:
    return build(FIXTURES / "manifesto", tmp_path_factory.mktemp("manifesto"), "--epub-only")


def test_creators_each_with_role_and_sort_name(manifesto):
    opf = Epub(manifesto / "manifesto.epub").opf
    people = []
    for tag in ("creator", "contributor"):
        for el in opf.iterfind(f".//dc:{tag}", NS):
            refines = {
                m.get("property"): m.text
                for m in opf.iterfind(f".//opf:meta[@refines='#{el.get('id')}']", NS)
            }
            people.append((tag, el.text, refines["role"], refines["file-as"]))
    assert people == [
        ("creator", "Karl Marx", "aut", "Marx, Karl"),
        ("creator", "Friedrich Engels", "aut", "Engels, Friedrich"),
        ("contributor", "Samuel Moore", "trl", "Moore, Samuel"),
    ]


def test_isbn_and_series_in_the_package(manifesto):
    opf = Epub(manifesto / "manifesto.epub").opf
    identifiers = [el.text for el in opf.iterfind(".//dc:identifier", NS)]
    assert "urn:isbn:9798482136706" in identifiers
    series = opf.find(".//opf:meta[@property='belongs-to-collection']", NS)
    assert series.text == "Lantern Pamphlets"
    position = opf.find(
        f".//opf:meta[@refines='#{series.get('id')}'][@property='group-position']", NS
    )
    assert position.text == "1"


def test_the_reader_sees_isbn_and_series_but_no_uuid(manifesto):
    epub = Epub(manifesto / "manifesto.epub")
    colophon = text_of(epub.documents["EPUB/text/colophon.xhtml"])
    title = text_of(epub.documents["EPUB/text/title-page.xhtml"])
    assert "979-8-4821367-0-6" in colophon and "Lantern Pamphlets 1" in colophon
    assert "Translated by Samuel Moore" in title
    assert all("urn:uuid" not in text_of(doc) for doc in epub.documents.values())


def test_credits_are_read_with_the_metadata_not_by_the_model(tmp_path):
    """The model reads no data file: each creator carries the words of its credit."""
    from samizdat import model
    from samizdat.manuscript.metadata import load_metadata

    book = BOOK + (
        'illustrator = "Ida Ink"\neditor = "Ed Itor"\ntranslator = ["Tr One", "Tr Two"]\n'
    )
    metadata, _ = load_metadata(make(tmp_path / "m", {"01-one.md": "# One\n\nText.\n"}, book))
    assert metadata.credits() == [
        ("translated by", "Tr One and Tr Two"),
        ("edited by", "Ed Itor"),
        ("illustrated by", "Ida Ink"),
    ]
    assert "samizdat.resources" not in Path(model.__file__).read_text()


def test_a_wrong_isbn_check_digit_is_an_error_naming_the_field(tmp_path):
    book = BOOK + 'isbn = { epub = "979-8-4821367-0-7" }\n'
    folder = make(tmp_path / "m", {"01-one.md": "# One\n\nText.\n"}, book)
    [finding] = lint(folder)
    assert (finding.code, finding.line) == ("M002", 8)
    assert "isbn" in finding.message and "epub" in finding.message


def test_metadata_text_gets_the_typography_of_the_text(tmp_path):
    book = (
        BOOK.replace('"Fixture"', '"The Workers\' \\"State\\""')
        + "description = \"It's theirs, 'tis said.\"\n"
    )
    out = build(
        make(tmp_path / "m", {"01-one.md": "# One\n\nText.\n"}, book), tmp_path / "o", "--epub-only"
    )
    opf = Epub(out / "fixture.epub").opf
    assert opf.find(".//dc:title", NS).text == "The Workers’ “State”"
    assert opf.find(".//dc:description", NS).text == "It’s theirs, ’tis said."


def test_contents_depth(tmp_path):
    text = "# Story\n\n## I\n\nText.\n\n## II\n\nText.\n"
    for depth, expected in ((1, ["Story"]), (2, ["Story", "I", "II"])):
        folder = make(tmp_path / f"d{depth}", {"01-one.md": text}, BOOK + f"toc_depth = {depth}\n")
        out = build(folder, tmp_path / f"o{depth}", "--epub-only")
        epub = Epub(out / "fixture.epub")
        toc = epub.documents[epub.nav_path].find(".//x:nav[@id='toc']", NS)
        assert [text_of(a) for a in toc.iterfind(".//x:a", NS)] == expected


def test_a_book_carries_its_own_style(tmp_path):
    files = {"01-one.md": "# One\n\nText.\n", "style.css": "h1 { color: #123456; }\n"}
    out = build(make(tmp_path / "m", files), tmp_path / "o", "--epub-only")
    epub = Epub(out / "fixture.epub")
    assert epub.zip.read("EPUB/styles/style.css") == b"h1 { color: #123456; }\n"
    links = [
        link.get("href")
        for link in epub.documents["EPUB/text/01-one.xhtml"].iterfind(".//x:link", NS)
    ]
    assert links[-1] == "../styles/style.css"  # after the house styles


def test_a_scene_break_is_not_a_rule(tmp_path):
    out = build(
        make(tmp_path / "m", {"01-one.md": "# One\n\nBefore.\n\n***\n\nAfter.\n"}),
        tmp_path / "o",
        "--epub-only",
    )
    doc = Epub(out / "fixture.epub").documents["EPUB/text/01-one.xhtml"]
    assert "scene-break" in doc.find(".//x:hr", NS).get("class")


# Per-book design in print: the face, the book's own style, the cover image.


@pytest.fixture(scope="module")
def designed(tmp_path_factory) -> Path:
    """The manifesto set in Literata, with a style of its own, built for print."""
    import shutil

    folder = tmp_path_factory.mktemp("designed") / "m"
    shutil.copytree(FIXTURES / "manifesto", folder)
    book = (folder / "book.toml").read_text(encoding="utf-8")
    (folder / "book.toml").write_text(
        book.replace('slug = "manifesto"', 'slug = "manifesto"\nfont = "Literata"')
    )
    (folder / "style.css").write_text("h1 { font-size: 30pt; }\n")
    return build(folder, folder.parent / "out", "--print-ready")


def pdf_fonts(path: Path) -> set[str]:
    names = set()
    for page in PdfReader(path).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def test_the_chosen_face_is_the_face_embedded_and_named(designed):
    assert pdf_fonts(designed / "manifesto.pdf") <= {"Literata", "Literata-Italic"}
    assert pdf_fonts(designed / "manifesto-cover.pdf") <= {"Literata", "Literata-Italic"}
    import pdfplumber

    with pdfplumber.open(designed / "manifesto.pdf") as pdf:
        assert "Set in Literata." in " ".join((pdf.pages[1].extract_text() or "").split())


def test_the_book_style_applies_to_the_pdf(designed):
    import pdfplumber

    with pdfplumber.open(designed / "manifesto.pdf") as pdf:
        sizes = {round(c["size"]) for page in pdf.pages[3:6] for c in page.chars}
    assert 30 in sizes


def test_the_cover_image_is_the_front_of_the_print_cover(designed):
    reader = PdfReader(designed / "manifesto-cover.pdf")
    front, back = reader.pages[0], reader.pages[1]
    images = [
        x
        for x in (front["/Resources"].get("/XObject") or {}).values()
        if x.get_object().get("/Subtype") == "/Image"
    ]
    assert images and images[0].get_object()["/Width"] == 1400
    text = back.extract_text()
    assert "979-8-4821367-1-3" in text and "urn:uuid" not in text


def test_the_cover_image_is_the_cover_of_the_web_edition(tmp_path):
    from PIL import Image

    out = build(FIXTURES / "manifesto", tmp_path / "out", "--web-only")
    with (
        Image.open(out / "manifesto-web" / "cover.jpg") as web,
        Image.open(FIXTURES / "manifesto" / "cover.jpg") as own,
    ):
        assert web.width * own.height == web.height * own.width  # the painting's proportions
        assert web.convert("RGB").getpixel((10, 10)) != (122, 23, 18)  # not the drawn cover
