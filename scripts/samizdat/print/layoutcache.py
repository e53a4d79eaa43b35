"""Laid-out parts of books, kept between builds: an edited chapter is the only one laid out again.

An entry is a part's facts (print/parts.py LaidPart) and its PDFs, under the
hash of everything its pages depend on (parts.key). It lives in the user's
cache folder (print/fonts.py cache_dir(), `layout/`), not in the output
folder: a build replaces its output folder's files as a whole (staging), and
an entry serves any output folder, trim or copy of the manuscript that lays
out the same text the same way.

Safe by construction: an entry is written to a temporary folder and renamed
into place; it is read only if its facts parse and every PDF has the hash the
facts record. Anything else is a miss (and the entry is removed), never a
broken book. The cache is kept under `cache_mb` (data/layout.toml), the least
recently used entries removed first.

It also keeps, for a book laid out in one pass, what the last layout pass of
its settled round began from (print/layout.py Seed: the words left whole, the
notes continued, the paragraphs pushed, the remedies known): the next build
of the same text starts from it and lays the book out once instead of two or
three times, page for page as before; and that pass's recipe (pagemaker.Recipe:
the remedies each page was last made with), so that each page is made once.
"""

from __future__ import annotations

import ast
import hashlib
import json
import math
import os
import shutil
import tempfile
import time
from pathlib import Path

from samizdat.model import Book
from samizdat.print import layout, parts
from samizdat.print.cuts import SQUEEZE
from samizdat.print.fonts import cache_dir
from samizdat.print.pagemaker import PageRecipe, Recipe, sets
from samizdat.print.parts import LaidPart
from samizdat.trims import Trim

FACTS = "facts.json"
FACT_TYPES = {
    "pages": int,
    "skip": int,
    "breaks": list,
    "anchors": dict,
    "pushed": list,
    "passes": int,
    "stray_notes": int,
    "ends_hyphenated": bool,
}


def write_json(target: Path, value) -> None:
    """Written whole or not at all; a cache that cannot be written is only a slower build."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".new-", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(value, f)
        os.replace(temp, target)
    except OSError:
        pass


class LayoutCache:
    """`use=False`: every part a miss, nothing kept (`samizdat build --no-cache`)."""

    def __init__(self, root: Path | None = None, use: bool = True):
        self.root = (root or cache_dir()) / "layout"
        self.use = use
        self.hits = 0
        self.misses = 0

    def folder(self, key: str) -> Path:
        return self.root / key[:2] / key

    def seed_file(self, key: str) -> Path:
        return self.root / "settled" / f"{key}.json"

    def get(self, key: str, variants: list[str]) -> LaidPart | None:
        """The part laid out under `key` with PDFs of every variant named, or None."""
        folder = self.folder(key)
        if not self.use:
            self.misses += 1
            return None
        try:
            facts = json.loads((folder / FACTS).read_text(encoding="utf-8"))
            hashes = facts.pop("pdfs")
            if set(facts) != set(FACT_TYPES) or any(
                not isinstance(facts[k], t) for k, t in FACT_TYPES.items()
            ):
                raise ValueError("not the facts of a part")
            pdfs = {}
            for name in variants:
                data = (folder / f"{name}.pdf").read_bytes()
                if hashlib.sha256(data).hexdigest() != hashes[name]:
                    raise ValueError(f"{name}.pdf is not the one written")
                pdfs[name] = data
            laid = LaidPart.from_facts(facts, pdfs)
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.misses += 1
            shutil.rmtree(folder, ignore_errors=True)
            return None
        os.utime(folder)
        self.hits += 1
        return laid

    def put(self, key: str, laid: LaidPart) -> None:
        """Keep a laid-out part; a cache that cannot be written is only a slower next build."""
        if not self.use:
            return
        facts = laid.facts()
        facts["pdfs"] = {name: hashlib.sha256(data).hexdigest() for name, data in laid.pdfs.items()}
        target = self.folder(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = Path(tempfile.mkdtemp(prefix=".new-", dir=target.parent))
            for name, data in laid.pdfs.items():
                (temp / f"{name}.pdf").write_bytes(data)
            (temp / FACTS).write_text(json.dumps(facts), encoding="utf-8")
            shutil.rmtree(target, ignore_errors=True)
            os.replace(temp, target)
        except OSError:
            if "temp" in locals():
                shutil.rmtree(temp, ignore_errors=True)

    def pages(self, key: str) -> int | None:
        """A part's page count: from its entry, or from a part laid out alike on the same side.

        `key`: a part's key (parts.key) or its count key (parts.count_key). A
        guess only: what is laid out on the strength of it is checked.
        """
        for path in (self.folder(key) / FACTS, self.root / "counts" / f"{key}.json"):
            try:
                found = json.loads(path.read_text(encoding="utf-8"))
                pages = found["pages"] if isinstance(found, dict) else found
                if isinstance(pages, int):
                    return pages
            except (OSError, ValueError, KeyError, TypeError):
                continue
        return None

    def put_pages(self, key: str, pages: int) -> None:
        if not self.use:
            return
        write_json(self.root / "counts" / f"{key}.json", pages)

    def unjoinable_file(self, key: str) -> Path:
        return self.root / "one-pass" / f"{key}.json"

    def unjoinable(self, key: str) -> str | None:
        """Why the last build of this text, at this trim, could not be joined (None: it could)."""
        try:
            found = json.loads(self.unjoinable_file(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return found if isinstance(found, str) else None

    def put_unjoinable(self, key: str, reason: str) -> None:
        if self.use:
            write_json(self.unjoinable_file(key), reason)

    def key(self, book: Book, page: Trim) -> str | None:
        """The key of the whole book's one-pass layout (None: the cache is off)."""
        if not self.use:
            return None
        body = layout.html_body(book, hyphenate=False)
        return parts.layout_key(book, page, body, "", {"one-pass": True})

    def get_seed(self, key: str) -> layout.Seed | None:
        try:
            found = json.loads(self.seed_file(key).read_text(encoding="utf-8"))
            whole, splits = found["whole"], found["splits"]
            if not all(
                isinstance(words, list) and all(isinstance(w, str) for w in words)
                for words in whole.values()
            ) or not all(
                isinstance(cuts, list) and all(isinstance(n, int) for n in cuts)
                for cuts in splits.values()
            ):
                return None
            pushed, memo = found["pushed"], found["memo"]
            if not all(isinstance(b, str) for b in pushed):
                return None
            return layout.Seed(
                {block: frozenset(words) for block, words in whole.items()},
                {int(number): tuple(cuts) for number, cuts in splits.items()},
                frozenset(pushed),
                {ast.literal_eval(k): ast.literal_eval(v) for k, v in memo},
                recipe_from(found.get("recipe")),
            )
        except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError, SyntaxError):
            return None  # a seed that is not one: laid out from scratch

    def put_seed(self, key: str, seed: layout.Seed) -> None:
        write_json(
            self.seed_file(key),
            {
                "whole": {block: sorted(words) for block, words in seed.whole.items()},
                "splits": {str(number): list(cuts) for number, cuts in seed.splits.items()},
                "pushed": sorted(seed.pushed),
                # the page maker's remedies by where a page began: literals (repr)
                "memo": [[repr(key), repr(value)] for key, value in seed.memo.items()],
                "recipe": recipe_to(seed.recipe),
            },
        )

    def prune(self, limit_mb: float) -> None:
        """Remove the least recently used entries until the cache holds at most `limit_mb`."""
        if not self.use:
            return
        entries = []
        for folder in self.root.glob("*/*"):
            try:
                files = folder.iterdir() if folder.is_dir() else [folder]
                size = sum(f.stat().st_size for f in files)
                entries.append((folder.stat().st_mtime, size, folder))
            except OSError:
                continue
        total = sum(size for _, size, _ in entries)
        stale = time.time() - 3600  # an unfinished entry of a build that died
        for folder in self.root.glob("*/.new-*"):
            if folder.stat().st_mtime < stale:
                shutil.rmtree(folder, ignore_errors=True)
        for _, size, folder in sorted(entries, key=lambda e: e[0]):
            if total <= limit_mb * 1_000_000:
                break
            if folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)
            else:
                folder.unlink(missing_ok=True)
            total -= size


