"""The kinds of section a book has, from data/roles.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

from samizdat.resources import DATA_DIR


@dataclass(frozen=True)
class Role:
    name: str
    epub_type: str
    aria_role: str
    matter: str


@cache
def section_roles() -> dict[str, Role]:
    with open(DATA_DIR / "roles.toml", "rb") as f:
        data = tomllib.load(f)
    return {name: Role(name, **fields) for name, fields in data.items()}
