"""Trim, bleed and slug boxes, and crop marks, added to finished pages.

Nothing is laid out again for them: WeasyPrint writes the laid-out pages, and
before the file is saved this finisher grows each page outward from its trim:

    TrimBox  = the page as laid out (the trim)
    BleedBox = TrimBox + bleed (3 mm)
    MediaBox = BleedBox + slug (where the marks stand)

Crop marks are hairlines in the slug, on the lines of the trim, starting
`offset` (at least the bleed) outside it, so that no mark ever reaches into
the bleed, however the printer trims.
"""

from __future__ import annotations

from dataclasses import dataclass

import pydyf

MM = 72 / 25.4  # points per millimetre

# A CMYK colour, each ink from 0 to 1.
PURE_K = (0.0, 0.0, 0.0, 1.0)
REGISTRATION = (1.0, 1.0, 1.0, 1.0)  # on every plate


@dataclass(frozen=True)
class Boxes:
    bleed: float = 0.0  # mm beyond the trim
    slug: float = 0.0  # mm beyond the bleed
    marks: bool = False  # crop marks in the slug
    mark_offset: float = 3.0  # mm from the trim to a mark's near end; at least the bleed
    mark_length: float = 5.0  # mm
    mark_width: float = 0.25  # pt: a hairline
    mark_colour: tuple[float, float, float, float] = PURE_K

    def __post_init__(self) -> None:
        if self.marks and self.mark_offset < self.bleed:
            raise ValueError("crop marks must stand outside the bleed")
        if self.marks and self.mark_offset + self.mark_length > self.bleed + self.slug:
            raise ValueError("crop marks must fit in the slug")


def grown(box: list[float], by: float) -> list[float]:
    x0, y0, x1, y1 = box
    return [x0 - by, y0 - by, x1 + by, y1 + by]


def crop_marks(trim: list[float], boxes: Boxes) -> bytes:
    """The marks as PDF operators, in the page's default coordinates."""
    x0, y0, x1, y1 = trim
    near, far = boxes.mark_offset * MM, (boxes.mark_offset + boxes.mark_length) * MM
    c, m, y, k = boxes.mark_colour
    ops = ["q", f"{boxes.mark_width:g} w 0 J [] 0 d", f"{c:g} {m:g} {y:g} {k:g} K"]
    for x, dx in ((x0, -1), (x1, 1)):
        for yy, dy in ((y0, -1), (y1, 1)):
            ops.append(f"{x + dx * near:.3f} {yy:.3f} m {x + dx * far:.3f} {yy:.3f} l S")
            ops.append(f"{x:.3f} {yy + dy * near:.3f} m {x:.3f} {yy + dy * far:.3f} l S")
    ops.append("Q")
    return "\n".join(ops).encode()


def page_dictionaries(pdf: pydyf.PDF) -> list[pydyf.Dictionary]:
    return [pdf.objects[number] for number in pdf.pages["Kids"][::3]]


def content_stream(pdf: pydyf.PDF, page: pydyf.Dictionary) -> pydyf.Stream:
    reference = page["Contents"]
    number = int(reference.split()[0]) if isinstance(reference, bytes) else reference.number
    return pdf.objects[number]


def apply(pdf: pydyf.PDF, boxes: Boxes, trim_only: bool = False) -> None:
    """Set every page's boxes from its TrimBox and draw its marks.

    `trim_only`: the file is the trimmed page (MediaBox = TrimBox), whatever
    bleed the layout painted.
    """
    for page in page_dictionaries(pdf):
        trim = [float(v) for v in page["TrimBox"]]
        if trim_only:
            for key in ("MediaBox", "BleedBox", "TrimBox"):
                page[key] = pydyf.Array(trim)
            continue
        page["TrimBox"] = pydyf.Array(trim)
        page["BleedBox"] = pydyf.Array(grown(trim, boxes.bleed * MM))
        page["MediaBox"] = pydyf.Array(grown(trim, (boxes.bleed + boxes.slug) * MM))
        if boxes.marks:
            stream = content_stream(pdf, page)
            # WeasyPrint's page starts by flipping the coordinates, unsaved:
            # the marks are drawn after restoring the page's own.
            stream.stream.insert(0, b"q")
            stream.stream.append(b"Q")
            stream.stream.append(crop_marks(trim, boxes))
