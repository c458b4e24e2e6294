"""Checking URLs through an HTTP proxy (`--proxy`): absolute-form requests, CONNECT tunnels for
https, and the SSRF guard still refusing what it can judge without resolving names itself.

The proxy here is a real server on 127.0.0.1 that answers plain-http requests itself (as if it
had fetched them) and tunnels CONNECT to a TLS server on 127.0.0.1 with a certificate made for
the test (skipped without the `openssl` command).
"""

from __future__ import annotations

import asyncio
import json
import select
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from provenance.cli import main
from provenance.resolve.guard import Guard, RefusedError
from provenance.resolve.options import parse_proxy
from provenance.resolve.transport import StreamTransport

PAGE = (
    b"<!DOCTYPE html><html><head><title>Harbor bridge reopens | Example Gazette</title>"
    b'<meta property="article:published_time" content="2025-03-14T09:00:00Z"></head>'
    b"<body><h1>Harbor bridge reopens</h1><p>The bridge reopened on Friday.</p></body></html>"
)


class ProxyHandler(BaseHTTPRequestHandler):
    server: ProxyServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return

    def _answer(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in {"Content-Type": "text/html; charset=utf-8", **(headers or {})}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.seen.append(f"{self.command} {self.path}")
        parts = urlsplit(self.path)
        if not parts.scheme:  # origin-form: not a proxy request
            self._answer(400, b"proxy requests only")
        elif parts.path == "/story":
            self._answer(200, PAGE)
        elif parts.path == "/to-metadata":
            self._answer(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        elif parts.path == "/to-internal":
            self._answer(302, headers={"Location": "http://metadata.internal/computeMetadata/v1/"})
        else:
            self._answer(404, b"<title>Not found</title>")

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_CONNECT(self) -> None:
        self.server.seen.append(f"CONNECT {self.path}")
        if self.server.tls_port is None or not self.path.startswith("secure.example:"):
            self._answer(403, b"tunnel refused")
            return
        upstream = socket.create_connection(("127.0.0.1", self.server.tls_port))
        self.send_response(200, "Connection established")
        self.end_headers()
        self.wfile.flush()
        _pipe(self.connection, upstream)
        self.close_connection = True


def _pipe(one: socket.socket, other: socket.socket) -> None:
    """Copy bytes both ways until either side closes (bounded: at most 10 s of silence)."""
    try:
        while True:
            ready, _, _ = select.select([one, other], [], [], 10)
            if not ready:
                return
            for sock in ready:
                data = sock.recv(65536)
                if not data:
                    return
                (other if sock is one else one).sendall(data)
    except OSError:
        return
    finally:
        other.close()


class ProxyServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), ProxyHandler)
        self.seen: list[str] = []
        self.tls_port: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def proxy() -> Iterator[ProxyServer]:
    server = ProxyServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_plain_http_goes_to_the_proxy_in_absolute_form(proxy, capsys):
    code = main(["resolve", "http://news.example/story", "--proxy", proxy.url, "--no-cache", "--archive", "none"])
    text = capsys.readouterr().out
    assert code == 0, text
    assert "state: alive" in text and "Harbor bridge reopens" in text
    assert proxy.seen == ["GET http://news.example/story"]


def test_states_through_the_proxy(proxy, capsys):
    flags = ["--proxy", proxy.url, "--no-cache", "--archive", "none", "--format", "json"]
    code = main(["resolve", "http://news.example/gone", *flags])
    data = json.loads(capsys.readouterr().out)
    assert code == 1 and data["state"] == "dead" and data["status"] == 404


def test_guard_refuses_a_metadata_redirect_before_asking_the_proxy(proxy, capsys):
    for path in ("/to-metadata", "/to-internal"):
        main(["resolve", f"http://news.example{path}", "--proxy", proxy.url, "--no-cache", "--archive", "none"])
        text = capsys.readouterr().out
        assert "state: blocked" in text, text
    assert all("169.254" not in line and ".internal" not in line for line in proxy.seen), proxy.seen
    assert len(proxy.seen) == 2


def test_guard_without_lookups_behind_a_proxy():
    async def no_lookup(host: str, port: int) -> list[str]:
        raise AssertionError(f"looked up {host} although a proxy resolves names")

    guard = Guard(resolver=no_lookup, proxied=True)

    async def run() -> None:
        await guard.check("https://news.example/story")
        for url in ("http://169.254.169.254/", "http://10.0.0.7/", "http://printer.local/", "http://db.internal/"):
            with pytest.raises(RefusedError):
                await guard.check(url)
        admitted = Guard(resolver=no_lookup, proxied=True, allow_hosts=["*.internal"])
        await admitted.check("http://www.gazette.internal/story")
        with pytest.raises(RefusedError):
            await admitted.check("http://localhost/")

    asyncio.run(run())


def test_proxy_setting_is_checked(capsys):
    assert parse_proxy("http://proxy.corp.example:3128") == ("proxy.corp.example", 3128)
    assert parse_proxy("http://127.0.0.1") == ("127.0.0.1", 80)
    for bad in ("https://proxy:3128", "socks5://proxy:1080", "http://user:pw@proxy:3128", "proxy:3128"):
        with pytest.raises(ValueError):
            parse_proxy(bad)
    assert main(["resolve", "http://news.example/story", "--proxy", "socks5://127.0.0.1:1080", "--no-cache"]) == 2
    assert "http://host[:port]" in capsys.readouterr().err


def test_unreachable_proxy_leaves_urls_unknown(capsys):
    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        port = spare.getsockname()[1]
    flags = ["--proxy", f"http://127.0.0.1:{port}", "--no-cache", "--archive", "none", "--format", "json"]
    code = main(["resolve", "http://news.example/story", *flags, "--retries", "0"])
    data = json.loads(capsys.readouterr().out)
    assert data["state"] == "unknown" and "proxy" in data["evidence"]
    assert code == 0


@pytest.fixture
def tls_origin(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a test certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    request = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1"]
    subprocess.run(
        ["openssl", *request, "-subj", "/CN=secure.example", "-addext", "subjectAltName=DNS:secure.example"],
        check=True,
        capture_output=True,
    )

    class Origin(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            body = PAGE if self.path == "/story" else b"missing"
            self.send_response(200 if self.path == "/story" else 404)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Origin)
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], cert
    server.shutdown()
    server.server_close()


def test_https_is_tunnelled_with_connect(proxy, tls_origin):
    port, cert = tls_origin
    proxy.tls_port = port
    proxy_host, proxy_port = parse_proxy(proxy.url)
    trusted = ssl.create_default_context(cafile=str(cert))
    transport = StreamTransport(Guard(proxied=True), proxy=(proxy_host, proxy_port), ssl_context=trusted)

    async def run() -> tuple[int, bytes, int, str]:
        async with httpx.AsyncClient(transport=transport) as client:
            answer = await client.get("https://secure.example/story")
            missing = await client.get("https://secure.example/nothing")  # same tunnel, kept alive
            with pytest.raises(httpx.ProxyError) as refused:
                await client.get("https://elsewhere.example/story")
            return answer.status_code, answer.content, missing.status_code, str(refused.value)

    status, body, missing, refusal = asyncio.run(run())
    assert status == 200 and body == PAGE and missing == 404
    assert "403" in refusal
    assert proxy.seen == ["CONNECT secure.example:443", "CONNECT elsewhere.example:443"]
