"""What each book was last built from, kept in OUT/.samizdat-catalog.json.

A book's key is a hash of every file of its manuscript folder (names and
bytes), of samizdat itself (its version and the files of the package and the
house styles, so that a new samizdat rebuilds every book) and of the build
options. A book whose key is unchanged and whose outputs are all in place is
not built again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from samizdat import __version__

STATE_FILE = ".samizdat-catalog.json"
FORMAT = 1


def folder_digest(root: Path, skip=lambda p: False) -> str:
    """A hash of every regular file under root: its path relative to root and its bytes."""
    digest = hashlib.sha256()
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__" and not d.startswith("."))
        for name in filenames:
            path = Path(dirpath) / name
            if name.startswith(".") or name.endswith(".pyc") or skip(path):
                continue
            files.append(path)
    for path in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        if path.is_symlink():  # the build refuses links out; hash what it is told
            digest.update(b"link:" + os.readlink(path).encode())
        else:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@functools.cache
def tool_digest() -> str:
    """samizdat's version and its own files: a change to samizdat rebuilds every book."""
    from samizdat.resources import PACKAGE_DIR, STYLES_DIR

    digest = hashlib.sha256(f"samizdat {__version__}\0".encode())
    digest.update(folder_digest(PACKAGE_DIR).encode())
    if STYLES_DIR.is_dir():
        digest.update(folder_digest(STYLES_DIR).encode())
    return digest.hexdigest()


def book_key(folder: Path, arguments: list[str], epoch: str | None) -> str:
    digest = hashlib.sha256()
    digest.update(folder_digest(folder).encode())
    digest.update(tool_digest().encode())
    digest.update(json.dumps({"build": arguments, "epoch": epoch}).encode())
    return digest.hexdigest()


def load_state(out: Path) -> dict[str, Any]:
    try:
        data = json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"format": FORMAT, "books": {}, "files": []}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {"format": FORMAT, "books": {}, "files": []}
    data.setdefault("books", {})
    data.setdefault("files", [])
    return data


def save_state(out: Path, state: dict[str, Any]) -> None:
    path = out / STATE_FILE
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(json.dumps(state, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(temp, path)
