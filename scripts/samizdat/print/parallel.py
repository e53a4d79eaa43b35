"""Writers in a forked process, sharing the laid-out pages through fork().

WeasyPrint's laid-out pages cannot be sent to another process (they hold
Pango objects), but a process forked once the book is laid out has them all,
copy-on-write. `side_by_side(here, there)` runs `there` in such a child while
this process runs `here`, then reports the child's progress lines and errors
as its own: an error in either stops the build as usual (the staging folder
is never moved into place). `in_background(work)` runs `work` in such a
child while this process goes on (a part of a book written as PDF while the
next part is laid out, print/sections.py); its value comes back pickled.

Only on Linux, with more than one CPU, unless SAMIZDAT_JOBS=1, and only while
this process runs no other Python thread; everywhere else the two groups run
one after the other in this process. A thread holding a lock (fontconfig's,
say: a catalogue's thread pool, a test runner's) at the moment of fork()
leaves it locked for ever in the child, which then hangs. `samizdat watch`
has one native thread, watchfiles' own (Rust, blocked on inotify), which the
child never touches.
"""

from __future__ import annotations

import json
import os
import pickle
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from samizdat import progress
from samizdat.errors import SamizdatError

JOBS_ENV = "SAMIZDAT_JOBS"
T = TypeVar("T")


def can_fork() -> bool:
    return (
        sys.platform == "linux"
        and (os.cpu_count() or 1) > 1
        and os.environ.get(JOBS_ENV, "") != "1"
        and threading.active_count() == 1
    )


def side_by_side(here: Callable[[], None], there: Callable[[], None]) -> None:
    if not can_fork():
        here()
        there()
        return
    sys.stdout.flush()
    sys.stderr.flush()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run `there`, report, and never return
        os.close(read)
        code, report = 0, {}
        try:
            with progress.captured() as lines:
                there()
            report = {"lines": lines}
        except SamizdatError as exc:
            code, report = 1, {"error": str(exc)}
        except BaseException as exc:  # reported to the parent, which raises
            code, report = 70, {"internal": f"{type(exc).__name__}: {exc}"}
        try:
            with os.fdopen(write, "w", encoding="utf-8") as channel:
                json.dump(report, channel)
        finally:
            os._exit(code)
    os.close(write)
    try:
        here()
    finally:
        with os.fdopen(read, encoding="utf-8") as channel:
            received = channel.read()
        _, status = os.waitpid(pid, 0)
    report = json.loads(received) if received else {}
    for line in report.get("lines", []):
        progress.line(line)
    if "error" in report:
        raise SamizdatError(report["error"])
    if "internal" in report or os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(report.get("internal", "a writer process died"))


class Pending(Generic[T]):
    """What a function returns, once its forked process has returned it (in_background)."""

    def __init__(self, pid: int = 0, channel: Path | None = None, value=None):
        self.pid, self.channel, self.value = pid, channel, value
        self.status: int | None = None if pid else 0

    def finished(self) -> None:
        """Wait for the process, not yet for what it returned."""
        if self.status is None:
            _, self.status = os.waitpid(self.pid, 0)

    def discard(self) -> None:
        """Wait for the process and drop what it returned (the build stopped)."""
        self.finished()
        if self.channel is not None:
            self.channel.unlink(missing_ok=True)
            self.channel = None

    def result(self) -> T:
        if self.channel is not None:
            self.finished()
            channel, self.channel = self.channel, None
            try:
                report = pickle.loads(channel.read_bytes())
            except (OSError, EOFError, pickle.UnpicklingError):
                report = {}
            finally:
                channel.unlink(missing_ok=True)
            if "error" in report:
                raise SamizdatError(report["error"])
            if "value" not in report or os.waitstatus_to_exitcode(self.status) != 0:
                raise RuntimeError(report.get("internal", "a writer process died"))
            self.value = report["value"]
        return self.value


_RUNNING: deque[Pending] = deque()  # in_background()'s processes, oldest first


def in_background(work: Callable[[], T]) -> Pending[T]:
    """`work()` in a forked process while this one goes on; its value comes back pickled.

    For work whose inputs are already made (a laid-out part written as PDF
    while the next part is laid out): one process per spare CPU at a time, the
    oldest waited for before another starts. Where fork() cannot be used
    (can_fork), the work is done here and now.
    """
    if not can_fork():
        return Pending(value=work())
    while len(_RUNNING) >= max(1, (os.cpu_count() or 1) - 1):
        _RUNNING.popleft().finished()
    handle, name = tempfile.mkstemp(prefix="samizdat-", suffix=".pickle")
    os.close(handle)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: work, report, and never return
        code = 0
        try:
            report = {"value": work()}
        except SamizdatError as exc:
            code, report = 1, {"error": str(exc)}
        except BaseException as exc:  # reported to the parent, which raises
            code, report = 70, {"internal": f"{type(exc).__name__}: {exc}"}
        try:
            Path(name).write_bytes(pickle.dumps(report))
        finally:
            os._exit(code)
    pending: Pending[T] = Pending(pid, Path(name))
    _RUNNING.append(pending)
    return pending
