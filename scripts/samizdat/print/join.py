"""The parts of a book, each its own PDF (print/parts.py), joined into the PDF a single pass writes.

pikepdf (qpdf) copies the pages as they are, content streams untouched, and
this module restores what WeasyPrint builds across a whole document:

- the named destinations of every anchor (each part's own, never the
  stand-ins it was given for links to other parts), so that links between
  parts (the contents, cross-references) reach their targets;
- the outline: the parts' outlines one after the other (every section opens
  with a level-1 heading, print/sections.py checks it);
- the structure tree of a tagged PDF: each part's elements under one Document
  element, the parent tree renumbered (a page's key is its index in the book,
  the link annotations' come after all the pages, as WeasyPrint numbers them);
- the document's metadata (Info, XMP, language, output intent), from the
  front matter's PDF, written with the book's whole metadata;
- each font's text map (ToUnicode): WeasyPrint maps a glyph to the text it
  stood for the first time it was drawn (a ligature broken by a soft hyphen
  maps to nothing), so the book's map of a font is the first part's that
  drew each glyph, as in a single pass, and every part's copy uses it;
- each font once (print/fontmerge.py): every part embeds its own subset of
  a face, which would make the book several times larger than one pass's
  PDF; the subsets (which keep the font's glyph numbers) are merged into one.

A part's spacer page (a left-hand start) is left out with everything on it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from samizdat.print import fontmerge
from samizdat.writers.files import write_atomically

BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")
CATALOG_KEYS = ("/Metadata", "/Lang", "/ViewerPreferences", "/MarkInfo", "/OutputIntents")


@dataclass
class PartPdf:
    data: bytes
    skip: int  # spacer pages first
    anchors: set[str]  # the ids laid out in this part


def foreign(out: pikepdf.Pdf, source: pikepdf.Pdf, obj):
    if isinstance(obj, pikepdf.Object) and not obj.is_indirect:
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream):
            return obj  # a direct string or name (/Lang) stays direct, as one pass writes it
        obj = source.make_indirect(obj)
    return out.copy_foreign(obj)


def join(parts: list[PartPdf], target: Path) -> Path:
    """Write the parts as one PDF at `target`."""
    sources = [pikepdf.open(io.BytesIO(part.data)) for part in parts]
    try:
        out = pikepdf.new()
        front = sources[0]
        out.trailer.Info = foreign(out, front, front.trailer.Info)
        for key in CATALOG_KEYS:
            if key in front.Root:
                out.Root[key] = foreign(out, front, front.Root[key])
        tagged = "/StructTreeRoot" in front.Root
        joiner = Joiner(out, tagged)
        for part, source in zip(parts, sources, strict=True):
            joiner.add(part, source)
        joiner.finish()
        version = max(s.pdf_version for s in sources)
        streams = pikepdf.ObjectStreamMode.generate if version >= "1.5" else None
        return write_atomically(
            target,
            lambda temp: out.save(
                temp,
                min_version=version,
                deterministic_id=True,
                object_stream_mode=streams or pikepdf.ObjectStreamMode.disable,
            ),
        )
    finally:
        for source in sources:
            source.close()


def drawn_glyphs(source: pikepdf.Pdf) -> dict[str, set[int]]:
    """The glyphs a part draws, by font: the widths of every CID font WeasyPrint wrote.

    WeasyPrint writes a font dictionary for each font object it drew with, and
    the pages refer to the last of those sharing a font file: the others are
    in the file all the same, and their widths name the glyphs they drew.
    """
    drawn: dict[str, set[int]] = {}
    for obj in source.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Subtype") == "/CIDFontType2":
            found = fontmerge.widths(obj.get("/W", pikepdf.Array()))
            drawn.setdefault(str(obj.BaseFont), set()).update(found)
    return drawn


class Joiner:
    def __init__(self, out: pikepdf.Pdf, tagged: bool):
        self.out = out
        self.tagged = tagged
        self.dests: list[tuple[str, pikepdf.Object]] = []
        self.outline: list[pikepdf.Object] = []  # top-level items, in order
        self.visible = 0  # the outline's open items
        self.elements: list[pikepdf.Object] = []  # the Document element's kids
        self.page_marks: list[pikepdf.Object] = []  # the parent tree's array of each page
        self.annotations: list[tuple[pikepdf.Object, pikepdf.Object]] = []  # (annot, element)
        self.text_maps: dict[str, dict[bytes, bytes]] = {}  # font -> glyph -> UTF-16 text
        self.fonts: dict[str, list[pikepdf.Object]] = {}  # font -> its dictionaries, every part
        self.drawn: dict[str, list[set[int]]] = {}  # font -> the glyphs each part draws

    def add(self, part: PartPdf, source: pikepdf.Pdf) -> None:
        out = self.out
        spacers = {source.pages[i].obj.objgen for i in range(part.skip)}
        first = len(out.pages)
        for page in source.pages[part.skip :]:
            out.pages.append(page)
        self.add_fonts(first, drawn_glyphs(source))
        self.add_dests(part, source)
        self.add_outline(source)
        if self.tagged:
            self.add_structure(source, spacers, part.skip, first)

    def add_fonts(self, first: int, drawn: dict[str, set[int]]) -> None:
        """The fonts of the pages just added: the glyphs they map first, their dictionaries."""
        seen: set[tuple[int, int]] = set()
        for page in self.out.pages[first:]:
            fonts = page.obj.get("/Resources", {}).get("/Font", {})
            for font in fonts.values():
                if font.objgen in seen or "/ToUnicode" not in font:
                    continue
                seen.add(font.objgen)
                name = str(font.BaseFont)
                self.fonts.setdefault(name, []).append(font)
                self.drawn.setdefault(name, []).append(drawn.get(name, set()))
                mapping = self.text_maps.setdefault(name, {})
                for glyph, text in BFCHAR.findall(font.ToUnicode.read_bytes()):
                    mapping.setdefault(glyph.lower(), text)

    def add_dests(self, part: PartPdf, source: pikepdf.Pdf) -> None:
        try:
            names = source.Root.Names.Dests.Names
        except AttributeError:
            return
        for i in range(0, len(names), 2):
            name = str(names[i])
            if name in part.anchors:
                self.dests.append((name, foreign(self.out, source, names[i + 1])))

    def add_outline(self, source: pikepdf.Pdf) -> None:
        outlines = source.Root.get("/Outlines")
        if outlines is None or "/First" not in outlines:
            return
        item = outlines.First
        while True:
            self.outline.append(foreign(self.out, source, item))
            if "/Next" not in item:
                break
            item = item.Next
        self.visible += int(outlines.get("/Count", 0))

    def add_structure(self, source: pikepdf.Pdf, spacers: set, skip: int, first: int) -> None:
        root = source.Root.StructTreeRoot
        document = root.K[0] if isinstance(root.K, pikepdf.Array) else root.K
        kept = [kid for kid in document.K if kid.Pg.objgen not in spacers]
        for kid in kept:
            del kid["/P"]  # cut from the part's tree before copying
        self.elements.extend(foreign(self.out, source, kid) for kid in kept)
        nums = root.ParentTree.Nums
        pages = len(source.pages)
        by_key = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for index in range(skip, pages):
            out_page = self.out.pages[first + index - skip]
            out_page.obj.StructParents = first + index - skip
            self.page_marks.append(foreign(self.out, source, by_key[index]))
            for annot in out_page.obj.get("/Annots", []):
                if "/StructParent" in annot:
                    element = foreign(self.out, source, by_key[int(annot.StructParent)])
                    self.annotations.append((annot, element))

    def finish(self) -> None:
        out = self.out
        if self.dests:
            names = pikepdf.Array()
            for name, dest in sorted(self.dests, key=lambda d: d[0]):
                names.append(pikepdf.String(name))
                names.append(dest)
            out.Root.Names = pikepdf.Dictionary(Dests=pikepdf.Dictionary(Names=names))
        if self.outline:
            self.link_outline()
        if self.tagged:
            self.link_structure()
        self.share_text_maps()
        for name, fonts in self.fonts.items():
            if len(fonts) > 1:
                fontmerge.share_font(self.out, fonts, self.drawn[name])

    def share_text_maps(self) -> None:
        for name, fonts in self.fonts.items():
            if len(fonts) < 2:
                continue
            entries = list(self.text_maps[name].items())
            stream = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap"]
            stream += [
                b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
                b"/CMapName /Adobe-Identity-UCS def",
                b"/CMapType 2 def",
                b"1 begincodespacerange",
                b"<0000> <ffff>",
                b"endcodespacerange",
            ]
            for i in range(0, len(entries), 100):
                batch = entries[i : i + 100]
                stream.append(f"{len(batch)} beginbfchar".encode())
                stream += [b"<" + glyph + b"> <" + text + b">" for glyph, text in batch]
                stream.append(b"endbfchar")
            stream += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
            shared = pikepdf.Stream(self.out, b"\n".join(stream))
            for font in fonts:
                font.ToUnicode = shared

    def link_outline(self) -> None:
        out = self.out
        root = out.make_indirect(pikepdf.Dictionary(Count=self.visible))
        for index, item in enumerate(self.outline):
            item.Parent = root
            if index:
                item.Prev = self.outline[index - 1]
            elif "/Prev" in item:
                del item.Prev
            if index + 1 < len(self.outline):
                item.Next = self.outline[index + 1]
            elif "/Next" in item:
                del item.Next
        root.First, root.Last = self.outline[0], self.outline[-1]
        out.Root.Outlines = root

    def link_structure(self) -> None:
        out = self.out
        tree_root = out.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
        document = out.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.StructElem,
                S=pikepdf.Name.Document,
                K=pikepdf.Array(self.elements),
                P=tree_root,
            )
        )
        for element in self.elements:
            element.P = document
        nums = pikepdf.Array()
        for index, marks in enumerate(self.page_marks):
            nums.extend([index, marks])
        for index, (annot, element) in enumerate(self.annotations, start=len(self.page_marks)):
            annot.StructParent = index
            nums.extend([index, element])
        tree_root.K = pikepdf.Array([document])
        tree_root.ParentTree = out.make_indirect(pikepdf.Dictionary(Nums=nums))
        out.Root.StructTreeRoot = tree_root
