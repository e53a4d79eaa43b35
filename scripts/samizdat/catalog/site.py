"""The static catalogue site: plain HTML and one small stylesheet, nothing from elsewhere.

    OUT/index.html             every book, with its cover, authors, series, blurb, downloads
    OUT/books/<slug>.html      one book: everything the catalogue knows of it
    OUT/series/<key>.html      one series, in series order
    OUT/authors/<key>.html     one author's books
    OUT/catalog.css            light and dark (prefers-color-scheme)

No JavaScript, no fonts or scripts from other sites; every image has alt text;
every page and every book in another language than the page's declares it.
"""

from __future__ import annotations

import posixpath
from html import escape
from pathlib import Path

from samizdat.catalog.books import Entry, Shelf, human_size, sort_form, write_if_changed
from samizdat.catalog.config import Catalog
from samizdat.catalog.search import SNIPPET
from samizdat.model import join_names

STYLESHEET = "catalog.css"

CSS = """\
:root {
  color-scheme: light dark;
  --text: #1b1b1b; --muted: #4a4a4a; --back: #fbfaf6; --card: #ffffff;
  --rule: #d8d4c8; --link: #1d4f91; --visited: #5b2a86;
}
@media (prefers-color-scheme: dark) {
  :root {
    --text: #ecebe6; --muted: #bdbbb3; --back: #151515; --card: #1f1f1f;
    --rule: #3a3a3a; --link: #9cc3ff; --visited: #d2b0ff;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--back); color: var(--text);
  font: 1.0625rem/1.55 Georgia, "Times New Roman", serif;
}
a { color: var(--link); }
a:visited { color: var(--visited); }
a:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
.skip, .vh { position: absolute; left: -999em; }
.skip:focus { left: 1rem; top: 1rem; background: var(--card); padding: .5rem; }
header, main, footer { max-width: 60rem; margin: 0 auto; padding: 1rem 1.25rem; }
header { border-bottom: 1px solid var(--rule); }
header p { margin: 0; font-size: 1.25rem; }
footer { border-top: 1px solid var(--rule); color: var(--muted); font-size: .95rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: .5rem 0 1rem; }
h2 { font-size: 1.35rem; line-height: 1.25; margin: 0 0 .25rem; }
.detail h2 { margin-top: 1.5rem; }
.books { list-style: none; padding: 0; margin: 0; }
.book {
  display: grid; grid-template-columns: 9rem 1fr; gap: 1.25rem;
  background: var(--card); border: 1px solid var(--rule); border-radius: 4px;
  padding: 1rem; margin: 0 0 1rem;
}
.book img, .cover img { width: 100%; height: auto; display: block; border: 1px solid var(--rule); }
.book p { margin: .25rem 0; }
.byline, .series { color: var(--muted); }
.downloads {
  padding: 0; margin: .5rem 0 0; list-style: none;
  display: flex; flex-wrap: wrap; gap: .5rem 1.25rem;
}
.downloads .size { color: var(--muted); font-size: .9em; }
.detail { display: grid; grid-template-columns: minmax(10rem, 18rem) 1fr; gap: 2rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dt { font-weight: bold; }
dd { margin: 0; }
.search {
  margin: 1rem 0 1.5rem;
  --pagefind-ui-primary: var(--link); --pagefind-ui-text: var(--text);
  --pagefind-ui-background: var(--card); --pagefind-ui-border: var(--rule);
  --pagefind-ui-tag: var(--back); --pagefind-ui-font: inherit;
}
.index-lists {
  display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1rem 2rem;
}
@media (max-width: 36rem) {
  .book, .detail { grid-template-columns: 1fr; }
  .book img { max-width: 9rem; }
}
"""


def href(source: str, target: str) -> str:
    return escape(posixpath.relpath(target, posixpath.dirname(source) or "."), quote=True)


