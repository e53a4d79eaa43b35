"""The preflight: every laid-out page checked; every book in every trim passes it.

Each finding kind is provoked by a small manuscript whose style.css forces
the fault; each fault class of issue 12 has a test on the real books.
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import pdfplumber
import pytest

from conftest import BOOKS, CASES, FIXTURES, MANUSCRIPT, build
from helpers import book_toml, in_book_face
from samizdat.cli import main
from samizdat.preflight import check_pages, check_pdf, codes, colour, flow, spacing
from samizdat.preflight.pages import Line, Page, Pdf, text_block
from samizdat.print import cuts
from samizdat.trims import MM_PER_PT, trim

BOOK = book_toml()
TEXT = (
    "the committee met again in the autumn and resolved that the newspaper should appear "
    "every week whatever the cost to its editors and printers who worked through the "
    "night setting type by hand while the police watched the building from across the street"
)
WORDS = TEXT.split()


def prose(seed: int, words: int) -> str:
    return " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(words)).capitalize()


def chapter(paragraphs: int = 40, extra: str = "") -> str:
    body = "\n\n".join(prose(i, 40 + (i * 37) % 90) + "." for i in range(paragraphs))
    return f"# A chapter\n\n{body}\n\n{extra}\n"


def synthetic(tmp_path: Path, text: str, style: str = "", *extra: str) -> Path:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "book.toml").write_text(BOOK, encoding="utf-8")
    (folder / "01-chapter.md").write_text(text, encoding="utf-8")
    if style:
        (folder / "style.css").write_text(style, encoding="utf-8")
    return build(folder, tmp_path / "out", *extra)


def found_codes(pdf: Path) -> set[str]:
    return {finding.code for finding in check_pdf(pdf)}


# -- Each finding kind, provoked ------------------------------------------------


def test_every_code_is_documented_and_grouped():
    assert set(codes()) == {
        "PF101", "PF102", "PF103", "PF201", "PF202", "PF203", "PF204", "PF205",
        "PF301", "PF302", "PF303", "PF304", "PF401", "PF402", "PF501", "PF601", "PF701",
    }  # fmt: skip
    groups = {entry["group"] for entry in codes().values()}
    modules = Path(__file__).resolve().parents[2] / "scripts/samizdat/preflight"
    assert all((modules / f"{group}.py").exists() for group in groups)


def test_a_clean_synthetic_book_has_no_findings(tmp_path):
    out = synthetic(tmp_path, chapter(12))
    assert check_pdf(out / "fixture.pdf") == []


def test_text_and_boxes_outside_the_block(tmp_path):
    table = "| a | b |\n|---|---|\n| one | two |\n"
    style = "p.wide { margin-right: -12mm; } table { width: 125%; margin: 0; }"
    out = synthetic(
        tmp_path, chapter(3, "Wide " + prose(1, 60) + "\n{: .wide }\n\n" + table), style
    )
    found = check_pdf(out / "fixture.pdf")
    assert {"PF101", "PF102"} <= {f.code for f in found}
    assert all(f.page >= 1 and f.box for f in found if f.code in ("PF101", "PF102"))


def test_a_running_head_cut_short_and_the_chapters_own(tmp_path):
    """A title too long for the measure is cut with an ellipsis (PF103); book.toml's
    running_head gives the head a chapter's short title instead."""
    long = "# The position of the committee in relation to the various parties of the day,"
    long += " and to the newspapers of each\n\n"
    text = long + chapter(14).removeprefix("# A chapter\n\n")
    cut = synthetic(tmp_path, text, "", "--pdf-only", "--trim", "a6")
    assert "PF103" in found_codes(cut / "fixture.pdf")
    folder = tmp_path / "m"
    toml = (folder / "book.toml").read_text(encoding="utf-8")
    toml += '\n[chapters."01-chapter.md"]\nrunning_head = "The committee’s position"\n'
    (folder / "book.toml").write_text(toml, encoding="utf-8")
    whole = build(folder, tmp_path / "whole", "--pdf-only", "--trim", "a6")
    assert "PF103" not in found_codes(whole / "fixture.pdf")
    heads = {page.head.text for page in Pdf(whole / "fixture.pdf").pages if page.head}
    assert "The committee’s position" in heads


