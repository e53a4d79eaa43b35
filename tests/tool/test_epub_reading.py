"""The EPUB as a reader sees it on a phone, in night and sepia modes, and at a large size.

Every XHTML document of four books (the pamphlet, the general book with its
picture, table and verse, Holmes with its scene breaks, The Iron Heel with its
epigraph and notes) is opened in Debian's Chromium at 360 px, the narrowest
common phone, as a reading system shows it:

- light: the book's own styles on white;
- dark: what Apple Books and Kobo do at night, a user style that sets only
  `html, body { background: #000; color: #fff }`;
- sepia: the same with #f4ecd8 paper and #5b4636 ink;
- large: the reader's font size at 150 %.

The rule these tests hold the EPUB's styles to: they never set a colour on
text or a background. `color` is only ever `inherit` or `currentColor`, so
that every theme's ink reaches links, note calls, small capitals and ornaments;
rules and borders are a grey with alpha, which reads on any paper.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import tinycss2

from conftest import FIXTURES, build
from helpers import Epub

PHONE = {"width": 360, "height": 740}
PROBE = (Path(__file__).parent / "epub_reading.js").read_text(encoding="utf-8")
THEMES = {
    "light": "",
    "dark": "html, body { background: #000; color: #fff }",
    "sepia": "html, body { background: #f4ecd8; color: #5b4636 }",
    "large": "html { font-size: 150% }",
}
BOOKS = ("pamphlet", "general-book", "holmes", "iron-heel")
COLOUR_PROPERTIES = {
    "color",
    "background",
    "background-color",
    "-webkit-text-fill-color",
    "text-decoration-color",
    "text-emphasis-color",
}
NEUTRAL = {"inherit", "currentcolor", "transparent", "none"}


@pytest.fixture(scope="session")
def reading_epubs(tmp_path_factory, pamphlet_epub, general_epub) -> dict[str, Path]:
    """The books' EPUBs: two from the session's builds, two built EPUB-only here."""
    found = {"pamphlet": pamphlet_epub.path, "general-book": general_epub.path}
    for name in ("holmes", "iron-heel"):
        out = build(FIXTURES / name, tmp_path_factory.mktemp(f"{name}-epub"), "--epub-only")
        found[name] = out / f"{name}.epub"
    return found


@pytest.fixture(scope="session")
def unzipped(reading_epubs, tmp_path_factory) -> dict[str, Path]:
    found = {}
    for book, path in reading_epubs.items():
        found[book] = tmp_path_factory.mktemp(f"{book}-unzipped")
        with zipfile.ZipFile(path) as z:
            z.extractall(found[book])
    return found


@pytest.fixture(scope="session")
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def readings(unzipped, phone) -> dict[tuple[str, str], dict[str, dict]]:
    """(book, theme) → document → what the probe measured."""
    results: dict[tuple[str, str], dict[str, dict]] = {}
    for book, folder in unzipped.items():
        documents = sorted(folder.rglob("*.xhtml"))
        assert documents, book
        for theme, style in THEMES.items():
            measured = results.setdefault((book, theme), {})
            for document in documents:
                phone.goto(document.as_uri())
                if style:
                    phone.add_style_tag(content=style)
                measured[document.name] = phone.evaluate(PROBE)
    return results


@pytest.mark.parametrize("theme", ["light", "large"])
@pytest.mark.parametrize("book", BOOKS)
def test_nothing_is_wider_than_a_phone(readings, book, theme):
    wide = {doc: r["overflow"] for doc, r in readings[(book, theme)].items() if r["overflow"] > 0}
    assert wide == {}, wide


@pytest.mark.parametrize("theme", ["light", "dark", "sepia"])
@pytest.mark.parametrize("book", BOOKS)
def test_all_text_meets_aa_contrast(readings, book, theme):
    """Running text, note calls, links, small capitals, the register, ornaments."""
    poor = {
        doc: sorted({(what, round(ratio, 2)) for what, ratio in r["poor"]})
        for doc, r in readings[(book, theme)].items()
        if r["poor"]
    }
    assert poor == {}, poor


@pytest.mark.parametrize("book", BOOKS)
def test_no_line_begins_with_an_em_dash(readings, book):
    found = {doc: r["dashes"] for doc, r in readings[(book, "light")].items() if r["dashes"]}
    assert found == {}, found


@pytest.mark.parametrize("theme", ["light", "large"])
def test_turned_verse_lines_hang(readings, theme):
    """A verse line too long for the phone turns under itself, indented deeper than
    any line of its stanza begins, so it is not read as the poet's next line."""
    measured = readings[("iron-heel", theme)]
    assert sum(r["turned"] for r in measured.values()) > 0  # there are turned lines to see
    found = {doc: r["unhung"] for doc, r in measured.items() if r["unhung"]}
    assert found == {}, found


@pytest.mark.parametrize("theme", ["light", "large"])
@pytest.mark.parametrize("book", ["pamphlet", "general-book"])
def test_contents_evenly_spaced_at_every_depth(readings, book, theme):
    (gaps,) = [r["gaps"] for doc, r in readings[(book, theme)].items() if doc == "nav.xhtml"]
    assert len(gaps) >= 4 and max(gaps) - min(gaps) <= 1, gaps


def colour_declarations(css: str) -> list[tuple[str, str]]:
    found = []

    def walk(rules) -> None:
        for rule in rules:
            if rule.type == "qualified-rule":
                body = rule.content
            elif rule.type == "at-rule" and rule.content is not None:
                if rule.lower_at_keyword == "media":
                    walk(tinycss2.parse_rule_list(rule.content, True, True))
                    continue
                body = rule.content
            else:
                continue
            for d in tinycss2.parse_declaration_list(body, True, True):
                if d.type == "declaration" and d.lower_name in COLOUR_PROPERTIES:
                    found.append((d.lower_name, tinycss2.serialize(d.value).strip().lower()))

    walk(tinycss2.parse_stylesheet(css, True, True))
    return found


@pytest.mark.parametrize("book", ["pamphlet", "general-book"])
def test_styles_set_no_text_or_background_colour(reading_epubs, book):
    epub = Epub(reading_epubs[book])
    sheets = [n for n in epub.zip.namelist() if n.endswith(".css")]
    assert sheets
    fixed = [
        (name, prop, value)
        for name in sheets
        for prop, value in colour_declarations(epub.zip.read(name).decode("utf-8"))
        if value not in NEUTRAL
    ]
    assert fixed == []


def test_the_colour_rule_can_fail():
    css = "a { color: inherit } @media (min-width: 1px) { a.noteref { color: #a00 } }"
    assert colour_declarations(css) == [("color", "inherit"), ("color", "#a00")]


def test_aligned_table_columns(unzipped, phone):
    """`| --: |` in the Markdown: the figures of a column share their right edge."""
    phone.goto(next(unzipped["general-book"].rglob("01-pictures.xhtml")).as_uri())
    rights = phone.evaluate(
        """() => [...document.querySelectorAll('tbody tr')].map(tr => {
             const r = document.createRange();
             r.selectNodeContents(tr.cells[1]);
             return Math.round(r.getBoundingClientRect().right);
           })"""
    )
    assert len(rights) == 3 and len(set(rights)) == 1, rights