def recipe_to(recipe: Recipe | None):
    """A recipe as JSON: each page's styles and words whole, or null where they are
    the page before's (most pages add nothing)."""
    if recipe is None:
        return None
    pages, before = [], None
    for page in recipe.pages:
        styled = [[list(key), value] for key, value in page.styled]
        whole = [[block, list(words)] for block, words in page.whole]
        same = before is not None and (page.styled, page.whole) == before
        pages.append(
            [
                None if same else styled,
                None if same else whole,
                page.cap,
                page.ends,
                page.squeeze,
                page.raised,
            ]
        )
        before = page.styled, page.whole
    return {"pushed": list(recipe.pushed), "pages": pages}


def recipe_from(found) -> Recipe | None:
    """recipe_to()'s JSON read back (a malformed one raises, and the seed is no seed)."""
    if found is None:
        return None
    pages: list[PageRecipe] = []
    for styled, whole, cap, ends, squeeze, raised in found["pages"]:
        if styled is None:
            pages.append(
                PageRecipe(
                    pages[-1].styled,
                    pages[-1].whole,
                    float(cap),
                    str(ends),
                    float(squeeze),
                    float(raised),
                )
            )
            continue
        pages.append(
            PageRecipe(
                tuple(((str(what), str(block)), value) for (what, block), value in styled),
                tuple((str(block), tuple(map(str, words))) for block, words in whole),
                float(cap),
                str(ends),
                float(squeeze),
                float(raised),
            )
        )
    if not all(math.isfinite(p.cap) and p.cap >= 0 for p in pages):
        raise ValueError("a page of a recipe made longer, or by no length")
    if not all(0 <= p.squeeze <= SQUEEZE + 1e-6 for p in pages):
        raise ValueError("a page of a recipe let take more than the space above its notes gives")
    if not all(math.isfinite(p.raised) and p.raised >= 0 for p in pages):
        raise ValueError("a page of a recipe whose text runs into its notes")
    if not all(sets(what, value) for p in pages for (what, _), value in p.styled):
        raise ValueError("a style in a recipe is not one the page maker sets")
    return Recipe(tuple(pages), tuple(map(str, found["pushed"])))
