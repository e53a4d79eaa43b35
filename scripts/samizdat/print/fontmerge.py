"""One embedded font for the subsets of the same face that the parts of a book embed.

WeasyPrint subsets a TrueType face keeping the numbers of the glyphs it draws
(the others up to the last drawn are left empty), so the subsets of one face
made for different parts agree on every glyph they draw (their glyph names,
taken from each subset's own cmap, do not). Glyphs used only as components of
an accented letter are numbered after the last drawn one, differently in each
subset: so the components of every drawn composite glyph are appended to the
merged font and the composite points at them there. The merged font holds,
for each glyph number, the glyph of a subset that draws it (fontTools), and
the union of their widths (/W). A face that is not TrueType (no /FontFile2) is left as it is.
"""

from __future__ import annotations

import copy
from io import BytesIO

import pikepdf
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph


def widths(w: pikepdf.Array) -> dict[int, float]:
    """A CID font's /W array as {glyph: width} (both of its forms)."""
    found: dict[int, float] = {}
    items = list(w)
    i = 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            for offset, width in enumerate(items[i + 1]):
                found[first + offset] = float(width)
            i += 2
        else:
            for glyph in range(first, int(items[i + 1]) + 1):
                found[glyph] = float(items[i + 2])
            i += 3
    return found


def width_array(found: dict[int, float]) -> pikepdf.Array:
    out: list = []
    run: list = []
    previous = None
    for glyph in sorted(found):
        width = found[glyph]
        value = int(width) if width == int(width) else width
        if previous is not None and glyph == previous + 1:
            run.append(value)
        else:
            run = [value]
            out.extend([glyph, run])
        previous = glyph
    return pikepdf.Array([pikepdf.Array(x) if isinstance(x, list) else x for x in out])


class Components:
    """Glyphs that drawn composites are made of, appended to the merged font, once each."""

    def __init__(self):
        self.added: dict[tuple[int, str], str] = {}  # (font, its glyph name) -> merged name
        self.glyphs: dict[str, tuple] = {}  # merged name -> (glyph, metrics)

    def copy(self, font: TTFont, name: str):
        """`font`'s glyph `name`, its components renamed to their copies in the merged font."""
        glyph = font["glyf"][name]
        if glyph.isComposite():
            glyph = copy.deepcopy(glyph)
            for component in glyph.components:
                component.glyphName = self.component(font, component.glyphName)
        return glyph

    def component(self, font: TTFont, name: str) -> str:
        key = (id(font), name)
        if key not in self.added:
            new = f"component{len(self.added):05d}"
            self.added[key] = new
            self.glyphs[new] = (self.copy(font, name), font["hmtx"][name])
        return self.added[key]


def merge_cmaps(base: TTFont, fonts: list[TTFont], kept) -> None:
    """The characters of every subset, mapped to the merged glyphs.

    Renderers that hint on screen read the font's reference letters through
    its cmap: the single pass's subset maps every character the book uses.
    """
    order = base.getGlyphOrder()
    mapping: dict[int, str] = {}
    for font in fonts:
        index = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
        for code, name in (font.getBestCmap() or {}).items():
            gid = index.get(name)
            if gid is not None and gid in kept:
                mapping.setdefault(code, order[gid])
    for table in base["cmap"].tables:
        if table.isUnicode():
            table.cmap = {
                code: name
                for code, name in mapping.items()
                if code <= 0xFFFF or table.format in (12, 13)
            }


def opened(data: bytes) -> TTFont:
    """A subset, its glyphs named by number: naming them from the cmap is slow, and no
    two subsets name them alike anyway (the font's bounding box and maxima are kept as
    they are, the whole face's, as one pass's subset keeps them)."""
    font = TTFont(BytesIO(data), recalcBBoxes=False)
    font.setGlyphOrder([f"glyph{gid:05d}" for gid in range(font["maxp"].numGlyphs)])
    return font


def merged_font(programs: list[tuple[bytes, set[int]]]) -> bytes | None:
    """One font from subsets of a face, each with the glyph numbers it draws."""
    fonts = [(opened(data), drawn) for data, drawn in programs]
    if any("glyf" not in font for font, _ in fonts):
        return None
    base = max((font for font, _ in fonts), key=lambda font: len(font.getGlyphOrder()))
    order = base.getGlyphOrder()
    if any(font["head"].unitsPerEm != base["head"].unitsPerEm for font, _ in fonts):
        return None  # not subsets of one font
    made: dict[int, tuple] = {}
    components = Components()
    for font, drawn in fonts:
        theirs = font.getGlyphOrder()
        for gid in sorted(drawn - made.keys()):
            if gid >= len(theirs) or gid >= len(order):
                return None
            made[gid] = (components.copy(font, theirs[gid]), font["hmtx"][theirs[gid]])
    glyf, hmtx = base["glyf"], base["hmtx"]
    for gid, name in enumerate(order):
        glyph, metrics = made.get(gid, (Glyph(), (0, 0)))
        glyf[name] = glyph
        hmtx[name] = metrics
    if components.glyphs:
        base.setGlyphOrder(order + list(components.glyphs))
        glyf.glyphOrder = base.getGlyphOrder()
        for name, (glyph, metrics) in components.glyphs.items():
            glyf[name] = glyph
            hmtx[name] = metrics
    merge_cmaps(base, [font for font, _ in fonts], made.keys())
    out = BytesIO()
    base.save(out)
    return out.getvalue()


def share_font(out: pikepdf.Pdf, fonts: list[pikepdf.Object], drawn: list[set[int]]) -> None:
    """Give every Type 0 font dictionary of one face the same, merged, descendant font.

    `drawn`: the glyphs each font's part draws (print/join.py drawn_glyphs).
    """
    descendants = [font.DescendantFonts[0] for font in fonts]
    if any("/FontFile2" not in d.get("/FontDescriptor", {}) for d in descendants):
        return
    programs: dict = {}
    found: dict[int, float] = {}
    for descendant, glyphs in zip(descendants, drawn, strict=True):
        found.update(widths(descendant.get("/W", pikepdf.Array())))
        stream = descendant.FontDescriptor.FontFile2
        programs.setdefault(stream.objgen, (stream.read_bytes(), set()))[1].update(glyphs)
    program = merged_font(list(programs.values()))
    if program is None:
        return
    shared = descendants[0]
    shared.W = width_array(found)
    stream = pikepdf.Stream(out, program)
    stream.Length1 = len(program)
    shared.FontDescriptor.FontFile2 = stream
    for font in fonts:
        font.DescendantFonts = pikepdf.Array([shared])
