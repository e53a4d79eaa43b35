"""`make bench`: samizdat's speed and memory beside pandoc's, side by side, in one run.

Figures, never tests. Every command runs in its own process: its time is the
wall clock (the best of --repeat runs, samizdat's and pandoc's commands taking
turns so that both meet the same load on a shared machine), its memory the
peak resident set of the largest process of the command. pandoc is pypandoc-binary, making an
EPUB, and a PDF through WeasyPrint, from the same Markdown.

    1. the pamphlet, EPUB + PDF: `samizdat build` beside pandoc's EPUB + PDF  (target ≤ 1.0×)
       unchanged since the last build, after one word of one chapter changed,
       and without the cache (`--no-cache`)
    2. the pamphlet, full build (EPUB, PDF, cover, booklet, print-ready)
       beside the same pandoc pair, unchanged and after an edit             (target ≤ 1.3×)
    3. `samizdat lint` on the pamphlet                                       (target ≤ 0.4 s)
    4. a `make` with nothing to do                                           (target ≤ 0.2 s)
    5. a synthetic book of 11 copies of the pamphlet (~260 pages), full build (≤ 500 MB)
    6. the same book with one word of one chapter changed, rebuilt      (target ≤ 0.25× 5.)

Every build uses a cache of its own, empty at the start but for the font
instances (print/layoutcache.py, writers/web_fonts.py). Books are laid out
section by section (print/sections.py): the pamphlet's timed builds follow a
first one, so an unchanged build finds every section in the cache and lays out
the front matter alone; an edited build (a new word in one chapter before
each run) lays out that chapter and the front matter; `--no-cache` lays the
book out from scratch, in one pass. The synthetic book's rebuild after the
edit likewise takes the unchanged sections from the cache.

and draws build/bench.svg: time and peak memory against book size, for
samizdat's full build and pandoc's pair. The static font instances (made once
per font version, print/fonts.py) are made before anything is timed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANUSCRIPT = ROOT / "manuscript"
OUT = ROOT / "build"


@dataclass
class Run:
    seconds: float  # wall clock
    mb: float  # peak resident memory
    cpu: float = 0.0  # user + system seconds, the command's processes together


def measure(command: list[str], cwd: Path | None = None, repeat: int = 1) -> Run:
    """The best time of `repeat` runs of a command in its own process, and the highest peak."""
    runs = []
    for _ in range(repeat):
        with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a full pipe would block
            start = time.perf_counter()
            process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
            _, status, usage = os.wait4(process.pid, 0)
            elapsed = time.perf_counter() - start
            if status != 0:
                errors.seek(0)
                message = errors.read().decode(errors="replace")[-400:]
                raise SystemExit(f"bench: failed: {' '.join(command)}: {message}")
        runs.append(Run(elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime))
    return best_of(runs)


def best_of(runs: list[Run]) -> Run:
    return Run(min(r.seconds for r in runs), max(r.mb for r in runs), min(r.cpu for r in runs))


def samizdat(*args: str) -> list[str]:
    return [sys.executable, "-m", "samizdat", *args]


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
        "[[ignore]]\n"
        + "".join(
            f"{key} = {json.dumps(e[key])}\n"
            for key in ("file", "code", "match", "line")
            if key in e
        )
        + 'reason = "a copy of the pamphlet\'s own exception"\n\n'
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


def pandoc_commands(manuscript: Path, scratch: Path) -> tuple[list[str], list[str]]:
    """pandoc making the EPUB, and the PDF through WeasyPrint."""
    import pypandoc

    pandoc = pypandoc.get_pandoc_path()
    weasyprint = Path(sys.executable).with_name("weasyprint")
    source = pandoc_source(manuscript, scratch)
    return (
        [pandoc, str(source), "-o", str(scratch / "pandoc.epub")],
        [pandoc, str(source), "--pdf-engine", str(weasyprint), "-o", str(scratch / "pandoc.pdf")],
    )


def pandoc_pair(manuscript: Path, scratch: Path, repeat: int) -> tuple[Run, Run]:
    epub, pdf = pandoc_commands(manuscript, scratch)
    best = in_rounds({"epub": epub, "pdf": pdf}, repeat)
    return best["epub"], best["pdf"]


def in_rounds(commands: dict[str, list[str]], repeat: int) -> dict[str, Run]:
    """Each command's best run, the commands taking turns, so that all meet the same load."""
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            runs[name].append(measure(command))
    return {name: best_of(found) for name, found in runs.items()}


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def ratio_line(name: str, ours: Run, theirs: Run, target: float) -> str:
    ratio = ours.seconds / theirs.seconds
    verdict = "met" if ratio <= target else "NOT met"
    return (
        f"  {name:<34} samizdat {ours.seconds:6.2f} s {ours.mb:5.0f} MB | pandoc"
        f" {theirs.seconds:6.2f} s {theirs.mb:5.0f} MB | {ratio:.2f}×"
        f" (target ≤ {target}×: {verdict}); CPU {ours.cpu:.2f} s : {theirs.cpu:.2f} s"
        f" = {ours.cpu / theirs.cpu:.2f}×"
    )


