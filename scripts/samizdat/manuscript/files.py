"""The one way samizdat reads a file of the manuscript: inside the folder, checked as opened.

A manuscript may come from anyone. Every file is opened once; the file that
was opened (not the name that was asked for) must be a regular file inside
the manuscript folder, and what is read is read from that open file. A
symlink to /etc/passwd, or a file swapped for one between a check and a
read, is refused with one line naming the file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from samizdat.errors import SamizdatError
from samizdat.resources import data


def limit(name: str) -> int:
    return data("limits")[name]


def opened_path(fd: int, asked: Path) -> Path:
    """The real path of an open file: /proc/self/fd on Linux, else the resolved name."""
    proc = Path(f"/proc/self/fd/{fd}")
    try:
        return Path(os.readlink(proc))
    except OSError:
        resolved = asked.resolve()
        if os.stat(resolved).st_ino != os.fstat(fd).st_ino:
            raise SamizdatError("the file changed while it was read", asked) from None
        return resolved


def read_inside(root: Path, path: Path, most: int, what: str = "file") -> bytes:
    """The bytes of `path`, a regular file inside `root`, at most `most` of them."""
    root = Path(root).resolve()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise SamizdatError(f"{what} not found", path) from None
    except OSError as exc:
        raise SamizdatError(f"cannot read the {what}: {exc.strerror}", path) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SamizdatError(f"the {what} is not a regular file", path)
        real = opened_path(fd, path)
        if not real.is_relative_to(root):
            raise SamizdatError(f"the {what} is outside the manuscript folder", path)
        if info.st_size > most:
            raise SamizdatError(
                f"the {what} is too large ({info.st_size:,} bytes; at most {most:,})", path
            )
        chunks, total = [], 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            total += len(chunk)
            if total > most:
                raise SamizdatError(f"the {what} is too large (at most {most:,} bytes)", path)
        return b"".join(chunks)
    except OSError as exc:
        raise SamizdatError(f"cannot read the {what}: {exc.strerror}", path) from None
    finally:
        os.close(fd)
