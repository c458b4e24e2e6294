"""A small publisher-and-archive web server on 127.0.0.1 for the resolver's integration tests.

Every route is one behaviour the resolver must name honestly; `hits` counts requests per
(method, path) so tests can assert one request per unique URL and none on a cached re-run.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

ARTICLE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{title} | Example Gazette</title>
<link rel="canonical" href="{canonical}">
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Example Gazette">
<meta property="article:published_time" content="{date}T09:30:00Z">
</head><body><article><h1>{title}</h1><p>The council approved the budget on Friday.</p></article></body></html>
"""

TITLE = "Council approves budget for 2025"
ARCHIVED = {"/gone-archived": "20250314101500", "/ok/story": "20250315080000"}


class Handler(BaseHTTPRequestHandler):
    server: LoopbackServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        return

    def do_HEAD(self) -> None:
        self._route("HEAD")

    def do_GET(self) -> None:
        self._route("GET")

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        headers = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _page(self, title: str = TITLE, date: str = "2025-03-14") -> bytes:
        canonical = f"{self.server.base}{urlsplit(self.path).path}"
        return ARTICLE.format(title=title, date=date, canonical=canonical).encode()

    def _route(self, method: str) -> None:
        parts = urlsplit(self.path)
        path = parts.path
        self.server.hits[(method, path)] += 1
        count = self.server.hits[(method, path)]
        base = self.server.base
        if path.startswith("/ok/") or path == "/retitled":
            title = "Storm closes harbor bridge" if path == "/retitled" else TITLE
            self._send(200, self._page(title))
        elif path == "/redated":
            self._send(200, self._page(date="2024-11-02"))
        elif path == "/":
            self._send(200, b"<html><head><title>Example Gazette - Latest news</title></head><body></body></html>")
        elif path == "/old":
            self._send(301, headers={"Location": "/ok/moved"})
        elif path == "/chain":
            self._send(302, headers={"Location": f"{base}/chain2"})
        elif path == "/chain2":
            self._send(307, headers={"Location": "/ok/chain-end"})
        elif path in {"/missing", "/missing-2", "/gone-archived"}:
            self._send(404, b"<html><title>404 Not Found</title></html>")
        elif path == "/gone":
            self._send(410, b"gone")
        elif path == "/to-missing":
            self._send(301, headers={"Location": "/missing-2"})
        elif path == "/news/2025/story-removed":
            self._send(302, headers={"Location": "/"})
        elif path == "/soft":
            self._send(200, b"<html><head><title>Page not found | Example Gazette</title></head></html>")
        elif path == "/throttle":
            if count == 1:
                self._send(429, b"slow down", {"Retry-After": "1"})
            else:
                self._send(200, self._page())
        elif path == "/always-429":
            self._send(429, b"slow down", {"Retry-After": "1"})
        elif path == "/flaky":
            self._send(503 if count == 1 else 200, self._page())
        elif path == "/error":
            self._send(500, b"boom")
        elif path == "/cf":
            self._send(403, b"<html><head><title>Just a moment...</title></head></html>", {"cf-mitigated": "challenge"})
        elif path == "/paywall":
            self._send(402, b"<html><title>Subscribe</title></html>")
        elif path == "/slow":
            time.sleep(2.5)
            self._send(200, self._page())
        elif path == "/reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        elif path == "/loop-a":
            self._send(302, headers={"Location": "/loop-b"})
        elif path == "/loop-b":
            self._send(302, headers={"Location": "/loop-a"})
        elif path == "/private":
            self._send(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        elif path == "/huge":
            self._huge()
        elif path == "/report.pdf":
            if method == "HEAD":
                self._send(405, headers={"Allow": "GET"})
            else:
                self._send(200, b"%PDF-1.4 ...", {"Content-Type": "application/pdf"})
        elif path == "/cdx/search/cdx":
            self._cdx(parse_qs(parts.query))
        elif path == "/wayback/available":
            self._send(200, json.dumps({"archived_snapshots": {}}).encode(), {"Content-Type": "application/json"})
        elif path.startswith("/web/"):
            stamp = path.split("/")[2].removesuffix("id_")
            self._send(200, self._page(date=f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}"), {"Memento-Datetime": "x"})
        else:
            self._send(404, b"not found")

    def _cdx(self, query: dict[str, list[str]]) -> None:
        target = urlsplit(query.get("url", [""])[0]).path
        stamp = ARCHIVED.get(target)
        rows: list[list[str]] = []
        if stamp:
            header = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]
            row = ["x", stamp, query["url"][0], "text/html", "200", "D", "100"]
            rows = [header, row, row, ["x", "20250101000000", query["url"][0], "warc/revisit", "-", "D", "-"]]
        self._send(200, json.dumps(rows).encode(), {"Content-Type": "application/json"})

    def _huge(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(self.server.huge_size))
        self.end_headers()
        if self.command == "HEAD":
            return
        chunk = b"<p>" + b"x" * 65530 + b"</p>"
        try:
            self.wfile.write(b"<html><head><title>Huge report</title></head><body>")
            while self.server.huge_sent < self.server.huge_size - len(chunk):
                self.wfile.write(chunk)
                self.server.huge_sent += len(chunk)
                time.sleep(0.002)
        except OSError:
            pass
        self.close_connection = True


class LoopbackServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.hits: Counter[tuple[str, str]] = Counter()
        self.huge_size = 64 * 1024 * 1024
        self.huge_sent = 0
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up early (timeouts, body caps) is expected here, not an error."""

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LoopbackServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
        self.thread.join(timeout=5)
