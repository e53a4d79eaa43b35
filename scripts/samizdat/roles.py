"""The kinds of section a book has, from data/roles.toml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from samizdat.resources import data


@dataclass(frozen=True)
class Role:
    name: str
    epub_type: str
    aria_role: str
    matter: str


@cache
def section_roles() -> dict[str, Role]:
    table = data("roles")
    return {name: Role(name, **fields) for name, fields in table.items()}
