"""The print edition's pages, read from WeasyPrint's layout, for the EPUB's page list.

Every page of the laid-out PDF begins somewhere in the book's text: in block B
(numbered by writers/blocks.py) after W whole words. That is found from the
boxes WeasyPrint actually laid out, not estimated, and recorded in the Book as
PageBreaks, which the EPUB writer turns into page-break markers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from weasyprint.document import Document
from weasyprint.formatting_structure import boxes

from samizdat.model import PageBreak

AUTO_HYPHEN = "\u2010"  # what WeasyPrint adds where it hyphenates a word


def flow_events(
    box, block: str | None = None, headers: set | None = None
) -> Iterator[tuple[str, str | None, str]]:
    """("text", block, text) and ("line", block, "") in the order of the page's flow.

    `headers` holds the table headers already laid out: a header that a table
    repeats on its next page is not where that page's text begins.
    """
    headers = set() if headers is None else headers
    element = getattr(box, "element", None)
    if getattr(box, "is_header", False) or getattr(box, "is_footer", False):
        if id(element) in headers:
            return
        headers.add(id(element))
    tag = getattr(box, "element_tag", "") or ""
    if "::" in tag and not tag.endswith("::footnote-call"):
        return  # markers and generated content are not the book's text
    if element is not None and element.get("data-block") and "::" not in tag:
        block = element.get("data-block")
    if isinstance(box, boxes.TextBox):
        yield "text", block, box.text
        return
    for child in getattr(box, "children", ()):
        yield from flow_events(child, block, headers)
    if isinstance(box, boxes.LineBox):
        yield "line", block, ""


def page_breaks(document: Document) -> list[PageBreak]:
    seen: dict[str, str] = defaultdict(str)  # block -> its text laid out so far
    headers: set[int] = set()
    breaks = []
    for index, page in enumerate(document.pages):
        flow = page._page_box.children[0]
        started = False
        for kind, block, text in flow_events(flow, None, headers):
            if block is None:
                continue
            if kind == "line":
                laid = seen[block]
                if laid.endswith(AUTO_HYPHEN):
                    seen[block] = laid[:-1]  # the word goes on on the next line
                elif laid and not laid.endswith(("-", " ")):
                    seen[block] = laid + " "
                continue
            if not started and text.strip():
                before = seen[block]
                mid_word = bool(before) and not before.endswith(" ") and not text[:1].isspace()
                word = len(before.split()) - (1 if mid_word else 0)
                breaks.append(PageBreak(str(index + 1), block, max(word, 0)))
                started = True
            seen[block] += text
    return breaks
