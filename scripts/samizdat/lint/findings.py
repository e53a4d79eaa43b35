"""A finding of the linter, and the codes it can have (data/lint_codes.toml)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from samizdat.resources import data


@dataclass(frozen=True)
class Code:
    code: str
    group: str
    severity: str
    summary: str
    quoted: bool = True  # checked in documents marked quoted


@cache
def codes() -> dict[str, Code]:
    table = data("lint_codes")
    return {code: Code(code, **fields) for code, fields in table.items()}


@dataclass(frozen=True)
class Finding:
    file: Path
    line: int
    column: int
    code: str
    message: str
    override: str = ""  # the book's own severity for this code ([lint] severity)

    @property
    def severity(self) -> str:
        return self.override or codes()[self.code].severity

    def format(self, base: Path | None = None) -> str:
        file = self.file
        if base is not None:
            with contextlib.suppress(ValueError):
                file = self.file.relative_to(base)
        return f"{file}:{self.line}:{self.column}: {self.code} {self.severity}: {self.message}"
