"""The web edition, read in a real browser.

Debian's Chromium, driven through Playwright (no browser download), reads the
pamphlet's web edition (built once per session by the pamphlet_dir fixture) and
the Manifesto's (two authors, a translator, ISBNs, a series, notes, links between
chapters, a `url` for canonical links), each served from a local http.server
thread: at phone and desktop widths, in light and dark, with and without
JavaScript, on screen and in print. The Nu HTML checker and axe-core judge the
pages. Screenshots are kept in build/web-screenshots/ for a person to look at.
"""

from __future__ import annotations

import copy
import io
import json
import re
import select
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fontTools.ttLib import TTFont
from lxml import etree
from lxml import html as lxml_html

from conftest import FIXTURES, ROOT, build
from helpers import Epub, squash
from samizdat.cli import main
from samizdat.commands.serve import serve_in_thread

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "build" / "web-screenshots"
WIDTHS = {"phone": 412, "desktop": 1280}
HEIGHT = 900
MANIFESTO_URL = "https://lantern.example/manifesto/"
BLOCK_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6")


# --- The editions ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pamphlet_web(pamphlet_dir) -> Path:
    return pamphlet_dir / "trotsky-web"


@pytest.fixture(scope="session")
def manifesto_dir(tmp_path_factory) -> Path:
    """The Manifesto with a `url` (for canonical links), built with its PDF (for pages)."""
    source = tmp_path_factory.mktemp("manifesto-source") / "manifesto"
    shutil.copytree(FIXTURES / "manifesto", source)
    toml = source / "book.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            'slug = "manifesto"\n', f'slug = "manifesto"\nurl = "{MANIFESTO_URL}"\n'
        ),
        encoding="utf-8",
    )
    return build(source, tmp_path_factory.mktemp("manifesto"))


@pytest.fixture(scope="session")
def manifesto_web(manifesto_dir) -> Path:
    return manifesto_dir / "manifesto-web"


@pytest.fixture(scope="session", params=["pamphlet", "manifesto"])
def edition(request) -> Path:
    return request.getfixturevalue(f"{request.param}_web")


def parse(path: Path) -> etree._Element:
    return lxml_html.parse(str(path)).getroot()


def reading_order(folder: Path) -> list[str]:
    """The section pages in reading order: from the index, following "next"."""
    names, page = [], "index.html"
    while True:
        link = parse(folder / page).xpath("//head/link[@rel='next']/@href")
        if not link:
            return names
        page = link[0]
        names.append(page)


def pages_of(folder: Path) -> list[str]:
    return ["index.html", *reading_order(folder)]


def web_blocks(folder: Path) -> list[str]:
    """The text of every paragraph, heading and list item of the text pages, in order,
    leaving out notes and what only a screen reader hears (as Epub.blocks does)."""
    found = []
    for name in reading_order(folder):
        main = parse(folder / name).xpath("//main")[0]
        for el in main.iter(*BLOCK_TAGS):
            if el.xpath("ancestor-or-self::aside | ancestor-or-self::*[@class='visually-hidden']"):
                continue
            el = copy.deepcopy(el)
            for nested in el.xpath(".//ul|.//ol"):
                nested.getparent().remove(nested)
            found.append(squash(el.text_content()))
    return found


# --- The browser ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def servers():
    """One local server per output folder, for the session."""
    running: dict[Path, tuple] = {}

    def url_of(folder: Path) -> str:
        root = folder.parent
        if root not in running:
            running[root] = serve_in_thread(root)
        return running[root][1] + folder.name + "/"

    yield url_of
    for httpd, _ in running.values():
        httpd.shutdown()
        httpd.server_close()


class Reader:
    """A browser tab at one width and colour scheme, that remembers every request."""

    def __init__(self, browser, base: str, width: int, scheme: str = "light", js: bool = True):
        self.context = browser.new_context(
            viewport={"width": width, "height": HEIGHT},
            color_scheme=scheme,
            java_script_enabled=js,
        )
        self.page = self.context.new_page()
        self.base = base
        self.js = js
        self.requests: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))

    def open(self, name: str) -> None:
        self.page.goto(self.base + name)
        if self.js:
            self.page.evaluate("document.fonts.ready")

    def in_view(self, selector: str) -> bool:
        box = self.page.locator(selector).bounding_box()
        return box is not None and box["y"] + box["height"] > 0 and box["y"] < HEIGHT

    def hash(self) -> str:
        return urlsplit(self.page.url).fragment

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def reader(browser, servers):
    opened: list[Reader] = []

    def make(folder: Path, width: int, scheme: str = "light", js: bool = True) -> Reader:
        r = Reader(browser, servers(folder), width, scheme, js)
        opened.append(r)
        return r

    yield make
    for r in opened:
        r.close()


