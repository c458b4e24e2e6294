"""The default transport under the one AsyncClient: plain HTTP/1.1 on asyncio streams with a
keep-alive pool per origin, connecting only to the addresses the SSRF guard approved.

Why not httpx's own: httpcore's pool spends CPU in proportion to requests x connections on
every request (40 s of CPU for 4,000 loopback requests at 64 connections), which made link
checking CPU-bound; this one costs a fraction of that. It also closes the gap between the guard's
lookup and the connect (DNS rebinding): the socket goes to the very address that was checked.
Tests replace it like any transport (pytest-httpx, MockTransport).

Behind an HTTP proxy (`--proxy http://host:port`) plain-http requests go to the proxy in absolute
form over shared keep-alive connections, and https goes through a CONNECT tunnel per origin; the
proxy resolves names (the guard still checks every hop it can judge, see guard.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import AsyncIterator, Coroutine
from typing import Any

import httpx

from provenance.resolve.guard import Guard, LookupFailedError

Origin = tuple[str, str, int]
Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]
_HEAD_LIMIT = 64 * 1024


class StreamTransport(httpx.AsyncBaseTransport):
    def __init__(
        self,
        guard: Guard,
        max_idle_per_origin: int = 64,
        proxy: tuple[str, int] | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.guard = guard
        self.max_idle = max_idle_per_origin
        self.proxy = proxy
        self._idle: dict[Origin, list[Connection]] = {}
        self._ssl = ssl_context

    def _context(self) -> ssl.SSLContext:
        if self._ssl is None:
            self._ssl = ssl.create_default_context()
        return self._ssl

    async def _open(self, origin: Origin, timeout: float | None) -> Connection:
        if self.proxy is not None:
            return await self._open_via_proxy(origin, timeout)
        scheme, host, port = origin
        try:
            addresses = await self.guard.lookup(host, port) if not _is_ip(host) else [host.strip("[]")]
        except LookupFailedError as error:
            raise httpx.ConnectError(str(error)) from error.cause
        last: Exception | None = None
        for address in addresses[:3]:
            try:
                return await asyncio.wait_for(
                    asyncio.open_connection(
                        address,
                        port,
                        ssl=self._context() if scheme == "https" else None,
                        server_hostname=host if scheme == "https" else None,
                        limit=_HEAD_LIMIT,
                    ),
                    timeout,
                )
            except TimeoutError as error:
                raise httpx.ConnectTimeout(f"connect to {host}:{port} timed out") from error
            except (OSError, ssl.SSLError) as error:
                last = error
        raise httpx.ConnectError(f"cannot connect to {host}:{port}: {last}") from last

    async def _open_via_proxy(self, origin: Origin, timeout: float | None) -> Connection:
        """A connection to the proxy; for https, tunnelled (CONNECT) to the origin and wrapped in TLS."""
        assert self.proxy is not None
        scheme, host, port = origin
        proxy_host, proxy_port = self.proxy
        try:
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_connection(proxy_host, proxy_port, limit=_HEAD_LIMIT)
                if scheme != "https":
                    return reader, writer
                authority = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
                writer.write(f"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n\r\n".encode("ascii"))
                status, reason, _ = _parse_head(await reader.readuntil(b"\r\n\r\n"))
                if status != 200:
                    writer.close()
                    said = f"{status} {reason.decode('latin-1')}"
                    raise httpx.ProxyError(f"proxy refused the tunnel to {authority}: {said}")
                await writer.start_tls(self._context(), server_hostname=host)
                return reader, writer
        except TimeoutError as error:
            raise httpx.ConnectTimeout(f"proxy {proxy_host}:{proxy_port} did not answer in time") from error
        except (OSError, ssl.SSLError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as error:
            why = error or type(error).__name__
            raise httpx.ConnectError(f"through proxy {proxy_host}:{proxy_port}: {why}") from error

    def release(self, origin: Origin, connection: Connection) -> None:
        idle = self._idle.setdefault(origin, [])
        if len(idle) < self.max_idle and not connection[1].is_closing():
            idle.append(connection)
        else:
            connection[1].close()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        origin: Origin = (url.scheme, url.host, url.port or (443 if url.scheme == "https" else 80))
        timeouts = request.extensions.get("timeout", {})
        connect_timeout, read_timeout = timeouts.get("connect"), timeouts.get("read")
        absolute = self.proxy is not None and url.scheme == "http"
        head = _request_head(request, absolute)
        if absolute:
            assert self.proxy is not None
            origin = ("proxy", *self.proxy)  # one pool of connections to the proxy for every plain-http host
        body = await request.aread()
        for attempt in range(2):  # a pooled connection the server closed meanwhile: retry once on a new one
            idle = self._idle.get(origin)
            reused = bool(idle)
            connection = idle.pop() if idle else await self._open(origin, connect_timeout)
            reader, writer = connection
            try:
                writer.write(head + body)
                async with asyncio.timeout(read_timeout):  # cheaper than wait_for: no task per call
                    await writer.drain()
                    raw = await reader.readuntil(b"\r\n\r\n")
            except TimeoutError as error:
                writer.close()
                raise httpx.ReadTimeout(f"no answer from {url.host} within {read_timeout} s") from error
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as error:
                writer.close()
                if reused and attempt == 0:
                    continue
                if isinstance(error, asyncio.LimitOverrunError | ValueError):
                    raise httpx.RemoteProtocolError("response head too long") from error
                raise httpx.ReadError(f"connection closed: {error or type(error).__name__}") from error
            status, reason, headers = _parse_head(raw)
            stream = _Body(self, origin, connection, request.method, status, headers, read_timeout)
            return httpx.Response(
                status,
                headers=headers,
                stream=stream,
                extensions={"http_version": b"HTTP/1.1", "reason_phrase": reason},
                request=request,
            )
        raise AssertionError("unreachable")

    async def aclose(self) -> None:
        writers = [writer for connections in self._idle.values() for _, writer in connections]
        self._idle.clear()
        for writer in writers:
            writer.close()
        if writers:  # let TLS say goodbye and sockets close before the loop ends (bounded: 1 s)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(1.0):
                    await asyncio.gather(*(writer.wait_closed() for writer in writers), return_exceptions=True)


def _is_ip(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _request_head(request: httpx.Request, absolute: bool = False) -> bytes:
    """The request line and headers; `absolute`: the target in absolute form, as a proxy wants it."""
    url = request.url
    target = url.raw_path or b"/"
    if absolute:
        target = url.raw_scheme + b"://" + url.netloc + target
    lines = [request.method.encode() + b" " + target + b" HTTP/1.1"]
    for name, value in request.headers.raw:
        lines.append(name + b": " + value)
    return b"\r\n".join(lines) + b"\r\n\r\n"


def _parse_head(raw: bytes) -> tuple[int, bytes, list[tuple[bytes, bytes]]]:
    lines = raw.split(b"\r\n")
    parts = lines[0].split(b" ", 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/") or not parts[1].isdigit():
        raise httpx.RemoteProtocolError(f"not an HTTP response: {lines[0][:80]!r}")
    headers: list[tuple[bytes, bytes]] = []
    for line in lines[1:]:
        if not line:
            continue
        name, sep, value = line.partition(b":")
        if sep:
            headers.append((name.strip(), value.strip()))
    return int(parts[1]), parts[2] if len(parts) > 2 else b"", headers


class _Body(httpx.AsyncByteStream):
    """The response body, framed by Content-Length, chunked encoding or the end of the connection;
    the connection goes back to the pool only when the body was read to its end."""

    def __init__(
        self,
        transport: StreamTransport,
        origin: Origin,
        connection: Connection,
        method: str,
        status: int,
        headers: list[tuple[bytes, bytes]],
        timeout: float | None,
    ) -> None:
        self.transport, self.origin, self.connection, self.timeout = transport, origin, connection, timeout
        values = {name.lower(): value for name, value in headers}
        self.keep = b"close" not in values.get(b"connection", b"").lower()
        self.chunked = b"chunked" in values.get(b"transfer-encoding", b"").lower()
        length = values.get(b"content-length", b"").strip()
        self.length: int | None = int(length) if length.isdigit() else None
        self.empty = method == "HEAD" or status in {204, 304} or 100 <= status < 200 or self.length == 0
        if not self.empty and not self.chunked and self.length is None:
            self.keep = False  # read until the server closes
        self.done = self.empty
        self.closed = False

    async def _read(self, call: Coroutine[Any, Any, bytes]) -> bytes:
        try:
            async with asyncio.timeout(self.timeout):
                return await call
        except TimeoutError as error:
            raise httpx.ReadTimeout("body timed out") from error
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as error:
            raise httpx.ReadError(f"body interrupted: {error or type(error).__name__}") from error

    async def __aiter__(self) -> AsyncIterator[bytes]:
        reader = self.connection[0]
        if self.empty:
            return
        if self.chunked:
            while True:
                size_line = await self._read(reader.readuntil(b"\r\n"))
                size = int(size_line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while (await self._read(reader.readuntil(b"\r\n"))) != b"\r\n":
                        pass
                    break
                remaining = size
                while remaining:
                    chunk = await self._read(reader.read(min(remaining, 65536)))
                    if not chunk:
                        raise httpx.ReadError("chunk cut short")
                    remaining -= len(chunk)
                    yield chunk
                await self._read(reader.readexactly(2))
        elif self.length is not None:
            remaining = self.length
            while remaining:
                chunk = await self._read(reader.read(min(remaining, 65536)))
                if not chunk:
                    raise httpx.ReadError("body cut short")
                remaining -= len(chunk)
                yield chunk
        else:
            while chunk := await self._read(reader.read(65536)):
                yield chunk
        self.done = True

    async def aclose(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self.done and self.keep:
            self.transport.release(self.origin, self.connection)
        else:
            self.connection[1].close()