def no_op_make(repeat: int) -> Run | None:
    """`make` in the repository when every output is up to date; None if they are not."""
    make = shutil.which("make")
    if (
        make is None
        or subprocess.run([make, "-q", "-C", str(ROOT)], capture_output=True).returncode
    ):
        return None
    return measure([make, "-s", "--no-print-directory", "-C", str(ROOT)], repeat=repeat)


def plot(points: list[dict], target: Path) -> None:
    """A small hand-written SVG: seconds and peak MB against pages, samizdat and pandoc."""
    width, height, pad = 360, 240, 44
    charts = []
    for offset, (key, unit) in enumerate((("seconds", "s"), ("mb", "MB"))):
        x0 = offset * (width + 40)
        top = max(max(p[f"samizdat_{key}"], p[f"pandoc_{key}"]) for p in points) * 1.15
        right = max(p["pages"] for p in points) * 1.1

        def xy(pg, value, x0=x0, top=top, right=right):
            x = x0 + pad + (width - pad - 10) * pg / right
            y = height - pad - (height - pad - 20) * value / top
            return x, y

        parts = [
            f'<text x="{x0 + width / 2}" y="14" text-anchor="middle" font-weight="bold">'
            f"{'time' if key == 'seconds' else 'peak memory'} ({unit})</text>",
            f'<line x1="{x0 + pad}" y1="{height - pad}" x2="{x0 + width - 10}"'
            f' y2="{height - pad}" stroke="#000"/>',
            f'<line x1="{x0 + pad}" y1="20" x2="{x0 + pad}" y2="{height - pad}" stroke="#000"/>',
            f'<text x="{x0 + width / 2}" y="{height - 8}" text-anchor="middle">pages</text>',
        ]
        for i in range(5):
            value = top * i / 4
            _, y = xy(0, value)
            parts.append(
                f'<text x="{x0 + pad - 4}" y="{y + 4}" text-anchor="end">{value:.0f}</text>'
            )
        for p in points:
            x, _ = xy(p["pages"], 0)
            parts.append(
                f'<text x="{x}" y="{height - pad + 14}" text-anchor="middle">{p["pages"]}</text>'
            )
        for tool, colour in (("samizdat", "#b22222"), ("pandoc", "#1f5fa8")):
            line = " ".join(
                "{:.1f},{:.1f}".format(*xy(p["pages"], p[f"{tool}_{key}"])) for p in points
            )
            parts.append(
                f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
            for p in points:
                x, y = xy(p["pages"], p[f"{tool}_{key}"])
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
        charts.extend(parts)
    legend = (
        '<text x="60" y="34" fill="#b22222">samizdat: full build</text>'
        '<text x="60" y="50" fill="#1f5fa8">pandoc: EPUB + PDF (WeasyPrint)</text>'
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * width + 40}" height="{height}"'
        f' font-family="sans-serif" font-size="11">{"".join(charts)}{legend}</svg>\n'
    )
    target.write_text(svg, encoding="utf-8")


