"""Preview the web edition in a browser: serve the output folder on this machine.

The folder OUT is served as it is (so the index's links to ../<slug>.epub and the
PDFs work), on 127.0.0.1 only unless told otherwise; Ctrl-C stops it.
"""

from __future__ import annotations

import argparse
import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from samizdat.errors import SamizdatError

NAME = "serve"
HELP = "preview the web edition on localhost"

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".woff2": "font/woff2",
    ".epub": "application/epub+zip",
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
}


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "output",
        nargs="?",
        default="build",
        type=Path,
        metavar="OUT",
        help="the output folder of a build (default: build/)",
    )
    parser.add_argument(
        "--port", type=int, default=8000, help="the port (default: 8000; 0 for any free one)"
    )
    parser.add_argument(
        "--bind",
        default="127.0.0.1",
        metavar="ADDRESS",
        help="the address to listen on (default: 127.0.0.1, this machine only)",
    )


class Handler(SimpleHTTPRequestHandler):
    """Static files with the right types, no caching (a rebuild shows at once), quietly."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass


def server(root: Path, port: int = 0, bind: str = "127.0.0.1") -> ThreadingHTTPServer:
    """A server for `root` (not yet serving: call serve_forever, in a thread if need be)."""
    handler = functools.partial(Handler, directory=str(root))
    try:
        return ThreadingHTTPServer((bind, port), handler)
    except OSError as exc:
        raise SamizdatError(f"cannot listen on {bind}:{port}: {exc.strerror}") from None


def serve_in_thread(root: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve `root` on a free port of 127.0.0.1 in a daemon thread; (server, base URL)."""
    httpd = server(root)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    host, port = httpd.server_address[:2]
    return httpd, f"http://{host}:{port}/"


def editions(root: Path) -> list[Path]:
    return sorted(p.parent for p in root.glob("*-web/index.html"))


def run(args: argparse.Namespace) -> int:
    root = args.output
    if (root / "index.html").is_file() and not editions(root):
        root = root.parent  # a web edition's own folder: serve the build around it
    if not root.is_dir():
        raise SamizdatError("no such folder", root)
    found = editions(root)
    if not found:
        raise SamizdatError("no web edition here: run `samizdat build` first", root)
    httpd = server(root, args.port, args.bind)
    host, port = httpd.server_address[:2]
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    for folder in found:
        print(f"serving http://{shown}:{port}/{folder.name}/")
    print("press Ctrl-C to stop")
    sys.stdout.flush()
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
    return 0
