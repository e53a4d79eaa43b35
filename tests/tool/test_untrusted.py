"""Untrusted manuscripts: nothing is read from outside the manuscript folder, no network."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from conftest import FIXTURES, build
from samizdat.errors import SamizdatError
from samizdat.print import weasy
from samizdat.writers.fetcher import FolderFetcher, RefusedReference

SECRET = "TOPSECRET-7c1e0a"
BOOK = (FIXTURES / "notes-book" / "book.toml").read_text(encoding="utf-8")


@pytest.fixture
def secret(tmp_path) -> Path:
    """A file outside the manuscript folder that no build may read."""
    outside = tmp_path / "outside"
    outside.mkdir()
    image = Image.new("RGB", (40, 20), "white")
    path = outside / "secret.png"
    image.save(path, pnginfo=None)
    with open(path, "ab") as f:
        f.write(SECRET.encode())
    (outside / "secret.txt").write_text(SECRET)
    return path


def manuscript(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "book.toml").write_text(BOOK, encoding="utf-8")
    (folder / "01-chapter.md").write_text(f"# T\n\n{body}\n", encoding="utf-8")
    return folder


def references(secret: Path) -> dict[str, str]:
    return {
        "escape": "![A secret.](../outside/secret.png)",
        "file-url": f"![A secret.]({secret.as_uri()})",
        "etc-passwd": "![A secret.](file:///etc/passwd)",
        "http": "![A secret.](http://example.com/secret.png)",
        "https": "![A secret.](https://example.com/secret.png)",
        "symlink": "![A secret.](link.png)",
        "style-url": f'<p style="background: url({secret.as_uri()})">x</p>',
        "style-import": '<p style="@import url(http://example.com/x.css)">x</p>',
        "link-element": f'<link rel="stylesheet" href="{secret.as_uri()}">',
        "style-element": f"<style>@import url({secret.as_uri()});</style>",
    }


@pytest.mark.parametrize(
    "kind",
    [
        "escape",
        "file-url",
        "etc-passwd",
        "http",
        "https",
        "symlink",
        "style-url",
        "style-import",
        "link-element",
        "style-element",
    ],
)
def test_references_outside_the_manuscript_are_refused(kind, tmp_path, secret):
    folder = manuscript(tmp_path, references(secret)[kind])
    if kind == "symlink":
        os.symlink(secret, folder / "link.png")
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "samizdat", "build", str(folder), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "01-chapter.md:3" in result.stderr
    written = list(out.rglob("*")) if out.exists() else []
    assert not [p for p in written if p.is_file() and SECRET.encode() in p.read_bytes()]
    assert not [p for p in written if p.is_file()]


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "http://example.com/a.css", "https://example.com/a.png", "ftp://x/y"],
)
def test_fetcher_refuses_other_places(url, tmp_path):
    with pytest.raises(RefusedReference):
        FolderFetcher([tmp_path]).fetch(url)


def test_fetcher_refuses_escapes_and_symlinks_but_reads_inside(tmp_path, secret):
    inside = tmp_path / "book"
    inside.mkdir()
    (inside / "ok.txt").write_text("fine")
    os.symlink(secret, inside / "link.png")
    fetcher = FolderFetcher([inside])
    assert fetcher.fetch((inside / "ok.txt").as_uri()).read() == b"fine"
    with pytest.raises(RefusedReference):
        fetcher.fetch((inside / "link.png").as_uri())
    with pytest.raises(RefusedReference):
        fetcher.fetch(inside.as_uri() + "/../outside/secret.txt")


def test_css_url_and_import_cannot_reach_outside(tmp_path, secret):
    """Even a stylesheet samizdat itself generated could not read a file outside."""
    html = "<html><body><p class='x'>Hello</p></body></html>"
    root = tmp_path / "book"
    root.mkdir()
    for css in (
        f"@import url('{secret.with_suffix('.txt').as_uri()}');",
        f".x {{ background: url('{secret.as_uri()}') }}",
    ):
        with pytest.raises(SamizdatError) as caught:
            weasy.typeset(html, root, ("base.css",), css)
        assert secret.name.split(".")[0] in str(caught.value)


def test_a_build_never_opens_a_network_connection(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("samizdat tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    build(FIXTURES / "general-book", tmp_path / "out")
    assert (tmp_path / "out" / "general-book.pdf").exists()
