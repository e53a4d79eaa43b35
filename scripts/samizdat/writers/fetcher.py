"""The only way WeasyPrint reads anything: a fetcher that allows a few folders.

A manuscript may come from anyone. Building it must read nothing but the
manuscript folder and samizdat's own styles and fonts, and touch no network.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse


class RefusedReference(FatalURLFetchingError):
    """Stops the rendering: WeasyPrint would otherwise log and go on."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{reason}: {url}")
        self.url = url
        self.reason = reason


class FolderFetcher(URLFetcher):
    """Reads samizdat's own folders (styles, fonts); the book's files only from
    `preloaded`: the bytes the loader read and checked, never the disk again."""

    def __init__(self, allowed: list[Path], preloaded: dict[str, bytes] | None = None):
        super().__init__(allowed_protocols={"file", "data"})
        self.allowed = [p.resolve() for p in allowed]
        self.preloaded = preloaded or {}

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if url in self.preloaded:
            return URLFetcherResponse(url, self.preloaded[url])
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise RefusedReference(url, "refused a reference that is not a file in the book")
        path = Path(unquote(urlsplit(url).path)).resolve()
        if not any(path.is_relative_to(folder) for folder in self.allowed):
            raise RefusedReference(url, "refused a reference outside the manuscript folder")
        if not path.is_file():
            raise RefusedReference(url, "referenced file does not exist")
        return URLFetcherResponse(path.as_uri(), path.read_bytes())
