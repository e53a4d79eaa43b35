"""Trim profiles: named page sizes with the margins and type designed for them."""

from __future__ import annotations

from dataclasses import dataclass

from samizdat.errors import SamizdatError
from samizdat.resources import data

MM_PER_PT = 25.4 / 72


@dataclass(frozen=True)
class Trim:
    name: str
    label: str
    width: float  # mm
    height: float
    top: float
    bottom: float
    inner: float
    outer: float
    font_size: float  # pt
    line_height: float
    note_size: float
    sheet: str

    @property
    def text_lines(self) -> int:
        """Whole lines of text the text block holds: its depth is a multiple of the leading."""
        depth = (self.height - self.top - self.bottom) / MM_PER_PT
        return int(depth / self.line_height + 0.001)

    @property
    def text_bottom(self) -> float:
        """The bottom margin (mm) that makes the text block a whole number of lines deep."""
        return self.height - self.top - self.text_lines * self.line_height * MM_PER_PT

    @property
    def size_pt(self) -> tuple[float, float]:
        return self.width / MM_PER_PT, self.height / MM_PER_PT


@dataclass(frozen=True)
class Sheet:
    name: str
    width: float  # mm, landscape
    height: float


def _data() -> dict:
    return data("trims")


def trim_names() -> list[str]:
    return [name for name in _data() if name != "sheets"]


def trim(name: str) -> Trim:
    if name not in trim_names():
        raise SamizdatError(f"unknown trim '{name}': known trims are {', '.join(trim_names())}")
    return Trim(name=name, **_data()[name])


def sheet(name: str) -> Sheet:
    return Sheet(name=name, **_data()["sheets"][name])