def test_a_page_ending_short_and_facing_pages_that_differ(tmp_path):
    paragraphs = chapter(30).split("\n\n")
    paragraphs[14] += "\n{: .push }"
    paragraphs[15] += "\n{: .push }"  # a page of one paragraph: no remedy fills it
    paragraphs[22] += "\n{: .shift }"
    text = "\n\n".join(paragraphs)
    style = "p.push { break-before: page; } p.shift { margin-top: 5pt; }"
    found = found_codes(synthetic(tmp_path, text, style) / "fixture.pdf")
    assert {"PF201", "PF202"} <= found


A5 = trim("a5")
FULL = round((text_block(A5, 2)[3] - text_block(A5, 2)[1]) / A5.line_height)  # lines a page holds


def drawn_page(number: int, rows: list[tuple]) -> Page:
    """A page as the preflight reads it: a head, a folio, and rows of text (line number,
    size[, indent in em, full width]) at A5 on the grid."""
    block = text_block(A5, number)
    lead = A5.line_height
    head = Line("Head", block[0], block[0] + 40, block[1] - 20, block[1] - 12, 8.0)
    folio = Line(str(number), 200, 205, block[3] + 10, block[3] + 18, 8.0)
    body = []
    for k, size, *rest in rows:
        indent = rest[0] if rest else 0.0
        full = rest[1] if len(rest) > 1 else True
        if indent == "centre":  # a scene break's ornament
            x0, x1 = (block[0] + block[2]) / 2 - 10, (block[0] + block[2]) / 2 + 10
        else:
            x0 = block[0] + indent * A5.font_size
            x1 = block[2] if full else block[0] + (block[2] - block[0]) / 2
        body.append(
            Line("word " * 12, x0, x1, block[1] + k * lead, block[1] + (k + 1) * lead, size)
        )
    return Page(number, A5, block, [head, *body, folio], [], None)


def test_a_page_may_end_short_before_a_subhead_that_would_not_fit():
    """Holmes at A6: p. 17 ended two lines short before "II", which needs four (with
    the two lines that must follow it)."""
    size = A5.font_size

    def pages(opening: float) -> list[Page]:
        rest = [(k, size) for k in range(2, FULL)]
        return [
            drawn_page(1, [(k, size) for k in range(FULL)]),
            drawn_page(2, [(k, size) for k in range(FULL - 1)]),  # ends a line short
            drawn_page(3, [(k, size) for k in range(FULL - 3)]),  # three lines short ...
            drawn_page(4, [(0, opening), *rest]),  # ... before a subhead, or not
            drawn_page(5, [(k, size) for k in range(FULL)]),
        ]

    assert [f.page for f in flow.check(pages(opening=size))] == [3, 2]  # PF201, PF202 on 2-3
    assert flow.check(pages(opening=size * 1.3)) == []
    # a scene break's ornament: holmes at A5, p. 252 three lines short before "* * *"
    ornament = [
        drawn_page(1, [(k, size) for k in range(FULL)]),
        drawn_page(2, [(k, size) for k in range(FULL - 1)]),
        drawn_page(3, [(k, size) for k in range(FULL - 3)]),
        drawn_page(4, [(1, size, "centre"), *[(k, size) for k in range(3, FULL)]]),
        drawn_page(5, [(k, size) for k in range(FULL)]),
    ]
    assert flow.check(ornament) == []


def test_a_one_line_paragraph_at_the_foot_is_no_orphan():
    """Holmes at A5: "It was dated ... and ran thus:" ended p. 244, the letter began p. 245."""
    size = A5.font_size
    ends = [(k, size) for k in range(FULL - 2)] + [
        (FULL - 2, size, 0, False),
        (FULL - 1, size, 1.2),
    ]

    def pages(following: list[tuple]) -> list[Page]:
        return [
            drawn_page(1, [(k, size) for k in range(FULL)]),
            drawn_page(2, ends),
            drawn_page(3, following),
            drawn_page(4, [(k, size) for k in range(FULL)]),
        ]

    runs_on = [(k, size) for k in range(FULL)]
    quotation = [(k, size * 0.92, 1.5) for k in range(3)] + [(k, size) for k in range(4, FULL)]
    assert [f.code for f in flow.check(pages(runs_on))] == ["PF204"]
    assert [f.code for f in flow.check(pages(quotation))] == []


def test_widows_and_orphans(tmp_path):
    style = "p { widows: 1; orphans: 1; }"
    found = found_codes(synthetic(tmp_path, chapter(60), style) / "fixture.pdf")
    assert {"PF203", "PF204"} & found


