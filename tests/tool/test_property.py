"""Random manuscripts: a valid book or a one-line error, never a traceback or a broken file."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import epubcheck
from samizdat.cli import main

BOOK = """\
title = "Random"
author = "Hypothesis"
language = "en"
identifier = "urn:uuid:1d7b6a52-0c8e-4e44-9d62-0a6f3b7c2e19"
publisher = "Fixture Press"
date = "2026"
slug = "random"
"""

# Letters of every script (right-to-left ones included), combining marks, and spaces.
TEXT = st.text(
    alphabet=st.characters(categories=("L", "M", "Zs"), exclude_characters="\u00a0\u1680"),
    min_size=1,
    max_size=30,
).map(lambda t: " ".join(t.split()) or "word")
SAMPLES = st.sampled_from(
    [
        "שלום עולם",
        "مرحبا بالعالم",
        "e\u0301te\u0301",
        "Zalgo\u0351\u0352\u0300",
        "naïve café",
        "日本語の本",
    ]
)
WORDS = st.one_of(TEXT, SAMPLES)
HTML = st.sampled_from(
    [
        '<div class="box"><p>fine</p></div>',
        "<span>inline</span>",
        "<foo>unknown element</foo>",
        "<script>alert(1)</script>",
        '<iframe src="x.html"></iframe>',
        "<p><div>block in a paragraph</div></p>",
        "<em>unclosed emphasis",
        "</div>",
        '<img src="missing.png" alt="missing">',
        '<a href="javascript:void(0)">a script link</a>',
        "<table><tr><td>cell</td></tr></table>",
        "&amp; &lt; &nbsp; &eacute;",
        "<!-- a comment -->",
        "<b><i>misnested</b> tags</i>",
        "<ul><li>one<li>two</ul>",
        '<p onclick="x()" style="color: red">handlers dropped</p>',
        '<section epub:type="chapter"><p>typed</p></section>',
        '<span epub:type="z3998:roman">IV</span> and <span epub:type="acme:x">y</span>',
        # ids that would break a book: samizdat's own, malformed, twice
        '<span id="note-1">x</span>',
        '<span id="a b">x</span>',
        '<span id="dup">x</span> <span id="dup">y</span>',
        '<span id="fine-id">x</span>',
        # links of every form
        "[next](02.md)",
        "[its heading](02.md#chapter-2)",
        "[missing](missing.md)",
        "[up](../outside.md)",
        "[colophon](#colophon)",
        "<https://example.org/a b<c>>",
        '<a href="https://example.org/a b">spaces</a>',
        "[mail](mailto:someone@example.org)",
        # brackets, labels Markdown cannot read, control characters
        "[" * 50,
        "[^" * 30,
        "[^]]>]",
        "text\x00with a NUL",
        "text\x0cwith a form feed",
        "bell\x07",
        '{: src="x.png" }',
    ]
)
DEPTH = st.integers(1, 60).map(lambda n: "> " * n + "deep")
LISTS = st.integers(1, 50).map(lambda n: "".join("    " * i + "- item\n" for i in range(n)))
BLOCK = st.one_of(
    WORDS,
    st.tuples(st.integers(2, 3), WORDS).map(lambda x: "#" * x[0] + " " + x[1]),
    WORDS.map(lambda t: "> " + t),
    st.lists(WORDS, min_size=1, max_size=3).map(lambda items: "\n".join("- " + i for i in items)),
    WORDS.map(lambda t: "```\n" + t + "\n```"),
    HTML,
    WORDS.map(lambda t: f"*{t}* and **{t}**"),
    st.tuples(WORDS, WORDS).map(lambda x: f"{x[0]} [{x[1]}](#{x[1][:5]})"),
    st.tuples(WORDS, WORDS).map(lambda x: f"{x[0]}[^n]\n\n[^n]: {x[1]}"),
    st.tuples(WORDS, WORDS).map(lambda x: f"> {x[0]}[^q]\n\n[^q]: {x[1]}\n\n    {x[0]}"),
    st.tuples(WORDS, WORDS).map(lambda x: f"{x[0]}[^o]\n\n[^o]: {x[1]}[^i]\n\n[^i]: inner"),
    DEPTH,
    LISTS,
)
# Chapter file names a user may give, samizdat's own document names among them.
NAMES = st.sampled_from(
    ["nav", "cover", "title-page", "colophon", "toc", "a b", "x#y", "50%", "what?", "ch"]
)
MANUSCRIPTS = st.lists(st.lists(BLOCK, min_size=1, max_size=6), min_size=1, max_size=3)


def write(folder: Path, chapters: list[list[str]], names: list[str] | None = None) -> None:
    """The chapters as files 01.md, 02.md, ...; with `names`, 02.md is called by one of
    them (the others keep their numbers), through `order`."""
    folder.mkdir(parents=True)
    files = [f"{number:02d}.md" for number in range(1, len(chapters) + 1)]
    if names and len(files) > 2:
        files[2] = f"{names[0]}.md"
    order = "order = [" + ", ".join(json.dumps(f) for f in files) + "]\n" if names else ""
    (folder / "book.toml").write_text(order + BOOK, encoding="utf-8")
    for number, (blocks, file) in enumerate(zip(chapters, files, strict=True), 1):
        text = f"# Chapter {number}\n\n" + "\n\n".join(blocks) + "\n"
        (folder / file).write_text(text, encoding="utf-8")


def run(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(list(args))
    return code, err.getvalue()


def test_random_manuscripts_build_or_stop_with_one_line(tmp_path):
    store = tmp_path / "built"
    store.mkdir()
    outcomes = {"built": 0, "refused": 0}
    whole: list[Path] = []

    @settings(
        max_examples=60,
        deadline=None,
        database=None,
        # CI checks the same 60 manuscripts every time; a developer's run explores new ones.
        derandomize=os.environ.get("CI") == "true",
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(chapters=MANUSCRIPTS, names=st.lists(NAMES, max_size=1))
    def explore(chapters, names):
        with tempfile.TemporaryDirectory() as scratch:
            folder, out = Path(scratch) / "m", Path(scratch) / "out"
            write(folder, chapters, names)
            code, err = run("build", str(folder), "-o", str(out), "--epub-only")
            if code == 0:
                with zipfile.ZipFile(out / "random.epub") as epub:
                    for name in epub.namelist():
                        if name.endswith(".xhtml"):
                            etree.fromstring(epub.read(name))  # well-formed, or this raises
                for chapter in sorted(folder.glob("*.md")):
                    text = chapter.read_text(encoding="utf-8")
                    if 'id="' in text or ".md" in text:
                        # ids and links belong to their own book: checked whole below
                        if len(whole) < 3:
                            whole.append(
                                shutil.copy(out / "random.epub", tmp_path / f"w{len(whole)}.epub")
                            )
                        continue
                    shutil.copy(chapter, store / f"{len(list(store.iterdir())):04d}.md")
                outcomes["built"] += 1
            else:
                assert code == 1, err
                assert err.count("\n") == 1 and err.startswith("samizdat: error:"), err
                assert "internal error" not in err and "Traceback" not in err
                outcomes["refused"] += 1

    explore()
    assert outcomes["built"] > 0, outcomes  # the property was exercised on real books

    # One EPUBCheck run on every book that built, joined as the chapters of one book.
    combined = tmp_path / "combined"
    write(combined, [])
    for chapter in sorted(store.iterdir()):
        shutil.copy(chapter, combined / chapter.name)
    code, err = run("build", str(combined), "-o", str(tmp_path / "out"), "--epub-only")
    assert code == 0, err
    for book in [tmp_path / "out" / "random.epub", *whole]:
        report = epubcheck(book)
        problems = [m for m in report["messages"] if m["severity"] in ("FATAL", "ERROR")]
        assert problems == [], (book.name, problems[:3])
