"""WeasyPrint as samizdat sets it up (print/weasy.py): what it mends in WeasyPrint's own
line breaking."""

from __future__ import annotations

from weasyprint import HTML
from weasyprint.formatting_structure.boxes import BlockBox, LineBox

from helpers import in_book_face
from samizdat.print import weasy

# holmes at A6, a paragraph set a shade looser (its letters 0.12 px wider): WeasyPrint set
# "years back, and some-" alone on a line, its spaces six ems wide
TEXT = (
    "years back, and some\xadthing on very much the same lines at Munich the year after the "
    "Franco-Prussian War. It is one of these cases, but, hullo, here is Les\xadtrade! Good "
    "af\xadter\xadnoon, Les\xadtrade! You will find an extra tum\xadbler upon the side\xadboard, "
    "and there are ci\xadgars in the box."
)
SIZE = 11.7  # px: the book face at A6


def stretched_lines(letters: float) -> list[str]:
    """The lines, not a paragraph's last, that justification spreads by over half an em a
    space: one paragraph at each of 200 measures a few hundredths of a pixel apart."""
    paragraphs = "".join(
        f'<p style="width: {358 + k * 0.005:.3f}px">{TEXT}</p>' for k in range(200)
    )
    html = in_book_face(
        paragraphs,
        f"@page {{ size: 500px 30000px; margin: 0 }} body {{ font-size: {SIZE}px }}"
        f" p {{ text-align: justify; hyphens: manual; letter-spacing: {letters}px; margin: 0 }}",
    )
    page = HTML(string=html).render().pages[0]._page_box
    found = []
    for box in page.descendants():
        if not isinstance(box, BlockBox) or box.element_tag != "p":
            continue
        for line in [child for child in box.children if isinstance(child, LineBox)][:-1]:
            texts = [each for each in line.descendants() if hasattr(each, "text")]
            if max(getattr(each, "justification_spacing", 0) for each in texts) > SIZE / 2:
                found.append("".join(each.text for each in texts))
    return found


def test_a_letter_spaced_line_full_to_its_last_letter_is_not_cut_at_a_soft_hyphen():
    """WeasyPrint 70 measures a line with the letter space after its last letter, Pango
    breaks it without: a line full to within that space was taken for one that cannot
    break, and set only as far as a soft hyphen. Without the mend, some of these measures
    give such a line (if none does, WeasyPrint has mended it, and so may samizdat)."""
    stretched = stretched_lines(0.12)
    assert stretched and all(line.endswith("\u2010") for line in stretched)
    with weasy.letter_spaced_lines_fit():
        assert stretched_lines(0.12) == []
        assert stretched_lines(0.0) == stretched_lines(-0.12) == []  # not letter-spaced looser
