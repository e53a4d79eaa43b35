"""PF6xx: the print files are drawn in CMYK and grey only: no RGB reaches the printer."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, IndirectObject, NameObject

from samizdat.preflight import Finding

RGB_OPERATOR = re.compile(rb"(?<![\w.])-?[\d.]+\s+-?[\d.]+\s+-?[\d.]+\s+(rg|RG)(?!\w)")


def rgb_space(space) -> bool:
    if isinstance(space, IndirectObject):
        space = space.get_object()
    if isinstance(space, NameObject):
        return space in ("/DeviceRGB", "/CalRGB")
    if isinstance(space, ArrayObject) and space:
        family = space[0]
        if family == "/ICCBased":
            return int(space[1].get_object().get("/N", 0)) == 3
        if family in ("/Indexed", "/Separation", "/DeviceN") and len(space) > 1:
            return rgb_space(space[1] if family == "/Indexed" else space[2])
        return family in ("/DeviceRGB", "/CalRGB")
    return False


def resources_rgb(resources, seen: set, drawn: bytes | None = None) -> list[str]:
    """RGB colour spaces, images and forms in these resources; only those the content
    stream `drawn` names, if given (WeasyPrint shares one resource dictionary)."""
    found = []
    if resources is None:
        return found
    resources = resources.get_object()
    for name, space in (resources.get("/ColorSpace") or {}).items():
        if rgb_space(space):
            found.append(f"colour space {name}")
    for name, ref in (resources.get("/XObject") or {}).items():
        if drawn is not None and f"{name} Do".encode() not in drawn:
            continue
        key = getattr(ref, "idnum", None)
        if key in seen:
            continue
        seen.add(key)
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Image" and rgb_space(xobject.get("/ColorSpace")):
            found.append(f"image {name}")
        elif xobject.get("/Subtype") == "/Form":
            if RGB_OPERATOR.search(xobject.get_data()):
                found.append(f"RGB fill in form {name}")
            found += resources_rgb(xobject.get("/Resources"), seen)
    for name, ref in (resources.get("/Shading") or {}).items():
        if rgb_space(ref.get_object().get("/ColorSpace")):
            found.append(f"shading {name}")
    return found


def check(path: Path) -> list[Finding]:
    reader = PdfReader(path)
    found = []
    seen: set = set()
    for index, page in enumerate(reader.pages):
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
        what = resources_rgb(page.get("/Resources"), seen, data)
        if RGB_OPERATOR.search(data):
            what.append("RGB fill or stroke")
        for item in what:
            found.append(Finding("PF601", index + 1, item))
    return found
