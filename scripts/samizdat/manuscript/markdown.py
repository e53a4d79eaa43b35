"""Markdown to XHTML through Python-Markdown's extension API.

Tree processors adapt its output to the Book model: notes are lifted out of
the footnotes extension's list and marked for numbering through the whole book;
a table column's alignment becomes a class (style attributes are not kept);
text gets the no-break spaces of typography.py.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import NBSP_PLACEHOLDER
from markdown.treeprocessors import Treeprocessor

from samizdat.manuscript.typography import SMARTY_SUBSTITUTIONS, tie

NOTES_CLASS = "samizdat-notes"
NOTE_CLASS = "samizdat-note"
CALL_CLASS = "samizdat-call"
NO_TYPOGRAPHY = {"code", "pre", "kbd", "samp", "script", "style"}
ALIGN = re.compile(r"text-align:\s*(left|right|center)")


class NotesTreeprocessor(Treeprocessor):
    """Turn the footnotes extension's output into bare calls and a list of notes."""

    def run(self, root: etree.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        for sup in [e for e in root.iter("sup") if e.find("a[@class='footnote-ref']") is not None]:
            link = sup.find("a")
            call = etree.Element("a", {"class": CALL_CLASS})
            call.set("data-label", link.get("href", "").removeprefix("#fn:"))
            call.tail = sup.tail
            parent = parents[sup]
            parent.insert(list(parent).index(sup), call)
            parent.remove(sup)
        for div in [e for e in root.iter("div") if e.get("class") == "footnote"]:
            notes = etree.Element("div", {"class": NOTES_CLASS})
            for item in div.iter("li"):
                if not (item.get("id") or "").startswith("fn:"):
                    continue
                note = etree.SubElement(notes, "div", {"class": NOTE_CLASS})
                note.set("data-label", item.get("id").removeprefix("fn:"))
                for child in list(item):
                    note.append(child)
                for element in list(note.iter()):
                    for backref in [a for a in element if a.get("class") == "footnote-backref"]:
                        element.remove(backref)
                    for attr in ("text", "tail"):
                        value = getattr(element, attr)
                        if value and NBSP_PLACEHOLDER in value:
                            setattr(element, attr, value.replace(NBSP_PLACEHOLDER, "").rstrip())
            parent = parents[div]
            parent.insert(list(parent).index(div), notes)
            parent.remove(div)


class FigureTreeprocessor(Treeprocessor):
    """An image alone in its paragraph, with a title, is a figure with a caption:
    ![alt text](picture.png "The caption")."""

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, p in enumerate(list(parent)):
                if p.tag != "p" or len(p) != 1 or (p.text or "").strip():
                    continue
                img = p[0]
                if img.tag != "img" or not img.get("title") or (img.tail or "").strip():
                    continue
                figure = etree.Element("figure")
                caption = img.attrib.pop("title")
                img.tail = None
                figure.append(img)
                etree.SubElement(figure, "figcaption").text = caption
                figure.tail = p.tail
                parent.remove(p)
                parent.insert(index, figure)


class TableAlignTreeprocessor(Treeprocessor):
    """`| --: |` aligns a column: the tables extension says so in a style attribute,
    which the sanitiser drops, so say it with a class the shared styles know."""

    def run(self, root: etree.Element) -> None:
        for cell in (e for e in root.iter() if e.tag in ("td", "th")):
            found = ALIGN.search(cell.attrib.pop("style", ""))
            if found:
                classes = (cell.get("class", "") + f" align-{found.group(1)}").strip()
                cell.set("class", classes)


class TypographyTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        self.tie(root)

    def tie(self, element: etree.Element) -> None:
        if element.tag in NO_TYPOGRAPHY:
            return
        if element.text:
            element.text = tie(element.text)
        for child in element:
            self.tie(child)
            if child.tail:
                child.tail = tie(child.tail, last_character(child))


def last_character(element: etree.Element) -> str:
    """What a run of text after `element` follows: its text's last character; a note's
    call, numbered later (manuscript/loader.py), ends in a figure."""
    text = "".join(element.itertext())
    return text[-1:] or ("0" if element.get("class") == CALL_CLASS else "")


class SamizdatExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After the footnotes (50, 19, 15), attr_list (8) and smarty (6).
        md.treeprocessors.register(NotesTreeprocessor(md), "samizdat-notes", 5)
        md.treeprocessors.register(FigureTreeprocessor(md), "samizdat-figures", 4.5)
        md.treeprocessors.register(TableAlignTreeprocessor(md), "samizdat-table-align", 4.2)
        md.treeprocessors.register(TypographyTreeprocessor(md), "samizdat-typography", 4)


def make_converter() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[
            "footnotes",
            "attr_list",
            "smarty",
            "tables",
            "fenced_code",
            "sane_lists",
            "md_in_html",
            "def_list",
            SamizdatExtension(),
        ],
        extension_configs={
            "smarty": {"substitutions": SMARTY_SUBSTITUTIONS},
            "footnotes": {"UNIQUE_IDS": False, "BACKLINK_TEXT": ""},
        },
        output_format="xhtml",
    )


def to_html(text: str) -> str:
    """One chapter's Markdown as HTML, with notes marked but not yet numbered."""
    return make_converter().convert(text)
