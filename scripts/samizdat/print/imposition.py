"""Imposition for saddle stitching: the reading PDF, two pages a side, in booklet order.

Printed duplex, flipping on the short edge, then folded and stapled, the
sheets read 1, 2, 3, ... The page count is padded to a multiple of four with
blank pages at the end, where a printer expects them.
"""

from __future__ import annotations

from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter, Transformation

from samizdat.trims import MM_PER_PT, Trim, sheet
from samizdat.writers.files import write_atomically


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


def impose(source: Path, target: Path, page: Trim, creep: float = 0.0) -> Path:
    """Write the booklet; `creep` (mm) shifts the innermost sheet's pages toward the spine."""
    reader = PdfReader(source)
    paper = sheet(page.sheet)
    width, height = paper.width / MM_PER_PT, paper.height / MM_PER_PT
    page_width, page_height = page.size_pt
    left_x = width / 2 - page_width
    y = (height - page_height) / 2
    order = sides(len(reader.pages))
    sheets = len(order) // 2
    writer = PdfWriter()
    for number, (left, right) in enumerate(order):
        k = number // 2
        shift = (creep / MM_PER_PT) * (k / (sheets - 1)) if sheets > 1 else 0.0
        side: PageObject = writer.add_blank_page(width=width, height=height)
        for index, x in ((left, left_x + shift), (right, width / 2 - shift)):
            if index < len(reader.pages):
                side.merge_transformed_page(reader.pages[index], Transformation().translate(x, y))
    if reader.metadata:
        writer.add_metadata({k: v for k, v in reader.metadata.items() if isinstance(v, str)})
    return write_atomically(target, lambda temp: writer.write(str(temp)))