def page(
    catalog: Catalog, language: str, path: str, title: str, body: str, chrome: str = ""
) -> str:
    """A whole page in `language`; the site's own words (header, footer) in `chrome`."""
    chrome_lang = f' lang="{escape(chrome, quote=True)}"' if chrome and chrome != language else ""
    root = posixpath.relpath(".", posixpath.dirname(path) or ".")
    root = "" if root == "." else root + "/"
    site = escape(catalog.title)
    return f"""<!DOCTYPE html>
<html lang="{escape(language, quote=True)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}{"" if path == "index.html" else f" — {site}"}</title>
<link rel="stylesheet" href="{root}{STYLESHEET}">
<link rel="alternate" type="application/atom+xml;profile=opds-catalog;kind=navigation" \
href="{root}opds.xml" title="{site}: OPDS catalogue">
<meta name="generator" content="samizdat">
</head>
<body>
<a class="skip" href="#main"{chrome_lang}>Skip to the books</a>
<header{chrome_lang} data-pagefind-ignore><p><a href="{root}index.html">{site}</a></p></header>
<main id="main">
{body}
</main>
<footer{chrome_lang} data-pagefind-ignore>
<p>{escape(catalog.publisher) + " · " if catalog.publisher else ""}For reading apps: \
<a href="{root}opds.xml">the OPDS catalogue</a>. Made with samizdat.</p>
</footer>
</body>
</html>
"""


def lang_attr(book: Entry, language: str) -> str:
    lang = book.metadata.language
    return "" if lang == language else f' lang="{escape(lang, quote=True)}"'


def byline(source: str, book: Entry, authors: dict[str, str]) -> str:
    names = [
        f'<a href="{href(source, f"authors/{authors[n]}.html")}">{escape(n)}</a>'
        for n in book.metadata.names("author")
    ]
    return join_names(names)


def series_line(source: str, book: Entry) -> str:
    series = book.metadata.series
    if not series:
        return ""
    number = f", no. {series.number}" if series.number is not None else ""
    link = f'<a href="{href(source, f"series/{book.series_key}.html")}">{escape(series.name)}</a>'
    return f'<p class="series">{link}{number}</p>'


def download_list(source: str, book: Entry, label: str) -> str:
    items = []
    for d in book.downloads:
        items.append(
            f'<li><a href="{href(source, d.href)}" type="{d.mime}" download>{escape(d.label)}'
            f'<span class="vh"> of {escape(book.metadata.title)}</span></a> '
            f'<span class="size">({human_size(d.size)}, {escape(d.note)})</span></li>'
        )
    if book.web:
        items.insert(
            0,
            f'<li><a href="{href(source, book.web)}">Read online</a> '
            f'<span class="size">(the web edition)</span></li>',
        )
    return f'<ul class="downloads" aria-label="{escape(label, quote=True)}">{"".join(items)}</ul>'


def card(source: str, book: Entry, authors: dict[str, str], language: str) -> str:
    meta = book.metadata
    page_href = href(source, f"books/{book.slug}.html")
    width, height = book.thumbnail_size
    subtitle = f"<p>{escape(meta.subtitle)}</p>" if meta.subtitle else ""
    blurb = f'<p class="description">{escape(meta.description)}</p>' if meta.description else ""
    return f"""<li class="book"{lang_attr(book, language)}>
<img src="{href(source, book.thumbnail)}" alt="Cover of {escape(meta.title, quote=True)}" \
width="{width // 2}" height="{height // 2}">
<div>
<h2><a href="{page_href}">{escape(meta.title)}</a></h2>
{subtitle}<p class="byline">by {byline(source, book, authors)}</p>
{series_line(source, book)}{blurb}
{download_list(source, book, f"Downloads of {meta.title}")}
</div>
</li>"""


def book_list(source: str, books: list[Entry], authors: dict[str, str], language: str) -> str:
    cards = "\n".join(card(source, b, authors, language) for b in books)
    return f'<ul class="books">\n{cards}\n</ul>'