def screenshot(r: Reader, name: str, full_page: bool = False) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    r.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


# --- What the build writes ------------------------------------------------------------------


def test_one_page_per_section_and_an_index(pamphlet_web, pamphlet_epub):
    names = reading_order(pamphlet_web)
    epub_sections = [Path(n).stem for n, _ in pamphlet_epub.body_documents()]
    assert [Path(n).stem for n in names] == epub_sections
    assert (pamphlet_web / "index.html").is_file()
    for name in names:
        assert (pamphlet_web / name).is_file()


def test_every_paragraph_once_in_order(pamphlet_web, pamphlet_epub):
    assert web_blocks(pamphlet_web) == pamphlet_epub.blocks()


def test_every_paragraph_of_the_manifesto_too(manifesto_dir, manifesto_web):
    assert web_blocks(manifesto_web) == Epub(manifesto_dir / "manifesto.epub").blocks()


def test_every_note_once_beside_its_call(edition):
    seen = []
    for name in reading_order(edition):
        doc = parse(edition / name)
        for aside in doc.xpath("//aside[@role='doc-footnote']"):
            seen.append(int(aside.get("id").removeprefix("note-")))
            back = aside.xpath(".//a[@role='doc-backlink']")[0].get("href")
            call = doc.xpath("//*[@id=$id]", id=back[1:])
            assert call and call[0].get("role") == "doc-noteref", (name, back)
            group = aside.getparent()
            assert group.get("class") == "notes"
            # The notes follow the very block that holds their call.
            block = call[0]
            while block.getparent() is not group.getparent():
                block = block.getparent()
            following = block.getnext()
            while following is not group:
                assert following.get("class") == "notes"
                following = following.getnext()
    assert seen == list(range(1, len(seen) + 1)) and seen


def test_page_breaks_as_in_the_epub(pamphlet_web, pamphlet_epub):
    """The print edition's pages stand where the EPUB has them, with the same ids."""
    epub_pages = []
    for _, doc in pamphlet_epub.body_documents():
        epub_pages += doc.xpath("//*[@role='doc-pagebreak']/@id")
    web_pages = []
    for name in reading_order(pamphlet_web):
        web_pages += parse(pamphlet_web / name).xpath("//*[@role='doc-pagebreak']/@id")
    assert web_pages == epub_pages and len(web_pages) > 20
    listed = parse(pamphlet_web / "index.html").xpath("//nav[@role='doc-pagelist']//a/@href")
    assert len(listed) == len(set(listed)) and len(listed) >= len(web_pages)


def test_downloads_are_the_files_of_the_build(pamphlet_dir, pamphlet_web):
    index = parse(pamphlet_web / "index.html")
    links = index.xpath("//section[@class='downloads']//a")
    hrefs = [a.get("href") for a in links]
    assert hrefs == [
        "../trotsky.epub",
        "../trotsky.pdf",
        "../trotsky-booklet.pdf",
        "../trotsky-print.pdf",
        "../trotsky-cover.pdf",
    ]
    for a in links:
        path = (pamphlet_web / a.get("href")).resolve()
        assert path.is_file()
        size = path.stat().st_size
        text = squash(a.getparent().text_content())
        shown = re.search(r"\((\d+(?:\.\d)?) (kB|MB)", text)
        assert shown, text
        value = float(shown[1]) * (1000 if shown[2] == "kB" else 1_000_000)
        assert abs(value - size) <= max(1000, size * 0.06), (text, size)