def test_hyphenation_faults(tmp_path):
    towns = ["Zimmerwald", "Constantinople", "Petrograd", "Kronstadt", "Yekaterinburg"]
    names = "\n\n".join(
        " ".join(f"{w} {towns[(i + j) % 5]}" for j, w in enumerate(prose(i, 30).split())) + "."
        for i in range(12)
    )
    text = f"# Names\n\n{names}\n\n" + chapter(20)
    style = "p { hyphens: auto !important; hyphenate-limit-chars: 4 2 2; margin-right: 35mm; }"
    found = found_codes(synthetic(tmp_path, text, style) / "fixture.pdf")
    assert {"PF301", "PF302"} <= found


def test_a_paragraphs_last_word_hyphenated(tmp_path):
    endings = "\n\n".join(prose(i, 30 + i % 9) + " incomprehensibilities." for i in range(40))
    style = "p { hyphens: auto !important; hyphenate-limit-chars: 4 2 2; }"
    found = found_codes(synthetic(tmp_path, f"# A\n\n{endings}\n", style) / "fixture.pdf")
    assert "PF303" in found


def test_loose_lines(tmp_path):
    style = "p { word-spacing: 0.6em; }"
    found = found_codes(synthetic(tmp_path, chapter(6), style) / "fixture.pdf")
    assert "PF401" in found


def test_a_line_begun_with_a_dash_and_a_subhead_at_a_pages_foot():
    """PF304: a line that goes on a paragraph begins with a dash (the pamphlet at half
    letter, p. 22, "—the subordination", after a note's call); a dialogue's dash opening an
    indented paragraph is not one. PF205: a page's text ends with a subhead or an ornament
    (the manifesto at A5 and half letter, p. 32, "(B) Petty-Bourgeois Socialism")."""
    from samizdat.preflight import hyphens

    block = text_block(A5, 2)
    lead, size = A5.line_height, A5.font_size

    def line(k: int, text: str, x0: float, x1: float) -> Line:
        return Line(text, x0, x1, block[1] + k * lead, block[1] + k * lead + size, size)

    folio = Line("2", 200, 205, block[3] + 10, block[3] + 18, 8.0)
    full = line(0, "the “popular front”35", block[0], block[2])
    dash = line(1, "\u2060—the subordination of the workers", block[0], block[2])
    dialogue = line(1, "—Yes, he said, and went on talking", block[0] + size, block[2])
    found = hyphens.check([Page(2, A5, block, [full, dash, folio], [], None)])
    assert [f.code for f in found] == ["PF304"]
    assert hyphens.check([Page(2, A5, block, [full, dialogue, folio], [], None)]) == []

    rows = [(k, size) for k in range(FULL)]
    pages = [drawn_page(n, rows) for n in (1, 2, 3, 4)]
    pages[1] = drawn_page(2, [*rows[: FULL - 4], (FULL - 3, size, "centre")])
    assert "PF205" in {f.code for f in flow.check(pages)}
    assert "PF205" not in {f.code for f in flow.check([drawn_page(n, rows) for n in (1, 2, 3)])}


def test_a_line_of_few_words_set_wide_is_loose():
    """Holmes at A6 had "years back, and some-" spread over the measure, six-em spaces
    (a WeasyPrint break, print/weasy.py letter_spaced_lines_fit); a rule that judged only
    lines of five words or more let it pass. A line of two words is judged."""
    block = text_block(A5, 2)
    size = A5.font_size

    def page_with(words: list[str], gap: float) -> Page:
        chars, x = [], block[0]
        for n, word in enumerate(words):
            for letter in word:
                chars.append({"text": letter, "x0": x, "x1": x + size / 2, "size": size})
                x += size / 2
            if n + 1 < len(words):
                chars.append({"text": " ", "x0": x, "x1": x + gap * size, "size": size})
                x += gap * size
        top = block[1] + A5.line_height
        line = Line(" ".join(words), block[0], x, top, top + size, size, chars=chars)
        folio = Line("2", 200, 205, block[3] + 10, block[3] + 18, 8.0)
        return Page(2, A5, block, [line, folio], [], None)

    found = spacing.check([page_with(["years", "back,", "and", "some-"], 6.0)])
    assert [f.code for f in found] == ["PF401"] and found[0].page == 2
    assert [f.code for f in spacing.check([page_with(["Franco-", "Prussian"], 1.0)])] == ["PF401"]
    assert spacing.check([page_with(["years", "back,", "and", "some-"], 0.3)]) == []
    assert spacing.check([page_with(["incomprehensibilities"], 0.3)]) == []


