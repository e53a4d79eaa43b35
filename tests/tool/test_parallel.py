"""Writers side by side in a forked process: the same files, errors reported as one line."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import FIXTURES, build
from samizdat import progress
from samizdat.errors import SamizdatError
from samizdat.print import parallel

FORKS = sys.platform == "linux" and (os.cpu_count() or 1) > 1
pytestmark = pytest.mark.skipif(not FORKS, reason="writes in order here")


@pytest.fixture(autouse=True)
def no_other_thread(monkeypatch, request):
    """A thread an earlier test left behind (a Dask cluster's, a browser driver's) would stop
    the fork these tests are about; they run as if this process had none."""
    if request.node.name != "test_no_fork_while_another_thread_runs":
        monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)


def test_both_groups_run_and_the_childs_lines_are_reported(tmp_path):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    out = Terminal()
    progress.enable(out)
    try:

        def there():
            with progress.stage("there") as stage:
                (tmp_path / "there").write_text("x")
                stage.done("done")

        parallel.side_by_side(lambda: (tmp_path / "here").write_text("x"), there)
    finally:
        progress.disable()
    assert (tmp_path / "here").exists() and (tmp_path / "there").exists()
    assert "samizdat: there: done (" in out.getvalue()


def test_an_error_in_the_child_is_raised_here():
    def there():
        raise SamizdatError("cannot write", "book.pdf")

    with pytest.raises(SamizdatError) as caught:
        parallel.side_by_side(lambda: None, there)
    assert str(caught.value) == "book.pdf: cannot write"

    def broken():
        raise ValueError("a bug")

    with pytest.raises(RuntimeError, match="ValueError: a bug"):
        parallel.side_by_side(lambda: None, broken)


def test_a_writer_failing_in_the_child_fails_the_build_and_moves_nothing(
    tmp_path, monkeypatch, capsys
):
    from samizdat.cli import main
    from samizdat.print import variants

    real = variants.write

    def failing(document, variant, target):
        if variant.name == "print":  # written in the forked process
            raise SamizdatError("the disk is full", target.name)
        return real(document, variant, target)

    monkeypatch.setattr(variants, "write", failing)
    book = str(FIXTURES / "notes-book")
    code = main(["build", book, "-o", str(tmp_path), "--print-ready", "--layout", "one-pass"])
    err = capsys.readouterr().err
    assert code == 1 and err == "samizdat: error: notes-book-print.pdf: the disk is full\n"
    assert [p for p in tmp_path.iterdir()] == []


def test_a_part_written_in_the_background_that_fails_fails_the_build(
    tmp_path, monkeypatch, capsys
):
    """By sections, each part's PDFs are written in a forked process (in_background)
    while the next part is laid out: its error is the build's, and nothing is moved."""
    from samizdat.cli import main
    from samizdat.print import parts

    monkeypatch.setenv("SAMIZDAT_CACHE", str(tmp_path / "cache"))
    real = parts.write_bytes
    parent = os.getpid()

    def failing(edition, variant):
        if os.getpid() != parent and edition.page_count > 3:  # a section's, in the child
            raise SamizdatError("the disk is full", "part.pdf")
        return real(edition, variant)

    monkeypatch.setattr(parts, "write_bytes", failing)
    out = tmp_path / "out"
    code = main(["build", str(FIXTURES / "notes-book"), "-o", str(out), "--layout", "sections"])
    err = capsys.readouterr().err
    assert code == 1 and err == "samizdat: error: part.pdf: the disk is full\n"
    assert not out.exists() or list(out.iterdir()) == []
    monkeypatch.setattr(parts, "write_bytes", real)  # the parts kept before are whole
    assert main(["build", str(FIXTURES / "notes-book"), "-o", str(out), "-q"]) == 0
    assert (out / "notes-book.pdf").exists()


def test_side_by_side_and_in_order_give_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(FIXTURES / "notes-book", tmp_path / "forked", "--booklet", "--print-ready")
    monkeypatch.setenv(parallel.JOBS_ENV, "1")
    build(FIXTURES / "notes-book", tmp_path / "in-order", "--booklet", "--print-ready")
    forked, in_order = tmp_path / "forked", tmp_path / "in-order"
    names = sorted(str(p.relative_to(forked)) for p in forked.rglob("*") if p.is_file())
    assert names == sorted(str(p.relative_to(in_order)) for p in in_order.rglob("*") if p.is_file())
    assert "notes-book-web/index.html" in names  # the web edition too
    for name in names:
        assert (forked / name).read_bytes() == (in_order / name).read_bytes(), name


def test_no_fork_while_another_thread_runs(monkeypatch):
    """A thread holding a lock at fork() would leave it locked in the child, which hangs."""
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.can_fork()
        monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
        assert parallel.can_fork()  # the thread is what stops it
    finally:
        stop.set()
        thread.join()


def test_in_background_returns_the_value_and_raises_the_error_of_its_process(tmp_path):
    parent = os.getpid()
    pending = parallel.in_background(lambda: {"pid": os.getpid(), "data": b"%PDF"})
    assert pending.result() == {"pid": pending.result()["pid"], "data": b"%PDF"}
    assert pending.result()["pid"] != parent  # made in another process

    def fails():
        raise SamizdatError("the disk is full", "part.pdf")

    with pytest.raises(SamizdatError, match="part.pdf: the disk is full"):
        parallel.in_background(fails).result()
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        parallel.in_background(lambda: 1 / 0).result()
    dropped = parallel.in_background(lambda: b"unused")
    channel = dropped.channel
    assert channel is not None and channel.parent == Path(tempfile.gettempdir())
    dropped.discard()  # waited for, its value never read, its file removed
    assert dropped.status is not None and not channel.exists()


def test_in_background_without_fork_works_here(monkeypatch):
    monkeypatch.setenv(parallel.JOBS_ENV, "1")
    assert parallel.in_background(os.getpid).result() == os.getpid()
