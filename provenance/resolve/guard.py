"""The SSRF guard. Documents are untrusted: a cited URL, or any redirect hop after it, must not
make us request a private, loopback, link-local (169.254.169.254, cloud metadata), multicast or
reserved address, nor any scheme but http(s). Checked before every hop, on the resolved addresses.

Behind an HTTP proxy (`--proxy`) names are resolved by the proxy, not here: the guard then checks
what it can see itself (the scheme, IP literals, names reserved for local networks) and the proxy,
the network's egress point, answers for the rest.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Sequence
from urllib.parse import urlsplit

Resolver = Callable[[str, int], Awaitable[list[str]]]
"""host, port -> IP addresses; raises socket.gaierror like getaddrinfo."""


class RefusedError(Exception):
    """The guard will not let this URL be requested; the message says why."""


class LookupFailedError(Exception):
    """The host name did not resolve."""

    def __init__(self, host: str, error: socket.gaierror) -> None:
        super().__init__(f"{host}: {error.strerror or error}")
        self.host = host
        self.cause = error
        self.not_found = error.errno in {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)}
        """True for "no such name" (a dead domain, or a machine without DNS); False for a temporary failure."""


async def system_resolver(host: str, port: int) -> list[str]:
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def address_problem(address: str) -> str | None:
    """Why an address may not be requested, or None when it is a public unicast address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return f"not an IP address: {address!r}"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for label, flag in (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("unspecified", ip.is_unspecified),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
        ("not globally routable", not ip.is_global),
    ):
        if flag:
            return f"{label} address {ip}"
    return None


SPECIAL_USE_SUFFIXES = ("localhost", "local", "internal", "home.arpa", "localdomain", "lan", "intranet", "corp")
"""Names that only ever mean a machine on the local network (RFC 6761 `localhost`, RFC 6762 `.local`,
RFC 8375 `home.arpa`, ICANN's 2024 private-use `.internal`, and the customary `.lan`/`.corp`/...)."""


def special_use_name(host: str) -> bool:
    return any(host == suffix or host.endswith("." + suffix) for suffix in SPECIAL_USE_SUFFIXES)


def _host_port(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        raise RefusedError(f"scheme {scheme or '(none)'!r} is not http(s)")
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        raise RefusedError("no host")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as error:
        raise RefusedError(f"bad port: {error}") from None
    return scheme, host, port


class Guard:
    """Decides per URL; remembers each host's addresses for the run (one lookup per host)."""

    def __init__(
        self,
        allow_private: bool = False,
        allow_hosts: Sequence[str] = (),
        resolver: Resolver | None = None,
        proxied: bool = False,
    ) -> None:
        """`allow_hosts`: `host`, `host:port` or `*.suffix` (any name under it); `proxied`: an HTTP proxy
        resolves names, so none is looked up here."""
        self.allow_private = allow_private
        hosts = {h.strip().lower() for h in allow_hosts if h.strip()}
        self.allow_hosts = {h for h in hosts if not h.startswith("*.")}
        self.allow_suffixes = tuple(h[1:] for h in hosts if h.startswith("*.") and len(h) > 2)
        self.proxied = proxied
        self.resolver = resolver or system_resolver
        self.lookups = 0
        self.failed_lookups = 0
        self._addresses: dict[str, list[str] | LookupFailedError] = {}
        self._pending: dict[str, asyncio.Future[list[str] | LookupFailedError]] = {}

    def admitted(self, host: str, port: int) -> bool:
        shown = f"[{host}]" if ":" in host else host
        if self.allow_suffixes and host.endswith(self.allow_suffixes):
            return True
        return host in self.allow_hosts or f"{shown}:{port}" in self.allow_hosts

    async def check(self, url: str) -> None:
        """Return when `url` may be requested; raise RefusedError or LookupFailedError otherwise."""
        _, host, port = _host_port(url)
        if self.allow_private or self.admitted(host, port):
            return
        try:
            literal: str | None = str(ipaddress.ip_address(host.strip("[]")))
        except ValueError:
            literal = None
        if literal is None and self.proxied:
            if special_use_name(host):
                raise RefusedError(f"{host} names a machine on a local network")
            return  # the proxy resolves it
        addresses = [literal] if literal else await self.lookup(host, port)
        for address in addresses:
            problem = address_problem(address)
            if problem:
                raise RefusedError(f"{host} is a {problem}" if literal else f"{host} resolves to a {problem}")

    async def lookup(self, host: str, port: int) -> list[str]:
        known = self._addresses.get(host)
        if known is None:
            # One lookup per host even when hundreds of its URLs start at once: a name whose lookup
            # hangs (5 s to a DNS timeout) must not be asked again by each of them in turn.
            pending = self._pending.get(host)
            if pending is None:
                pending = self._pending[host] = asyncio.ensure_future(self._look_up(host, port))
            known = await asyncio.shield(pending)
        if isinstance(known, LookupFailedError):
            raise known
        if not known:
            raise LookupFailedError(host, socket.gaierror(socket.EAI_NONAME, "no addresses"))
        return known

    async def _look_up(self, host: str, port: int) -> list[str] | LookupFailedError:
        self.lookups += 1
        try:
            known: list[str] | LookupFailedError = await self.resolver(host, port)
        except socket.gaierror as error:
            self.failed_lookups += 1
            known = LookupFailedError(host, error)
        except (OSError, UnicodeError) as error:
            self.failed_lookups += 1
            known = LookupFailedError(host, socket.gaierror(socket.EAI_FAIL, str(error)))
        finally:
            self._pending.pop(host, None)
        self._addresses[host] = known
        return known
