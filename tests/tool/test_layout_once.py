"""The note repair made page by page, inside the layout: no whole-book pass for a stray note."""

from __future__ import annotations

from conftest import MANUSCRIPT
from samizdat.manuscript.loader import load_book
from samizdat.print import layout, notes, weasy
from samizdat.trims import trim


def test_the_repair_is_made_inside_one_layout():
    book = load_book(MANUSCRIPT)
    page = trim("a6")  # the trim at which the pamphlet strands a note
    html = layout.html_document(book)

    def whole_book_passes(pushed, _keeper, _splits):  # the repair as it was: whole layouts
        generated = layout.generated_css(book, page, pushed)
        return weasy.typeset(html, book.root, layout.STYLESHEETS, generated)

    before = notes.keep_notes_with_calls(whole_book_passes)
    assert before.passes >= 2 and notes.stray_notes(before.rendered.document) == 0
    now = layout.lay_out(book, page)
    assert now.pushed or now.continued  # the pamphlet needs the repair at a6
    # one layout, and one more only when a note is continued on the next page
    assert now.passes <= 1 + bool(now.continued)
    assert notes.stray_notes(now.document) == 0


def test_runs_of_hyphenated_lines_are_mended_as_each_page_is_made(monkeypatch):
    from samizdat.print import hyphenation, pagemaker

    book, page = load_book(MANUSCRIPT), trim("a5")
    rounds = []
    once = layout.lay_out_once
    monkeypatch.setattr(layout, "lay_out_once", lambda *args: rounds.append(1) or once(*args))
    edition = layout.lay_out(book, page)
    assert len(rounds) == 1 and edition.seed.whole == {}  # one layout, no word whole beforehand
    assert hyphenation.too_many(hyphenation.laid_lines(edition.document))[0] == []
    # the pamphlet needs it: without the page maker's mending, a run of three is laid out
    monkeypatch.setattr(pagemaker.PageMaker, "mend_hyphens", lambda *args: False)
    unmended = layout.lay_out_once(book, page, {})
    assert hyphenation.hyphen_runs(unmended.document)


def test_the_word_a_page_breaks_at_its_foot_is_found_in_its_paragraph():
    from samizdat.print.hyphenation import SOFT, head_of, whole_word, words_beginning

    text = f"the peas{SOFT}ants and peas{SOFT}ant{SOFT}ry, and the peas{SOFT}ants."
    assert head_of(f"of the “peas{SOFT}\u2010") == "peas"
    assert head_of(f"the Pea{SOFT}body-peas{SOFT}ant{SOFT}") == f"peas{SOFT}ant"  # after a hyphen
    assert words_beginning(text, "peas") == {"peasants", "peasantry"}
    assert words_beginning(text, f"peas{SOFT}ant") == {"peasantry"}
    mended = whole_word(text, "peasants")
    assert mended == f"the peasants and peas{SOFT}ant{SOFT}ry, and the peasants."


def test_each_paragraph_of_a_note_keeps_its_last_word_whole():
    """A note's paragraphs are spans in print (layout.inline_note): each ends on a whole
    word, as a paragraph of the text does (PF303: 'fol-lows:' ended a note's paragraph)."""
    from lxml import etree

    from samizdat.print import hyphenation

    root = etree.fromstring(
        '<div><p>Text<span class="footnote" id="n1" data-note="1">'
        '<span class="note-p">The quotation, remarkable and considerable, follows:</span>'
        '<span class="note-p">Everything considered, a remarkable considerable publication</span>'
        "</span></p></div>"
    )
    hyphenation.hyphenate(root, "en")
    first, second = list(root.iter("span"))[1:]
    for paragraph in (first, second):
        words = "".join(paragraph.itertext()).split()
        assert "\u00ad" not in words[-1], words[-1]
        assert any("\u00ad" in word for word in words[:-1]), words


def test_a_run_that_a_words_own_hyphen_ends_gives_back_an_earlier_soft_break():
    """The Iron Heel p. 139 at A5: "world-" / "mid-dle" / "world-market": the third line
    breaks at a word's own hyphen, so "middle" is the word left whole."""
    from samizdat.print import hyphenation

    soft, hard = "\u00ad\u2010", "-"
    run = [("b", f"for a world{hard}"), ("b", f"perishing mid{soft}"), ("b", f"in the world{hard}")]
    assert hyphenation.too_many([*run, ("b", "market, and the rest.")])[0] == [1]
    three = [("b", f"one con{soft}"), ("b", f"two con{soft}"), ("b", f"three con{soft}")]
    assert hyphenation.too_many([*three, ("b", "cern.")])[0] == [2]
    hard_only = [("b", f"a world{hard}"), ("b", f"a self{hard}"), ("b", f"a well{hard}")]
    assert hyphenation.too_many([*hard_only, ("b", "known.")])[0] == []


def test_a_run_of_hyphenated_lines_in_a_note_is_mended(tmp_path):
    """A note of long words at A6 ends three lines in a row in a hyphen (PF301) unless
    its runs are mended as the text's are: its words left whole by the note's id."""
    from helpers import book_toml
    from samizdat.cli import main
    from samizdat.preflight import check_pdf

    words = LONG_WORDS
    book = tmp_path / "book"
    book.mkdir()
    (book / "book.toml").write_text(book_toml() + '[lint]\ndisable = ["X003"]\n', encoding="utf-8")
    para = "Ordinary running text of the chapter, with sentences of a common length. " * 3
    text = f"# One\n\n{para}A call.[^a] {para}\n\n{para}\n\n[^a]: {words.capitalize()}.\n"
    (book / "01-one.md").write_text(text, encoding="utf-8")
    out = tmp_path / "o"
    assert (
        main(["build", str(book), "-o", str(out), "--pdf-only", "--trim", "a6", "--no-cache"]) == 0
    )
    found = [f for f in check_pdf(out / "fixture.pdf") if f.code == "PF301"]
    assert not found, found


# long words in a random order (random.Random(3) over seventeen of them): a note of them
# hyphenates three lines in a row at A6
LONG_WORDS = (
    "considerable complicated parliamentary collectivisation reconsideration "
    "internationalization collectivisation misunderstandings considerable "
    "notwithstanding collectivisation collectivisation revolutionary complicated "
    "considerable complicated opportunities revolutionary internationalization "
    "reconsideration responsibilities administrations representatives "
    "internationalization misunderstandings collectivisation revolutionary "
    "bureaucratic revolutionary industrialisation complicated parliamentary "
    "extraordinarily administrations complicated collectivisation notwithstanding "
    "misunderstandings bureaucratic representatives bureaucratic opportunities "
    "revolutionary parliamentary bureaucratic considerable organisation "
    "internationalization misunderstandings responsibilities organisation "
    "extraordinarily notwithstanding misunderstandings representatives "
    "extraordinarily reconsideration collectivisation collectivisation "
    "reconsideration parliamentary reconsideration bureaucratic complicated "
    "internationalization representatives bureaucratic bureaucratic extraordinarily "
    "administrations administrations revolutionary organisation misunderstandings "
    "opportunities considerable administrations representatives internationalization "
    "reconsideration extraordinarily administrations notwithstanding bureaucratic "
    "representatives misunderstandings complicated administrations organisation "
    "organisation"
)
