"""Print production: trim profiles, the booklet, print-ready files, the cover."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import FIXTURES, build
from helpers import Pdf, samizdat, squash
from samizdat.print.imposition import padded
from samizdat.trims import sheet, trim, trim_names

MM = 72 / 25.4


def size_mm(box) -> tuple[float, float]:
    return round(float(box.width) / MM, 1), round(float(box.height) / MM, 1)


@pytest.fixture(scope="module")
def trims_built(tmp_path_factory) -> dict[str, Path]:
    out = {}
    for name in trim_names():
        folder = build(
            FIXTURES / "notes-book", tmp_path_factory.mktemp(name), "--trim", name, "--booklet"
        )
        out[name] = folder
    return out


@pytest.mark.parametrize("name", trim_names())
def test_each_trim_builds_at_its_size_with_its_own_type(name, trims_built):
    profile = trim(name)
    pdf = trims_built[name] / "notes-book.pdf"
    for page in PdfReader(pdf).pages:
        assert size_mm(page.mediabox) == pytest.approx((profile.width, profile.height), abs=0.2)
    assert Pdf(pdf).text_size == pytest.approx(profile.font_size, abs=0.05)


@pytest.mark.parametrize("name", trim_names())
def test_the_cover_has_the_trim_size_title_and_author(name, trims_built):
    profile = trim(name)
    cover = trims_built[name] / "notes-book-cover.pdf"
    reader = PdfReader(cover)
    assert len(reader.pages) == 2  # front and back
    for page in reader.pages:
        assert size_mm(page.mediabox) == pytest.approx((profile.width, profile.height), abs=0.2)
    front = squash(reader.pages[0].extract_text())
    assert "A Book of Notes" in front and "Test Author" in front


def half_texts(path, index: int) -> tuple[str, str]:
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[index]
        middle = page.width / 2
        left = page.crop((0, 0, middle, page.height)).extract_text() or ""
        right = page.crop((middle, 0, page.width, page.height)).extract_text() or ""
    return squash(left), squash(right)


def page_texts(path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [squash(p.extract_text() or "") for p in pdf.pages]


def check_booklet(reading, booklet, profile):
    pages = page_texts(reading)
    count = len(pages)
    total = padded(count)
    reader = PdfReader(booklet)
    assert len(reader.pages) == total // 2
    paper = sheet(profile.sheet)
    for side in reader.pages:
        assert size_mm(side.mediabox) == pytest.approx((paper.width, paper.height), abs=0.2)
    expected = []
    for k in range(total // 4):  # the sheet folded in the head: outside, then inside
        expected += [(total - 1 - 2 * k, 2 * k), (2 * k + 1, total - 2 - 2 * k)]
    for index, (left, right) in enumerate(expected):
        got = half_texts(booklet, index)
        for half, number in zip(got, (left, right), strict=True):
            if number < count:
                assert half == pages[number], f"side {index + 1}: page {number + 1}"
            else:
                assert half == "", f"side {index + 1}: padding page {number + 1} is not blank"
    return total - count


def test_the_booklet_reads_in_order_once_folded(pamphlet_dir):
    check_booklet(pamphlet_dir / "trotsky.pdf", pamphlet_dir / "trotsky-booklet.pdf", trim("a5"))


@pytest.mark.parametrize("name", trim_names())
def test_the_booklet_is_padded_with_blank_pages_for_each_trim(name, trims_built):
    folder = trims_built[name]
    blanks = check_booklet(folder / "notes-book.pdf", folder / "notes-book-booklet.pdf", trim(name))
    assert blanks > 0  # the fixture's page count is not a multiple of four


def test_creep_moves_the_inner_pages_toward_the_spine(tmp_path, notes_dir):
    build(FIXTURES / "notes-book", tmp_path, "--booklet", "--creep", "2")

    def first_x(path, index, half):
        with pdfplumber.open(path) as pdf:
            page = pdf.pages[index]
            middle = page.width / 2
            box = (0, 0, middle, page.height) if half == 0 else (middle, 0, page.width, page.height)
            chars = page.crop(box).chars
            return min(c["x0"] for c in chars) if chars else None

    plain, crept = notes_dir / "notes-book-booklet.pdf", tmp_path / "notes-book-booklet.pdf"
    last = len(PdfReader(plain).pages) - 1  # the innermost sheet's inside
    assert first_x(crept, 0, 1) == pytest.approx(first_x(plain, 0, 1), abs=0.01)  # outermost: none
    assert first_x(crept, last, 0) - first_x(plain, last, 0) == pytest.approx(2 * MM, abs=0.05)
    assert first_x(plain, last, 1) - first_x(crept, last, 1) == pytest.approx(2 * MM, abs=0.05)


def test_print_ready_pdf_has_bleed_trim_box_and_embedded_fonts(pamphlet_dir):
    a5 = trim("a5")
    reader = PdfReader(pamphlet_dir / "trotsky-print.pdf")
    for page in reader.pages:
        assert size_mm(page.trimbox) == pytest.approx((a5.width, a5.height), abs=0.2)
        assert size_mm(page.bleedbox) == pytest.approx((a5.width + 6, a5.height + 6), abs=0.2)
        trim_left = float(page.trimbox.left) - float(page.bleedbox.left)
        assert trim_left == pytest.approx(3 * MM, abs=0.1)
        # the slug, where the crop marks stand, beyond the bleed (test_print_files.py)
        assert float(page.mediabox.left) < float(page.bleedbox.left)
    from test_pdf import fonts_of

    assert fonts_of(pamphlet_dir / "trotsky-print.pdf")
    assert all(fonts_of(pamphlet_dir / "trotsky-print.pdf").values())


def test_unknown_trim_is_one_line_listing_the_known_ones(tmp_path):
    result = samizdat(
        "build", str(FIXTURES / "notes-book"), "-o", str(tmp_path / "o"), "--trim", "folio"
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    for name in trim_names():
        assert name in result.stderr
    assert not (tmp_path / "o").exists()


def test_a_thick_booklet_warns_and_names_a_better_binding():
    from samizdat.print.imposition import SADDLE_STITCH_MAX, binding_advice

    assert binding_advice(SADDLE_STITCH_MAX) is None
    assert binding_advice(SADDLE_STITCH_MAX - 3) is None  # padded to 64
    advice = binding_advice(SADDLE_STITCH_MAX + 1)
    assert "68-page" in advice and "perfect binding" in advice and "sewn sections" in advice


def test_the_booklet_warning_goes_to_stderr(tmp_path, monkeypatch, capsys):
    from samizdat.print import imposition

    monkeypatch.setattr(imposition, "SADDLE_STITCH_MAX", 4)  # the fixture as a thick book
    build(FIXTURES / "notes-book", tmp_path, "--booklet")
    captured = capsys.readouterr()
    warnings = [ln for ln in captured.err.splitlines() if ln.startswith("samizdat: warning:")]
    assert len(warnings) == 1 and "perfect binding" in warnings[0]
    assert "samizdat: warning" not in captured.out
    assert (tmp_path / "notes-book-booklet.pdf").exists()


def test_the_booklet_places_pages_as_form_xobjects_keeping_fonts(notes_dir):
    import pikepdf
    from test_pdf import fonts_of

    with pikepdf.open(notes_dir / "notes-book-booklet.pdf") as booklet:
        for side in booklet.pages:
            placed = side.obj.Resources.XObject
            assert all(x.Subtype == "/Form" for x in placed.values())
    reading = fonts_of(notes_dir / "notes-book.pdf")
    with pikepdf.open(notes_dir / "notes-book-booklet.pdf") as booklet:
        names = {
            str(font.BaseFont)
            for side in booklet.pages
            for form in side.obj.Resources.XObject.values()
            for font in form.Resources.Font.values()
        }
    assert names == set(reading)


def test_house_styles_are_parsed_once_and_again_when_a_stylesheet_changes(tmp_path):
    """Parts of a book share the parsed house styles and their fonts; a long-lived process
    (`samizdat watch`) still reads a house stylesheet edited since."""
    import os

    from samizdat.print import layout, weasy
    from samizdat.resources import style_path

    html = "<!DOCTYPE html><html lang=en><body><p>Words.</p></body></html>"

    def styles_of() -> tuple:
        rendered = weasy.typeset(html, tmp_path, layout.STYLESHEETS, "")
        assert len(rendered.document.pages) == 1
        return rendered.fonts

    first = styles_of()
    assert styles_of() is first  # one FontConfiguration, the sheets parsed once
    sheet = style_path(layout.STYLESHEETS[0])
    times = sheet.stat()
    try:
        os.utime(sheet, ns=(times.st_atime_ns, times.st_mtime_ns + 1_000_000_000))
        assert styles_of() is not first
    finally:
        os.utime(sheet, ns=(times.st_atime_ns, times.st_mtime_ns))
