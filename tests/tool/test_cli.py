"""The command line: scaffolding, building, and one-line errors."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from helpers import samizdat
from samizdat.cli import main

run = samizdat


def test_help_for_every_command():
    for args in ([], ["build"], ["new"], ["lint"]):
        result = run(*args, "--help")
        assert result.returncode == 0
        assert "usage: samizdat" in result.stdout


def test_scaffolded_manuscript_builds(tmp_path):
    from samizdat.lint.run import lint

    assert main(["new", str(tmp_path / "my-book")]) == 0
    assert lint(tmp_path / "my-book") == []  # a new book starts clean
    assert (
        main(["build", str(tmp_path / "my-book"), "-o", str(tmp_path / "out"), "--epub-only"]) == 0
    )
    with zipfile.ZipFile(tmp_path / "out" / "my-book.epub") as z:
        assert z.namelist()[0] == "mimetype"


def test_new_refuses_a_folder_with_files(tmp_path, capsys):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x.md").write_text("# x\n")
    assert main(["new", str(tmp_path / "full")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "full" in err


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["build", "--no-such-option"],
        ["build", "a", "b"],
        [],
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(args):
    result = run(*args)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("samizdat: error:")
    assert "Traceback" not in result.stderr


def test_missing_manuscript_folder_is_one_line(tmp_path):
    result = run("build", str(tmp_path / "nowhere"), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "nowhere" in result.stderr and "not found" in result.stderr


HEAVY = ("weasyprint", "ebooklib", "pypdf", "pikepdf", "fontTools")
IMPORTS = """
import sys
from samizdat.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("HEAVY:" + ",".join(m for m in {heavy!r} if m in sys.modules))
"""


@pytest.mark.parametrize(
    "args",
    [
        ["lint", "manuscript"],
        ["--help"],
        ["build", "--help"],
        ["lint", "--help"],
        ["catalog", "--help"],
        ["new"],
    ],
)
def test_light_commands_never_import_the_heavy_libraries(args, tmp_path):
    from conftest import ROOT

    if args == ["new"]:
        args = ["new", str(tmp_path / "book")]
    result = subprocess.run(
        [sys.executable, "-c", IMPORTS.format(heavy=HEAVY), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    heavy = result.stdout.rsplit("HEAVY:", 1)[1].strip()
    assert heavy == "", f"samizdat {' '.join(args)} imported {heavy}"


def test_every_command_is_found_and_listed():
    from samizdat.cli import command_names

    assert command_names() == ["build", "catalog", "check", "lint", "new", "serve", "watch"]
    result = run("--help")
    for name in command_names():
        assert name in result.stdout
