"""The files for a printer: PDF/X, boxes, crop marks in the slug, pure K; made from one layout."""

from __future__ import annotations

import io
import re
import zlib

import pdfplumber
import pikepdf
import pytest
from PIL import Image, ImageChops

from conftest import FIXTURES, build
from helpers import squash
from samizdat.print import variants
from samizdat.trims import trim

MM = 72 / 25.4
BLEED, SLUG = variants.BLEED * MM, variants.SLUG * MM


def box(page, name: str) -> list[float]:
    return [float(v) for v in page.obj[name]]


def grown(rect: list[float], by: float) -> list[float]:
    return [rect[0] - by, rect[1] - by, rect[2] + by, rect[3] + by]


@pytest.fixture(scope="module")
def print_pdf(pamphlet_dir):
    with pikepdf.open(pamphlet_dir / "trotsky-print.pdf") as pdf:
        yield pdf


@pytest.fixture(scope="module")
def print_cover(pamphlet_dir):
    with pikepdf.open(pamphlet_dir / "trotsky-cover.pdf") as pdf:
        yield pdf


@pytest.mark.parametrize("name", ["print_pdf", "print_cover"])
def test_print_files_are_pdf_x_with_an_output_intent(name, request):
    pdf = request.getfixturevalue(name)
    info = pdf.docinfo
    assert str(info["/GTS_PDFXVersion"]) == "PDF/X-1a:2003"
    assert pdf.pdf_version == "1.4"
    assert str(info["/Trapped"]) == "/False"
    assert str(info["/Title"]) and str(info["/CreationDate"]) and str(info["/ModDate"])
    assert "/ID" in pdf.trailer
    (intent,) = pdf.Root.OutputIntents
    assert intent.S == "/GTS_PDFX"
    assert str(intent.OutputConditionIdentifier).startswith("FOGRA")
    assert str(intent.RegistryName) == "http://www.color.org"
    xmp = pdf.Root.Metadata.read_bytes().decode()
    assert "GTS_PDFXVersion>PDF/X-1a:2003<" in xmp
    for page in pdf.pages:
        assert "/Annots" not in page.obj  # PDF/X: no annotation inside the bleed


@pytest.mark.parametrize("name", ["print_pdf", "print_cover"])
def test_trim_bleed_and_media_boxes(name, request):
    a5 = trim("a5")
    for page in request.getfixturevalue(name).pages:
        trim_box = box(page, "/TrimBox")
        assert trim_box[2] - trim_box[0] == pytest.approx(a5.width * MM, abs=0.01)
        assert trim_box[3] - trim_box[1] == pytest.approx(a5.height * MM, abs=0.01)
        assert box(page, "/BleedBox") == pytest.approx(grown(trim_box, 3 * MM), abs=0.01)
        assert box(page, "/MediaBox") == pytest.approx(grown(trim_box, BLEED + SLUG), abs=0.01)


def content_streams(pdf):
    """Every content stream of every page, form XObjects included, with its resources."""
    seen = set()

    def walk(holder, resources):
        yield holder, resources
        for xobject in (resources.get("/XObject") or {}).values() if resources else ():
            if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                yield from walk(xobject, xobject.get("/Resources", resources))

    for page in pdf.pages:
        yield from walk(page, page.obj.get("/Resources"))


def colours(pdf) -> set[tuple[str, tuple[float, ...]]]:
    """(colour space, components) of every colour set in the content streams."""
    found = set()
    for holder, _ in content_streams(pdf):
        for operands, operator in pikepdf.parse_content_stream(holder):
            op = str(operator)
            assert op not in ("rg", "RG", "g", "G"), f"{op}: RGB or grey, not CMYK"
            if op in ("cs", "CS"):
                assert str(operands[0]) == "/DeviceCMYK", operands
            if op in ("sc", "scn", "SC", "SCN", "k", "K"):
                assert len(operands) == 4, (op, operands)
                found.add((op, tuple(round(float(v), 3) for v in operands)))
    return found


@pytest.mark.parametrize("name", ["trotsky-print.pdf", "trotsky.pdf"])
def test_text_and_rules_are_pure_k(name, pamphlet_dir):
    with pikepdf.open(pamphlet_dir / name) as pdf:
        used = colours(pdf)
    assert used
    for op, (c, m, y, _k) in used:
        assert (c, m, y) == (0, 0, 0), (op, c, m, y)


def test_the_cover_is_cmyk(print_cover):
    assert any(c > 0 and m > 0 for _, (c, m, y, k) in colours(print_cover))


