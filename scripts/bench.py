"""`make bench`: how long samizdat takes, and how much memory, beside pandoc.

For the pamphlet and for a synthetic book of 20 copies of it, each step runs in
a fresh process, so that its time and peak memory are its own: samizdat's EPUB
and PDF, and pandoc (pypandoc-binary) making an EPUB and a PDF through
WeasyPrint from the same Markdown. A benchmark, not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANUSCRIPT = ROOT / "manuscript"
WORKER = """
import sys, time
from pathlib import Path
from samizdat.manuscript.loader import load_book
step, src, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
book = load_book(src)
start = time.perf_counter()
if step == "epub":  # each step imports only what it uses, as `samizdat build` would
    from samizdat.writers.epub import write_epub
    write_epub(book, out / "book.epub")
else:
    from samizdat.print.layout import write_pdf
    write_pdf(book, out / "book.pdf")
print(time.perf_counter() - start)
"""


def measure(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """(seconds, peak MB) of one command in its own process."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a full pipe would block
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if status != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace")[-300:]
            raise SystemExit(f"bench: failed: {' '.join(command)}: {message}")
    return elapsed, usage.ru_maxrss / 1024


def synthetic(copies: int, into: Path) -> Path:
    """A manuscript of `copies` copies of the pamphlet's chapters, lint exceptions included."""
    into.mkdir()
    shutil.copy(MANUSCRIPT / "book.toml", into / "book.toml")
    with open(MANUSCRIPT / "book.toml", "rb") as f:
        settings = tomllib.load(f).get("chapters", {})
    with open(MANUSCRIPT / "lint-ignore.toml", "rb") as f:
        ignores = tomllib.load(f)["ignore"]
    book = (into / "book.toml").read_text(encoding="utf-8").split("[chapters.")[0]
    entries = []
    for n in range(copies):
        for chapter in sorted(MANUSCRIPT.glob("*.md")):
            name = f"{n:02d}-{chapter.name}"
            shutil.copy(chapter, into / name)
            if chapter.name in settings:
                fields = "".join(f'{k} = "{v}"\n' for k, v in settings[chapter.name].items())
                book += f'\n[chapters."{name}"]\n{fields}'
            for entry in (e for e in ignores if e["file"] == chapter.name):
                entries.append({**entry, "file": name})
    (into / "book.toml").write_text(book, encoding="utf-8")
    ignore = "".join(
        f'[[ignore]]\nfile = "{e["file"]}"\nline = {e["line"]}\n'
        f'code = "{e["code"]}"\nreason = "a copy of the pamphlet\'s own exception"\n\n'
        for e in entries
    )
    (into / "lint-ignore.toml").write_text(ignore, encoding="utf-8")
    return into


def pandoc_source(manuscript: Path, into: Path) -> Path:
    """The same chapters as one Markdown file for pandoc."""
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(manuscript.glob("*.md")))
    with open(manuscript / "book.toml", "rb") as f:
        meta = tomllib.load(f)
    header = "---\n" + "".join(
        f'{key}: "{meta[field]}"\n' for key, field in (("title", "title"), ("author", "author"))
    )
    header += f"lang: {meta['language']}\n---\n\n"
    path = into / "book.md"
    path.write_text(header + text, encoding="utf-8")
    return path


def row(name: str, figures: dict[str, tuple[float, float]]) -> None:
    ours = figures["samizdat EPUB"][0] + figures["samizdat PDF"][0]
    theirs = figures["pandoc EPUB"][0] + figures["pandoc PDF"][0]
    print(f"\n{name}")
    for step, (seconds, mb) in figures.items():
        print(f"  {step:<16} {seconds:7.2f} s   peak {mb:7.1f} MB")
    print(f"  samizdat EPUB+PDF {ours:6.2f} s; pandoc EPUB+PDF {theirs:6.2f} s;", end="")
    print(f" ratio {ours / theirs:.2f}")
    peak = max(figures["samizdat EPUB"][1], figures["samizdat PDF"][1])
    print(f"  samizdat peak memory {peak:.0f} MB (target: under 1024 MB)")


def bench(manuscript: Path, scratch: Path) -> dict[str, tuple[float, float]]:
    import pypandoc

    python = sys.executable
    pandoc = pypandoc.get_pandoc_path()
    weasyprint = Path(python).with_name("weasyprint")
    out = scratch / "out"
    out.mkdir()
    source = pandoc_source(manuscript, scratch)
    return {
        "samizdat EPUB": measure([python, "-c", WORKER, "epub", str(manuscript), str(out)]),
        "samizdat PDF": measure([python, "-c", WORKER, "pdf", str(manuscript), str(out)]),
        "pandoc EPUB": measure([pandoc, str(source), "-o", str(out / "pandoc.epub")]),
        "pandoc PDF": measure(
            [pandoc, str(source), "--pdf-engine", str(weasyprint), "-o", str(out / "pandoc.pdf")]
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20, help="copies in the synthetic book")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        (scratch / "one").mkdir()
        row("The pamphlet", bench(MANUSCRIPT, scratch / "one"))
        big = synthetic(args.copies, scratch / "big-manuscript")
        (scratch / "big").mkdir()
        row(f"A synthetic book of {args.copies} copies", bench(big, scratch / "big"))


if __name__ == "__main__":
    main()
