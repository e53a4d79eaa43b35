"""Random manuscripts: a valid book or a one-line error, never a traceback or a broken file."""

from __future__ import annotations

import contextlib
import io
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
    ]
)
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
)
MANUSCRIPTS = st.lists(st.lists(BLOCK, min_size=1, max_size=6), min_size=1, max_size=3)


def write(folder: Path, chapters: list[list[str]]) -> None:
    folder.mkdir(parents=True)
    (folder / "book.toml").write_text(BOOK, encoding="utf-8")
    for number, blocks in enumerate(chapters, 1):
        text = f"# Chapter {number}\n\n" + "\n\n".join(blocks) + "\n"
        (folder / f"{number:02d}.md").write_text(text, encoding="utf-8")


def run(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(list(args))
    return code, err.getvalue()


def test_random_manuscripts_build_or_stop_with_one_line(tmp_path):
    store = tmp_path / "built"
    store.mkdir()
    outcomes = {"built": 0, "refused": 0}

    @settings(
        max_examples=60,
        deadline=None,
        database=None,
        # CI checks the same 60 manuscripts every time; a developer's run explores new ones.
        derandomize=os.environ.get("CI") == "true",
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(chapters=MANUSCRIPTS)
    def explore(chapters):
        with tempfile.TemporaryDirectory() as scratch:
            folder, out = Path(scratch) / "m", Path(scratch) / "out"
            write(folder, chapters)
            code, err = run("build", str(folder), "-o", str(out), "--epub-only")
            if code == 0:
                with zipfile.ZipFile(out / "random.epub") as epub:
                    for name in epub.namelist():
                        if name.endswith(".xhtml"):
                            etree.fromstring(epub.read(name))  # well-formed, or this raises
                for chapter in sorted(folder.glob("*.md")):
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
    report = epubcheck(tmp_path / "out" / "random.epub")
    problems = [m for m in report["messages"] if m["severity"] in ("FATAL", "ERROR")]
    assert problems == [], problems[:3]
