"""EPUBCheck 5 on the built books: nothing to report."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("book", ["pamphlet", "notes-book", "general-book"])
def test_epubcheck_reports_nothing(book, epubcheck_reports):
    report = epubcheck_reports[book]
    messages = [
        f"{m['severity']} {m['ID']}: {m['message']} ({m.get('locations', [{}])[0].get('path', '')})"
        for m in report["messages"]
    ]
    assert report["checker"]["nFatal"] == 0
    assert report["checker"]["nError"] == 0
    assert report["checker"]["nWarning"] == 0
    assert messages == []
