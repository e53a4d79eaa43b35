"""Bad input: one line naming the file (and line), a non-zero exit, earlier outputs untouched."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image

from helpers import book_toml, samizdat

BOOK = book_toml()
PREVIOUS = b"an earlier, good output"


def write_png(path: Path, size=(10, 10)) -> None:
    Image.new("L", size, 255).save(path)


def manuscript(folder: Path, chapter: str = "# T\n\nText.\n", book: str | None = BOOK) -> Path:
    folder.mkdir(parents=True)
    if book is not None:
        (folder / "book.toml").write_text(book, encoding="utf-8")
    if chapter is not None:
        (folder / "01-chapter.md").write_text(chapter, encoding="utf-8")
    return folder


def case_missing_folder(tmp):
    return tmp / "nowhere", "nowhere", None


def case_no_chapters(tmp):
    return manuscript(tmp / "m", chapter=None), "m", None


def case_book_toml_missing(tmp):
    return manuscript(tmp / "m", book=None), "book.toml", None


def case_book_toml_malformed(tmp):
    broken = BOOK.replace('publisher = "Fixture Press"', "publisher = = 1")
    return manuscript(tmp / "m", book=broken), "book.toml", 5


def case_required_field_missing(tmp):
    return (
        manuscript(tmp / "m", book=BOOK.replace('publisher = "Fixture Press"\n', "")),
        "book.toml",
        None,
    )


def case_not_utf8(tmp):
    folder = manuscript(tmp / "m")
    (folder / "01-chapter.md").write_bytes(b"# T\n\nCaf\xe9 au lait.\n")
    return folder, "01-chapter.md", 3


def case_unsupported_image(tmp):
    folder = manuscript(tmp / "m", "# T\n\nText.\n\n![A picture.](pic.tiff)\n")
    Image.new("L", (10, 10), 255).save(folder / "pic.tiff")
    return folder, "01-chapter.md", 5


def case_image_too_many_pixels(tmp):
    folder = manuscript(tmp / "m", "# T\n\n![A picture.](big.png)\n")
    write_png(folder / "big.png", (2100, 2000))
    return folder, "01-chapter.md", 3


def case_image_too_many_bytes(tmp):
    folder = manuscript(tmp / "m", "# T\n\n![A picture.](heavy.png)\n")
    write_png(folder / "heavy.png")
    with open(folder / "heavy.png", "ab") as f:
        f.write(b"\0" * 10_000_001)
    return folder, "01-chapter.md", 3


def case_duplicate_section_ids(tmp):
    folder = manuscript(tmp / "m", "# One {#same}\n\nText.\n")
    (folder / "02-chapter.md").write_text("# Two {#same}\n\nText.\n", encoding="utf-8")
    return folder, "02-chapter.md", 1


def case_image_without_alt(tmp):
    folder = manuscript(tmp / "m", "# T\n\n![](pic.png)\n")
    write_png(folder / "pic.png")
    return folder, "01-chapter.md", 3


# Chapters wrong in themselves: the chapter, and the line its error names.
BAD_CHAPTERS = {
    "note_not_defined": ("# T\n\nA call.[^x]\n", 3),
    "note_never_called": ("# T\n\nText.\n\n[^x]: A note.\n", 5),
    "missing_image": ("# T\n\n![A picture.](nothing.png)\n", 3),
    "script": ("# T\n\nText.\n\n<script>alert(1)</script>\n", 5),
    "iframe": ('# T\n\n<iframe src="x.html"></iframe>\n', 3),
    "form": ('# T\n\n<form><input name="q"></form>\n', 3),
    "block_in_text": ("# T\n\n<p><span><div>x</div></span></p>\n", 3),
    "javascript_link": ("# T\n\n[Click](javascript:alert(1))\n", 3),
}
CASES = [name for name in dir() if name.startswith("case_")] + list(BAD_CHAPTERS)


def build(folder: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return samizdat("build", str(folder), "-o", str(out), *extra)


def earlier_outputs(out: Path) -> dict[Path, bytes]:
    out.mkdir()
    files = {out / name: PREVIOUS for name in ("fixture.epub", "fixture.pdf", "fixture-cover.pdf")}
    for path, data in files.items():
        path.write_bytes(data)
    return files


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_one_line_naming_the_place(case, tmp_path):
    if case in BAD_CHAPTERS:
        text, line = BAD_CHAPTERS[case]
        folder, named = manuscript(tmp_path / "m", text), "01-chapter.md"
    else:
        folder, named, line = globals()[case](tmp_path)
    out = tmp_path / "out"
    before = earlier_outputs(out)
    result = build(folder, out)
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1, result.stderr
    message = result.stderr
    assert message.startswith("samizdat: error:") and "Traceback" not in message
    assert named in message, message
    if line is not None:
        assert f"{named}:{line}:" in message, message
    assert {p: p.read_bytes() for p in out.iterdir()} == before  # untouched, nothing added


def test_unknown_trim(tmp_path):
    folder = manuscript(tmp_path / "m")
    out = tmp_path / "out"
    before = earlier_outputs(out)
    result = build(folder, out, "--trim", "quarto")
    assert result.returncode != 0 and result.stderr.count("\n") == 1
    assert "quarto" in result.stderr and "a5" in result.stderr
    assert {p: p.read_bytes() for p in out.iterdir()} == before


def test_output_folder_that_cannot_be_written(tmp_path):
    folder = manuscript(tmp_path / "m")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = build(folder, blocker / "out")
    assert result.returncode != 0 and result.stderr.count("\n") == 1
    assert "a-file" in result.stderr and "Traceback" not in result.stderr