def shaped(kind: str, size: int, into: Path) -> Path:
    """A manuscript that grows in one dimension: text, headings or notes."""
    into.mkdir()
    (into / "book.toml").write_text(
        (MANUSCRIPT / "book.toml").read_text(encoding="utf-8").split("[chapters.")[0],
        encoding="utf-8",
    )
    words = " ".join(f"w{chr(97 + n % 26)}{chr(97 + n // 26 % 26)}" for n in range(40))
    if kind == "text":  # a real story (no notes, lint clean), `size` times, a chapter each
        story = (ROOT / "tests" / "fixtures" / "holmes" / "01-a-scandal-in-bohemia.md").read_text(
            encoding="utf-8"
        )
        text = story.split("\n", 1)[1]
        for n in range(size):
            (into / f"{n:04d}.md").write_text(f"# Part {n}\n{text}", encoding="utf-8")
    elif kind == "headings":
        body = "".join(f"## Heading {n}\n\n{words}.\n\n" for n in range(size))
        (into / "01.md").write_text(f"# Headings\n\n{words}.\n\n{body}", encoding="utf-8")
    else:
        tags = ["".join(chr(97 + int(d)) for d in str(n)) + "x" for n in range(size)]
        calls = "".join(f"A call on {tag}.[^n{n}] " for n, tag in enumerate(tags))
        defs = "".join(f"[^n{n}]: Note {n}.\n\n" for n in range(size))
        (into / "01.md").write_text(f"# Notes\n\n{calls}\n\n{defs}", encoding="utf-8")
    return into


def scaling(scratch: Path) -> dict:
    """Lint and EPUB build against input size: the slope says linear (1) or worse."""
    import math

    found = {}
    for kind, sizes in (
        ("text", (1, 10, 100)),
        ("headings", (250, 1000, 2000)),
        ("notes", (250, 1000, 4000)),
    ):
        rows = []
        for size in sizes:
            book = shaped(kind, size, scratch / f"{kind}-{size}")
            nbytes = sum(p.stat().st_size for p in book.glob("*.md"))
            lint = measure(samizdat("lint", str(book)))
            build = measure(samizdat("build", str(book), "-o", str(book) + "-out", "--epub-only"))
            rows.append(
                {"size": size, "bytes": nbytes, "lint": asdict(lint), "epub": asdict(build)}
            )
        first, last = rows[0], rows[-1]
        grow = math.log(last["bytes"] / first["bytes"])
        slope = math.log(last["epub"]["seconds"] / first["epub"]["seconds"]) / grow
        print(f"  {kind}: slope {slope:.2f} (time ∝ size^slope; 1 is linear)")
        for row in rows:
            print(
                f"    {row['size']:5d} ({row['bytes'] / 1e6:6.2f} MB):"
                f" lint {row['lint']['seconds']:5.1f} s"
                f" {row['lint']['mb']:4.0f} MB; EPUB {row['epub']['seconds']:5.1f} s"
                f" {row['epub']['mb']:4.0f} MB"
            )
        found[kind] = {"rows": rows, "slope": slope}
    return found


