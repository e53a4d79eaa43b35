"""A note too long for the page of its call runs on at the foot of the next page."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path
from types import SimpleNamespace

from lxml import etree

from conftest import FIXTURES, MANUSCRIPT
from helpers import book_toml
from samizdat.cli import main
from samizdat.commands.build import warn_overfull
from samizdat.manuscript.loader import load_book
from samizdat.preflight import check_pages
from samizdat.preflight import pages as preflight_pages
from samizdat.print import continued, cuts

NUMBERED = re.compile(r"^(\d+)\.\s")


def words(text: str) -> list[str]:
    return text.replace("\u00ad", "").replace("\u2060", "").replace("\u2010\n", "").split()


def test_split_keeps_the_words_in_order_and_the_markup_around_them():
    span = etree.fromstring(
        '<span class="footnote" id="fn3" data-note="3">One two <em>three four</em> five. '
        '<span class="note-p">Six <a href="#x" id="x1">seven</a> eight — Ed.</span></span>'
    )
    for cut in range(1, 9):
        first, rest = continued.split(span, cut)
        assert words("".join(first.itertext())) + words("".join(rest.itertext())) == words(
            "".join(span.itertext())
        )
        assert len(words("".join(first.itertext()))) == cut
        assert first.get("id") == "fn3" and rest.get("id") is None
        assert "continued" in rest.get("class").split()
        assert not [e for e in rest.iter() if e.get("id")]  # ids stay with the note
        assert not [e for e in (*first.iter(), *rest.iter()) if not "".join(e.itertext()).strip()]
    first, rest = continued.split(span, 3)
    assert etree.tostring(first, encoding="unicode").endswith("<em>three</em></span>")
    assert etree.tostring(rest, encoding="unicode").count("<em>four</em>") == 1


def test_a_note_runs_on_to_the_next_page_whole_and_unnumbered(every_pages):
    """The pamphlet at A6: note 4 no longer leaves its page five lines short."""
    book = load_book(MANUSCRIPT)
    pages = every_pages[("pamphlet", "a6", "")]
    runs_on = []
    for before, page in zip(pages, pages[1:], strict=False):
        if not page.notes or NUMBERED.match(page.notes[0].text):
            continue
        heads = [i for i, ln in enumerate(before.notes) if NUMBERED.match(ln.text)]
        assert heads, f"p. {page.number}: a continuation after a page without notes"
        number = int(NUMBERED.match(before.notes[heads[-1]].text).group(1))
        tail = [ln.text for ln in page.notes]
        tail = tail[: next((i for i, t in enumerate(tail) if NUMBERED.match(t)), len(tail))]
        head = [ln.text for ln in before.notes[heads[-1] :]]
        text = " ".join(head + tail).replace("\u2010 ", "")
        source = "".join(etree.fromstring(f"<div>{book.note(number).content}</div>").itertext())
        assert words(NUMBERED.sub("", text)) == words(source), number
        runs_on.append((before.number, number))
    assert runs_on, "no note runs on at A6, where the pamphlet needs it"


def note_texts(pages) -> dict[int, list[tuple[int, str]]]:
    """Each note's text as printed, page by page: {number: [(page, text), ...]}.

    A numbered line begins a note; lines after it, and unnumbered lines at the
    head of the next page's notes, are that note going on.
    """
    found: dict[int, list[tuple[int, str]]] = {}
    current = None
    for page in pages:
        for line in page.notes:
            match = NUMBERED.match(line.text)
            if match:
                current = int(match.group(1))
                found[current] = [(page.number, NUMBERED.sub("", line.text))]
            elif current is not None:
                if found[current][-1][0] != page.number:
                    found[current].append((page.number, ""))
                number, text = found[current][-1]
                found[current][-1] = (number, f"{text}\n{line.text}")
    return found


def printed_words(parts: list[tuple[int, str]]) -> list[str]:
    """The words of a note's parts; a word hyphenated at a line's end is one word."""
    text = "\n".join(text for _, text in parts).replace("\u2010\n", "").replace("-\n", "-")
    return words(text)


def source_words(book, number: int) -> list[str]:
    return words("".join(etree.fromstring(f"<div>{book.note(number).content}</div>").itertext()))


def outside(page) -> list[str]:
    """Lines set outside the text block: neither running head, folio, nor inside it."""
    kept = {id(page.head), id(page.folio), *(id(line) for line in page.inside)}
    return [line.text for line in page.lines if id(line) not in kept]


def check_runs_on(pages, printed: dict[int, list[tuple[int, str]]]) -> None:
    """Each page a note runs on from ends with a full line of it: cut where the line ended."""
    by_number = {page.number: page for page in pages}
    for number, parts in printed.items():
        for page_number, _ in parts[:-1]:
            page = by_number[page_number]
            last = page.notes[-1]
            measure = page.block[2] - page.block[0]
            assert last.x1 - last.x0 > 0.97 * measure, (number, page_number, last.text)


def build_pdf(book, out, trim: str) -> tuple[list, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["build", str(book), "-o", str(out), "--pdf-only", "--trim", trim])
    assert code == 0, err.getvalue()
    return preflight_pages.read(next(out.glob("*.pdf"))), err.getvalue()


def test_a_note_longer_than_a_page_runs_on_over_as_many_pages_as_it_needs(tmp_path):
    """Two notes of three pages and more, one called mid-chapter, one on the book's last line."""
    book = tmp_path / "book"
    book.mkdir()
    (book / "book.toml").write_text(book_toml() + '[lint]\ndisable = ["X003"]\n', encoding="utf-8")
    para = "Ordinary running text of the chapter, with sentences of a common length. " * 4
    text = "# One\n\n" + "\n\n".join([para] * 6)
    text += "\n\nA paragraph that calls a long note.[^long] It runs on. " + para + "\n\n"
    text += "\n\n".join([para] * 8) + "\n\n[^long]: "
    text += "The note goes on and on, as the longest notes of real books do. " * 80 + "\n"
    (book / "01-one.md").write_text(text, encoding="utf-8")
    text = "# Two\n\n" + "\n\n".join([para] * 3)
    text += "\n\nThe last paragraph calls a long note.[^end] And ends.\n\n[^end]: "
    text += "Another long note, at the very end of the book, runs on. " * 60 + "\n"
    (book / "02-two.md").write_text(text, encoding="utf-8")
    pages, err = build_pdf(book, tmp_path / "o", "a6")
    assert "longer than a page" not in err
    loaded = load_book(book)
    printed = note_texts(pages)
    assert sorted(printed) == [1, 2]  # the note called on the last line is not lost
    for number in (1, 2):
        assert printed_words(printed[number]) == source_words(loaded, number), number
    assert len(printed[1]) >= 3 and len(printed[2]) >= 2
    check_runs_on(pages, printed)
    by_number = {page.number: page for page in pages}
    last_text = max(page.number for page in pages if page.body and not page.blank)
    for number, parts in printed.items():
        for page_number, _ in parts[1:]:
            page = by_number[page_number]
            body = [line for line in page.body if line is not page.head]
            if page_number <= last_text:  # a page the text goes on over keeps some of it
                # room for TEXT_KEPT lines; a paragraph's first two lines (orphans) may not fit
                assert len(body) >= cuts.TEXT_KEPT - 1, (number, page_number)
    for page in pages:
        assert not outside(page), (page.number, outside(page))


