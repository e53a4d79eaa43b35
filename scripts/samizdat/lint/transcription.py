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
ORDINAL = re.compile(r"^\d+(st|nd|rd|th|s|’s)$")
SENTENCE_END = re.compile(r"(?<=[.!?…])[”’)]?\s+")


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
    for match in re.finditer(r"\b\w*(?:[^\W\d_]\d|\d[^\W\d_])\w*\b", para.text):
        token = match.group(0)
        if not ORDINAL.match(token):
            yield finding(
                chapter, para, match.start(), "X001", f"a digit inside the word {token!r}"
            )


def stray_stops(chapter, para) -> Iterator[Finding]:
    abbreviations = tuple(transcription_data()["abbreviations"])
    for match in re.finditer(r"(\S*)\.\s+(?=[a-z])", para.text):
        word = match.group(1).lower() + "."
        if word.endswith(abbreviations) or re.fullmatch(r"(?:[a-z]\.)+", word):
            continue
        yield finding(chapter, para, match.end(1), "X002", "a full stop before a lower-case word")


def repeats(chapter, para, size: int = 4) -> Iterator[Finding]:
    start = 0
    for sentence in SENTENCE_END.split(para.text):
        offset = para.text.find(sentence, start)
        start = offset + len(sentence)
        words = [(m.group(0).lower(), m.start()) for m in WORD.finditer(sentence)]
        seen: dict[tuple[str, ...], int] = {}
        for i in range(len(words) - size + 1):
            gram = tuple(w for w, _ in words[i : i + size])
            if gram in seen and i >= seen[gram] + size:
                yield finding(
                    chapter,
                    para,
                    offset + words[i][1],
                    "X003",
                    f"“{' '.join(gram)}” is repeated in this sentence",
                )
                break
            seen.setdefault(gram, i)


def splits(chapter, para) -> Iterator[Finding]:
    for split, joined in transcription_data()["splits"].items():
        for match in re.finditer(rf"\b{re.escape(split)}\b", para.text, re.IGNORECASE):
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
            forms.items(), key=lambda item: (-len(item[1]), -sum(ord(c) > 127 for c in item[0]))
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
