"""Accessibility: Ace by DAISY on the EPUB, ARIA roles, a tagged PDF."""

from __future__ import annotations

from helpers import EPUB_TYPE, NS
from samizdat.checks import ace_violations

# epub:type -> the ARIA role that must stand beside it
ROLES = {
    "noteref": "doc-noteref",
    "footnote": "doc-footnote",
    "toc": "doc-toc",
    "colophon": "doc-colophon",
    "chapter": "doc-chapter",
    "appendix": "doc-appendix",
    "foreword": "doc-foreword",
    "bibliography": "doc-bibliography",
    "pagebreak": "doc-pagebreak",
}


def test_ace_reports_no_violations(ace_report):
    assert ace_violations(ace_report) == []
    assert ace_report["earl:result"]["earl:outcome"] == "pass"


def test_aria_roles_mirror_epub_types(pamphlet_epub):
    for name, doc in pamphlet_epub.documents.items():
        for el in doc.iter():
            if not isinstance(el.tag, str) or not el.get(EPUB_TYPE):
                continue
            if el.xpath("ancestor::x:nav[@epub:type='landmarks']", namespaces=NS):
                continue  # landmarks name a kind of place; they are links, not that place
            kind = el.get(EPUB_TYPE)
            if kind in ROLES:
                assert el.get("role") == ROLES[kind], (name, kind)


def test_sections_have_accessible_names(pamphlet_epub):
    for name, doc in pamphlet_epub.documents.items():
        for section in doc.iter("{{{}}}section".format(NS["x"]), "{{{}}}nav".format(NS["x"])):
            labelled = section.get("aria-label") or section.get("aria-labelledby")
            assert labelled, name
            if section.get("aria-labelledby"):
                assert doc.xpath("//*[@id=$i]", i=section.get("aria-labelledby")), name


def test_cover_image_has_alt_text_and_role(pamphlet_epub):
    doc = next(d for n, d in pamphlet_epub.documents.items() if n.endswith("cover.xhtml"))
    img = doc.find(".//x:img", NS)
    assert img.get("role") == "doc-cover" and "Trotsky" in img.get("alt")