def book_page(catalog, path: str, book: Entry, authors: dict[str, str], language: str) -> str:
    meta = book.metadata
    width, height = book.cover_size
    rows = [("Publisher", escape(meta.publisher)), ("Date", escape(meta.date))]
    for credit, names in meta.credits():
        rows.append((escape(credit[0].upper() + credit[1:]), escape(names)))
    if meta.series:
        number = f", no. {meta.series.number}" if meta.series.number is not None else ""
        target = href(path, f"series/{book.series_key}.html")
        link = f'<a href="{target}">{escape(meta.series.name)}</a>'
        rows.append(("Series", link + number))
    rows.append(("Language", escape(meta.language)))
    if meta.isbn_epub:
        rows.append(("ISBN (EPUB)", escape(meta.isbn_epub)))
    if meta.isbn_print:
        rows.append(("ISBN (print)", escape(meta.isbn_print)))
    if meta.subjects:
        rows.append(("Subjects", "; ".join(escape(s) for s in meta.subjects)))
    if meta.original:
        first = ", ".join(
            escape(x)
            for x in (meta.original.publisher, meta.original.place, meta.original.date)
            if x
        )
        rows.append(("First published", first))
    if meta.rights:
        rows.append(("Rights", escape(meta.rights)))
    details = "\n".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    subtitle = f"<p>{escape(meta.subtitle)}</p>" if meta.subtitle else ""
    blurb = f"<p>{escape(meta.description)}</p>" if meta.description else ""
    body = f"""<div class="detail">
<div class="cover"><img src="{href(path, book.cover)}" \
alt="Cover of {escape(meta.title, quote=True)}" width="{width}" height="{height}"></div>
<div>
<h1>{escape(meta.title)}</h1>
{subtitle}<p class="byline">by {byline(path, book, authors)}</p>
{blurb}
<h2>Download</h2>
{download_list(path, book, "Downloads")}
<h2>About this edition</h2>
<dl>
{details}
</dl>
</div>
</div>"""
    return page(catalog, meta.language, path, meta.title, body, language)


def write_site(shelf: Shelf, out: Path, language: str) -> list[str]:
    """Every page; returns the files written, relative to OUT."""
    catalog, books, series, authors = shelf.catalog, shelf.books, shelf.series, shelf.authors
    pages: dict[str, str] = {}
    lists = []
    if series:
        items = "".join(
            f'<li><a href="series/{series[name]}.html">{escape(name)}</a></li>'
            for name in sorted(series)
        )
        lists.append(f'<section><h2 id="series">Series</h2><ul>{items}</ul></section>')
    if authors:
        items = "".join(
            f'<li><a href="authors/{authors[name]}.html">{escape(name)}</a></li>'
            for name in sorted(authors, key=lambda n: sort_form(books, n))
        )
        lists.append(f'<section><h2 id="authors">Authors</h2><ul>{items}</ul></section>')
    count = f"{len(books)} book{'s' if len(books) != 1 else ''}"
    search_box = SNIPPET if catalog.search else ""
    index = f"""<h1>{escape(catalog.title)}</h1>
<p>{count}{f" published by {escape(catalog.publisher)}" if catalog.publisher else ""}, \
free to download: EPUB for reading apps, PDF to read or print.</p>
{search_box}
{book_list("index.html", books, authors, language)}
<div class="index-lists">{"".join(lists)}</div>"""
    pages["index.html"] = page(catalog, language, "index.html", catalog.title, index)

    for book in books:
        path = f"books/{book.slug}.html"
        pages[path] = book_page(catalog, path, book, authors, language)
    for name, key in series.items():
        path = f"series/{key}.html"
        members = sorted(
            (b for b in books if b.metadata.series and b.metadata.series.name == name),
            key=lambda b: (b.metadata.series.number is None, b.metadata.series.number or 0),
        )
        body = f"<h1>{escape(name)}</h1>\n{book_list(path, members, authors, language)}"
        pages[path] = page(catalog, language, path, name, body)
    for name, key in authors.items():
        path = f"authors/{key}.html"
        members = [b for b in books if name in b.metadata.names("author")]
        body = f"<h1>{escape(name)}</h1>\n{book_list(path, members, authors, language)}"
        pages[path] = page(catalog, language, path, name, body)

    write_if_changed(out / STYLESHEET, CSS.encode())
    for path, text in pages.items():
        write_if_changed(out / path, text.encode())
    return sorted([*pages, STYLESHEET])
