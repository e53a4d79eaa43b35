"""Raw HTML made safe for an EPUB, or rejected with the line it stands on.

Safe repairs: unknown elements are unwrapped (their text kept), comments and
unknown or event-handler attributes dropped. What cannot be repaired safely
(scripts, forms, frames, embedded objects, links that run code, blocks inside
a paragraph) stops the build with an error naming the file and line.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import quote, urlsplit

from lxml import etree

from samizdat.errors import SamizdatError
from samizdat.resources import data


@cache
def rules() -> dict:
    table = data("html")
    return {key: set(value) for key, value in table.items() if isinstance(value, list)}


@cache
def attribute_tags() -> dict[str, set[str]]:
    return {name: set(tags) for name, tags in data("html")["attribute_tags"].items()}


URL_SAFE = "/:@!$&'()*+,;=?#%~-._"
NO_TEXT = {"code", "pre", "kbd", "samp"}


def line_of(text: str, needle: str) -> int | None:
    """The first line of the source that holds `needle` (case-insensitive)."""
    lowered = needle.lower()
    for number, line in enumerate(text.splitlines(), 1):
        if lowered in line.lower():
            return number
    return None


def sanitise(container: etree._Element, path: Path, source: str) -> None:
    """Repair or reject, in place, the HTML of one chapter."""
    r = rules()
    known = r["block"] | r["phrasing"] | r["structural"]
    for node in list(container.iter()):
        if node is container:
            continue
        if not isinstance(node.tag, str):  # comments, processing instructions
            node.drop_tree()
            continue
        tag = node.tag.lower()
        if tag in r["forbidden"]:
            raise SamizdatError(
                f"<{tag}> is not allowed in a book", path, line_of(source, f"<{tag}")
            )
        if tag not in known:
            node.drop_tag()  # unknown element: keep its content
            continue
        clean_attributes(node, tag, path, source)
    check_nesting(container, path, source)
    check_note_marks(container, path, source)


def check_note_marks(container: etree._Element, path: Path, source: str) -> None:
    """A `[^` left in the text is a note call Markdown could not read (`[^]]>]`, `[^a b]`):
    an error, never literal brackets in a published book."""
    for node in container.iter():
        if not isinstance(node.tag, str):
            continue
        inside_code = node.tag in NO_TEXT or any(a.tag in NO_TEXT for a in node.iterancestors())
        for text in (node.text, node.tail):
            if text and "[^" in text and not inside_code:
                raise SamizdatError(
                    "a note call Markdown cannot read: labels are letters, digits, - and _",
                    path,
                    line_of(source, "[^"),
                )


def clean_attributes(node: etree._Element, tag: str, path: Path, source: str) -> None:
    allowed = rules()["attributes"]
    for name in list(node.attrib):
        value = node.attrib[name]
        lowered = name.lower()
        if lowered == "style" and re.search(r"url\s*\(|@import|expression\s*\(", value, re.I):
            raise SamizdatError(
                f"a style refers to another file ({value.strip()[:60]}): not allowed",
                path,
                line_of(source, value.strip()[:30]),
            )
        if lowered == "epub:type":
            # The model's fragments carry no namespaces: the EPUB writer restores it.
            del node.attrib[name]
            node.set("data-epub-type", value)
            continue
        only = attribute_tags().get(lowered)
        if lowered in allowed and (only is None or tag in only):
            continue
        if lowered.startswith(("aria-", "data-")) and lowered != "data-epub-type":
            continue
        del node.attrib[name]
    href = node.get("href")
    if href is not None:
        scheme = urlsplit(href.strip()).scheme.lower()
        if scheme and scheme not in rules()["schemes"]:
            raise SamizdatError(
                f"a link to '{href[:60]}' is not allowed", path, line_of(source, href[:30])
            )
        # An address with spaces or <> is written percent-encoded, as a URL must be.
        node.set("href", quote(href.strip(), safe=URL_SAFE))
    if tag == "img" and not node.get("alt", "").strip() and node.get("role") != "presentation":
        raise SamizdatError(
            f"image {node.get('src', '')!r} has no alt text: describe it",
            path,
            line_of(source, node.get("src", "<img") or "<img"),
        )


def check_nesting(container: etree._Element, path: Path, source: str) -> None:
    r = rules()
    inline_parents = r["phrasing"] | {"p", "h1", "h2", "h3", "h4", "h5", "h6"}
    for node in container.iter():
        if not isinstance(node.tag, str) or node.tag not in r["block"]:
            continue
        parent = node.getparent()
        while parent is not None and parent is not container:
            if parent.tag in inline_parents:
                raise SamizdatError(
                    f"<{node.tag}> inside <{parent.tag}>: a block cannot stand in running text",
                    path,
                    line_of(source, f"<{node.tag}"),
                )
            parent = parent.getparent()
