"""Two groups of writers side by side, sharing the laid-out pages through fork().

WeasyPrint's laid-out pages cannot be sent to another process (they hold
Pango objects), but a process forked once the book is laid out has them all,
copy-on-write. `side_by_side(here, there)` runs `there` in such a child while
this process runs `here`, then reports the child's progress lines and errors
as its own: an error in either stops the build as usual (the staging folder
is never moved into place).

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
import sys
import threading
from collections.abc import Callable

from samizdat import progress
from samizdat.errors import SamizdatError

JOBS_ENV = "SAMIZDAT_JOBS"


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
