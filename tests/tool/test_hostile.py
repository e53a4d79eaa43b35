"""Hostile and pathological manuscripts: nothing read from outside, no hang, no silent
loss, never an invalid book. One test per class of fault found by an attack."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from test_bad_input import BOOK, build, earlier_outputs, manuscript, write_png

from helpers import NS, Epub, text_of
from samizdat.lint.run import lint


def refused(folder: Path, out: Path, named: str, line: int | None = None, *extra: str) -> str:
    """Build, and check: exit 1, one line naming the place, earlier outputs untouched."""
    before = earlier_outputs(out)
    result = build(folder, out, *extra)
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    assert named in result.stderr, result.stderr
    if line is not None:
        assert f"{named}:{line}:" in result.stderr, result.stderr
    assert {p: p.read_bytes() for p in out.iterdir()} == before
    return result.stderr


# 1. Files from outside the folder.


@pytest.mark.parametrize("name", ["cover.png", "book.toml", "corrections.toml", "style.css"])
def test_a_symlink_out_of_the_folder_is_refused(name, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    folder = manuscript(tmp_path / "m", book=None if name == "book.toml" else BOOK)
    (folder / name).symlink_to(secret)
    message = refused(folder, tmp_path / "out", name)
    assert "outside the manuscript folder" in message


def test_the_ignore_file_through_a_symlink_is_reported_not_read(tmp_path):
    secret = tmp_path / "secret.toml"
    secret.write_text('[[ignore]]\nfile = "01-chapter.md"\ncode = "T007"\nline = 3\nreason = "x"\n')
    folder = manuscript(tmp_path / "m", "# T\n\nAnd so...\n")
    (folder / "lint-ignore.toml").symlink_to(secret)
    codes = {f.code for f in lint(folder)}
    assert "T007" in codes and "L002" in codes


def test_a_cover_gets_the_checks_of_any_image(tmp_path):
    folder = manuscript(tmp_path / "m")
    (folder / "cover.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"not an image at all" * 10)
    refused(folder, tmp_path / "out", "cover.png")


# 2. No path of the building machine in any output.


@pytest.mark.parametrize(
    "target", ["../../etc/passwd", "/etc/shadow", "other.md", "file:///etc/passwd"]
)
def test_a_link_out_of_the_book_is_an_error(target, tmp_path):
    folder = manuscript(tmp_path / "m", f"# T\n\nText.\n\nSee [this]({target}).\n")
    (tmp_path / "m" / "other.txt").write_text("x")
    message = refused(folder, tmp_path / "out", "01-chapter.md")
    assert "01-chapter.md:5:" in message or "not allowed" in message


def test_no_output_holds_a_path_of_the_machine(general_dir):
    from pypdf import PdfReader

    machine = str(Path(__file__).resolve().parent.parent.parent)
    with zipfile.ZipFile(general_dir / "general-book.epub") as z:
        for name in z.namelist():
            assert machine.encode() not in z.read(name), name
    for pdf in general_dir.glob("*.pdf"):
        for page in PdfReader(pdf).pages:
            for annot in page.get("/Annots") or []:
                uri = annot.get_object().get("/A", {}).get("/URI", "")
                assert not str(uri).startswith("file:"), uri


# 3, 4. Small inputs that once hung, and runaway sizes: answered in seconds.


def word(n: int) -> str:
    """A word of letters for each number: text that does not repeat itself."""
    return "".join(chr(97 + int(d)) for d in str(n)) + "x"


PATHOLOGICAL = {
    "long heading": "# a" + " " * 5000 + "b\n\nText.\n",
    "attribute lists": "# T\n\n" + "{#a " * 4000 + "\n",
    "brackets": "# T\n\n" + "[" * 100_000 + "\n",
    "note brackets": "# T\n\n" + "[^" * 50_000 + "\n",
    "one long word": "# T\n\n" + "x." * 50_000 + "\n",
    "many headings": "".join(f"# H\n\nText {n}.\n\n" for n in range(20_000)),
    "many notes": "# T\n\n"
    + "".join(f"{word(n)}[^{n}] " for n in range(3000))
    + "\n\n"
    + "".join(f"[^{n}]: Note {word(n)}.\n\n" for n in range(3000)),
    "big table": "# T\n\n| a | b |\n|---|---|\n" + "| x | y |\n" * 20_000,
    "deep quotes": "# T\n\n" + "> " * 150 + "deep\n",
    "deep lists": "# T\n\n" + "".join("    " * n + "- item\n" for n in range(100)),
    "too large": "# T\n\n" + ("Words and more words. " * 100_000),
}


@pytest.mark.parametrize("case", sorted(PATHOLOGICAL))
def test_pathological_input_is_answered_in_seconds(case, tmp_path):
    folder = manuscript(tmp_path / "m", PATHOLOGICAL[case])
    for command in (
        ["lint", str(folder)],
        ["build", str(folder), "-o", str(tmp_path / "o"), "--epub-only"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "samizdat", *command],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert "internal error" not in result.stderr and "Traceback" not in result.stderr, (
            case,
            result.stderr[-500:],
        )
        if result.returncode == 0 and command[0] == "build":
            assert (tmp_path / "o" / "fixture.epub").exists()


# 5. Never an invalid book.


@pytest.mark.parametrize("stem", ["nav", "cover", "title-page", "colophon", "a b#c%d?e"])
def test_a_chapter_name_never_collides_or_breaks_an_href(stem, tmp_path):
    folder = manuscript(tmp_path / "m")
    (folder / f"{stem}.md").write_text(f"# Chapter {stem}\n\nIts own text.\n", encoding="utf-8")
    result = build(folder, tmp_path / "out", "--epub-only")
    assert result.returncode == 0, result.stderr
    epub = Epub(tmp_path / "out" / "fixture.epub")
    texts = " ".join(text_of(doc) for doc in epub.documents.values())
    assert "Its own text." in texts and "Text." in texts
    assert all(" " not in h and "%" not in h and "?" not in h for h in epub.spine)
    assert len(set(epub.spine)) == len(epub.spine)


@pytest.mark.parametrize(
    "text",
    [
        '# T\n\nText <span id="note-1">x</span>.\n',
        '# T\n\nText <span id="a b">x</span>.\n',
        "# T\n\nSee [the colophon](#colophon).\n",
        '# T\n\nText <span id="dup">x</span> and <span id="dup">y</span>.\n',
    ],
    ids=["reserved id", "id with a space", "link to a reserved id", "duplicate raw id"],
)
def test_ids_that_would_break_the_book_are_errors(text, tmp_path):
    refused(manuscript(tmp_path / "m", text), tmp_path / "out", "01-chapter.md")


def test_an_attribute_that_does_not_belong_is_dropped(tmp_path):
    folder = manuscript(tmp_path / "m", '# T\n\nText.\n{: src="x.png" href="y" }\n')
    assert build(folder, tmp_path / "out", "--epub-only").returncode == 0
    doc = Epub(tmp_path / "out" / "fixture.epub").documents["EPUB/text/01-chapter.xhtml"]
    paragraph = doc.find(".//x:section/x:p", NS)
    assert paragraph.get("src") is None and paragraph.get("href") is None


def test_a_web_address_with_spaces_is_percent_encoded(tmp_path):
    folder = manuscript(tmp_path / "m", '# T\n\nSee <a href="https://example.org/a b<c>">it</a>.\n')
    assert build(folder, tmp_path / "out", "--epub-only").returncode == 0
    doc = Epub(tmp_path / "out" / "fixture.epub").documents["EPUB/text/01-chapter.xhtml"]
    assert doc.find(".//x:section//x:a", NS).get("href") == "https://example.org/a%20b%3Cc%3E"


# 6. Text never silently lost or changed.


def test_a_note_called_only_from_a_note_is_kept(tmp_path):
    text = "# T\n\nText.[^a]\n\n[^a]: Outer note.[^b]\n\n[^b]: Inner note.\n"
    folder = manuscript(tmp_path / "m", text)
    assert build(folder, tmp_path / "out", "--epub-only").returncode == 0
    doc = Epub(tmp_path / "out" / "fixture.epub").documents["EPUB/text/01-chapter.xhtml"]
    notes = [text_of(a) for a in doc.iterfind(".//x:aside", NS)]
    assert notes == ["1 Outer note.2", "2 Inner note."]


@pytest.mark.parametrize("char,name", [("\x00", "NUL"), ("\x0c", "form feed")])
def test_control_characters_are_errors_with_their_line(char, name, tmp_path):
    folder = manuscript(tmp_path / "m", f"# T\n\nText.\n\nA{char}B.\n")
    assert name in refused(folder, tmp_path / "out", "01-chapter.md", 5)


def test_an_image_with_garbage_data_is_refused(tmp_path):
    import io
    import zlib

    folder = manuscript(tmp_path / "m", "# T\n\n![A picture](pic.png)\n")
    png = io.BytesIO()
    Image.new("RGB", (40, 40), "red").save(png, format="PNG")
    data = bytearray(png.getvalue())
    start = data.index(b"IDAT") + 4
    length = int.from_bytes(data[start - 8 : start - 4], "big")
    garbage = bytes(length)
    data[start : start + length] = garbage
    crc = zlib.crc32(b"IDAT" + garbage).to_bytes(4, "big")
    data[start + length : start + length + 4] = crc
    (folder / "pic.png").write_bytes(bytes(data))
    refused(folder, tmp_path / "out", "01-chapter.md", 3)


def test_a_note_label_markdown_cannot_read_is_an_error(tmp_path):
    refused(
        manuscript(tmp_path / "m", "# T\n\nText.[^]]>]\n"), tmp_path / "out", "01-chapter.md", 3
    )


# 7. One line naming the file, field or option; never "internal error".


@pytest.mark.parametrize(
    "book,named",
    [
        (BOOK.replace('"Fixture"', '"Fix\\u0000ture"', 1), "book.toml"),
        (BOOK + "x = " + "[" * 2000 + "]" * 2000 + "\n", "book.toml"),
        (BOOK + '[chapters."01-chapter.md"]\nlabel = { a = 1 }\n', "book.toml"),
        (BOOK.replace('"Fixture"', '"' + "T" * 30_000 + '"', 1), "book.toml"),
    ],
    ids=["control character in a title", "deep TOML", "a table for a label", "a huge title"],
)
def test_bad_metadata_is_one_line(book, named, tmp_path):
    refused(manuscript(tmp_path / "m", book=book), tmp_path / "out", named)


@pytest.mark.parametrize(
    "text",
    [b"source = \xff\xfe\n", b"correction = 3\n", b"[[correction]]\nline = 1\nsource = 2\n"],
    ids=["not UTF-8", "wrong shape", "a number for a reading"],
)
def test_a_bad_register_is_one_line(text, tmp_path):
    folder = manuscript(tmp_path / "m")
    (folder / "corrections.toml").write_bytes(text)
    refused(folder, tmp_path / "out", "corrections.toml")


def test_a_date_a_zip_cannot_hold_is_one_line(tmp_path):
    folder = manuscript(tmp_path / "m")
    before = earlier_outputs(tmp_path / "out")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "samizdat",
            "build",
            str(folder),
            "-o",
            str(tmp_path / "out"),
            "--epub-only",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "5000000000"},
    )
    assert result.returncode == 1 and "SOURCE_DATE_EPOCH" in result.stderr
    assert result.stderr.count("\n") == 1
    assert {p: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before


# 8. Replacing the outputs is all or nothing.


def test_an_output_name_taken_by_a_folder_changes_nothing(tmp_path):
    folder = manuscript(tmp_path / "m")
    out = tmp_path / "out"
    before = earlier_outputs(out)
    (out / "fixture.pdf").unlink()
    (out / "fixture.pdf").mkdir()
    result = build(folder, out)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert (out / "fixture.epub").read_bytes() == before[out / "fixture.epub"]
    assert not any(p.name.startswith(".samizdat-") for p in out.iterdir())


def test_a_killed_build_is_rolled_back_and_its_staging_removed(tmp_path):
    folder = manuscript(tmp_path / "m")
    out = tmp_path / "out"
    out.mkdir()
    (out / "fixture.epub").write_bytes(b"new, from a killed build")
    stage = out / ".samizdat-999999999-abc"
    stage.mkdir()
    (stage / ".old-fixture.epub").write_bytes(b"old and good")
    (stage / "fixture.pdf").write_bytes(b"never moved")
    (stage / ".moving").write_text("fixture.epub\nfixture.pdf")
    from samizdat.writers.files import clean_stale

    clean_stale(out)
    assert (out / "fixture.epub").read_bytes() == b"old and good"
    assert not stage.exists() and not (out / "fixture.pdf").exists()
    assert build(folder, out, "--epub-only").returncode == 0


# 9. A TOML writer, not string formatting.


def test_new_writes_a_book_toml_that_parses_whatever_the_title(tmp_path):
    import tomllib

    title = 'a\\b "quoted"\nand a new line'
    result = subprocess.run(
        [sys.executable, "-m", "samizdat", "new", str(tmp_path / "b"), "--title", title],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert tomllib.loads((tmp_path / "b" / "book.toml").read_text())["title"] == title


# The build opens nothing but the manuscript, samizdat's own files and OUT.

AUDIT = """
import os, sys
import samizdat.writers.epub, samizdat.manuscript.loader, samizdat.lint.run
from samizdat.cli import main
opened = []
def hook(event, args):
    if event == "open" and isinstance(args[0], str):
        opened.append(args[0])
