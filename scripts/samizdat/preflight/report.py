"""The preflight's HTML report, beside the PDF: every page as a thumbnail, each finding marked."""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

import pypdfium2

from samizdat.preflight import Finding, codes, summary_line

SCALE = 0.5  # thumbnail pixels per pt
STYLE = """
body { font: 14px/1.4 sans-serif; margin: 1.5em; color: #111; }
.pages { display: flex; flex-wrap: wrap; gap: 14px; }
figure { margin: 0; position: relative; }
figure img { border: 1px solid #999; display: block; }
figcaption { font-size: 12px; text-align: center; }
.mark { position: absolute; border: 2px solid #d00; background: rgba(221, 0, 0, .12); }
.mark span { position: absolute; top: -15px; left: 0; font-size: 10px; color: #fff;
  background: #d00; padding: 0 2px; white-space: nowrap; }
.flagged img { border-color: #d00; }
td, th { text-align: left; padding: 2px 8px; vertical-align: top; }
"""


def thumbnails(pdf: Path) -> list[tuple[str, float, float, float, float]]:
    """Each page as a PNG data URL, with the offset of its trim in pt (for the marks)."""
    document = pypdfium2.PdfDocument(str(pdf))
    out = []
    try:
        for page in document:
            width, height = page.get_size()
            left, bottom, right, top = page.get_trimbox() or (0, 0, width, height)
            image = page.render(scale=SCALE).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, "PNG", optimize=True)
            url = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
            out.append((url, left, height - top, width, height))
    finally:
        document.close()
    return out


def write(pdf: Path, found: list[Finding], target: Path | None = None) -> Path:
    target = target or pdf.with_name(f"{pdf.stem}-preflight.html")
    by_page: dict[int, list[Finding]] = {}
    for finding in found:
        by_page.setdefault(finding.page, []).append(finding)
    rows = "".join(
        f"<tr><td><a href='#p{f.page}'>{f.page}</a></td><td>{f.code}</td>"
        f"<td>{html.escape(f.summary)}</td><td>{html.escape(f.detail)}</td></tr>"
        for f in found
    )
    figures = []
    for number, (url, dx, dy, width, height) in enumerate(thumbnails(pdf), start=1):
        marks = ""
        for finding in by_page.get(number, []):
            x0, top, x1, bottom = finding.box or (0, 0, width - 2 * dx, height - 2 * dy)
            marks += (
                f"<div class='mark' title='{html.escape(str(finding))}' style='left:"
                f"{(x0 + dx) * SCALE - 2:.0f}px;top:{(top + dy) * SCALE - 2:.0f}px;"
                f"width:{max(x1 - x0, 4) * SCALE:.0f}px;"
                f"height:{max(bottom - top, 4) * SCALE:.0f}px'>"
                f"<span>{finding.code}</span></div>"
            )
        flagged = " class='flagged'" if number in by_page else ""
        figures.append(
            f"<figure id='p{number}'{flagged}><img src='{url}' width='{width * SCALE:.0f}'"
            f" height='{height * SCALE:.0f}' alt='page {number}'>{marks}"
            f"<figcaption>{number}</figcaption></figure>"
        )
    legend = "".join(
        f"<tr><td>{code}</td><td>{entry['group']}</td><td>{html.escape(entry['summary'])}</td></tr>"
        for code, entry in codes().items()
    )
    page = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Preflight: {html.escape(pdf.name)}</title><style>{STYLE}</style></head><body>"
        f"<h1>Preflight: {html.escape(pdf.name)}</h1><p>{html.escape(summary_line(pdf, found))}</p>"
        f"<table><tr><th>Page</th><th>Code</th><th>Finding</th><th>Where</th></tr>{rows}</table>"
        f"<div class='pages'>{''.join(figures)}</div>"
        f"<h2>Codes</h2><table>{legend}</table></body></html>"
    )
    target.write_text(page, encoding="utf-8")
    return target
