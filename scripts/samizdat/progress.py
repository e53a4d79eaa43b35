"""What a build is doing, on stderr: one line per stage.

Each stage ends with one line, `samizdat: STAGE: RESULT (SECONDS s)`. As git
does, progress is shown when stderr is a terminal, and not otherwise (a pipe,
a log, CI, a test) unless asked for (`samizdat build --progress`): then only
the finished lines are written, whole, with no carriage return or escape
code. On a terminal the stage under way is shown on the last line and
rewritten in place as it advances (the pages laid out so far). Off unless a
command turns it on, so that samizdat used as a library writes nothing; and
an error stays one line wherever progress is off.
"""

from __future__ import annotations

import io
import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

_out: TextIO | None = None
_tty = False
_current: str = ""  # the stage under way, as shown on a terminal


def enable(stream: TextIO | None = None, always: bool = False) -> None:
    """Report to `stream` (stderr) if it is a terminal, or `always`."""
    global _out, _tty
    stream = stream or sys.stderr
    tty = bool(getattr(stream, "isatty", lambda: False)())
    if tty or always:
        _out, _tty = stream, tty


def disable() -> None:
    global _out, _current
    _clear()
    _out, _current = None, ""


def _clear() -> None:
    if _out is not None and _tty and _current:
        _out.write("\r\033[K")
        _out.flush()


def _show(text: str) -> None:
    global _current
    if _out is not None and _tty:
        _out.write("\r\033[K" + text)
        _out.flush()
        _current = text


def line(text: str) -> None:
    """A whole line, written above the stage under way (if any)."""
    if _out is None:
        return
    _clear()
    _out.write(f"{text}\n")
    _out.flush()
    if _tty and _current:
        _show(_current)


def say(text: str) -> None:
    """A line of its own (e.g. a one-time cost being paid), in the middle of a stage."""
    line(f"samizdat: {text}")


@contextmanager
def captured() -> Iterator[list[str]]:
    """Finished lines kept, not written, for another process to write (print/parallel.py)."""
    global _out, _tty, _current
    lines: list[str] = []
    if _out is None:
        yield lines
        return
    saved = _out, _tty, _current
    buffer = io.StringIO()
    _out, _tty, _current = buffer, False, ""
    try:
        yield lines
    finally:
        lines.extend(buffer.getvalue().splitlines())
        _out, _tty, _current = saved


class Stage:
    def __init__(self, name: str):
        self.name = name
        self.result = ""
        self.start = time.perf_counter()

    def update(self, detail: str) -> None:
        _show(f"samizdat: {self.name}: {detail}")

    def done(self, result: str) -> None:
        self.result = result


class _PageLog(logging.Handler):
    """WeasyPrint's progress log ('Step 5 - Creating layout - Page 12') as a page count."""

    def __init__(self, stage: Stage):
        super().__init__(logging.INFO)
        self.stage = stage

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "Creating layout - Page" in message:
            self.stage.update(message.rsplit(" - ", 1)[1].lower())


@contextmanager
def stage(name: str, pages: bool = False) -> Iterator[Stage]:
    """Report a stage: shown while under way on a terminal, one line when done.

    `pages`: follow WeasyPrint's layout page by page (on a terminal only).
    """
    global _current
    current = Stage(name)
    _show(f"samizdat: {name}…")
    logger = logging.getLogger("weasyprint.progress")
    handler = None
    if pages and _out is not None and _tty:
        handler = _PageLog(current)
        saved = logger.level, logger.propagate
        logger.setLevel(logging.INFO)
        logger.propagate = False
        logger.addHandler(handler)
    try:
        yield current
    except BaseException:
        _clear()
        _current = ""
        raise
    finally:
        if handler is not None:
            logger.removeHandler(handler)
            logger.setLevel(saved[0])
            logger.propagate = saved[1]
    _clear()
    _current = ""
    if _out is not None:
        seconds = time.perf_counter() - current.start
        result = f": {current.result}" if current.result else ""
        _out.write(f"samizdat: {name}{result} ({seconds:.1f} s)\n")
        _out.flush()


@contextmanager
def unreported() -> Iterator[Stage]:
    """A stage that writes nothing: a step inside a stage that reports for it."""
    yield Stage("")