def test_web_only_writes_the_edition_alone(tmp_path):
    out = tmp_path / "out"
    assert main(["build", str(FIXTURES / "notes-book"), "-o", str(out), "--web-only"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["notes-book-web"]
    index = parse(out / "notes-book-web" / "index.html")
    assert not index.xpath("//section[@class='downloads']")  # nothing to download
    assert not index.xpath("//*[@role='doc-pagebreak']")  # no print layout, no pages
    # A second build replaces the folder whole, and now offers the EPUB beside it.
    assert main(["build", str(FIXTURES / "notes-book"), "-o", str(out), "--epub-only"]) == 0
    assert main(["build", str(FIXTURES / "notes-book"), "-o", str(out), "--web-only"]) == 0
    index = parse(out / "notes-book-web" / "index.html")
    assert index.xpath("//section[@class='downloads']//a/@href") == ["../notes-book.epub"]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_nothing_from_elsewhere(edition):
    """Every file a page uses is in the edition's folder (or a download beside it)."""
    for name in pages_of(edition):
        doc = parse(edition / name)
        for el in doc.xpath("//*[@src] | //body//*[@href] | //head/link[@rel!='canonical']"):
            ref = el.get("src") or el.get("href")
            assert not urlsplit(ref).scheme and not ref.startswith("//"), (name, ref)
        assert doc.xpath("//script[not(@type='application/ld+json')]") == []
    for css in (edition / "styles").glob("*.css"):
        for ref in re.findall(r"url\(([^)]*)\)", css.read_text(encoding="utf-8")):
            assert not urlsplit(ref.strip("\"'")).scheme, (css.name, ref)


# --- Metadata for the open web --------------------------------------------------------------


def meta_of(doc: etree._Element) -> dict[str, str]:
    found = {}
    for m in doc.xpath("//head/meta[@content]"):
        key = m.get("name") or m.get("property")
        found.setdefault(key, m.get("content"))
    return found


def test_metadata_of_the_index(manifesto_web):
    doc = parse(manifesto_web / "index.html")
    meta = meta_of(doc)
    assert doc.findtext(".//title") == (
        "Manifesto of the Communist Party, by Karl Marx and Friedrich Engels"
    )
    assert meta["description"].startswith("The programme Marx and Engels wrote")
    assert doc.xpath("//link[@rel='canonical']/@href") == [MANIFESTO_URL]
    assert meta["og:type"] == "book"
    assert meta["og:url"] == MANIFESTO_URL
    assert meta["og:image"] == MANIFESTO_URL + "cover.jpg"
    assert meta["og:locale"] == "en_GB"
    isbns = doc.xpath("//meta[@property='book:isbn']/@content")
    assert isbns == ["9798482136713", "9798482136706"]
    ld = json.loads(doc.xpath("//script[@type='application/ld+json']")[0].text)
    assert ld["@context"] == "https://schema.org" and ld["@type"] == "Book"
    assert ld["name"] == "Manifesto of the Communist Party"
    assert [a["name"] for a in ld["author"]] == ["Karl Marx", "Friedrich Engels"]
    assert [t["name"] for t in ld["translator"]] == ["Samuel Moore"]
    assert ld["isPartOf"] == {"@type": "BookSeries", "name": "Lantern Pamphlets"}
    assert ld["position"] == 1
    formats = {e["bookFormat"]: (e["isbn"], e["url"]) for e in ld["workExample"]}
    assert formats == {
        "https://schema.org/EBook": ("9798482136706", "https://lantern.example/manifesto.epub"),
        "https://schema.org/Paperback": ("9798482136713", "https://lantern.example/manifesto.pdf"),
    }
    assert ld["url"] == MANIFESTO_URL and ld["inLanguage"] == "en-GB"
    assert ld["isBasedOn"]["publisher"]["name"] == "William Reeves"


def test_metadata_of_a_section_page(manifesto_web):
    name = reading_order(manifesto_web)[2]
    doc = parse(manifesto_web / name)
    meta = meta_of(doc)
    assert doc.xpath("//link[@rel='canonical']/@href") == [MANIFESTO_URL + name]
    assert meta["og:url"] == MANIFESTO_URL + name
    assert meta["og:type"] == "article"
    assert doc.findtext(".//title").endswith("– Manifesto of the Communist Party")
    assert 40 < len(meta["description"]) <= 160
    assert not re.search(r"[a-z,]\d", meta["description"][:60])  # no note numbers


def test_the_colophon_names_the_faces_and_no_uuid(pamphlet_web):
    colophon = parse(pamphlet_web / "index.html").xpath("//section[@id='colophon']")[0]
    text = squash(colophon.text_content())
    assert "This web edition is set in EB Garamond too" in text
    assert "Page numbers: the A5" in text and "urn:uuid" not in text


def test_no_canonical_link_without_a_url(pamphlet_web):
    doc = parse(pamphlet_web / "index.html")
    assert doc.xpath("//link[@rel='canonical']") == []
    assert "og:url" not in meta_of(doc)


# --- The book face --------------------------------------------------------------------------


def test_the_book_face_is_served_static_and_subset(pamphlet_web):
    fonts = sorted((pamphlet_web / "fonts").glob("*.woff2"))
    assert [f.name for f in fonts] == ["eb-garamond-italic.woff2", "eb-garamond-normal.woff2"]
    text = set()
    for name in pages_of(pamphlet_web):
        text |= set(parse(pamphlet_web / name).xpath("string(//body)"))
    for path in fonts:
        font = TTFont(io.BytesIO(path.read_bytes()))
        assert font.flavor == "woff2"
        assert "fvar" not in font and "gvar" not in font  # a static instance
        assert font["OS/2"].usWeightClass == 400
        assert path.stat().st_size < 80_000  # subset: the whole face is 850 kB
        cmap = font.getBestCmap()
        # Every letter of the book is in the subset; fewer than 600 characters in all.
        letters = {c for c in text if c.isalpha()}
        assert {c for c in letters if ord(c) not in cmap} == set()
        assert len(cmap) < 600
        features = {r.FeatureTag for r in font["GSUB"].table.FeatureList.FeatureRecord}
        assert {"smcp", "onum", "liga"} <= features


def test_the_browser_sets_the_text_in_the_book_face(pamphlet_web, reader):
    r = reader(pamphlet_web, WIDTHS["desktop"])
    r.open(reading_order(pamphlet_web)[2])
    client = r.context.new_cdp_session(r.page)
    client.send("DOM.enable")
    client.send("CSS.enable")
    root = client.send("DOM.getDocument")["root"]["nodeId"]
    for selector, wanted in (("main p", "EB Garamond"), ("main em", "EB Garamond")):
        node = client.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts = client.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        assert fonts and all(f["isCustomFont"] for f in fonts), fonts
        assert {f["familyName"] for f in fonts} == {wanted}, fonts
    hosts = {urlsplit(u).netloc for u in r.requests}
    assert hosts == {urlsplit(r.base).netloc}  # nothing asked of anyone else


# --- Reading it -----------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_no_horizontal_scrolling(edition, reader, width):
    r = reader(edition, width)
    for name in pages_of(edition):
        r.open(name)
        scroll = r.page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, (name, scroll)


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_every_note_call_opens_its_note_and_returns(edition, reader, width):
    r = reader(edition, width)
    count = 0
    for name in reading_order(edition):
        r.open(name)
        calls = r.page.locator("main a[role='doc-noteref']")
        for i in range(calls.count()):
            call = calls.nth(i)
            call.scroll_into_view_if_needed()
            href = call.get_attribute("href")
            before = r.page.evaluate("window.scrollY")
            call.click()
            note = r.page.locator(href)
            assert note.is_visible() and r.in_view(href), (name, href)
            if width == WIDTHS["phone"]:
                # The note opens over the text, which stays where it was.
                assert abs(r.page.evaluate("window.scrollY") - before) < 2, (name, href)
            back = note.locator("a[role='doc-backlink']")
            target = back.get_attribute("href")
            back.click()
            assert r.hash() == target[1:]
            assert r.in_view(target), (name, target)
            if width == WIDTHS["phone"]:
                assert not note.is_visible()  # closed again
            count += 1
    assert count > 0


SIDENOTES = """() => [...document.querySelectorAll('main aside[role=doc-footnote]')].map(note => {
  const box = note.getBoundingClientRect();
  const call = document.getElementById(
    note.querySelector('a[role=doc-backlink]').getAttribute('href').slice(1));
  const calling = call.closest('main section > *');
  return {id: note.id, top: box.top + scrollY, bottom: box.bottom + scrollY, left: box.left,
          call: call.getBoundingClientRect().top + scrollY,
          block: calling.getBoundingClientRect().top + scrollY,
          text: calling.getBoundingClientRect().right};
})"""


def test_sidenotes_stand_beside_their_calls_and_never_overlap(edition, reader):
    r = reader(edition, WIDTHS["desktop"])
    distances = []
    for name in reading_order(edition):
        r.open(name)
        notes = r.page.evaluate(SIDENOTES)
        previous_bottom = -1.0
        for note in notes:
            assert note["left"] > note["text"], note  # in the margin, not over the text
            assert note["top"] >= previous_bottom - 1, (name, note)  # below the one before
            assert note["top"] >= note["block"] - 1, (name, note)  # never above its paragraph
            if previous_bottom < note["call"] - 30:  # not pushed down by the notes before
                distances.append(abs(note["top"] - note["call"]))
            previous_bottom = note["bottom"]
    assert distances
    distances.sort()
    # Most beside the call's line (a line is 30 px); none more than three lines away (a
    # call in a heading or a quotation, whose note starts after it).
    assert distances[len(distances) // 2] <= 30 and distances[-1] <= 90, distances


def internal_links(folder: Path) -> list[tuple[str, str]]:
    found = []
    for name in pages_of(folder):
        for href in parse(folder / name).xpath("//body//a/@href"):
            if not urlsplit(href).scheme and not href.startswith("../"):
                found.append((name, href))
    return found


def test_every_internal_link_lands_on_an_element(edition):
    links = internal_links(edition)
    assert len(links) > 50
    for name, href in links:
        path, _, fragment = href.partition("#")
        target = edition / (path or name)
        assert target.is_file(), (name, href)
        if fragment:
            found = parse(target).xpath("//*[@id=$id]", id=fragment)
            assert len(found) == 1, (name, href)


def test_links_between_chapters(manifesto_web):
    """`FILE.md#id` in the manuscript: a link to the other page, at that id."""
    across = [
        (name, href)
        for name, href in internal_links(manifesto_web)
        if name != "index.html"
        and not href.startswith("#")
        and "#" in href
        and not href.startswith("index.html")
    ]
    assert across, "the Manifesto links between its chapters"


def test_page_anchors_and_links_across_pages_land_in_the_browser(edition, reader):
    """Every page of the print edition, and every link from one page to a place in
    another, followed in the browser: the place exists and is on the screen."""
    r = reader(edition, WIDTHS["desktop"])
    listed = parse(edition / "index.html").xpath("//nav[@role='doc-pagelist']//a/@href")
    assert listed
    across = [h for _, h in internal_links(edition) if "#" in h and not h.startswith("#")]
    for href in dict.fromkeys(listed + across):
        r.page.goto(r.base + href)
        fragment = href.split("#")[1]
        assert r.page.locator(f"#{fragment}").count() == 1, href
        assert r.in_view(f"#{fragment}"), href


def test_page_numbers_shown_in_the_margin(pamphlet_web, reader):
    r = reader(pamphlet_web, WIDTHS["desktop"])
    r.open(reading_order(pamphlet_web)[2])
    marker = r.page.locator("main [role='doc-pagebreak']").nth(1)
    label = marker.get_attribute("data-page")
    assert marker.get_attribute("title") == f"Page {label} of the print edition"
    shown = r.page.evaluate(
        "el => getComputedStyle(el, '::before').content", marker.element_handle()
    )
    assert shown == f'"p.\u00a0{label}"'
    text_left = r.page.locator("main p").first.bounding_box()["x"]
    where = r.page.evaluate(
        "el => { const s = getComputedStyle(el, '::before'); return [s.position, s.left]; }",
        marker.element_handle(),
    )
    assert where[0] == "absolute" and float(where[1].removesuffix("px")) < 0
    assert text_left > 80  # there is a margin for it


def test_measure_about_65_characters(pamphlet_web, reader):
    r = reader(pamphlet_web, WIDTHS["desktop"])
    r.open(reading_order(pamphlet_web)[2])
    per_line = r.page.evaluate(
        """() => {
          const found = [];
          for (const p of document.querySelectorAll('main section > p')) {
            const lines = p.getClientRects().length && Math.round(
              p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight));
            if (lines >= 4) found.push(p.textContent.length / lines);
          }
          found.sort((a, b) => a - b);
          return found[Math.floor(found.length / 2)];
        }"""
    )
    assert 58 <= per_line <= 72, per_line


CONTRAST = """() => {
  const rgb = c => c.match(/[\\d.]+/g).map(Number);
  const lum = c => { const [r, g, b] = rgb(c).slice(0, 3).map(v => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = getComputedStyle(el).backgroundColor;
      if (rgb(c).length < 4 || rgb(c)[3] > 0) return c;
    }
    return getComputedStyle(document.documentElement).backgroundColor;
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m);
    return (x + 0.05) / (y + 0.05); };
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    if (el.closest('.visually-hidden')) continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (own) found.push([el.tagName + '.' + el.className, ratio(style.color, background(el))]);
    const before = getComputedStyle(el, '::before');
    if (before.content && before.content !== 'none' && before.content !== 'normal')
      found.push([el.tagName + '::before', ratio(before.color, background(el))]);
  }
  return found;
}"""


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_text_is_readable_in_both_themes(edition, reader, scheme):
    r = reader(edition, WIDTHS["desktop"], scheme)
    for name in pages_of(edition)[:4]:
        r.open(name)
        ink = r.page.evaluate("getComputedStyle(document.querySelector('main p')).color")
        paper = r.page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        if scheme == "dark":
            assert ink != "rgb(26, 26, 26)" and paper != "rgb(255, 255, 255)"  # really dark
        poor = [(what, round(c, 2)) for what, c in r.page.evaluate(CONTRAST) if c < 4.5]
        assert poor == [], (name, poor)


def test_works_without_javascript(pamphlet_web, reader):
    r = reader(pamphlet_web, WIDTHS["phone"], js=False)
    r.open(reading_order(pamphlet_web)[2])
    call = r.page.locator("main a[role='doc-noteref']").first
    href = call.get_attribute("href")
    assert not r.page.locator(href).is_visible()
    call.click()
    assert r.page.locator(href).is_visible()
    screenshot(r, "phone-note-open-without-javascript")


def test_works_from_a_folder(pamphlet_web, browser):
    """Opened as files (file://), offline: styles, the book face and links all work."""
    context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": HEIGHT})
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((pamphlet_web / "index.html").as_uri())
    page.click("nav#toc a >> nth=2")
    page.evaluate("document.fonts.ready")
    assert page.url.startswith("file://") and page.url.endswith("#early-years")
    family = page.evaluate("getComputedStyle(document.querySelector('main p')).fontFamily")
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').length")
    assert family.startswith('"EB Garamond"') and loaded >= 1
    assert all(u.startswith("file://") for u in requests)
    context.close()


def test_printing_a_page(pamphlet_web, reader):
    r = reader(pamphlet_web, WIDTHS["desktop"])
    r.page.emulate_media(media="print")
    r.open(reading_order(pamphlet_web)[2])
    assert not r.page.locator(".masthead").is_visible()
    assert not r.page.locator(".pager").is_visible()
    notes = r.page.locator("aside[role='doc-footnote']")
    assert notes.count() > 0 and all(notes.nth(i).is_visible() for i in range(notes.count()))
    colour = r.page.evaluate("getComputedStyle(document.querySelector('main p')).color")
    assert colour == "rgb(0, 0, 0)"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    r.page.pdf(path=str(SCREENSHOTS / "printed-page.pdf"))


def test_screenshots_for_a_person(edition, reader):
    """Kept in build/web-screenshots/: index and a chapter, phone and desktop, light and
    dark, a note opened on a phone."""
    slug = edition.name.removesuffix("-web")
    chapter = reading_order(edition)[2]
    for scheme in ("light", "dark"):
        for label, width in WIDTHS.items():
            r = reader(edition, width, scheme)
            r.open("index.html")
            screenshot(r, f"{slug}-index-{label}-{scheme}")
            r.open(chapter)
            screenshot(r, f"{slug}-chapter-{label}-{scheme}")
            call = r.page.locator("main a[role='doc-noteref']").first
            if call.count():
                call.scroll_into_view_if_needed()
                call.click()
                screenshot(r, f"{slug}-note-{label}-{scheme}")
    assert len(list(SCREENSHOTS.glob(f"{slug}-*.png"))) >= 8


# --- Validity and accessibility -------------------------------------------------------------


@pytest.fixture(scope="session")
def vnu_report(pamphlet_web, manifesto_web) -> tuple[list[dict], set[Path]]:
    """One run of the Nu HTML checker over both editions (the JVM is slow to start):
    its messages (JSON, on stderr) and the files it checked (--verbose, on stdout)."""
    done = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--format",
            "json",
            "--verbose",
            "--skip-non-html",
            str(pamphlet_web),
            str(manifesto_web),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    checked = {Path(line) for line in done.stdout.split() if line.endswith(".html")}
    return json.loads(done.stderr)["messages"], checked


def test_the_nu_html_checker_finds_no_error(vnu_report, pamphlet_web, manifesto_web):
    messages, checked = vnu_report
    errors = [
        f"{Path(urlsplit(m.get('url', '')).path).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    assert errors == []
    for folder in (pamphlet_web, manifesto_web):
        assert {folder / name for name in pages_of(folder)} <= checked


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation(edition, reader, scheme):
    script = AXE.read_text(encoding="utf-8")
    for label, width in WIDTHS.items():
        if scheme == "dark" and label == "phone":
            continue
        r = reader(edition, width, scheme)
        for name in pages_of(edition):
            r.open(name)
            r.page.add_script_tag(content=script)
            result = r.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            found = [
                f"{name} ({label}, {scheme}): {v['id']}: {n['target']}"
                for v in result["violations"]
                for n in v["nodes"]
            ]
            assert found == []


# --- Serving it -----------------------------------------------------------------------------


def test_serve_offers_the_edition_with_the_right_types(pamphlet_web):
    from urllib.request import urlopen

    httpd, base = serve_in_thread(pamphlet_web.parent)
    try:
        with urlopen(base + "trotsky-web/") as response:
            assert response.headers["Content-Type"].startswith("text/html")
        with urlopen(base + "trotsky-web/fonts/eb-garamond-normal.woff2") as response:
            assert response.headers["Content-Type"] == "font/woff2"
        with urlopen(base + "trotsky.epub") as response:
            assert response.headers["Content-Type"] == "application/epub+zip"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_serve_refuses_a_folder_without_an_edition(tmp_path, capsys):
    assert main(["serve", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no web edition" in err


def test_samizdat_serve_from_the_command_line(pamphlet_dir):
    from urllib.request import urlopen

    process = subprocess.Popen(
        [sys.executable, "-m", "samizdat", "serve", str(pamphlet_dir), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        ready, _, _ = select.select([process.stdout], [], [], 60)
        assert ready, "samizdat serve said nothing"
        line = process.stdout.readline()
        assert line.startswith("serving http://localhost:") and line.rstrip().endswith(
            "/trotsky-web/"
        )
        with urlopen(line.split()[1].replace("localhost", "127.0.0.1")) as response:
            assert b"<title>Trotsky, by Duncan Hallas</title>" in response.read()
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_epub_only_and_web_only_together_is_a_usage_error(tmp_path, capsys):
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as stop:
        main(["build", str(FIXTURES / "notes-book"), "-o", str(out), "--epub-only", "--web-only"])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and "not allowed with" in err and err.count("\n") == 1
    assert not out.exists() or not any(out.iterdir())


def test_another_book_face(tmp_path):
    """A book set in another face gets that face, subset, in its web edition."""
    source = tmp_path / "book"
    shutil.copytree(FIXTURES / "notes-book", source)
    toml = source / "book.toml"
    toml.write_text('font = "Literata"\n' + toml.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(source), "-o", str(out), "--web-only"]) == 0
    web = out / "notes-book-web"
    assert sorted(p.name for p in (web / "fonts").iterdir()) == [
        "literata-italic.woff2",
        "literata-normal.woff2",
    ]
    css = (web / "styles" / "fonts.css").read_text(encoding="utf-8")
    assert 'font-family: "Literata"' in css and 'html { font-family: "Literata"' in css
    for path in (web / "fonts").iterdir():
        assert "fvar" not in TTFont(io.BytesIO(path.read_bytes()))
