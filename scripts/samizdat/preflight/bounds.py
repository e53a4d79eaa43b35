"""PF1xx: nothing outside the text block but the running head and the folio, and
the running head whole (print.css cuts one too long for the measure with an ellipsis)."""

from __future__ import annotations

from samizdat.preflight import Finding, limits
from samizdat.preflight.pages import Page


def check(pages: list[Page]) -> list[Finding]:
    tol = limits()["tolerance"]
    found = []
    for page in pages:
        if page.trim is None:
            continue
        x0, top, x1, bottom = page.block
        margin_lines = {id(page.head), id(page.folio)}
        if page.head is not None and cut_short(page.head, x1 - x0):
            found.append(
                Finding(
                    "PF103",
                    page.number,
                    f"“{page.head.text.strip()}”",
                    (page.head.x0, page.head.top, page.head.x1, page.head.bottom),
                )
            )
        for line in page.lines:
            if id(line) in margin_lines and x0 - tol <= line.x0 and line.x1 <= x1 + tol:
                continue  # the running head and the folio stand in the margins by design
            cap_top = line.baseline - 0.7 * line.size  # the glyphs' own top, not the font's box
            if line.x0 < x0 - tol or line.x1 > x1 + tol or cap_top < top - tol:
                over = max(x0 - line.x0, line.x1 - x1, top - cap_top, 0)
                found.append(
                    Finding(
                        "PF101",
                        page.number,
                        f"“{line.text.strip()[:40]}” runs {over:.1f} pt past the text block",
                        (line.x0, line.top, line.x1, line.bottom),
                    )
                )
            elif line.baseline > bottom + tol and id(line) not in margin_lines:
                found.append(
                    Finding(
                        "PF101",
                        page.number,
                        f"“{line.text.strip()[:40]}” stands {line.baseline - bottom:.1f} pt below"
                        " the text block",
                        (line.x0, line.top, line.x1, line.bottom),
                    )
                )
        for box in page.boxes:
            if box.x0 < x0 - tol or box.x1 > x1 + tol or box.bottom > bottom + tol:
                over = max(x0 - box.x0, box.x1 - x1, box.bottom - bottom, 0)
                found.append(
                    Finding(
                        "PF102",
                        page.number,
                        f"a {box.kind} runs {over:.1f} pt past the text block",
                        (box.x0, box.top, box.x1, box.bottom),
                    )
                )
    return found


def cut_short(head, measure: float) -> bool:
    """Whether the running head was cut with an ellipsis: WeasyPrint draws it as one glyph
    whose text is all that was cut (so a reader copies the whole title), and the head
    then fills the measure."""
    last = head.chars[-1] if head.chars else None
    return (
        last is not None
        and len(last["text"]) > 1
        and not last["text"].isalpha()  # not a ligature ("fi")
        and head.x1 - head.x0 >= 0.95 * measure
    )