def test_a_glyph_that_reads_as_no_text(tmp_path):
    """WeasyPrint maps a ligature drawn first across a soft hyphen ("suf-fi-cient") to no
    text, and every "ffi" after it with it (holmes: 85 glyphs a trim, "su cient" to a
    search or a screen reader): PF701. samizdat's PDFs map it to its letters
    (print/weasy.py, ligatures_mapped)."""
    from weasyprint import HTML

    from samizdat.print import weasy

    html = in_book_face(
        "<p>It was suf\xadfi\xadcient, and dif\xadfer\xadent; an affluent office.</p>"
    )
    plain, mended = tmp_path / "plain.pdf", tmp_path / "mended.pdf"
    HTML(string=html).write_pdf(plain)
    found = check_pdf(plain)
    assert found and {f.code for f in found} == {"PF701"} and found[0].box
    weasy.write(HTML(string=html).render(), mended)
    assert check_pdf(mended) == []
    text = pdfplumber.open(mended).pages[0].extract_text()
    assert "sufficient" in text.replace("\xad", "") and "affluent office" in text


def test_the_books_ligatures_read_as_their_letters(every_pages):
    """Holmes at A5 read "sucient", "dicult" and "oces" (its "ffi" mapped to nothing);
    every case is checked for PF701 with the rest of the preflight (every_preflight)."""
    lines = [line.text for page in every_pages[("holmes", "a5", "")] for line in page.lines]
    assert sum("ffi" in text.replace("\xad", "") for text in lines) > 20


def test_tight_lines(tmp_path):
    """Words set closer than two thirds of the face's space run together (PF402): the
    paragraphs' last lines, which justification does not stretch, show it."""
    style = "p { word-spacing: -0.1em; }"
    found = check_pdf(synthetic(tmp_path, chapter(6), style) / "fixture.pdf")
    tight = [f for f in found if f.code == "PF402"]
    assert tight and all(f.page >= 1 and f.box for f in tight)
    (tmp_path / "designed").mkdir()
    designed = synthetic(tmp_path / "designed", chapter(6)) / "fixture.pdf"
    assert "PF402" not in found_codes(designed)


def test_a_note_signature_alone_on_its_line(tmp_path):
    notes = "\n\n".join(
        f"{prose(i, 20)}.[^n{i}]\n\n[^n{i}]: {prose(i + 3, 8 + i)}.<br>— Ed." for i in range(8)
    )
    found = found_codes(synthetic(tmp_path, f"# A\n\n{notes}\n") / "fixture.pdf")
    assert "PF501" in found


def test_rgb_in_the_print_file(tmp_path):
    out = synthetic(tmp_path, chapter(4), "h1 { color: rgb(200, 30, 30); }", "--print-ready")
    assert "PF601" in found_codes(out / "fixture-print.pdf")
    assert "PF601" not in found_codes(out / "fixture.pdf")  # the reading copy may be in colour


