"""samizdat as a tool, not a checkout: a wheel installed in a fresh venv, used elsewhere."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile

from conftest import FIXTURES, ROOT

# The installed tool alone: nothing of the checkout on its path.
CLEAN = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}


def test_a_wheel_builds_a_book_from_another_folder(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [wheel] = dist.glob("samizdat-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        metadata = z.read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert "samizdat/styles/base.css" in names and "samizdat/data/trims.toml" in names
    assert "samizdat/data/new/book.toml" in names
    assert "License-Expression: AGPL-3.0-or-later" in metadata

    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    pip = [str(env / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "-c", str(ROOT / "constraints.txt"), str(wheel)], check=True, env=CLEAN)

    elsewhere = tmp_path / "press"
    shutil.copytree(FIXTURES / "manifesto", elsewhere / "manifesto")
    samizdat = str(env / "bin" / "samizdat")
    lint = subprocess.run(
        [samizdat, "lint", "manifesto"], cwd=elsewhere, capture_output=True, text=True
    )
    assert lint.returncode == 0, lint.stderr
    build = subprocess.run(
        [samizdat, "build", "manifesto", "-o", "out"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=CLEAN,
    )
    assert build.returncode == 0, build.stderr
    out = elsewhere / "out"
    assert (out / "manifesto.epub").stat().st_size > 10_000
    assert (out / "manifesto.pdf").stat().st_size > 10_000
    assert (out / "manifesto-web" / "index.html").exists()
    # The preflight, with what the tool itself installs (it once needed the dev extras).
    check = subprocess.run(
        [samizdat, "check", "out/manifesto.pdf"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=CLEAN,
    )
    assert check.returncode in (0, 1) and "Traceback" not in check.stderr, check.stderr
    assert check.stdout.startswith("preflight: manifesto.pdf: "), check.stdout
    assert (out / "manifesto-preflight.html").exists()
    # A press's list: a catalogue of three books, from the installed tool.
    books = elsewhere / "list"
    for name in ("manifesto", "notes-book", "general-book"):
        shutil.copytree(FIXTURES / name, books / name)
    catalog = subprocess.run(
        [samizdat, "catalog", "list", "-o", "site", "--jobs", "1"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=CLEAN,
    )
    assert catalog.returncode == 0, catalog.stderr
    feed = (elsewhere / "site" / "opds.xml").read_text(encoding="utf-8")
    assert "opds-catalog" in feed and (elsewhere / "site" / "index.html").exists()
    built = {p.name for p in (elsewhere / "site").iterdir()}
    assert {"manifesto", "notes-book", "general-book"} <= built
    new = subprocess.run(
        [samizdat, "new", "fresh"], cwd=elsewhere, capture_output=True, text=True, env=CLEAN
    )
    assert new.returncode == 0 and (elsewhere / "fresh" / "book.toml").exists()
