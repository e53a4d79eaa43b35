"""Transcription: digits for letters, stray stops, repeated phrases, split words,
inconsistent variants, and known scanning confusions (data/transcription.toml)."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator

from samizdat.lint.findings import Finding
from samizdat.lint.manuscript import Manuscript
from samizdat.resources import data

WORD = re.compile(r"[^\W\d_]+(?:[’'\-][^\W\d_]+)*", re.UNICODE)


def transcription_data() -> dict:
    return data("transcription")


def finding(chapter, para, index: int, code: str, message: str) -> Finding:
    line, column = para.at(index)
    return Finding(chapter.path, line, column, code, message)


def digits(chapter, para) -> Iterator[Finding]:
    verbs = "|".join(transcription_data()["pronoun_verbs"])
    # "1" where a sentence or clause begins, before a verb: "honor. 1 have never".
    before = (
        r"(?:^|[.!?:;]\s+|[“‘(]|\b(?:and|but|that|when|if|as|so|because|which|where|then|now)\s+)"
    )
    pronoun = before + rf"(1) (?:{verbs})\b"
    for match in re.finditer(pronoun, para.text, re.IGNORECASE):
        yield finding(
            chapter, para, match.start(1), "X001", "the digit 1 where the pronoun “I” belongs"
        )
    for match in TOKEN.finditer(para.text):
        token = match.group(0)
        mixed = any(c.isdigit() for c in token) and any(c.isalpha() for c in token)
        if mixed and misread(token):
            yield finding(
                chapter, para, match.start(), "X001", f"a digit inside the word {token!r}"
            )


TOKEN = re.compile(r"[^\W_]+(?:[’'][^\W_]+)?")


def misread(token: str) -> bool:
    """A digit where a letter belongs ("wor1d", "1ike"), not a number with a unit
    ("4d", "6th", "1830s", "5ft"), a house number ("221B") or a code ("A4", "H2O")."""
    parts = re.findall(r"\d+|[^\W\d_]+|\W+", token)
    kinds = "".join("9" if p[0].isdigit() else "a" if p[0].isalpha() else "'" for p in parts)
    if kinds.startswith("9") and "9" not in kinds[1:]:
        suffix = token[len(parts[0]) :].lower()
        return not (
            suffix in transcription_data()["digit_suffixes"]
            or re.fullmatch(r"[A-Z]", token[len(parts[0]) :])
            or not any(c.isalpha() for c in suffix)
        )
    if kinds in ("a9", "a9a9", "9a9") and token.upper() == token:
        return False  # codes and formulas: A4, B52, H2O, 4X4
    if kinds.endswith("9") and not kinds.startswith("9") and "9" not in kinds[:-1]:
        return False  # a letter then digits: A4, No1
    return "a" in kinds and "9" in kinds


def stray_stops(chapter, para) -> Iterator[Finding]:
    abbreviations = tuple(transcription_data()["abbreviations"])
    for match in re.finditer(r"(\S{0,40})\.\s+(?=[a-z])", para.text):
        word = match.group(1).lower() + "."
        word = word.lstrip("“‘(\"'")
        if word in abbreviations or word.endswith(tuple("." + a for a in abbreviations)):
            continue
        if re.fullmatch(r"(?:[a-z]\.)+", word):
            continue
        yield finding(chapter, para, match.end(1), "X002", "a full stop before a lower-case word")


def repeats(chapter, para) -> Iterator[Finding]:
    """A run of words repeated back to back, as a copying eye that slips back does."""
    shortest = transcription_data()["repeat_minimum"]
    words = [(m.group(0).lower(), m.start()) for m in WORD.finditer(para.text)]
    tokens = [w for w, _ in words]
    i = 0
    while i < len(tokens):
        found = 0
        for size in range(shortest, min(40, (len(tokens) - i) // 2) + 1):
            if (
                tokens[i + size] == tokens[i]
                and tokens[i : i + size] == tokens[i + size : i + 2 * size]
                and back_to_back(para.text, words, i, size)
            ):
                found = size
                break
        if found:
            yield finding(
                chapter,
                para,
                words[i + found][1],
                "X003",
                f"“{' '.join(tokens[i : i + found])}” is repeated back to back",
            )
            i += 2 * found
        else:
            i += 1


def back_to_back(text: str, words: list[tuple[str, int]], i: int, size: int) -> bool:
    """Nothing but space between the copies: "God help me! God help me!" is a cry."""
    last_word, last_start = words[i + size - 1]
    gap = text[last_start + len(last_word) : words[i + size][1]]
    return not gap.strip()


def splits(chapter, para) -> Iterator[Finding]:
    table = transcription_data()
    context = table.get("split_context", {})
    for split, joined in table["splits"].items():
        after = context.get(split)
        follow = rf"(?=\s+(?:{'|'.join(map(re.escape, after))})\b)" if after else ""
        pattern = rf"\b{re.escape(split)}\b(?![-‐]){follow}"
        for match in re.finditer(pattern, para.text, re.IGNORECASE):
            yield finding(
                chapter, para, match.start(), "X004", f"“{match.group(0)}”: perhaps “{joined}”"
            )


def scannos(chapter, para) -> Iterator[Finding]:
    table = transcription_data()["scannos"]
    for match in WORD.finditer(para.text):
        word = match.group(0)
        if word.lower() in table:
            yield finding(
                chapter,
                para,
                match.start(),
                "X006",
                f"“{word}” is a common misreading of “{table[word.lower()]}”",
            )


def fold(word: str) -> str:
    """A word without case, accents or hyphens: variants of it fold together."""
    word = unicodedata.normalize("NFKD", word.lower())
    return (
        "".join(c for c in word if not unicodedata.combining(c)).replace("-", "").replace("’", "'")
    )


def singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def variants(ms: Manuscript) -> Iterator[Finding]:
    """One word spelled two ways: accents (emigré, émigré), a hyphen
    (counter-revolution, counterrevolution), or a known variant (labor, labour)."""
    places: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    known = {w: "/".join(pair) for pair in transcription_data()["variants"] for w in pair}
    # The pairs are [American, British]: a book's [lint] language names the winner.
    language = ms.settings.language if "lint" in ms.data else ""
    side = (
        0
        if language.lower().startswith("en-us")
        else 1
        if language.lower().startswith("en-")
        else None
    )
    preferred = (
        {pair[side] for pair in transcription_data()["variants"]} if side is not None else set()
    )
    for chapter in ms.chapters:
        for para in chapter.paragraphs:
            for match in WORD.finditer(para.text):
                form = singular(match.group(0).lower())
                key = known.get(form) or fold(form)
                places[key][form].append((chapter, para, match.start()))
    for forms in places.values():
        if len(forms) < 2:
            continue
        # The usual form is the commoner; on a tie, the one with more accents,
        # which a careless transcription is likelier to have lost than added.
        ranked = sorted(
            forms.items(),
            key=lambda item: (
                item[0] not in preferred,
                -len(item[1]),
                -sum(ord(c) > 127 for c in item[0]),
            ),
        )
        usual = ranked[0][0]
        for form, spots in ranked[1:]:
            for chapter, para, index in spots:
                yield finding(chapter, para, index, "X005", f"“{form}” here, “{usual}” elsewhere")


def check(ms: Manuscript) -> Iterator[Finding]:
    for chapter in ms.chapters:
        for para in chapter.paragraphs:
            yield from digits(chapter, para)
            yield from stray_stops(chapter, para)
            yield from repeats(chapter, para)
            yield from splits(chapter, para)
            yield from scannos(chapter, para)
    yield from variants(ms)
