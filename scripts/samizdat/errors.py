"""The one error type a user ever sees: where it happened and what to do."""

from __future__ import annotations

from pathlib import Path


class SamizdatError(Exception):
    """A problem with the input or the environment, reported as one line."""

    def __init__(self, message: str, file: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        return where + self.message
