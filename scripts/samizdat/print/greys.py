"""Pictures in black ink only, for the interior print files (-print.pdf, the booklet).

The interior is printed in one ink, black: an RGB picture would be separated by
the printer's RIP into four inks (and fails PDF/X-1a, PF601). Each RGB image
XObject is replaced by its luminance (Pillow's ITU-R 601-2 luma) in DeviceGray,
which a one-colour press prints in K. The reading PDF keeps its colours; covers
are converted to CMYK instead (cover.py).

The file is rewritten with pikepdf (qpdf), which decodes every image filter and
leaves the rest of the file as it was: pages, fonts, boxes, the PDF/X output
intent and metadata.
"""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pikepdf

RGB_SPACES = ("/DeviceRGB", "/CalRGB")


def is_rgb(image: pikepdf.PdfImage) -> bool:
    if image.indexed:
        return bool(image.palette) and str(image.palette[0]) in RGB_SPACES
    space = image.colorspace
    if space == "/ICCBased":
        return image.mode == "RGB"
    return space in RGB_SPACES


def grey(stream: pikepdf.Stream) -> bool:
    """Replace one RGB image by its greys; False if it was not RGB."""
    image = pikepdf.PdfImage(stream)
    if not is_rgb(image):
        return False
    pixels = image.as_pil_image().convert("L")
    if stream.get("/Filter") == pikepdf.Name.DCTDecode:  # a photograph stays a JPEG
        out = io.BytesIO()
        pixels.save(out, "JPEG", quality=92)
        stream.write(out.getvalue(), filter=pikepdf.Name.DCTDecode)
    else:
        stream.write(zlib.compress(pixels.tobytes()), filter=pikepdf.Name.FlateDecode)
    stream.ColorSpace = pikepdf.Name.DeviceGray
    stream.BitsPerComponent = 8
    for key in ("/Decode", "/DecodeParms"):
        if key in stream:
            del stream[key]
    return True


def grey_images(pdf: pikepdf.Pdf) -> int:
    """Every RGB image of an open PDF in grey, each once however often it is drawn."""
    images = [
        obj
        for obj in pdf.objects
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image
    ]
    return sum(grey(image) for image in images)


def grey_file(path: Path) -> int:
    """Rewrite a PDF in place with its RGB images in grey; nothing is written if none is RGB."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        count = grey_images(pdf)
        if count:
            pdf.save(path, deterministic_id=True)  # reproducible, as the booklet is
    return count
