"""Building XHTML documents from the model's fragments with lxml, never by string."""

from __future__ import annotations

from lxml import etree

XHTML = "http://www.w3.org/1999/xhtml"
EPUB = "http://www.idpf.org/2007/ops"
XML = "http://www.w3.org/XML/1998/namespace"
NSMAP = {None: XHTML, "epub": EPUB}


def q(tag: str) -> str:
    """An XHTML tag name, or 'epub:type'-style name, as lxml's {ns}name."""
    if tag.startswith("epub:"):
        return f"{{{EPUB}}}{tag[5:]}"
    return f"{{{XHTML}}}{tag}"


def fragment(xhtml: str) -> etree._Element:
    """The model's fragment parsed into a <div> in the XHTML namespace."""
    wrapper = f'<div xmlns="{XHTML}" xmlns:epub="{EPUB}">{xhtml}</div>'
    return etree.fromstring(wrapper.encode("utf-8"))


def element(
    tag: str, attrib: dict[str, str] | None = None, text: str | None = None, **kw
) -> etree._Element:
    el = etree.Element(q(tag), nsmap=NSMAP)
    for key, value in {**(attrib or {}), **kw}.items():
        el.set(q(key) if key.startswith("epub:") else key, value)
    if text is not None:
        el.text = text
    return el


def sub(
    parent: etree._Element, tag: str, attrib: dict[str, str] | None = None, text: str | None = None
) -> etree._Element:
    child = element(tag, attrib, text)
    parent.append(child)
    return child


def document(
    title: str,
    lang: str,
    stylesheets: list[str],
    body: list[etree._Element],
    body_attrib: dict[str, str] | None = None,
    prefix: str = "",
) -> bytes:
    """A complete XHTML5 document, serialised as EPUB wants it."""
    html = element("html")
    html.set("lang", lang)
    html.set(f"{{{XML}}}lang", lang)
    if prefix:
        html.set(q("epub:prefix"), prefix)
    head = sub(html, "head")
    sub(head, "meta", {"charset": "utf-8"})
    sub(head, "title", text=title)
    for href in stylesheets:
        sub(head, "link", {"rel": "stylesheet", "type": "text/css", "href": href})
    body_el = sub(html, "body", body_attrib)
    for child in body:
        body_el.append(child)
    return b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n' + etree.tostring(
        html, encoding="utf-8"
    )
