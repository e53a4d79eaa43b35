"""Writing outputs safely and reproducibly.

An output is written to a temporary file beside its target and renamed over it
only when complete, so that a failed build leaves the previous output intact.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from samizdat.errors import SamizdatError


def build_time() -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else now; always UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError):
            raise SamizdatError(
                f"SOURCE_DATE_EPOCH is not a number of seconds: {epoch!r}"
            ) from None
    return datetime.now(UTC).replace(microsecond=0)


def ensure_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SamizdatError(f"cannot create the output folder: {exc.strerror}", folder) from None
    if not os.access(folder, os.W_OK):
        raise SamizdatError("the output folder is not writable", folder)


@contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """A temporary path to write to; renamed to `target` if the block succeeds."""
    ensure_folder(target.parent)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise SamizdatError(
            f"cannot write in the output folder: {exc.strerror}", target.parent
        ) from None
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    finally:
        if temp.exists():
            temp.unlink()


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A folder inside OUT to build every output in; moved into OUT only if all succeed.

    A build that fails half-way leaves every earlier output in OUT as it was.
    """
    ensure_folder(out)
    try:
        stage = Path(tempfile.mkdtemp(prefix=".samizdat-", dir=out))
    except OSError as exc:
        raise SamizdatError(f"cannot write in the output folder: {exc.strerror}", out) from None
    try:
        yield stage
        for path in sorted(stage.iterdir()):
            replace(path, out / path.name, stage)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def replace(path: Path, target: Path, scratch: Path) -> None:
    """os.replace, also for a folder (the web edition) over an older one of the same name."""
    if path.is_dir() and target.is_dir():
        os.replace(target, scratch / f".old-{target.name}")
    os.replace(path, target)


def write_atomically(target: Path, write: Callable[[Path], None]) -> Path:
    with atomic_output(target) as temp:
        write(temp)
    return target


def normalise_zip(source: Path, target: Path, when: datetime) -> None:
    """Re-pack an EPUB: mimetype first and stored, fixed entry times, same order."""
    stamp = when.timetuple()[:6]
    stamp = max(stamp, (1980, 1, 1, 0, 0, 0))
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        names = old.namelist()
        names.sort(key=lambda n: n != "mimetype")
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.create_system = 3
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
            new.writestr(info, old.read(name), compresslevel=9)
