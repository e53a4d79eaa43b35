"""Reproducible builds: with SOURCE_DATE_EPOCH set, the same input gives the same bytes."""

from __future__ import annotations

import hashlib
import os

from conftest import FIXTURES
from helpers import samizdat


def hashes(folder) -> dict[str, str]:
    """Every file of a build, the web edition's folder included, by its path in OUT."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_builds_in_two_processes_are_byte_identical(tmp_path):
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    results = []
    for run in ("first", "second"):
        out = tmp_path / run
        result = samizdat(
            "build",
            str(FIXTURES / "general-book"),
            "-o",
            str(out),
            "--booklet",
            "--print-ready",
            env=env,
        )
        assert result.returncode == 0, result.stderr
        results.append(hashes(out))
    assert {name for name in results[0] if "/" not in name} == {
        "general-book.epub",
        "general-book.pdf",
        "general-book-booklet.pdf",
        "general-book-print.pdf",
        "general-book-cover.pdf",
    }
    assert "general-book-web/index.html" in results[0]
    assert results[0] == results[1]


def test_the_epub_carries_the_source_date(tmp_path):
    import zipfile

    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    result = samizdat(
        "build", str(FIXTURES / "notes-book"), "-o", str(tmp_path), "--epub-only", env=env
    )
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "notes-book.epub") as z:
        assert z.namelist()[0] == "mimetype"
        assert z.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        assert {info.date_time for info in z.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        opf = z.read("EPUB/content.opf").decode()
    assert '<meta property="dcterms:modified">2023-11-14T22:13:20Z</meta>' in opf
