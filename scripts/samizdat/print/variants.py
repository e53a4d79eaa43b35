"""The print files, as variants of pages laid out once: a table, not flags that trigger renders.

As WeasyPrint's pdf/__init__.py merges its VARIANTS tables (PDF/A, PDF/UA,
PDF/X), samizdat describes each file it can make from a laid-out document by
one row: which pages it takes, the PDF standard it is written to, its boxes
and marks, its output intent. `samizdat build` picks rows from its options
(--print-ready, --booklet); a row never lays anything out.

    reading      the book's pages as laid out: tagged PDF/UA-1, for reading and home printing
    print        the same pages for a printer: PDF/X-1a, 3 mm bleed, slug with crop marks
    booklet      the reading PDF imposed two pages a side for saddle stitching (imposition.py)
    cover        the cover at the trim size
    cover-print  the cover for a printer: PDF/X-1a, bleed, slug with crop marks

Colours: print.css and cover.css set text, rules and the cover in
device-cmyk(), so every PDF of the book draws its text in pure K (black ink
only) and no variant converts a colour.

PDF/X-1a:2003 rather than PDF/X-4: X-4 requires an embedded CMYK ICC profile,
and no CMYK profile under a free licence is packaged (Debian's
icc-profiles-free has only FOGRA characterisation data); X-1a allows naming a
registered printing condition (FOGRA29, FOGRA39) instead.

Pictures: the reading PDF keeps them as they are (RGB, for the screen). The
interior print files (print, booklet) are printed in black ink alone, so their
RGB images are turned into greys once the file is written (greys.py); the
cover's picture is separated into CMYK before it is laid out (cover.py), by a
plain grey-component replacement, there being no free CMYK profile to use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

import pydyf
from weasyprint.document import Document

from samizdat.print import greys, marks, weasy
from samizdat.print.marks import PURE_K, REGISTRATION, Boxes
from samizdat.writers.files import build_time


@dataclass(frozen=True)
class OutputCondition:
    """A printing condition of the ICC's registry, named in a PDF/X OutputIntent."""

    identifier: str
    info: str
    registry: str = "http://www.color.org"


UNCOATED = OutputCondition("FOGRA29", "Uncoated FOGRA29 (ISO 12647-2:2004)")
COATED = OutputCondition("FOGRA39", "Coated FOGRA39 (ISO 12647-2:2004)")

BLEED = 3.0  # mm
SLUG = 6.0  # mm beyond the bleed, for the crop marks


@dataclass(frozen=True)
class Variant:
    name: str
    suffix: str  # the file is OUT/<slug><suffix>.pdf
    source: str  # "book" (the laid-out pages), "reading" (that PDF, imposed), "cover"
    pdf_variant: str | None = None  # WeasyPrint's pdf_variant
    boxes: Boxes = Boxes()
    trim_only: bool = False  # cut the page to its trim, whatever bleed was laid out
    output_condition: OutputCondition | None = None
    grey_images: bool = False  # RGB pictures turned to greys: a file printed in black ink
    note: str = ""

    @property
    def dated(self) -> bool:
        """Whether the file carries the build's date (PDF/X requires it: write())."""
        return bool(self.pdf_variant and self.pdf_variant.startswith("pdf/x"))


PRESS = Boxes(bleed=BLEED, slug=SLUG, marks=True, mark_offset=BLEED, mark_colour=PURE_K)

VARIANTS: dict[str, Variant] = {
    v.name: v
    for v in (
        Variant("reading", "", "book", "pdf/ua-1", note="tagged PDF/UA-1"),
        Variant(
            "print",
            "-print",
            "book",
            "pdf/x-1a",
            PRESS,
            output_condition=UNCOATED,
            grey_images=True,
            note="PDF/X-1a, bleed and crop marks",
        ),
        Variant(
            "booklet",
            "-booklet",
            "reading",
            grey_images=True,
            note="imposed for saddle stitching",
        ),
        Variant("cover", "-cover", "cover", trim_only=True, note="at the trim size"),
        Variant(
            "cover-print",
            "-cover",
            "cover",
            "pdf/x-1a",
            Boxes(bleed=BLEED, slug=SLUG, marks=True, mark_offset=BLEED, mark_colour=REGISTRATION),
            output_condition=COATED,
            note="PDF/X-1a, bleed and crop marks",
        ),
    )
}


def selected(booklet: bool, print_ready: bool) -> list[Variant]:
    """The variants a build writes, in the order they are made.

    The reading PDF always; the cover with the print files (--booklet for
    printing at home, --print-ready for a printer), which it goes with.
    """
    names = ["reading"]
    if booklet or print_ready:
        names.append("cover-print" if print_ready else "cover")
    if booklet:
        names.append("booklet")
    if print_ready:
        names.append("print")
    return [VARIANTS[name] for name in names]


def output_intent(condition: OutputCondition) -> pydyf.Dictionary:
    return pydyf.Dictionary(
        {
            "Type": "/OutputIntent",
            "S": "/GTS_PDFX",
            "OutputConditionIdentifier": pydyf.String(condition.identifier),
            "OutputCondition": pydyf.String(condition.info),
            "RegistryName": pydyf.String(condition.registry),
            "Info": pydyf.String(condition.info),
        }
    )


def write(document: Document, variant: Variant, target: Path) -> Path:
    """Write laid-out pages as `variant`; the layout itself is never touched."""
    twin = weasy.fresh_copy(document)
    options: dict = {}
    if variant.pdf_variant:
        options["pdf_variant"] = variant.pdf_variant
    if variant.dated:
        # PDF/X requires both dates; SOURCE_DATE_EPOCH makes them reproducible.
        when = build_time().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        twin.metadata.created = twin.metadata.modified = when

    def finish(_document: Document, pdf: pydyf.PDF) -> None:
        if variant.trim_only or variant.boxes != Boxes():
            marks.apply(pdf, variant.boxes, trim_only=variant.trim_only)
        if variant.output_condition is not None:
            pdf.catalog["OutputIntents"] = pydyf.Array([output_intent(variant.output_condition)])
            for page in marks.page_dictionaries(pdf):
                page.pop("Annots", None)  # PDF/X: no annotation inside the bleed

    weasy.write(twin, target, finisher=finish, **options)
    if variant.grey_images:
        greys.grey_file(target)
    return target
