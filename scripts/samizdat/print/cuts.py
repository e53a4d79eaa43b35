"""Where a note is cut, read from the laid-out pages (the cutting itself: print/continued.py).

Two layouts call for a cut. A page of running text ends lines short while
the next begins with the call of a note that did not fit: the note is cut
where that page is full. Or a note is set over its page's text, being longer
than a page: it is cut into as many parts as it needs, each page keeping
TEXT_KEPT lines of text. The book is then laid out again (print/notes.py,
keep_notes_with_calls), and the parts measured again, until they stand.
"""

from __future__ import annotations

from weasyprint.formatting_structure.boxes import BlockBox, FootnoteAreaBox, LineBox, TextBox

from samizdat.print.continued import CLASS, RUNS_ON, Cuts, words_of

MIN_LINES = 2  # lines of a note on either side of a page break, at least
TEXT_KEPT = 4  # lines of text, at least, on a page a long note runs over
RULE_SPACE_MM = 6.5  # above the notes: margin-top + padding-top of @footnote (print.css)
SQUEEZE_MM = 2.0  # of that space, what a page's text may take (print/pagemaker.py, squeeze)
PX_PER_MM = 96 / 25.4
SQUEEZE = SQUEEZE_MM * PX_PER_MM  # the same, in the layout's px
SOFT_HYPHEN = "\u00ad"
UNSET = str.maketrans("", "", "\u00ad\u2010\u2060\u200b")  # soft hyphen, hyphen, joiners


