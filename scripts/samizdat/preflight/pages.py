"""A finished PDF's pages as the preflight reads them: lines of glyphs, placed on the page.

The preflight reads the PDF itself (pdfplumber), not WeasyPrint's boxes: it
judges exactly what goes to the printer, including the print-ready file's
bleed and any PDF made elsewhere, and it runs on a file without the book. The
text block comes from the trim profile whose size the page has (trims.toml,
with the baseline grid of print/layout.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pdfplumber

from samizdat.trims import MM_PER_PT, Trim, trim, trim_names

HYPHENS = ("\u2010", "-", "\u00ad")


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the commonest glyph size
    baseline: float = 0.0
    chars: list = field(repr=False, default_factory=list)

    @property
    def words(self) -> list[str]:
        return self.text.split()

    @property
    def hyphenated(self) -> bool:
        return self.text.rstrip().endswith(HYPHENS) and len(self.text.strip()) > 1


@dataclass
class Box:
    x0: float
    x1: float
    top: float
    bottom: float
    kind: str  # rect, line, curve, image


@dataclass
class Page:
    number: int  # 1-based, as printed
    trim: Trim | None
    block: tuple[float, float, float, float]  # x0, top, x1, bottom, in pt from the trim's corner
    lines: list[Line]  # every line of text, top to bottom
    boxes: list[Box]
    rule: float | None  # the top of the notes' rule, if the page has notes

    @property
    def blank(self) -> bool:
        return not self.lines

    @property
    def head(self) -> Line | None:
        first = self.lines[0] if self.lines else None
        return first if first is not None and first.bottom <= self.block[1] + 0.5 else None

    @property
    def folio(self) -> Line | None:
        last = self.lines[-1] if self.lines else None
        return last if last is not None and last.top >= self.block[3] - 0.5 else None

    @property
    def inside(self) -> list[Line]:
        x0, top, x1, bottom = self.block
        return [ln for ln in self.lines if ln.bottom > top + 0.5 and ln.top < bottom - 0.5]

    @property
    def body(self) -> list[Line]:
        """The lines of the text proper: inside the block, above the notes."""
        return [ln for ln in self.inside if self.rule is None or ln.bottom <= self.rule]

    @property
    def notes(self) -> list[Line]:
        return [ln for ln in self.inside if self.rule is not None and ln.top > self.rule]

    @property
    def leading(self) -> float:
        return self.trim.line_height if self.trim else 14.0

    @property
    def em(self) -> float:
        return self.trim.font_size if self.trim else 10.5


def trim_of(width_pt: float, height_pt: float) -> Trim | None:
    for name in trim_names():
        candidate = trim(name)
        w, h = candidate.size_pt
        if abs(w - width_pt) < 1.5 and abs(h - height_pt) < 1.5:
            return candidate
    return None


def text_block(page_trim: Trim, number: int) -> tuple[float, float, float, float]:
    """The text block of page `number` (odd: a right-hand page), in pt from the trim's corner."""
    left = page_trim.inner if number % 2 else page_trim.outer
    return (
        left / MM_PER_PT,
        page_trim.top / MM_PER_PT,
        (page_trim.width - (page_trim.outer if number % 2 else page_trim.inner)) / MM_PER_PT,
        (page_trim.height - page_trim.text_bottom) / MM_PER_PT,
    )


def lines_of(chars: list, dx: float, dy: float) -> list[Line]:
    """Glyphs grouped into lines by their baseline, left to right."""
    rows: list[list] = []
    for char in sorted(chars, key=lambda c: (round(c["bottom"] - c["size"] * 0.2, 0), c["x0"])):
        base = char["bottom"] - char["size"] * 0.25
        for row in rows:
            if abs(row[0] - base) < max(2.0, char["size"] * 0.45) or (
                char["size"] < row[1] * 0.8 and row[2] - 1 <= char["bottom"] <= row[3] + 1
            ):
                row[4].append(char)
                break
        else:
            rows.append([base, char["size"], char["top"], char["bottom"], [char]])
    lines = []
    for row in rows:
        glyphs = sorted(row[4], key=lambda c: c["x0"])
        ink = [c for c in glyphs if c["text"].strip()]
        if not ink:
            continue
        sizes = [round(c["size"], 1) for c in ink]
        size = max(set(sizes), key=sizes.count)
        main = [c for c in ink if round(c["size"], 1) == size]
        lines.append(
            Line(
                text="".join(c["text"] for c in glyphs).replace("\xa0", " "),
                x0=min(c["x0"] for c in ink) - dx,
                x1=max(c["x1"] for c in ink) - dx,
                top=min(c["top"] for c in main) - dy,
                bottom=max(c["bottom"] for c in main) - dy,
                size=size,
                # the baseline, top-down: the glyph's top plus its height above the baseline
                baseline=max(c["top"] + c["y1"] - c["matrix"][5] for c in main) - dy,
                chars=[{**c, "x0": c["x0"] - dx, "x1": c["x1"] - dx} for c in glyphs],
            )
        )
    return sorted(lines, key=lambda ln: ln.bottom)


class Pdf:
    """A PDF opened for the preflight."""

    def __init__(self, path):
        self.path = path
        self._pdf = pdfplumber.open(path)

    def close(self) -> None:
        self._pdf.close()

    @cached_property
    def pages(self) -> list[Page]:
        return [self.page(index) for index in range(len(self._pdf.pages))]

    def page(self, index: int) -> Page:
        raw = self._pdf.pages[index]
        tx0, ttop, tx1, tbottom = raw.trimbox if raw.trimbox else raw.bbox
        page_trim = trim_of(tx1 - tx0, tbottom - ttop)
        number = index + 1
        if page_trim is not None:
            block = text_block(page_trim, number)
        else:
            block = (0.0, 0.0, tx1 - tx0, tbottom - ttop)
        lines = lines_of(raw.chars, tx0, ttop)
        boxes = []
        rule = None
        for kind, items in (
            ("rect", raw.rects),
            ("line", raw.lines),
            ("curve", raw.curves),
            ("image", raw.images),
        ):
            for item in items:
                box = Box(
                    item["x0"] - tx0,
                    item["x1"] - tx0,
                    item["top"] - ttop,
                    item["bottom"] - ttop,
                    kind,
                )
                if box.x0 < -0.5 or box.top < -0.5:
                    continue  # crop marks and the bleed are outside the trim, by design
                if box.x0 > tx1 - tx0 or box.top > tbottom - ttop:
                    continue
                boxes.append(box)
                if (
                    kind == "rect"
                    and box.bottom - box.top < 1.5
                    and 80 < box.x1 - box.x0 < 90
                    and abs(box.x0 - block[0]) < 1
                    and (rule is None or box.top < rule)
                ):
                    rule = box.top  # the 30 mm rule above the notes
        return Page(number, page_trim, block, lines, boxes, rule)


def read(path) -> list[Page]:
    """Every page of the PDF at `path`, read and closed: a job for a process of its own."""
    pdf = Pdf(path)
    try:
        return pdf.pages
    finally:
        pdf.close()