def fresh_layout_cache(folder: Path) -> None:
    """An empty cache of laid-out sections for the bench's builds, the font instances kept."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from samizdat.print.fonts import CACHE_ENV, cache_dir

    fonts = cache_dir() / "fonts"
    folder.mkdir()
    if fonts.is_dir():
        (folder / "fonts").symlink_to(fonts)
    os.environ[CACHE_ENV] = str(folder)


def edited_rebuild(scratch: Path, copies: int, full: float) -> dict:
    """The synthetic book's full build again after one word of one chapter changed.

    Its first build (timed above) filled a layout cache of its own: the rebuild
    lays out only that chapter (print/sections.py). Beside it, the same book
    laid out in one pass (`--no-cache`), as every build was before the cache.
    """
    book = scratch / f"book-{copies}"
    out = scratch / f"out-{copies}"
    chapter = book / f"{copies // 2:02d}-03-war-and-revolution.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("transformed", "changed", 1), encoding="utf-8")
    full_args = ("--booklet", "--print-ready")
    rebuild = measure(samizdat("build", str(book), "-o", str(out), *full_args))
    one_pass = measure(
        samizdat("build", str(book), "-o", str(scratch / "one-pass"), "--no-cache", *full_args)
    )
    ratio = rebuild.seconds / full
    verdict = "met" if ratio <= 0.25 else "NOT met"
    print(
        f"\nThe same book, one chapter edited: rebuild {rebuild.seconds:.1f} s,"
        f" {ratio:.2f}× its full build (target ≤ 0.25×: {verdict});"
        f" in one pass without the cache {one_pass.seconds:.1f} s"
        f" (the first build by sections: {full / one_pass.seconds:.2f}× that)"
    )
    return {"rebuild": asdict(rebuild), "one_pass": asdict(one_pass), "ratio": ratio}


FULL = ("--booklet", "--print-ready")
EDITS = ("changed", "altered", "remade", "upended", "overturned", "recast")  # a new word a run


def edited_pamphlet(scratch: Path, repeat: int) -> tuple[Run, Run]:
    """The editor's loop: one word of one chapter changed, then the build, plain and full.

    A copy of the pamphlet, built once; each timed run follows a new edit (a
    word never used before in that place), so no run finds its text in the
    cache: the edited chapter and the front matter are laid out again.
    """
    book = scratch / "edited"
    shutil.copytree(MANUSCRIPT, book)
    chapter = book / "03-war-and-revolution.md"
    original = chapter.read_text(encoding="utf-8")
    runs: dict[str, list[Run]] = {"plain": [], "full": []}
    edits = iter(EDITS)
    for kind, extra in (("plain", ()), ("full", FULL)):
        command = samizdat("build", str(book), "-o", str(scratch / f"edited-{kind}"), *extra)
        measure(command)  # the build before the edits
        for _ in range(min(repeat, len(EDITS) // 2)):
            word = next(edits)
            chapter.write_text(original.replace("transformed", word, 1), encoding="utf-8")
            runs[kind].append(measure(command))
    return best_of(runs["plain"]), best_of(runs["full"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=11, help="copies in the synthetic book")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each pamphlet command")
    parser.add_argument(
        "--sizes", default="1,3", help="further copies to plot, besides 1 and --copies"
    )
    args = parser.parse_args()
    results: dict = {}
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        fresh_layout_cache(scratch / "cache")
        warm = measure(samizdat("build", str(MANUSCRIPT), "-o", str(scratch / "warm")))
        print(f"(first build, static font instances made if missing: {warm.seconds:.1f} s)")
        # and a full one, so that the sections' print-ready PDFs are in the cache too
        measure(samizdat("build", str(MANUSCRIPT), "-o", str(scratch / "warm"), *FULL))

        print("\nThe pamphlet")
        (scratch / "pandoc").mkdir()
        pandoc_epub, pandoc_pdf = pandoc_commands(MANUSCRIPT, scratch / "pandoc")
        commands = {
            "pandoc EPUB": pandoc_epub,
            "pandoc PDF": pandoc_pdf,
            "plain": samizdat("build", str(MANUSCRIPT), "-o", str(scratch / "a")),
            "full": samizdat("build", str(MANUSCRIPT), "-o", str(scratch / "b"), *FULL),
            "plain, no layout cache": samizdat(
                "build", str(MANUSCRIPT), "-o", str(scratch / "c"), "--no-cache"
            ),
        }
        best = in_rounds(commands, args.repeat)
        p_epub, p_pdf, basic, full, uncached = (best[k] for k in commands)
        pair = Run(p_epub.seconds + p_pdf.seconds, max(p_epub.mb, p_pdf.mb), p_epub.cpu + p_pdf.cpu)
        lint = measure(samizdat("lint", str(MANUSCRIPT)), repeat=args.repeat)
        print(f"  pandoc EPUB {p_epub.seconds:.2f} s, PDF {p_pdf.seconds:.2f} s")
        print(ratio_line("plain build (EPUB + PDF)", basic, pair, 1.0))
        print(ratio_line("full build (+ booklet, print-ready)", full, pair, 1.3))
        print(ratio_line("plain build, --no-cache", uncached, pair, 1.0))
        edited, edited_full = edited_pamphlet(scratch, args.repeat)
        print(ratio_line("plain build, a word edited", edited, pair, 1.0))
        print(ratio_line("full build, a word edited", edited_full, pair, 1.3))
        verdict = "met" if lint.seconds <= 0.4 else "NOT met"
        print(f"  samizdat lint {lint.seconds:.2f} s (target ≤ 0.4 s: {verdict})")
        make = no_op_make(args.repeat)
        if make is None:
            print("  no-op make: not measured (outputs not up to date: run make first)")
        else:
            verdict = "met" if make.seconds <= 0.2 else "NOT met"
            print(f"  no-op make {make.seconds:.2f} s (target ≤ 0.2 s: {verdict})")
        results["pamphlet"] = {
            "pandoc_epub": asdict(p_epub),
            "pandoc_pdf": asdict(p_pdf),
            "samizdat_epub_pdf": asdict(basic),
            "samizdat_full": asdict(full),
            "samizdat_epub_pdf_no_cache": asdict(uncached),
            "samizdat_epub_pdf_edited": asdict(edited),
            "samizdat_full_edited": asdict(edited_full),
            "lint": asdict(lint),
            "noop_make": asdict(make) if make else None,
        }

        points = [
            {
                "copies": 1,
                "pages": pages(scratch / "b" / "trotsky.pdf"),
                "samizdat_seconds": full.seconds,
                "samizdat_mb": full.mb,
                "samizdat_cpu": full.cpu,
                "pandoc_seconds": pair.seconds,
                "pandoc_mb": pair.mb,
                "pandoc_cpu": pair.cpu,
            }
        ]
        sizes = sorted({int(s) for s in args.sizes.split(",") if s} - {1} | {args.copies})
        for copies in sizes:
            book = synthetic(copies, scratch / f"book-{copies}")
            out = scratch / f"out-{copies}"
            run = measure(
                samizdat("build", str(book), "-o", str(out), "--booklet", "--print-ready")
            )
            (scratch / f"pandoc-{copies}").mkdir()
            e, p = pandoc_pair(book, scratch / f"pandoc-{copies}", 1)
            points.append(
                {
                    "copies": copies,
                    "pages": pages(out / "trotsky.pdf"),
                    "samizdat_seconds": run.seconds,
                    "samizdat_mb": run.mb,
                    "samizdat_cpu": run.cpu,
                    "pandoc_seconds": e.seconds + p.seconds,
                    "pandoc_mb": max(e.mb, p.mb),
                    "pandoc_cpu": e.cpu + p.cpu,
                }
            )
        big = points[-1]
        results["edited"] = edited_rebuild(scratch, big["copies"], big["samizdat_seconds"])
        print(f"\nA synthetic book of {big['copies']} copies ({big['pages']} pages), full build")
        verdict = "met" if big["samizdat_mb"] <= 500 else "NOT met"
        print(
            f"  samizdat {big['samizdat_seconds']:.1f} s, peak {big['samizdat_mb']:.0f} MB"
            f" (target ≤ 500 MB: {verdict}); pandoc EPUB + PDF {big['pandoc_seconds']:.1f} s,"
            f" peak {big['pandoc_mb']:.0f} MB;"
            f" ratio {big['samizdat_seconds'] / big['pandoc_seconds']:.2f}×"
            f" (CPU {big['samizdat_cpu']:.1f} s : {big['pandoc_cpu']:.1f} s)"
        )
        print("\nBy size (samizdat full build; pandoc EPUB + PDF)")
        for p in points:
            print(
                f"  {p['pages']:4d} pages: samizdat {p['samizdat_seconds']:6.1f} s"
                f" {p['samizdat_mb']:5.0f} MB; pandoc {p['pandoc_seconds']:6.1f} s"
                f" {p['pandoc_mb']:5.0f} MB"
            )
        results["sizes"] = points
        print("\nScaling: lint and EPUB build against input size (each in its own process)")
        results["scaling"] = scaling(scratch)
    OUT.mkdir(exist_ok=True)
    plot(points, OUT / "bench.svg")
    (OUT / "bench.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"\nwrote {OUT / 'bench.svg'} and {OUT / 'bench.json'}")


if __name__ == "__main__":
    main()