def test_check_command_on_a_build_folder_writes_reports(tmp_path, capsys):
    out = synthetic(tmp_path, chapter(8), "p.wide { margin-left: -10mm; }", "--print-ready")
    code = main(["check", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "fixture.pdf: no findings" in printed and "fixture-print.pdf" in printed
    report = (out / "fixture-preflight.html").read_text(encoding="utf-8")
    assert report.count("<figure") == len(pdfplumber.open(out / "fixture.pdf").pages)
    (tmp_path / "bad").mkdir()
    bad = synthetic(tmp_path / "bad", chapter(3, "Wide " + prose(2, 50) + "\n{: .wide }"),
                    "p.wide { margin-left: -10mm; }")  # fmt: skip
    capsys.readouterr()
    assert main(["check", str(bad / "fixture.pdf")]) == 1
    line = capsys.readouterr().out.splitlines()[0]
    assert re.search(r"fixture\.pdf: \d+ findings \(PF101", line)
    html = (bad / "fixture-preflight.html").read_text(encoding="utf-8")
    assert "class='mark'" in html and "PF101" in html


# -- Every book in every trim: no findings --------------------------------------

PDF_KINDS = ("", "-print", "-booklet", "-cover")


@pytest.fixture(scope="session")
def every_preflight(every_book, every_pages) -> dict[tuple[str, str], list[str]]:
    found = {}
    for case in CASES:
        slug = BOOKS[case[0]][1]
        found[case] = []
        for kind in PDF_KINDS:
            path = every_book[case] / f"{slug}{kind}.pdf"
            findings = colour.check(path) if kind else []
            if kind in ("", "-print"):
                findings += check_pages(every_pages[(*case, kind)])
            found[case] += [f"{path.name} {f}" for f in sorted(findings, key=str)]
    return found


@pytest.mark.parametrize("case", CASES, ids=[f"{b}-{t}" for b, t in CASES])
def test_no_note_call_begins_a_line(case, every_pages):
    """A call is joined to the word before it (print/layout.py): WeasyPrint would break
    between the two boxes, and the pamphlet at half letter set "manifesto:" at the end of
    a full line and its call, 17, alone on the next."""
    alone = []
    for page in every_pages[(*case, "")]:
        for line in page.body:
            glyphs = [char for char in line.chars if char["text"].strip()]
            if glyphs and glyphs[0]["text"].isdigit() and glyphs[0]["size"] < 0.8 * page.em:
                alone.append((page.number, line.text.strip()[:30]))
    assert alone == []


@pytest.mark.parametrize("case", CASES, ids=[f"{b}-{t}" for b, t in CASES])
def test_no_loose_line(case, every_preflight):
    """Loose lines are mended as the book is laid out (print/spacing.py): a paragraph set a
    shade tighter or looser, or its letters a few thousandths of an em closer or wider; a
    first line in small capitals letter-spaced; a paragraph begun on the page before set
    anew on both pages; last of all, the tie of a title and its name broken. Before,
    every book had some at A5 (the pamphlet two, the manifesto four); at the last stop one
    was left at A6, holmes's "Holmes turned to the page indicated. “Here you are," before
    "‘Mrs. Oakshott," (0.83 em: no spacing brings the tied group up, and letter-spaced
    0.04 em the line read as letter-spaced lower case); "‘Mrs." now ends it."""
    assert [f for f in every_preflight[case] if f.split()[3] == "PF401"] == []


@pytest.mark.parametrize("case", CASES, ids=[f"{b}-{t}" for b, t in CASES])
def test_no_line_is_letter_spaced_past_a_tenth_of_an_em(case, every_pages):
    """A loose first line in small capitals is letter-spaced to mend it (print/spacing.py,
    LETTER_STEPS), within what small capitals take: the manifesto's opening at A5, p. 22,
    had its letters 0.13 em apart ("I n  w h a t"). Measured from one glyph's advance to
    the next's, the median of a line of ten or more letters."""
    wide = []
    for page in every_pages[(*case, "")]:
        for line in page.body:
            chars = line.chars
            gaps = [
                (b["x0"] - a["x1"]) / a["size"]
                for a, b in zip(chars, chars[1:], strict=False)
                if a["text"].strip() and b["text"].strip() and abs(a["size"] - b["size"]) < 0.1
            ]
            if len(gaps) >= 10 and statistics.median(gaps) > 0.1:
                wide.append((page.number, line.text.strip()[:30]))
    assert wide == []


# Every reading, print, booklet and cover PDF of every book in every trim: no finding.
# Mended one by one: the pamphlet at A5 (its p. 15 was five lines short: a lead-in kept
# with its quotation, which could not begin there; the lead-in now ends the page) and at
# half letter (a quotation pushed to keep a note with its call comes back once a paragraph
# above is set tighter); the manifesto in every trim (a page's text a line short above
# notes kept at the foot; the page facing one a note left two lines short made as short;
# a paragraph's letters set closer to fill an opening page); the pamphlet at A6 (note 15
# cut where the space above the notes gives); holmes at A5 (mended from the section's
# opening recto), at half letter (spreads set full before they are run short) and at A6
# (the paragraph sent whole to the next page set tighter to come up: pp. 96-97).
# The findings of the reading PDFs went 57, 28, 25, 9, 4, 1, 0 over the stops; any
# finding now, of any code, fails here with its page.
@pytest.mark.parametrize("case", CASES, ids=[f"{b}-{t}" for b, t in CASES])
def test_every_book_passes_the_preflight(case, every_preflight):
    assert every_preflight[case] == []


@pytest.mark.parametrize("trim", ["a5", "a6", "half-letter"])
def test_few_pages_of_a_book_of_dialogue_end_a_line_short(trim, every_pages):
    """Spreads are set full before they are run short (print/pagemaker.py, try_tracks
    with full=True, and fill_spread). Holmes, all short paragraphs that widows and
    orphans will not break, had 48 %, 43 % and 42 % of its running pages a line short
    (A5, A6, half letter); now about a fifth."""
    pages = every_pages[("holmes", trim, "")]
    running = [
        page
        for index, page in enumerate(pages)
        if flow.text_page(page)
        and not flow.section_ends(pages, index)
        and not flow.ends_before_a_break(pages, index)
    ]
    short = [page for page in running if round(flow.room(page) / page.leading) >= 1]
    assert len(running) > 200 and len(short) <= 0.25 * len(running), (len(short), len(running))


@pytest.mark.parametrize("case", CASES, ids=[f"{b}-{t}" for b, t in CASES])
def test_a_page_that_begins_with_a_quotation_or_a_subhead_begins_at_the_head_of_its_block(
    case, every_pages
):
    """A quotation or a subhead that a page begins with sets its space above aside.

    Before, the pamphlet's p. 16 at half letter began a line down (the quotation's
    margin), and holmes's "II" at A6 two lines down, under a full facing page.
    """
    pages = every_pages[(*case, "")]
    checked = 0
    for page in pages[1:]:
        if not flow.text_page(page) or page.head is None:
            continue  # a section's first page begins below its sink, by design
        first = page.body[0]
        quotation = first.size < page.em - 0.5 and first.x0 > page.block[0] + page.em
        if quotation or first.size > page.em + 0.5:
            checked += 1
            assert first.top - page.block[1] < 0.9 * page.leading, (page.number, first.text)
    assert checked or case[0] == "manifesto"  # the manifesto has no page that begins so


def test_a_page_keeps_a_note_with_its_call_by_closing_up_the_space_above_the_notes(
    every_pages,
):
    """The space between a page's text and its notes gives way by up to 2 mm, as plain
    TeX's \\skip\\footins does, never more: the pamphlet's p. 31 at A6 (the testament's
    opening) was three lines short, note 38's call in the second line of the paragraph
    that did not fit, the two lines and the note a few points too deep for the page."""
    limit = cuts.SQUEEZE_MM / MM_PER_PT
    closer = []
    for key, pages in every_pages.items():
        for page in pages:
            if page.rule is None or not flow.text_page(page):
                continue
            # the line's foot is estimated from its glyphs: a note call raises its top
            assert flow.room(page) > -limit - 2.0, (key, page.number)
            if flow.room(page) < -1.0:
                closer.append((key, page.number))
    assert (("pamphlet", "a6", ""), 31) in closer
    p31 = next(page for page in every_pages[("pamphlet", "a6", "")] if page.number == 31)
    assert "Sedova" in p31.body[-1].text and "Natalia Sedova" in p31.notes[0].text
    assert p31.notes[-1].text.rstrip().endswith("Ed.")  # the note whole, not cut


def test_a_page_whose_text_took_some_of_its_notes_space_is_not_a_note_run_over(tmp_path, capsys):
    """The first page so made (the pamphlet's p. 31 at A6) was read as a note set over
    its page's text: note 38, a line long, was cut, and the build warned that it was
    longer than a page."""
    build(MANUSCRIPT, tmp_path, "--trim", "a6", "--pdf-only", "--no-cache")
    assert "warning" not in capsys.readouterr().err


@pytest.mark.parametrize("case", CASES, ids=[f"{b}-{t}" for b, t in CASES])
def test_a_note_is_set_without_letter_spacing(case, every_pages):
    """A note called in an opening's first line inherited that line's small capitals'
    letter-spacing: the manifesto's note 3 was set 0.26 pt open between its letters
    (a typographer's review of the pages); its glyphs now sit as the face sets them."""
    import statistics

    for page in every_pages[(*case, "")]:
        for line in page.notes:
            gaps = [
                b["x0"] - a["x1"]
                for a, b in zip(line.chars, line.chars[1:], strict=False)
                if a["text"].strip() and b["text"].strip() and abs(a["size"] - b["size"]) < 0.1
            ]
            if len(gaps) > 10:
                assert statistics.median(gaps) < 0.1, (page.number, line.text)


def spreads_of(pages: list) -> tuple[int, int]:
    """Spreads of running text, as PF202 judges them, and how many of them stand level."""
    level = total = 0
    for index in range(1, len(pages) - 1, 2):
        pair = (pages[index], pages[index + 1])
        if not all(flow.text_page(p) for p in pair) or any(
            flow.section_ends(pages, i) or flow.ends_in_table(pages[i]) for i in (index, index + 1)
        ):
            continue
        total += 1
        feet = [max(flow.line_foot(p, ln) for ln in p.inside) for p in pair]
        level += abs(feet[0] - feet[1]) <= 2.0
    return level, total


# The fixtures have pages of running text without notes; the pamphlet has notes on every
# page that runs on, where the text stops above the notes wherever they begin.
PROSE = [case for case in CASES if case[0] != "pamphlet"]


@pytest.mark.parametrize("case", PROSE, ids=[f"{b}-{t}" for b, t in PROSE])
def test_full_pages_hold_the_lines_of_the_text_block(case, every_pages):
    """A full page's last line stands at the foot of the text block.

    Before, the bottom margin was rounded up and the block missed its last line by a
    hair: every full page held a line less than the trim profile designs.
    """
    pages = every_pages[(*case, "")]
    gaps = [
        page.block[3] - flow.line_foot(page, page.body[-1])
        for index, page in enumerate(pages)
        if flow.text_page(page) and page.rule is None and not flow.section_ends(pages, index)
    ]
    assert gaps and min(gaps) < 2.0, f"the deepest page stops {min(gaps):.1f} pt above the foot"


@pytest.mark.parametrize("case", CASES, ids=[f"{b}-{t}" for b, t in CASES])
def test_facing_pages_stand_level(case, every_pages):
    """Spreads are levelled (a line short, or a paragraph a shade looser or tighter).

    Before, widows and orphans left two spreads in five of the holmes fixture a line
    apart at A5 (49 of 119: 0.59 level).
    """
    level, total = spreads_of(every_pages[(*case, "")])
    # now: the pamphlet all, holmes 0.95-0.96, the manifesto 0.87 (A5), 0.82 (A6), 0.93
    assert total == 0 or level / total >= 0.8, f"{level} of {total} spreads level"


@pytest.fixture(scope="session")
def general_every_trim(tmp_path_factory, general_print_dir) -> dict[str, Path]:
    built = {"a5": general_print_dir}
    for name in ("a6", "half-letter"):
        out = tmp_path_factory.mktemp(f"general-{name}")
        built[name] = build(
            FIXTURES / "general-book", out, "--trim", name, "--print-ready", "--booklet"
        )
    return built


@pytest.mark.parametrize("name", ["a5", "a6", "half-letter"])
def test_the_general_book_passes_the_preflight(name, general_every_trim):
    """PF601 included: its picture is an RGB PNG, in greys in the print files."""
    findings = []
    for kind in PDF_KINDS:
        pdf = general_every_trim[name] / f"general-book{kind}.pdf"
        findings += [f"{pdf.name} {f}" for f in check_pdf(pdf)]
    assert findings == []


# -- The fault classes of issue 12, on the real books ---------------------------


@pytest.fixture(scope="session")
def pamphlet_pages(pamphlet_dir) -> list:
    return Pdf(pamphlet_dir / "trotsky.pdf").pages


def test_1_the_register_stays_inside_the_text_block(pamphlet_dir):
    found = [f for f in check_pdf(pamphlet_dir / "trotsky.pdf") if f.code in ("PF101", "PF102")]
    assert found == []


def test_2_a_quotation_breaks_rather_than_leave_a_hole(tmp_path):
    quote = "> " + " ".join(prose(i, 60) + "." for i in range(6))
    text = "# A\n\n" + "\n\n".join(prose(i, 80) + "." for i in range(5)) + "\n\n" + quote + "\n"
    pages = [p for p in Pdf(synthetic(tmp_path, text) / "fixture.pdf").pages if p.folio]
    size = trim("a5").font_size
    prose_ends = max(p.number for p in pages if any(abs(ln.size - size) < 0.2 for ln in p.body))
    quoted = [p.number for p in pages if any(ln.size < size - 0.5 for ln in p.body)]
    assert len(quoted) == 2 and quoted[0] == prose_ends  # it starts where the text leaves off
    assert not [f for f in check_pdf(tmp_path / "out/fixture.pdf") if f.code == "PF201"]


def test_2_a_lead_in_stays_with_its_quotation_unless_that_leaves_a_hole(every_pages):
    """A paragraph ending in a colon shares a page with what it introduces; where the two
    cannot begin together (a quotation's first two lines and their notes), the lead-in
    ends a full page rather than leave a hole: the pamphlet's p. 15 at A5 was five lines
    short, its lead-in and quotation sent on together to p. 16."""
    pages = every_pages[("pamphlet", "a5", "")]
    p15 = next(page for page in pages if page.number == 15)
    assert p15.body[-1].text.rstrip().endswith("the point:")
    assert flow.room(p15) < 2 * p15.leading
    kept = 0
    for case in CASES:
        pages = [page for page in every_pages[(*case, "")] if flow.text_page(page)]
        for page, following in zip(pages, pages[1:], strict=False):
            lines = page.body
            kept += sum(
                1
                for a, b in zip(lines, lines[1:], strict=False)
                if a.text.rstrip().endswith(":") and b.size < page.em - 0.5
            )
            sent_on = (
                lines
                and lines[-1].text.rstrip().endswith(":")
                and following.body
                and following.body[0].size < page.em - 0.5
            )
            if sent_on:  # a lead-in sent on without its quotation only from a full page
                assert flow.room(page) < 2 * page.leading, (case, page.number)
    assert kept > 20  # lead-ins on the page of the quotation they introduce: not a vacuous rule


def test_3_hyphenation_by_the_house_rules(every_preflight, pamphlet_pages):
    lines = [ln for page in pamphlet_pages if page.folio for ln in page.body + page.notes]
    hyphenated = [ln for ln in lines if ln.text.rstrip().endswith("\u2010")]
    assert len(hyphenated) < 0.1 * len(lines)  # 112 of 696 (16 %) before, 63 (9 %) now
    broken = {re.sub(r"\W", "", ln.text.split()[-1]) for ln in hyphenated}
    assert not {w for w in broken if w[:1].isupper()}  # never a name: Zi-mmerwald, Len-in
    assert all(len(w) >= 3 for w in broken)
    for case in CASES:
        assert [f for f in every_preflight[case] if f.split()[3].startswith("PF3")] == [], case


def test_4_the_editors_signature_is_never_alone(every_preflight):
    for case in CASES:
        assert not [f for f in every_preflight[case] if f.split()[3] == "PF501"], case


def test_8_the_text_keeps_to_the_baseline_grid(pamphlet_pages):
    lead = trim("a5").line_height
    for page in pamphlet_pages:
        if not page.folio or page.head is None:
            continue
        steps = {
            round((b.baseline - a.baseline) / lead, 2)
            for a, b in zip(page.body, page.body[1:], strict=False)
            if abs(a.size - trim("a5").font_size) < 0.6 and abs(b.size - trim("a5").font_size) < 0.6
        }
        assert all(abs(step - round(step)) < 0.05 for step in steps), (page.number, steps)


def test_9_folios_in_proportional_and_contents_in_tabular_figures(pamphlet_dir):
    pdf = pdfplumber.open(pamphlet_dir / "trotsky.pdf")
    folio = {}
    for page in pdf.pages:
        foot = [c for c in page.chars if c["top"] > page.height * 0.9]
        text = "".join(c["text"] for c in foot)
        if text.isdigit():
            folio[text] = foot
    one = next(c for c in folio["11"] if c["text"] == "1")
    zero = next(c for c in folio["10"] if c["text"] == "0")
    assert one["width"] < zero["width"] * 0.8  # a proportional 1: "11" is one number
    contents = next(p for p in pdf.pages if "Contents" in (p.extract_text() or ""))
    numbers = [ln for ln in contents.extract_text_lines() if re.search(r"\s\d\d$", ln["text"])]
    starts = {round(ln["chars"][-2]["x0"], 1) for ln in numbers}
    assert len(numbers) >= 3 and max(starts) - min(starts) < 0.3  # aligned, tabular


def test_10_openings_title_small_capitals_and_the_colophon(pamphlet_dir, pamphlet_pages):
    pdf = pdfplumber.open(pamphlet_dir / "trotsky.pdf")
    texts = [p.extract_text() or "" for p in pdf.pages]
    opening = next(i for i, t in enumerate(texts) if "In May 1940" in t)
    assert texts[opening].lstrip().startswith("Trotsky")  # the title where the text begins
    testament = next(i for i, t in enumerate(texts) if "My high (and still" in t or "MY HIGH" in t)
    lines = pdf.pages[testament].extract_text_lines()
    first = next(i for i, ln in enumerate(lines) if ln["text"].lower().startswith("my high"))
    width = {
        ln: [c["width"] for c in lines[ln]["chars"] if c["text"] == "e"]
        for ln in (first, first + 1)
    }
    assert min(width[first]) > max(width[first + 1]) * 1.05  # small capitals, wider than e
    colophon = next(
        p for p in pamphlet_pages if "First published" in " ".join(ln.text for ln in p.lines)
    )
    assert colophon.block[3] - colophon.lines[-1].baseline < colophon.leading