def images(path) -> list[tuple[str, Image.Image]]:
    """(colour space, pixels) of every image XObject in the file."""
    with pikepdf.open(path) as pdf:
        found = []
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
                image = pikepdf.PdfImage(obj)
                found.append((str(image.colorspace), image.as_pil_image()))
        return found


@pytest.mark.parametrize("kind", ["-print", "-booklet", "-cover"])
def test_print_files_carry_no_rgb_image(kind, general_print_dir):
    """The interior is printed in black ink: its picture in DeviceGray; the cover in CMYK."""
    found = images(general_print_dir / f"general-book{kind}.pdf")
    assert all(space in ("/DeviceGray", "/DeviceCMYK") for space, _ in found), found
    if kind != "-cover":  # the general book's cover is typographic
        assert [space for space, _ in found] == ["/DeviceGray"]


def test_the_print_picture_is_the_reading_pictures_greys(general_print_dir):
    """The reading PDF keeps its colours; the print file has the same picture, in greys."""
    ((space, colour),) = images(general_print_dir / "general-book.pdf")
    ((_, grey),) = images(general_print_dir / "general-book-print.pdf")
    assert space == "/DeviceRGB"
    assert grey.mode == "L" and grey.size == colour.size
    difference = ImageChops.difference(grey, colour.convert("L"))
    assert difference.getextrema()[1] <= 1


def marks_of(page) -> list[tuple[float, float, float, float, float, tuple]]:
    """(x0, y0, x1, y1, width, CMYK) of the lines drawn after the page's own content.

    The page's content is one q…Q block; the crop marks are drawn after it, in
    the page's default coordinates.
    """
    depth, block, found = 0, 0, []
    width, colour, start = 1.0, None, None
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "q":
            if depth == 0:
                block += 1
            depth += 1
        elif op == "Q":
            depth -= 1
        elif block >= 2 and op == "w":
            width = float(operands[0])
        elif block >= 2 and op == "K":
            colour = tuple(float(v) for v in operands)
        elif block >= 2 and op == "m":
            start = [float(v) for v in operands]
        elif block >= 2 and op == "l":
            found.append((*start, *(float(v) for v in operands), width, colour))
    return found


@pytest.mark.parametrize(
    "name,ink", [("print_pdf", variants.PURE_K), ("print_cover", variants.REGISTRATION)]
)
def test_crop_marks_stand_in_the_slug_outside_the_bleed(name, ink, request):
    for page in request.getfixturevalue(name).pages:
        x0, y0, x1, y1 = box(page, "/TrimBox")
        bleed, media = box(page, "/BleedBox"), box(page, "/MediaBox")
        marks = marks_of(page)
        assert len(marks) == 8  # two at each corner
        for ax, ay, bx, by, width, colour in marks:
            assert width <= 0.3 and colour == ink
            length = abs(bx - ax) + abs(by - ay)
            assert 5 * MM - 0.01 <= length <= 6 * MM + 0.01
            if ay == by:  # horizontal: on the line of the top or bottom trim
                assert ay in (pytest.approx(y0, abs=0.01), pytest.approx(y1, abs=0.01))
                assert max(ax, bx) <= bleed[0] + 0.01 or min(ax, bx) >= bleed[2] - 0.01
            else:  # vertical: on the line of the left or right trim
                assert ax == bx and ax in (pytest.approx(x0, abs=0.01), pytest.approx(x1, abs=0.01))
                assert max(ay, by) <= bleed[1] + 0.01 or min(ay, by) >= bleed[3] - 0.01
            for x, y in ((ax, ay), (bx, by)):
                assert media[0] <= x <= media[2] and media[1] <= y <= media[3]


def trimmed_pages(path) -> list[tuple[str, str | None]]:
    """(text, folio) of each page inside its TrimBox."""
    pages = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            x0, top, x1, bottom = page.trimbox
            inside = page.crop((x0, top, x1, bottom))
            assert len(inside.chars) == len(page.chars), "text outside the trim"
            words = inside.extract_words()
            foot = [w["text"] for w in words if w["top"] > top + 0.9 * (bottom - top)]
            pages.append((squash(inside.extract_text() or ""), " ".join(foot) or None))
    return pages


def test_print_pdf_has_the_reading_pdfs_pages_text_and_folios(pamphlet_dir):
    reading = trimmed_pages(pamphlet_dir / "trotsky.pdf")
    printed = trimmed_pages(pamphlet_dir / "trotsky-print.pdf")
    assert printed == reading
    assert sum(1 for _, folio in reading if folio and re.fullmatch(r"\d+", folio)) > 10


