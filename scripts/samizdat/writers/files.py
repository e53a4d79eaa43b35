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
            seconds = int(epoch)
        except ValueError:
            raise SamizdatError(
                f"SOURCE_DATE_EPOCH is not a number of seconds: {epoch[:40]!r}"
            ) from None
        if not ZIP_EPOCHS[0] <= seconds <= ZIP_EPOCHS[1]:
            raise SamizdatError(
                f"SOURCE_DATE_EPOCH {seconds} is outside 1980–2107, the dates a zip file can hold"
            )
        return datetime.fromtimestamp(seconds, UTC)
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


STAGE_PREFIX = ".samizdat-"
JOURNAL = ".moving"  # written before the outputs are moved into OUT
# The first and last seconds a zip entry's date can hold (1980-01-01, 2107-12-31).
ZIP_EPOCHS = (315_532_800, 4_354_819_199)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(out: Path) -> None:
    """Staging folders of builds that were killed: roll back a half-done move, then remove."""
    for stage in out.glob(f"{STAGE_PREFIX}*"):
        parts = stage.name[len(STAGE_PREFIX) :].split("-")
        if not stage.is_dir() or not parts[0].isdigit() or alive(int(parts[0])):
            continue
        journal = stage / JOURNAL
        if journal.is_file():
            for name in journal.read_text(encoding="utf-8").split("\n"):
                if not name:
                    continue
                backup = stage / f".old-{name}"
                if backup.exists():
                    _remove(out / name)
                    os.replace(backup, out / name)
                elif (stage / name).exists():
                    continue  # never moved: the old output is still in place
                else:
                    _remove(out / name)  # a new output of the killed build
        shutil.rmtree(stage, ignore_errors=True)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A folder inside OUT to build every output in; moved into OUT only if all succeed.

    All or nothing: every output is checked to be replaceable first; the old
    outputs are kept aside until every new one is in place, and put back if a
    move fails. A build killed half-way is rolled back by the next build (the
    journal says what was being moved), and its staging folder removed.
    """
    ensure_folder(out)
    clean_stale(out)
    try:
        stage = Path(tempfile.mkdtemp(prefix=f"{STAGE_PREFIX}{os.getpid()}-", dir=out))
    except OSError as exc:
        raise SamizdatError(f"cannot write in the output folder: {exc.strerror}", out) from None
    try:
        yield stage
        commit(stage, out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def commit(stage: Path, out: Path) -> None:
    names = sorted(p.name for p in stage.iterdir() if not p.name.startswith("."))
    for name in names:
        target = out / name
        if target.exists() and target.is_dir() != (stage / name).is_dir():
            kind = "a folder" if target.is_dir() else "a file"
            raise SamizdatError(f"cannot replace {kind} with the new output", target)
    (stage / JOURNAL).write_text("\n".join(names), encoding="utf-8")
    done: list[str] = []
    try:
        for name in names:
            target = out / name
            if target.exists() or target.is_symlink():
                os.replace(target, stage / f".old-{name}")
            os.replace(stage / name, target)
            done.append(name)
    except OSError as exc:
        for name in reversed(done):
            _remove(out / name)
        for name in names:
            backup = stage / f".old-{name}"
            if backup.exists():
                os.replace(backup, out / name)
        raise SamizdatError(f"cannot move the outputs into place: {exc.strerror}", out) from None


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
