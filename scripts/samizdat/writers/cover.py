"""A typographic cover image, drawn from the metadata when the manuscript has none."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from samizdat.model import Metadata
from samizdat.resources import data, font_files


def design() -> dict:
    return data("cover")


def face(size: int, weight: int = 400, italic: bool = False) -> ImageFont.FreeTypeFont:
    font = ImageFont.truetype(str(font_files()["italic" if italic else "normal"]), size)
    font.set_variation_by_axes([weight])
    return font


def wrap(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int
) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(trial, font=font) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def centred(draw, y: float, lines: list[str], font, fill, width: int, leading: float) -> float:
    for line in lines:
        draw.text((width / 2, y), line, font=font, fill=fill, anchor="ma")
        y += leading
    return y


def cover_png(meta: Metadata) -> bytes:
    out = io.BytesIO()
    drawn(meta).save(out, format="PNG", optimize=True)
    return out.getvalue()


def drawn(meta: Metadata) -> Image.Image:
    """The generated cover as an image: the EPUB stores it as PNG, the web edition as JPEG."""
    d = design()
    width, height, margin = d["width"], d["height"], d["margin"]
    image = Image.new("RGB", (width, height), d["background"])
    draw = ImageDraw.Draw(image)
    inner = width - 2 * margin
    draw.rectangle(
        (margin / 2, margin / 2, width - margin / 2, height - margin / 2),
        outline=d["accent"],
        width=6,
    )

    title_font = face(d["title_size"], 600)
    y = height * 0.22
    y = centred(
        draw,
        y,
        wrap(draw, meta.title, title_font, inner),
        title_font,
        d["ink"],
        width,
        d["title_size"] * 1.1,
    )
    if meta.subtitle:
        sub_font = face(d["subtitle_size"], 400, italic=True)
        y = centred(
            draw,
            y + 30,
            wrap(draw, meta.subtitle, sub_font, inner),
            sub_font,
            d["ink"],
            width,
            d["subtitle_size"] * 1.25,
        )
    y += 70
    draw.line((width / 2 - 160, y, width / 2 + 160, y), fill=d["accent"], width=5)
    author_font = face(d["author_size"], 500)
    centred(
        draw,
        y + 90,
        wrap(draw, meta.author, author_font, inner),
        author_font,
        d["ink"],
        width,
        d["author_size"] * 1.2,
    )

    publisher_font = face(d["publisher_size"], 500)
    # Letter-spaced capitals: a thin space between letters, wider between words.
    publisher = "\u2003".join("\u2009".join(word) for word in meta.publisher.upper().split())
    centred(draw, height - margin - 120, [publisher], publisher_font, d["accent"], width, 0)
    return image


def cover_image(meta: Metadata, supplied: Path | None, data: bytes = b"") -> tuple[bytes, str]:
    """(image bytes, file name) of the cover: the manuscript's own (its bytes as the
    loader read and checked them), or a generated one."""
    if supplied is not None and data:
        return data, "cover" + supplied.suffix.lower().replace(".jpeg", ".jpg")
    return cover_png(meta), "cover.png"