def test_the_cover_background_fills_the_bleed_and_not_the_slug(pamphlet_dir):
    with pdfplumber.open(pamphlet_dir / "trotsky-cover.pdf") as pdf:
        for page in pdf.pages:
            x0, top, x1, bottom = page.trimbox
            bleed = (x0 - BLEED, top - BLEED, x1 + BLEED, bottom + BLEED)
            background = max(page.rects, key=lambda r: r["width"] * r["height"])
            got = (background["x0"], background["top"], background["x1"], background["bottom"])
            assert got == pytest.approx(bleed, abs=0.05)


def test_without_print_ready_the_cover_is_cut_to_the_trim(notes_dir):
    with pikepdf.open(notes_dir / "notes-book-cover.pdf") as pdf:
        for page in pdf.pages:
            assert box(page, "/MediaBox") == box(page, "/TrimBox") == box(page, "/BleedBox")
            assert "/GTS_PDFXVersion" not in pdf.docinfo


def test_one_layout_serves_every_variant(tmp_path, monkeypatch):
    """--print-ready and --booklet add files and the cover, never a layout of the book."""
    from samizdat.print import fonts, layout, parallel, weasy

    monkeypatch.setenv(parallel.JOBS_ENV, "1")  # every layout in this process, to count them

    layouts = []
    real = weasy.typeset

    def counted(html, root, stylesheets, *args, **kwargs):
        layouts.append(stylesheets)
        return real(html, root, stylesheets, *args, **kwargs)

    monkeypatch.setattr(weasy, "typeset", counted)
    book = FIXTURES / "notes-book"
    build(book, tmp_path / "plain", "--no-cache")  # in one pass
    assert layouts == [layout.STYLESHEETS]  # notes kept home page by page, in the same layout
    layouts.clear()
    build(book, tmp_path / "all", "--print-ready", "--booklet", "--no-cache")
    assert sorted(layouts) == sorted([layout.STYLESHEETS, ("cover.css",)])  # and the cover

    # by sections (the default with the cache): each part laid out once for every variant
    cache = tmp_path / "cache"
    cache.mkdir()
    if (fonts.cache_dir() / "fonts").is_dir():
        (cache / "fonts").symlink_to(fonts.cache_dir() / "fonts")
    monkeypatch.setenv(fonts.CACHE_ENV, str(cache))
    layouts.clear()
    build(book, tmp_path / "parts", "--print-ready", "--booklet")
    # the front matter twice (its pages counted, then its contents' numbers), 3 sections
    assert sorted(layouts) == sorted([layout.STYLESHEETS] * 5 + [("cover.css",)])


def test_greys_of_a_photograph_and_a_drawing(tmp_path):
    """A JPEG stays a JPEG, a Flate image stays Flate; both become their luminance."""
    from samizdat.print.greys import grey_file

    picture = Image.new("RGB", (30, 10))
    for x, colour in enumerate([(200, 30, 30), (30, 160, 60), (40, 40, 220)]):
        picture.paste(colour, (x * 10, 0, x * 10 + 10, 10))
    jpeg = io.BytesIO()
    picture.save(jpeg, "JPEG", quality=95)
    path = tmp_path / "pictures.pdf"
    with pikepdf.new() as pdf:
        page = pdf.add_blank_page(page_size=(100, 100))
        common = dict(Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=30, Height=10)
        common |= dict(ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8)
        photo = pdf.make_stream(jpeg.getvalue(), Filter=pikepdf.Name.DCTDecode, **common)
        drawing = pdf.make_stream(
            zlib.compress(picture.tobytes()), Filter=pikepdf.Name.FlateDecode, **common
        )
        page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im1=photo, Im2=drawing))
        page.obj.Contents = pdf.make_stream(
            b"q 30 0 0 10 0 0 cm /Im1 Do Q q 30 0 0 10 0 50 cm /Im2 Do Q"
        )
        pdf.save(path)
    assert grey_file(path) == 2
    expected = picture.convert("L")
    with pikepdf.open(path) as pdf:
        found = {str(name): obj for name, obj in pdf.pages[0].Resources.XObject.items()}
        filters = {name: str(obj.Filter) for name, obj in found.items()}
        greys = {name: pikepdf.PdfImage(obj).as_pil_image() for name, obj in found.items()}
    assert filters == {"/Im1": "/DCTDecode", "/Im2": "/FlateDecode"}
    assert all(image.mode == "L" for image in greys.values())
    assert ImageChops.difference(greys["/Im2"], expected).getextrema()[1] == 0
    assert ImageChops.difference(greys["/Im1"], expected).getextrema()[1] <= 8  # JPEG's loss
    assert grey_file(path) == 0  # nothing left in RGB
