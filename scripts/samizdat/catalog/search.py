"""A search index of the catalogue and the books' web editions, with Pagefind.

Pagefind (pinned, from PyPI: `pip install 'samizdat[search]'`) reads the HTML
in OUT and writes a static index to OUT/search/; the search box on the index
page loads it with JavaScript from OUT itself, nothing from another site. The
page works without JavaScript: the box is then simply absent.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from samizdat.errors import SamizdatError

FOLDER = "search"


def available() -> bool:
    import importlib.util

    return importlib.util.find_spec("pagefind") is not None


def require() -> None:
    if not available():
        raise SamizdatError(
            "search = true needs Pagefind: pip install 'samizdat[search]' (or set search = false)"
        )


def index(out: Path, language: str) -> None:
    """OUT/search/, made anew: every page of OUT in one index, in the site's language
    (so that one search box finds the books of every language)."""
    target = out / FOLDER
    if target.exists():
        shutil.rmtree(target)
    primary = language.split("-")[0].lower()
    result = subprocess.run(
        [
            sys.executable, "-m", "pagefind",
            "--site", str(out),
            "--output-subdir", FOLDER,
            "--force-language", primary,
            "--silent",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )  # fmt: skip
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines() or ["no message"]
        raise SamizdatError(f"Pagefind failed: {lines[-1]}")
    # Pagefind writes this file's keys in no fixed order: sorted, the index is reproducible.
    entry = target / "pagefind-entry.json"
    if entry.is_file():
        data = json.loads(entry.read_text(encoding="utf-8"))
        entry.write_text(json.dumps(data, sort_keys=True, ensure_ascii=False), encoding="utf-8")


def remove(out: Path) -> None:
    if (out / FOLDER).is_dir():
        shutil.rmtree(out / FOLDER)


SNIPPET = """<div id="search" class="search" data-pagefind-ignore></div>
<link rel="stylesheet" href="search/pagefind-ui.css">
<script src="search/pagefind-ui.js"></script>
<script>
window.addEventListener("DOMContentLoaded", function () {
  new PagefindUI({
    element: "#search", showSubResults: true, showImages: false,
    baseUrl: location.pathname.replace(/[^/]*$/, "")  // OUT may be served from any path
  });
});
</script>"""