def wanted(document, leading: float, splits: dict[int, Cuts]) -> dict[int, tuple[Cuts, str | None]]:
    """Notes to cut: the words before each cut, and the block of the note's call.

    Two layouts call for a cut. A page of running text ends two lines or more
    short while the next begins with the call of a note that did not fit:
    the note is cut where that page is full. Or a note, or a part of one, is
    set over its page's text (longer than a page): it is cut into as many
    parts as it needs (chain()). The call's block is given so that, if it was
    started on a new page to keep the note (print/pagemaker.py), it may follow on.
    """
    found = chains(document, leading, splits)
    pages = [page._page_box for page in document.pages]
    for index, page in enumerate(pages[:-1]):
        following = pages[index + 1]
        if page.page_type.blank or following.page_type.blank or not notes_on(following):
            continue
        if following.page_type.name != page.page_type.name:
            continue  # the section ends here: a short page is right
        room = floor(page) - text_foot(page)
        if room < 2 * leading:
            continue
        lines = flow_lines(following)
        for number, note, call_line in calls_near_top(following, lines):
            if number in splits or number in found:
                break
            note_lines = lines_of(note)
            if len(note_lines) < 2 * MIN_LINES:
                break
            area = notes_area(following)
            rule = 0.0 if notes_on(page) else area.margin_top + area.padding_top
            flow = max(call_line + 1, 2) * leading
            height = note_lines[0].height or leading
            fits = int((room - flow - rule) // height)
            if fits < MIN_LINES:  # the space above the notes may give (pagemaker.squeeze)
                fits = int((room + SQUEEZE - flow - rule) // height)
            if MIN_LINES <= fits <= len(note_lines) - MIN_LINES:
                cuts = (words_in(note_lines[:fits], words_of(note.element)),)
                found[number] = (cuts, block_of(lines[call_line]))
            break
    return found


def chains(document, leading: float, splits: dict[int, Cuts]) -> dict[int, tuple[Cuts, str | None]]:
    """The cuts of each note set over its page's text, and the block of its call.

    A note not yet cut is first cut after its first lines, so that its call
    stays where the text puts it (a note the page cannot hold moves its call's
    line on, and the page before ends short). Once cut, its parts are laid out
    where they belong: the first under its call, each continuation first on
    the next page. The note is then cut again from those lines: the first
    part filling its page below the call, each continuation a page less
    TEXT_KEPT lines of text, the last what is left.
    """
    found: dict[int, tuple[Cuts, str | None]] = {}
    parts = note_parts(document)
    gapped = {number: bumped for number in splits if (bumped := skipped(parts.get(number, [])))}
    for number in sorted({n for _, n in overfull(document, tallest=True)} | set(gapped)):
        laid = parts.get(number, [])
        first = next((part for part in laid if not is_continuation(part[1])), None)
        call = call_of(document, number)
        block = block_of(call[1]) if call else None
        if number not in splits:
            whole = lines_of(first[1]) if first is not None else []
            size = next(
                (
                    n
                    for n in range(MIN_LINES, len(whole) - MIN_LINES)
                    if not ends_broken(whole[n - 1])
                ),
                None,
            )
            if size is not None:
                found[number] = ((words_in(whole[:size], words_of(first[1].element)),), block)
            continue
        lines = [line for _, box in laid for line in lines_of(box)]
        text = [word for _, box in laid for word in words_of(box.element)]
        if first is None or call is None or len(lines) < 2 * MIN_LINES:
            continue
        page = document.pages[call[0]]._page_box
        room = room_below_call(page, call, leading)
        if first[0] == call[0]:  # the first part is under its call: it may grow
            room += len(lines_of(first[1])) * (lines[0].height or leading)
        most = page_room(page, leading)
        if number in gapped:  # a part was carried a page further: the text beside it could
            # not break where it left room (widows, orphans); that part is made shorter
            most = min(most, (gapped[number] - MIN_LINES) * (lines[0].height or leading))
        for slack in range(3):  # a cut that changes nothing, with a part still too long: less
            cuts = chain(lines, text, room, most, slack)
            if cuts != splits[number]:
                found[number] = (cuts, block)
                break
    for number in sorted(set(splits) - set(found)):
        cuts = fill(document, parts.get(number, []), splits[number], leading)
        if cuts is not None:
            call = call_of(document, number)
            found[number] = (cuts, block_of(call[1]) if call else None)
    return found


def fill(document, laid: list[tuple[int, object]], cuts: Cuts, leading: float) -> Cuts | None:
    """A note's cuts with a part grown into the lines its page left empty above it, or None.

    Where widows and orphans end the text beside a part a line or two above
    it (or its section ends there), the part takes those lines from the next.
    """
    if len(laid) != len(cuts) + 1:
        return None
    text = [word for _, box in laid for word in words_of(box.element)]
    before: list = []
    for k, ((index, box), (_, following)) in enumerate(zip(laid, laid[1:], strict=False)):
        before += lines_of(box)
        page = document.pages[index]._page_box
        area = notes_area(page)
        if area is None or box is not area.children[-1]:
            continue  # the part that runs on stands last on its page
        height = before[-1].height or leading
        taller = page_room(page, leading) - area.height
        extra = int(min(area.position_y - text_foot(page), taller) // height)
        after = lines_of(following)
        extra = min(extra, len(after) - MIN_LINES)
        n = next((n for n in range(extra, 0, -1) if not ends_broken(after[n - 1])), 0)
        if n:
            grown = list(cuts)
            grown[k] = words_in(before + after[:n], text)
            return tuple(grown) if tuple(grown) != cuts else None
    return None


def skipped(laid: list[tuple[int, object]]) -> int:
    """The lines of the first part of a note laid out a page later than it should be
    (a page after the part before it), or 0."""
    for (before, _), (page, box) in zip(laid, laid[1:], strict=False):
        if page > before + 1:
            return len(lines_of(box))
    return 0


def chain(lines: list, text: list[str], room: float, page: float, slack: int) -> Cuts:
    """A note's cuts, from its laid-out `lines` and its `text`: as many lines as the
    `room` under its call holds in the first part, then a `page` high of them in
    each continuation (`slack` lines less, each)."""
    height = lines[0].height or 1.0
    first = max(MIN_LINES, min(int(room // height) - slack, len(lines) - MIN_LINES))
    at = clean_cut(lines, first)
    cuts = [words_in(lines[:at], text)]
    page_lines = max(int(page // height) - slack, 2 * MIN_LINES)
    while len(lines) - at > page_lines:
        at += clean_cut(lines[at:], min(page_lines, len(lines) - at - MIN_LINES))
        cuts.append(words_in(lines[:at], text))
    return tuple(cuts)


def page_room(page, leading: float) -> float:
    """The height a note's part may take on a page: the notes area's max-height (layout.py)."""
    return page.height - TEXT_KEPT * leading - RULE_SPACE_MM * PX_PER_MM


def room_below_call(page, call: tuple[int, object], leading: float) -> float:
    """How much taller the notes of the call's page may grow: up from their top to below
    the call's line (or TEXT_KEPT lines, if the call stands higher), within the area's
    max-height."""
    lines = flow_lines(page)
    index = lines.index(call[1]) if call[1] in lines else len(lines) - 1
    if index + 1 < len(lines) and block_of(lines[index + 1]) == block_of(lines[index]):
        index += 1  # the paragraph goes on: a line of it after the call's, for widows and orphans
    kept = lines[max(index, min(TEXT_KEPT, len(lines)) - 1)]
    area = notes_area(page)
    top = area.position_y if notes_on(page) else page.content_box_y() + page.height
    taller = page_room(page, leading) - (area.height if notes_on(page) else 0.0)
    return min(top - (kept.position_y + kept.height), taller)


def note_parts(document) -> dict[int, list[tuple[int, object]]]:
    """The laid-out parts of each note, in page order: (page index, box)."""
    found: dict[int, list[tuple[int, object]]] = {}
    for index, laid in enumerate(document.pages):
        area = notes_area(laid._page_box)
        for box in area.children if area is not None else ():
            number = getattr(box, "element", None) is not None and box.element.get("data-note")
            if number and number.isdigit():
                found.setdefault(int(number), []).append((index, box))
    return found


def call_of(document, number: int) -> tuple[int, object] | None:
    """The page index and the line of the call of note `number`."""
    for index, laid in enumerate(document.pages):
        for line in flow_lines(laid._page_box):
            for box in line.descendants():
                note = getattr(box, "footnote", None)
                if (
                    note is not None
                    and note.element.get("data-note") == str(number)
                    and not is_continuation(note)
                ):
                    return index, line
    return None


def overfull(document, tallest: bool = False) -> list[tuple[int, int]]:
    """(page number, note number) of the notes on each page whose notes are set over its text;
    `tallest`: only the tallest note (or part of one) of such a page.

    WeasyPrint cannot break a note across pages: a note taller than its area
    (print.css and layout.py give it a max-height) runs out of the page.
    """
    found = []
    for index, laid in enumerate(document.pages):
        page = laid._page_box
        area = notes_area(page)
        if area is None or not area.children or not overflows(page, area):
            continue
        notes = [
            box
            for box in area.children
            if (element := getattr(box, "element", None)) is not None
            and (element.get("data-note") or "").isdigit()
        ]
        if tallest and notes:
            notes = [max(notes, key=lambda box: box.margin_height())]
        numbers = {int(box.element.get("data-note")) for box in notes}
        found.extend((index + 1, number) for number in sorted(numbers))
    return found


def overflows(page, area) -> bool:
    """Whether the notes of a page run over its text, or out of their area (max-height).

    Not a page whose text took some of the space above its notes (SQUEEZE_MM).
    """
    bottom = area.content_box_y() + area.height + 1
    return area.position_y < text_foot(page) - 1 - SQUEEZE or any(
        box.position_y + box.margin_height() > bottom for box in area.children
    )


def flow_lines(page) -> list:
    return [box for box in page.children[0].descendants() if isinstance(box, LineBox)]


def lines_of(note) -> list:
    """The lines of a note that hold text (a block inside an inline one leaves empty lines)."""
    return [
        box
        for box in note.descendants()
        if isinstance(box, LineBox) and any(isinstance(b, TextBox) for b in box.descendants())
    ]


def runs_over(page) -> bool:
    """Whether a note runs on from this page, or onto it from the page before."""
    return parts_marked(page, {CLASS, RUNS_ON})


def runs_on(page) -> bool:
    """Whether a note runs on from this page: the page's text is as long as the cut leaves it."""
    return parts_marked(page, {RUNS_ON})


def parts_marked(page, marks: set[str]) -> bool:
    """Whether a note part on the page carries one of `marks` (continued.py's classes)."""
    area = notes_area(page)
    return area is not None and any(
        marks & set((element.get("class") or "").split())
        for box in area.children
        if getattr(box, "element", None) is not None
        for element in box.element.iter()
    )


def is_continuation(box) -> bool:
    element = getattr(box, "element", None)
    return element is not None and CLASS in (element.get("class") or "").split()


def floor(page) -> float:
    area = notes_area(page)
    return area.position_y if notes_on(page) else page.content_box_y() + page.height


def notes_area(page):
    return next((box for box in page.children if isinstance(box, FootnoteAreaBox)), None)


def notes_on(page) -> bool:
    area = notes_area(page)
    return area is not None and bool(area.children)


def text_foot(page) -> float:
    lines = flow_lines(page)
    return max((line.position_y + line.height for line in lines), default=page.content_box_y())


def calls_near_top(page, lines: list) -> list[tuple[int, object, int]]:
    """The notes whose calls stand in the page's first lines: (number, note box, line index)."""
    found = []
    notes: dict[str, object] = {}
    for box in notes_area(page).descendants():
        element = getattr(box, "element", None)
        if (
            isinstance(box, BlockBox)
            and element is not None
            and element.get("data-note")
            and not is_continuation(box)
        ):
            notes.setdefault(element.get("data-note"), box)
    for index, line in enumerate(lines[:3]):
        for box in line.descendants():
            note = getattr(box, "footnote", None)
            number = note.element.get("data-note") if note is not None else None
            if number in notes:
                found.append((int(number), notes[number], index))
    return found


def words_in(lines: list, text: list[str]) -> int:
    """How many of a note's words (`text`) are set whole in its first `lines`.

    Read by their letters, not by the spaces between: a line may break after
    a dash or in a word where the text has no space, and the number of the
    note is not in its text.
    """
    letters = sum(len(bare(line_text(line))) for line in lines)
    count = 0
    for word in text:
        letters -= len(bare(word))
        if letters < 0:
            break
        count += 1
    return count


def bare(text: str) -> str:
    """The letters that both the text and its lines have: no spaces, no hyphens of hyphenation."""
    return "".join(text.split()).translate(UNSET)


def line_text(line) -> str:
    return "".join(
        box.text
        for box in line.descendants()
        if isinstance(box, TextBox) and "::footnote-marker" not in (box.element_tag or "")
    )


def ends_broken(line) -> bool:
    """Whether a line ends in a word hyphenated across the break."""
    return line_text(line).rstrip().endswith((SOFT_HYPHEN, "-", "\u2010"))


def clean_cut(lines: list, size: int) -> int:
    """`size` lines, or fewer, so that the last of them does not end in a broken word.

    A part cut after a whole word sets its lines as the note did (lines are
    filled one by one), so the cut falls where it was measured.
    """
    for n in range(size, MIN_LINES - 1, -1):
        if not ends_broken(lines[n - 1]):
            return n
    return size


def block_of(line) -> str | None:
    """The numbered block (writers/blocks.py) a laid-out line belongs to."""
    element = getattr(line, "element", None)
    while element is not None:
        if element.get("data-block"):
            return element.get("data-block")
        element = element.getparent()
    return None
