"""`samizdat watch`: a rebuild after each save, the last good outputs kept when a save
breaks the book, Ctrl-C an ordinary end.

The watch runs as a user runs it, in a process of its own, on a copy of the
general-book fixture with --epub-only (quick), its output folder inside the
manuscript folder (so that a watch that saw its own outputs would never stop
rebuilding). Every wait is for a line, with a generous time limit: nothing
here measures speed.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

from conftest import FIXTURES
from helpers import samizdat
from samizdat.commands.watch import changed, watch_filter

WAIT = 180  # seconds: a slow, shared machine, never a measure of speed
CHAPTER = "01-pictures.md"
BROKEN = "02-verse-and-code.md"


class Watch:
    """A `samizdat watch` process whose stdout and stderr are read line by line."""

    def __init__(self, *args: str):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "samizdat", "watch", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[tuple[str, str]] = queue.Queue()
        self.seen: list[tuple[str, str]] = []
        self.readers = [
            threading.Thread(target=self.read, args=(name, getattr(self.process, name)))
            for name in ("stdout", "stderr")
        ]
        for reader in self.readers:
            reader.start()

    def read(self, name: str, stream) -> None:
        for line in stream:
            self.lines.put((name, line.rstrip("\n")))

    def next_line(self, pattern: str) -> tuple[str, str]:
        """The next line that matches `pattern`, and the stream it came on."""
        while True:
            try:
                stream, line = self.lines.get(timeout=WAIT)
            except queue.Empty:
                pytest.fail(f"no line matching {pattern!r} in {WAIT} s; seen: {self.seen}")
            self.seen.append((stream, line))
            if re.search(pattern, line):
                return stream, line

    def interrupt(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=WAIT)

    def stop(self) -> list[tuple[str, str]]:
        """Every line it wrote, once it has ended (killed if it had not)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for reader in self.readers:
            reader.join(timeout=WAIT)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return self.seen


def outputs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def epub_text(epub: Path) -> str:
    with zipfile.ZipFile(epub) as zf:
        return "".join(zf.read(n).decode() for n in zf.namelist() if n.endswith(".xhtml"))


@pytest.fixture
def folder(tmp_path) -> Path:
    return Path(shutil.copytree(FIXTURES / "general-book", tmp_path / "m"))


def test_a_save_rebuilds_a_broken_one_keeps_the_outputs_and_ctrl_c_ends(folder):
    out = folder / "build"
    epub = out / "general-book.epub"
    watch = Watch(str(folder), "-o", str(out), "--epub-only")
    try:
        stream, line = watch.next_line(r"first build: built in [\d.]+ s$")
        assert stream == "stdout"
        assert "Ancient Vows" not in epub_text(epub)

        # A save: rebuilt, and the line names the file. Editors' temporary files
        # written beside it are no change of the manuscript.
        (folder / f".{CHAPTER}.swp").write_bytes(b"swap")
        (folder / "4913").write_text("")
        chapter = folder / CHAPTER
        chapter.write_text(chapter.read_text() + "\nThe press was called Ancient Vows.\n")
        stream, line = watch.next_line(r"changed")
        assert (stream, line) == ("stdout", line)
        assert re.fullmatch(rf"samizdat: {re.escape(CHAPTER)} changed: rebuilt in [\d.]+ s", line)
        assert "The press was called Ancient Vows." in epub_text(epub)
        good = outputs(out)

        # A note called and never written: one line naming the file and line, nothing moved.
        broken = folder / BROKEN
        text = broken.read_text()
        broken.write_text(text + "\nA call with no note.[^missing]\n")
        line_number = len(text.splitlines()) + 2
        stream, line = watch.next_line(r"changed")
        assert stream == "stderr"
        assert f"{BROKEN} changed: error: " in line
        assert f"{BROKEN}:{line_number}:" in line and "[^missing]" in line
        assert outputs(out) == good, watch.seen

        # Fixed: built again.
        broken.write_text(text)
        watch.next_line(rf"{re.escape(BROKEN)} changed: rebuilt in")
        good = outputs(out)

        # A book.toml that is no TOML: the same.
        book = folder / "book.toml"
        metadata = book.read_text()
        book.write_text(metadata.replace('publisher = "Fixture Press"', "publisher = = 1"))
        stream, line = watch.next_line(r"changed")
        assert stream == "stderr" and "book.toml changed: error: " in line
        assert re.search(r"book\.toml:6:(\d+:)? .*malformed TOML", line), line
        assert outputs(out) == good, watch.seen
        book.write_text(metadata.replace("The Press at Work", "The Press at Rest"))
        watch.next_line(r"book\.toml changed: rebuilt in")
        assert "The Press at Rest" in epub_text(epub)

        assert watch.interrupt() == 0
    finally:
        seen = watch.stop()
    assert seen[-1] == ("stdout", "samizdat: stopped watching")
    assert not [line for _, line in seen if "Traceback" in line or "internal error" in line]
    # The outputs inside the manuscript folder never set off a build of their own.
    said = [line.partition(" changed: ")[0] for _, line in seen if " changed: " in line]
    names = (CHAPTER, BROKEN, BROKEN, "book.toml", "book.toml")
    assert said == [f"samizdat: {name}" for name in names]


def test_options_that_cannot_be_met_stop_it_at_once(folder, tmp_path):
    for args, message in (
        (["--epub-only", "--booklet"], "--booklet and --print-ready are print files"),
        (["--trim", "folio"], "folio"),
        (["-o", str(folder)], "the output folder is the manuscript folder"),
    ):
        extra = [] if "-o" in args else ["-o", str(tmp_path / "out")]
        result = samizdat("watch", str(folder), *extra, *args)
        assert result.returncode == 1, result.stderr
        assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    result = samizdat("watch", str(tmp_path / "nowhere"))
    assert result.returncode == 1 and "manuscript folder not found" in result.stderr


@pytest.mark.parametrize(
    "name", [".01-a.md.swp", "01-a.md~", "#01-a.md#", ".#01-a.md", "4913", ".goutputstream-X1"]
)
def test_editors_temporary_files_are_ignored(name, tmp_path):
    keep = watch_filter(tmp_path, tmp_path.parent / "elsewhere")
    assert not keep(None, str(tmp_path / name))
    assert keep(None, str(tmp_path / "01-a.md"))


def test_an_output_folder_inside_the_manuscript_is_ignored(tmp_path):
    keep = watch_filter(tmp_path, tmp_path / "build")
    assert not keep(None, str(tmp_path / "build" / "fixture.epub"))
    assert keep(None, str(tmp_path / "images" / "a.png"))


def test_what_changed_is_said_in_a_few_words(tmp_path):
    def paths(*names: str) -> set[tuple[None, str]]:
        return {(None, os.path.join(tmp_path, n)) for n in names}

    assert changed(paths("01-a.md"), tmp_path) == "01-a.md changed"
    assert changed(paths("b.md", "images/a.png"), tmp_path) == "b.md and images/a.png changed"
    many = changed(paths(*(f"{n:02}.md" for n in range(5))), tmp_path)
    assert many == "5 files changed (00.md, 01.md, 02.md, …)"
