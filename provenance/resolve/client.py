"""The one network seam: every request `provenance` makes goes through the AsyncClient built here.

Tests pass a transport (pytest-httpx patches the default one); nothing else patches I/O.
Redirects are followed by hand (links.py) so that the SSRF guard sees every hop; cookies are
never kept; bodies are read only up to a cap.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any

import httpx

from provenance.resolve.guard import Guard
from provenance.resolve.options import ResolveOptions
from provenance.resolve.transport import StreamTransport


class _NoCookies(DefaultCookiePolicy):
    """Neither store nor send cookies: a checker must not carry state from one site to the next."""

    def set_ok(self, cookie: Any, request: Any) -> bool:
        return False

    def return_ok(self, cookie: Any, request: Any) -> bool:
        return False


class _Jarless(httpx.Cookies):
    """A cookie store that neither stores nor sends: also skips httpx's per-response urllib shims."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None

    def set_cookie_header(self, request: httpx.Request) -> None:
        return None


class Client(httpx.AsyncClient):
    """The AsyncClient, with cookies switched off at the root (no jar work on any response)."""

    def __init__(self, **kwargs: Any) -> None:
        self._jarless = _Jarless(CookieJar(policy=_NoCookies()))
        super().__init__(**kwargs)
        self.request_timeout = httpx.Timeout(kwargs.get("timeout", 10.0)).as_dict()

    @property
    def cookies(self) -> httpx.Cookies:
        return self._jarless

    @cookies.setter
    def cookies(self, value: Any) -> None:
        return None


def make_client(
    options: ResolveOptions, transport: httpx.AsyncBaseTransport | None = None, guard: Guard | None = None
) -> Client:
    """The AsyncClient; without a transport, StreamTransport connects to the addresses `guard` approved."""
    return Client(
        transport=transport
        or StreamTransport(
            guard or Guard(options.allow_private_hosts, options.allow_hosts, proxied=options.proxy is not None),
            proxy=options.proxy_address,
        ),
        follow_redirects=False,
        timeout=httpx.Timeout(options.timeout, pool=None),
        headers={
            "User-Agent": options.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "Accept-Encoding": "gzip, deflate",  # what `_decode` undoes, under the same cap
        },
        trust_env=False,  # no proxy, netrc or certificate settings picked up from the environment
    )


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request and what came back: status, headers and at most `body_cap` bytes of body."""

    method: str
    url: str
    status: int
    headers: httpx.Headers
    body: bytes
    truncated: bool = False

    def text(self) -> str:
        charset = "utf-8"
        for part in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = part.strip().partition("=")
            if name.lower() == "charset" and value.strip():
                charset = value.strip().strip('"')
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")

    @property
    def is_html(self) -> bool:
        kind = self.headers.get("content-type", "").split(";")[0].strip().lower()
        return kind in {"text/html", "application/xhtml+xml"} or (not kind and self.body.lstrip()[:1] == b"<")


async def send(
    client: Client,
    method: str,
    url: str,
    body_cap: int,
    read_body: bool = True,
    headers: dict[str, str] | None = None,
) -> Exchange:
    """Make one request; read the body only when asked and only up to `body_cap` bytes as they come
    over the wire (before decompression), then decompress at most `body_cap` bytes of it."""
    merged = client.headers if not headers else httpx.Headers({**client.headers, **headers})
    request = httpx.Request(method, url, headers=merged, extensions={"timeout": client.request_timeout})
    response = await client.send(request, stream=True)
    try:
        chunks: list[bytes] = []
        size = 0
        truncated = predecoded = False
        if read_body and method != "HEAD" and response.status_code not in {204, 304} and _worth_reading(response):
            if response.is_stream_consumed:  # built with its content already read (mock transports): decoded
                predecoded = True
                chunks, size = [response.content], len(response.content)
                truncated = size > body_cap
            else:
                async for chunk in response.aiter_raw():
                    chunks.append(chunk)
                    size += len(chunk)
                    if size >= body_cap:
                        truncated = True
                        break
        raw = b"".join(chunks)[:body_cap]
    finally:
        await response.aclose()
    encoding = "" if predecoded else response.headers.get("content-encoding", "")
    body, cut = _decode(raw, encoding, body_cap)
    return Exchange(method, url, response.status_code, response.headers, body, truncated or cut)


def _decode(raw: bytes, encoding: str, cap: int) -> tuple[bytes, bool]:
    """Undo gzip/deflate, producing at most `cap` bytes (a small bomb cannot grow past the cap);
    other or broken encodings are kept as they came. Returns the body and whether it was cut."""
    coding = encoding.strip().lower()
    if not raw or coding not in {"gzip", "x-gzip", "deflate"}:
        return raw, False
    for wbits in (47, -zlib.MAX_WBITS) if coding == "deflate" else (31,):
        try:
            inflater = zlib.decompressobj(wbits)
            body = inflater.decompress(raw, cap)
        except zlib.error:
            continue
        return body, bool(inflater.unconsumed_tail)
    return raw, False


_TEXTUAL = ("text/", "application/json", "application/xhtml", "application/xml", "application/link-format")


def _worth_reading(response: httpx.Response) -> bool:
    """Pages, API answers and small error bodies are read (and the connection stays reusable);
    a 200 PDF or video is not."""
    kind = response.headers.get("content-type", "").lower()
    return response.status_code >= 300 or not kind or kind.startswith(_TEXTUAL)
