"""What a build says while it works: one line per stage on stderr, files on stdout."""

from __future__ import annotations

import io
import re
import subprocess
import sys

from conftest import FIXTURES
from samizdat import progress

STAGES = ("lint", "load", "layout", "epub", "pdf: reading")


def build(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "samizdat", "build", str(FIXTURES / "notes-book"), *args],
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_off_a_terminal_progress_is_off_unless_asked(tmp_path):
    result = build("-o", str(tmp_path / "a"))
    assert result.returncode == 0 and result.stderr == ""  # as git does
    assert all(line.startswith("wrote ") for line in result.stdout.splitlines())


def test_asked_for_off_a_terminal_each_stage_is_one_whole_line(tmp_path):
    result = build("-o", str(tmp_path), "--progress")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert "\r" not in result.stderr and "\x1b" not in result.stderr
    assert all(line.startswith("samizdat: ") for line in lines)
    for stage in STAGES:
        assert any(line.startswith(f"samizdat: {stage}") for line in lines), stage
    stage_lines = [ln for ln in lines if ln.split(":")[1].strip() in ("lint", "load", "layout")]
    assert stage_lines and all(re.search(r" \(\d+\.\d s\)$", ln) for ln in stage_lines)
    assert all(line.startswith("wrote ") for line in result.stdout.splitlines())


def test_pdf_only_writes_no_epub(tmp_path):
    result = build("-o", str(tmp_path / "a"), "--pdf-only")
    assert result.returncode == 0
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["notes-book.pdf"]
    result = build("-o", str(tmp_path / "b"), "--pdf-only", "--booklet")
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == [
        "notes-book-booklet.pdf",
        "notes-book-cover.pdf",
        "notes-book.pdf",
    ]


def test_an_error_stays_one_line_after_progress_lines(tmp_path):
    (tmp_path / "m").mkdir()
    for f in (FIXTURES / "notes-book").iterdir():
        if f.is_file():
            (tmp_path / "m" / f.name).write_bytes(f.read_bytes())
    chapter = sorted((tmp_path / "m").glob("*.md"))[0]
    chapter.write_text(chapter.read_text() + "\n<script>alert(1)</script>\n")
    result = subprocess.run(
        [sys.executable, "-m", "samizdat", "build", str(tmp_path / "m"), "-o", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("samizdat: error:")


def test_epub_only_and_pdf_only_exclude_each_other(tmp_path):
    result = build("-o", str(tmp_path), "--epub-only", "--pdf-only")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    result = build("-o", str(tmp_path / "out"), "--epub-only", "--print-ready")
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "--epub-only" in result.stderr and not (tmp_path / "out").exists()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_quiet_is_silent_even_on_a_terminal(monkeypatch, tmp_path):
    from samizdat.cli import main

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["build", str(FIXTURES / "notes-book"), "-o", str(tmp_path), "--quiet"]) == 0
    assert terminal.getvalue() == ""


def test_on_a_terminal_the_stage_under_way_is_rewritten_in_place():
    out = Terminal()
    progress.enable(out)
    try:
        with progress.stage("layout") as stage:
            stage.update("page 1")
            stage.update("page 2")
            stage.done("2 pages")
    finally:
        progress.disable()
    text = out.getvalue()
    assert "\r\x1b[K" + "samizdat: layout: page 2" in text
    assert text.endswith("samizdat: layout: 2 pages (0.0 s)\n")


def test_as_a_library_samizdat_says_nothing(capsys):
    with progress.stage("layout") as stage:
        stage.done("2 pages")
    progress.say("hello")
    assert capsys.readouterr().err == ""