def test_a_real_books_longest_notes_run_on_whole(tmp_path):
    """The Iron Heel's notes 68 and 94 (a magazine page quoted, a history told) at A5."""
    source = FIXTURES / "iron-heel"
    book = tmp_path / "iron-heel"
    book.mkdir()
    toml = (source / "book.toml").read_text(encoding="utf-8")
    (book / "book.toml").write_text(toml[: toml.index("[chapters.")], encoding="utf-8")
    for name in ("09-the-mathematics-of-a-dream.md", "17-the-scarlet-livery.md"):
        (book / name).write_text((source / name).read_text(encoding="utf-8"), encoding="utf-8")
    pages, err = build_pdf(book, tmp_path / "o", "a5")
    assert "longer than a page" not in err
    loaded = load_book(book)
    printed = note_texts(pages)
    assert sorted(printed) == [note.number for note in loaded.notes]
    for number in printed:
        assert printed_words(printed[number]) == source_words(loaded, number), number
    longest = sorted(printed, key=lambda n: len(source_words(loaded, n)))[-2:]
    assert all(len(printed[number]) >= 2 for number in longest)
    check_runs_on(pages, printed)
    # no note over the text, no paragraph of a note ending on a fragment ("fol-lows:"),
    # and no hole beside a note's parts (a page was left 25 lines short)
    findings = check_pages(pages)
    assert not {f.code for f in findings} & {"PF101", "PF102", "PF201", "PF303"}, findings
    for page in pages:
        assert not outside(page), (page.number, outside(page))


def test_a_note_set_over_its_page_is_reported_where_it_is_written(tmp_path, capsys):
    """The last resort, should a note still run over its page: the file, line and page."""
    book = load_book(MANUSCRIPT)
    note = book.notes[0]
    warn_overfull(book, SimpleNamespace(overfull_notes=[(7, note.number)]))
    line = capsys.readouterr().err.strip()
    assert line.startswith(f"samizdat: warning: {note.source}:{note.line}: note {note.number} ")
    assert "p. 7 " in line


def test_a_cut_at_the_end_of_a_paragraph_runs_nothing_on():
    """The part ends where its paragraph does: its last line is not set full, and the
    next part begins a paragraph, indented as the note's paragraphs are."""
    span = etree.fromstring(
        '<span class="footnote" id="fn3" data-note="3"><span class="note-p">One two three.'
        '</span><span class="note-p">Four five six.</span></span>'
    )
    first, rest = continued.split(span, 3)
    assert "runs-on" not in etree.tostring(first, encoding="unicode")
    assert rest.find("span").get("class").split() == ["note-p", "new-paragraph"]
    first, rest = continued.split(span, 2)
    assert "runs-on" in (first.get("class") or "").split()
    assert "new-paragraph" not in etree.tostring(rest, encoding="unicode")


def test_the_space_above_the_notes_is_what_print_css_gives_it():
    """cuts.py measures a note's room with the rule's space above the notes; print.css sets it."""
    css = (Path(continued.__file__).parents[1] / "styles" / "print.css").read_text(encoding="utf-8")
    area = css[css.index("@footnote {") :]
    area = area[: area.index("}")]
    spaces = re.findall(r"(?:margin|padding)-top:\s*([\d.]+)mm", area)
    assert len(spaces) == 2 and sum(map(float, spaces)) == cuts.RULE_SPACE_MM