sys.addaudithook(hook)
code = main(["build", sys.argv[1], "-o", sys.argv[2], "--epub-only"])
from samizdat.resources import PACKAGE_DIR, STYLES_DIR
allowed = [*sys.argv[1:3], sys.prefix, sys.base_prefix, PACKAGE_DIR, STYLES_DIR]
allowed = tuple(os.path.realpath(p) for p in allowed)
print(code, sorted({p for p in opened if not os.path.realpath(p).startswith(allowed)}))
"""


def test_a_build_opens_nothing_outside_the_book_and_samizdat(tmp_path):
    folder = manuscript(tmp_path / "m", "# T\n\nText.\n\n![A picture](pic.png)\n")
    write_png(folder / "pic.png")
    result = subprocess.run(
        [sys.executable, "-c", AUDIT, str(folder), str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip().splitlines()[-1] == "0 []", result.stdout + result.stderr


@pytest.mark.parametrize("creep", ["nan", "inf", "1e308", "-1"])
def test_an_impossible_creep_is_one_line(creep, tmp_path):
    folder = manuscript(tmp_path / "m")
    message = refused(folder, tmp_path / "out", "--creep", None, "--booklet", "--creep", creep)
    assert "millimetres" in message


def test_a_full_disk_is_one_line(tmp_path, monkeypatch, capsys):
    import errno

    from samizdat.cli import main
    from samizdat.writers import epub

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "out"))

    monkeypatch.setattr(epub, "normalise_zip", full)
    folder = manuscript(tmp_path / "m")
    code = main(["build", str(folder), "-o", str(tmp_path / "out"), "--epub-only"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "No space left on device" in err
    assert "internal error" not in err
