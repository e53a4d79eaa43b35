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


def failure(exc: Exception) -> tuple[str, int]:
    """What stops a command, as the one line it prints (without "samizdat: ") and its exit
    code: the user's problem (1) with its place, or a bug (70), never a traceback."""
    if isinstance(exc, SamizdatError):
        return f"error: {exc}", 1
    if isinstance(exc, OSError):  # a full disk, a folder that went away: the file and the reason
        where = f"{exc.filename}: " if exc.filename else ""
        return f"error: {where}{exc.strerror or exc}", 1
    return f"internal error: {type(exc).__name__}: {exc}", 70
