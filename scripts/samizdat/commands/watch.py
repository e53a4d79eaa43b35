"""Rebuild a manuscript each time it is saved, until Ctrl-C.

The book is built once, then again after every save in the manuscript folder
(chapters, book.toml, images, style.css, the register and the ignore file),
with the options of `samizdat build`. Each rebuild is one line: what changed
and how long it took, or the build's one-line error. A build that fails
(lint errors included) moves nothing into the output folder, so the last good
outputs stay as they were until the manuscript builds again.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from samizdat.commands import build as build_command
from samizdat.errors import SamizdatError

NAME = "watch"
HELP = "rebuild the book each time the manuscript is saved"
NAMES_SHOWN = 3  # a longer list of changed files is cut to this many and a count


def arguments(parser: argparse.ArgumentParser) -> None:
    build_command.arguments(parser, progress_by_default=False)


def say(line: str, stream=None) -> None:
    stream = stream or sys.stdout
    stream.write(f"samizdat: {line}\n")
    stream.flush()


def settings() -> dict:
    from samizdat.resources import data

    return data("watch")


def watch_filter(root: Path, out: Path):
    """watchfiles' default filter, plus editors' temporary files and the output folder
    when it lies inside the manuscript folder."""
    from watchfiles import DefaultFilter

    inside = out.resolve().is_relative_to(root.resolve())
    return DefaultFilter(
        ignore_entity_patterns=(*DefaultFilter.ignore_entity_patterns, *settings()["ignore"]),
        ignore_paths=(out.resolve(),) if inside else (),
    )


def changed(changes: set[tuple[object, str]], root: Path) -> str:
    """'01-a.md changed', '01-a.md and images/b.png changed', '5 files changed (…)'."""
    from samizdat.model import join_names

    base = os.path.abspath(root)
    names = sorted(
        {Path(os.path.relpath(os.path.abspath(path), base)).as_posix() for _, path in changes}
    )
    if len(names) > NAMES_SHOWN:
        return f"{len(names)} files changed ({', '.join(names[:NAMES_SHOWN])}, …)"
    return f"{join_names(names)} changed"


def rebuild(args: argparse.Namespace, what: str, first: bool = False) -> bool:
    """One build, reported in one line; False if it failed (the outputs are then untouched)."""
    from samizdat import progress
    from samizdat.errors import failure

    start = time.perf_counter()
    if args.progress:
        progress.enable(sys.stderr, always=True)
    try:
        build_command.build(args)
    except Exception as exc:  # a broken manuscript (or a bug): said, and the watch goes on
        line, _ = failure(exc)
        say(f"{what}: {line} ({args.output}/ kept as it was)", sys.stderr)
        return False
    finally:
        progress.disable()
    done = "built" if first else "rebuilt"
    say(f"{what}: {done} in {time.perf_counter() - start:.1f} s")
    return True


def run(args: argparse.Namespace) -> int:
    from watchfiles import watch

    build_command.check_options(args)
    root, out = args.manuscript, args.output
    if not root.is_dir():
        raise SamizdatError("manuscript folder not found", root)
    if out.resolve() == root.resolve():
        raise SamizdatError("the output folder is the manuscript folder: choose another", out)
    rules = settings()
    batches = watch(
        root,
        watch_filter=watch_filter(root, out),
        step=rules["quiet_ms"],
        debounce=rules["most_ms"],
        rust_timeout=rules["wake_ms"],
        yield_on_timeout=True,  # an empty batch when nothing changed: the watcher has started
        raise_interrupt=False,  # Ctrl-C while waiting ends the loop
    )
    try:
        next(batches, None)  # from here on no save is missed, even during the first build
        say(f"watching {root}/, building into {out}/ (Ctrl-C to stop)")
        rebuild(args, "first build", first=True)
        for batch in batches:
            if batch:
                rebuild(args, changed(batch, root))
    except KeyboardInterrupt:  # during a build: it is abandoned, nothing moved into place
        pass
    say("stopped watching")
    return 0
