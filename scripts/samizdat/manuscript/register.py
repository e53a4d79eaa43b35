"""The register of corrections (corrections.toml) and the note on the text made from it.

The manuscript holds the corrected text; the register says what was changed,
where, and why. The note on the text is generated from it, never written by
hand, so that the two cannot disagree.
"""

from __future__ import annotations

import tomllib
from html import escape
from pathlib import Path
from typing import Any

from lxml import etree

from samizdat.errors import SamizdatError
from samizdat.manuscript.files import limit, read_inside
from samizdat.manuscript.source import decode
from samizdat.manuscript.typography import tie
from samizdat.model import Correction, Heading, Section

REGISTER_FILE = "corrections.toml"
NOTE_ID = "note-on-the-text"
NOTE_TITLE = "Note on the text"
FIELDS = ("line", "source", "edition", "reason")
# The kinds of correction, in the order the note on the text presents them, each
# with the caption of its table. A fault is an error of the source put right; a
# normalisation makes an acceptable variant (a spelling, a dash, a heading's
# punctuation) agree with the rest of the text.
KINDS = {"fault": "Faults corrected", "normalisation": "Forms normalised"}
DEFAULT_KIND = "fault"
BLOCK_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6")


def read_register(root: Path) -> tuple[dict[str, Any], str]:
    path = root / REGISTER_FILE
    if not path.exists() and not path.is_symlink():
        return {}, ""
    text = decode(read_inside(root, path, limit("toml_bytes"), REGISTER_FILE), path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SamizdatError(f"malformed TOML: {exc}", path) from None
    except RecursionError:
        raise SamizdatError("malformed TOML: nested too deeply", path) from None
    if not isinstance(data.get("correction", []), list) or not all(
        isinstance(entry, dict) for entry in data.get("correction", [])
    ):
        raise SamizdatError("corrections must be [[correction]] tables", path)
    return data, text


def entry_line(text: str, index: int) -> int | None:
    """The line of the index-th [[correction]] table, for messages."""
    seen = -1
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() == "[[correction]]":
            seen += 1
            if seen == index:
                return number
    return None


def load_corrections(root: Path) -> tuple[list[Correction], str, list[str] | None]:
    """The corrections, the preamble, and the source text's lines if it is named."""
    data, text = read_register(root)
    if not data:
        return [], "", None
    path = root / REGISTER_FILE
    source_lines = None
    if "source" in data:
        source_path = root / str(data["source"])
        raw = read_inside(root, source_path, limit("source_bytes"), "source text")
        source_lines = decode(raw, source_path).split("\n")
    corrections = []
    for index, entry in enumerate(data.get("correction", [])):
        line = entry_line(text, index)
        missing = [f for f in FIELDS if f not in entry]
        if missing:
            raise SamizdatError(f"correction lacks {', '.join(missing)}", path, line)
        if (
            not isinstance(entry["line"], int)
            or isinstance(entry["line"], bool)
            or entry["line"] < 1
        ):
            raise SamizdatError("correction 'line' must be a line number of the source", path, line)
        wrong = [f for f in FIELDS[1:] if not isinstance(entry[f], str) or not entry[f].strip()]
        if wrong:
            raise SamizdatError(f"correction '{wrong[0]}' must be text", path, line)
        if source_lines is not None and (
            entry["line"] > len(source_lines)
            or entry["source"] not in source_lines[entry["line"] - 1]
        ):
            raise SamizdatError(
                f"the source's line {entry['line']} does not read {entry['source']!r}",
                path,
                line,
            )
        kind = entry.get("kind", DEFAULT_KIND)
        if not isinstance(kind, str) or kind not in KINDS:
            raise SamizdatError(
                f"correction 'kind' must be {' or '.join(map(repr, KINDS))}, not {kind!r}",
                path,
                line,
            )
        corrections.append(
            Correction(entry["line"], entry["source"], entry["edition"], entry["reason"], kind=kind)
        )
    return corrections, str(data.get("preamble", "")), source_lines


def text_blocks(section: Section) -> list[tuple[str, str]]:
    """(tag, text) of each paragraph, list item and heading, in order."""
    root = etree.fromstring(f"<div>{section.content}</div>".encode())
    return [
        (el.tag, " ".join("".join(el.itertext()).replace("\u2060", "").split()))
        for el in root.iter(*BLOCK_TAGS)
    ]


def locate(
    sections: list[Section], corrections: list[Correction], source_lines: list[str] | None
) -> list[Correction]:
    """Each correction with where it stands in this edition, for the reader."""
    places = []  # (nearest heading or label, paragraph number or 0 for a heading, text)
    for section in sections:
        label, paragraph = section.title, 0
        for tag, text in text_blocks(section):
            if tag in ("p", "li"):
                paragraph += 1
                places.append((label, paragraph, text))
            else:
                label, paragraph = text, 0
                places.append((label, 0, text))
    # Each non-blank line of the source is one block of the text, in order.
    block_of = (
        {n: i for i, n in enumerate(n for n, ln in enumerate(source_lines, 1) if ln.strip())}
        if source_lines is not None
        else {}
    )
    aligned = source_lines is not None and len(places) == len(block_of)
    located = []
    for c in corrections:
        if aligned and c.line in block_of and c.edition in places[block_of[c.line]][2]:
            section, paragraph, _ = places[block_of[c.line]]
        else:
            found = [p for p in places if c.edition in p[2]]
            section, paragraph, _ = found[0] if found else (None, 0, "")
        if section is None:
            where = f"source line {c.line}"
        elif paragraph:
            where = f"{section}, ¶\u00a0{paragraph}"
        else:
            where = f"{section}, heading"
        located.append(Correction(c.line, c.source, c.edition, c.reason, where, c.kind))
    return located


def register_table(kind: str, corrections: list[Correction]) -> str:
    """One kind's table: where, the source's reading, this edition's, and why."""
    rows = "".join(
        f'<tr><td class="where">{escape(c.where)}</td><td class="reading">{escape(c.source)}</td>'
        f'<td class="reading">{escape(c.edition)}</td><td class="why">{escape(c.reason)}</td></tr>'
        for c in corrections
    )
    return (
        f'<table class="register" id="register-{kind}"><caption>{escape(KINDS[kind])}</caption>'
        + '<thead><tr><th scope="col">Where</th><th scope="col">Source</th>'
        + '<th scope="col">This edition</th><th scope="col">Why</th></tr></thead>'
        + f"<tbody>{rows}</tbody></table>"
    )


def note_on_the_text(corrections: list[Correction], preamble: str) -> Section:
    """The note: the preamble (its paragraphs parted by blank lines, with the no-break
    spaces of the typography rules, as the chapters get them), then a table per kind."""
    paragraphs = [" ".join(p.split()) for p in preamble.split("\n\n") if p.strip()]
    tables = [
        register_table(kind, [c for c in corrections if c.kind == kind])
        for kind in KINDS
        if any(c.kind == kind for c in corrections)
    ]
    content = (
        f'<h1 id="{NOTE_ID}">{NOTE_TITLE}</h1>'
        + "".join(f"<p>{escape(tie(p))}</p>" for p in paragraphs)
        + "".join(tables)
    )
    return Section(
        id=NOTE_ID,
        name=NOTE_ID,
        role="backmatter",
        title=NOTE_TITLE,
        level=1,
        content=content,
        headings=[Heading(1, NOTE_ID, NOTE_TITLE)],
        generated=True,
    )
