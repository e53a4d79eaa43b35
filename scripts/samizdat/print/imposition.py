"""Imposition for saddle stitching: the reading PDF, two pages a side, in booklet order.

Printed duplex, flipping on the short edge, then folded and stapled, the
sheets read 1, 2, 3, ... The page count is padded to a multiple of four with
blank pages at the end, where a printer expects them.

Each page is placed on its side as a form XObject (pikepdf, on qpdf): its
content stream is referenced, never parsed or rewritten, and its fonts and
images are copied once for the whole booklet.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

from samizdat.print.greys import grey_images
from samizdat.trims import MM_PER_PT, Trim, sheet
from samizdat.writers.files import write_atomically

# Beyond this many pages a saddle-stitched booklet is too thick to fold flat.
SADDLE_STITCH_MAX = 64
INFO_KEYS = ("/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/Producer")


def padded(count: int) -> int:
    return -(-count // 4) * 4


def sides(count: int) -> list[tuple[int, int]]:
    """(left page, right page) of each side, as 0-based page numbers of the padded book."""
    total = padded(count)
    order = []
    for k in range(total // 4):
        order.append((total - 1 - 2 * k, 2 * k))  # the outside of sheet k
        order.append((2 * k + 1, total - 2 - 2 * k))  # its inside
    return order


def binding_advice(count: int) -> str | None:
    """A warning for a booklet too thick to saddle-stitch, naming a better binding."""
    pages = padded(count)
    if pages <= SADDLE_STITCH_MAX:
        return None
    return (
        f"a {pages}-page booklet is thick for saddle stitching (at most about"
        f" {SADDLE_STITCH_MAX} pages fold flat); for this book consider perfect binding,"
        " or sewn sections of 16 or 32 pages"
    )


def impose(source: Path, target: Path, page: Trim, creep: float = 0.0, grey: bool = False) -> Path:
    """Write the booklet; `creep` (mm) shifts the innermost sheet's pages toward the spine;
    `grey`: its RGB pictures in greys, for printing in black ink (greys.py)."""
    paper = sheet(page.sheet)
    width, height = paper.width / MM_PER_PT, paper.height / MM_PER_PT
    page_width, page_height = page.size_pt
    left_x = width / 2 - page_width
    y = (height - page_height) / 2
    with pikepdf.open(source) as book, pikepdf.new() as booklet:
        count = len(book.pages)
        forms = [booklet.copy_foreign(p.as_form_xobject()) for p in book.pages]
        order = sides(count)
        sheets = len(order) // 2
        for number, (left, right) in enumerate(order):
            k = number // 2
            shift = (creep / MM_PER_PT) * (k / (sheets - 1)) if sheets > 1 else 0.0
            xobjects = pikepdf.Dictionary()
            drawing = []
            for index, x in ((left, left_x + shift), (right, width / 2 - shift)):
                if index < count:
                    name = f"/P{index + 1}"
                    xobjects[name] = forms[index]
                    drawing.append(f"q 1 0 0 1 {x:.4f} {y:.4f} cm {name} Do Q")
            side = booklet.add_blank_page(page_size=(width, height))
            side.obj.Resources = pikepdf.Dictionary(XObject=xobjects)
            side.obj.Contents = booklet.make_stream("\n".join(drawing).encode())
        for key in INFO_KEYS:
            if key in book.docinfo:
                booklet.docinfo[key] = book.docinfo[key]
        if grey:
            grey_images(booklet)
        return write_atomically(
            target,
            lambda temp: booklet.save(temp, deterministic_id=True, min_version=book.pdf_version),
        )
