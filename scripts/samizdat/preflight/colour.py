"""PF6xx: the print files are drawn in CMYK and grey only: no RGB reaches the printer."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf

from samizdat.preflight import Finding

RGB_OPERATOR = re.compile(rb"(?<![\w.])-?[\d.]+\s+-?[\d.]+\s+-?[\d.]+\s+(rg|RG)(?!\w)")


def rgb_space(space) -> bool:
    if isinstance(space, pikepdf.Name):
        return space in ("/DeviceRGB", "/CalRGB")
    if isinstance(space, pikepdf.Array) and len(space):
        family = space[0]
        if family == "/ICCBased":
            return int(space[1].get("/N", 0)) == 3
        if family in ("/Indexed", "/Separation", "/DeviceN") and len(space) > 1:
            return rgb_space(space[1] if family == "/Indexed" else space[2])
        return family in ("/DeviceRGB", "/CalRGB")
    return False


def resources_rgb(resources, seen: set, drawn: bytes | None = None) -> list[str]:
    """RGB colour spaces, images and forms in these resources; only those the content
    stream `drawn` names, if given (WeasyPrint shares one resource dictionary)."""
    found: list[str] = []
    if resources is None:
        return found
    for name, space in (resources.get("/ColorSpace") or {}).items():
        if rgb_space(space):
            found.append(f"colour space {name}")
    for name, ref in (resources.get("/XObject") or {}).items():
        if drawn is not None and f"{name} Do".encode() not in drawn:
            continue
        key = ref.objgen if ref.is_indirect else id(ref)
        if key in seen:
            continue
        seen.add(key)
        if ref.get("/Subtype") == "/Image" and rgb_space(ref.get("/ColorSpace")):
            found.append(f"image {name}")
        elif ref.get("/Subtype") == "/Form":
            if RGB_OPERATOR.search(ref.read_bytes()):
                found.append(f"RGB fill in form {name}")
            found += resources_rgb(ref.get("/Resources"), seen)
    for name, ref in (resources.get("/Shading") or {}).items():
        if rgb_space(ref.get("/ColorSpace")):
            found.append(f"shading {name}")
    return found


def contents_of(page: pikepdf.Page) -> bytes:
    """The page's content stream, its parts joined, decoded."""
    contents = page.obj.get("/Contents")
    if contents is None:
        return b""
    parts = contents if isinstance(contents, pikepdf.Array) else [contents]
    return b"\n".join(part.read_bytes() for part in parts)


def check(path: Path) -> list[Finding]:
    found = []
    seen: set = set()
    with pikepdf.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            data = contents_of(page)
            what = resources_rgb(page.obj.get("/Resources"), seen, data)
            if RGB_OPERATOR.search(data):
                what.append("RGB fill or stroke")
            for item in what:
                found.append(Finding("PF601", index + 1, item))
    return found
