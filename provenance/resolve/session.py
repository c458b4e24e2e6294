"""What one resolution run shares: the client, the guard, the limits, the counters, the notes.

Every request goes through `Session.request`, so the per-host and global limits and the
request counters cannot be bypassed.
"""

from __future__ import annotations

import asyncio
from collections import Counter, OrderedDict
from urllib.parse import urlsplit

import httpx

from provenance.resolve.client import Exchange, make_client, send
from provenance.resolve.guard import Guard, Resolver
from provenance.resolve.options import ResolveOptions
from provenance.resolve.ratelimit import FOLLOW_UP, HostLimiter, Slots, TokenBucket

_KEPT_BYTES = 8 << 20


class Session:
    def __init__(
        self,
        options: ResolveOptions,
        transport: httpx.AsyncBaseTransport | None = None,
        resolver: Resolver | None = None,
    ) -> None:
        self.options = options
        proxied = options.proxy is not None
        self.guard = Guard(options.allow_private_hosts, options.allow_hosts, resolver, proxied=proxied)
        self.client = make_client(options, transport, self.guard)
        self.hosts = HostLimiter(options.per_host, options.host_interval)
        self.slots = Slots(options.concurrency)
        self.buckets: dict[str, TokenBucket] = {}
        self.requests: Counter[str] = Counter()
        self.notes: list[str] = []
        self._down: asyncio.Future[bool] | None = None
        self.kept: OrderedDict[str, Exchange] | None = None
        """Final HTML answers of links, by key (newest last), when `keep_pages()` was called."""
        self._kept_bytes = 0

    def keep_pages(self) -> None:
        """Keep the last pages of links (up to 8 MiB) so that a URL found to be some document's
        original URL after its check can still get its page facts without a second request."""
        self.kept = OrderedDict()

    def keep(self, key: str, exchange: Exchange) -> None:
        if self.kept is None:
            return
        self.kept[key] = exchange
        self._kept_bytes += len(exchange.body)
        while self._kept_bytes > _KEPT_BYTES and self.kept:
            self._kept_bytes -= len(self.kept.popitem(last=False)[1].body)

    def kept_page(self, key: str) -> Exchange | None:
        return self.kept.get(key) if self.kept is not None else None

    async def request(
        self,
        method: str,
        url: str,
        read_body: bool = True,
        headers: dict[str, str] | None = None,
        priority: int = FOLLOW_UP,
    ) -> Exchange:
        """`priority`: FIRST for the first request of a URL, FOLLOW_UP (the default) for the rest."""
        host = urlsplit(url).netloc.lower()
        async with self.hosts.slot(host, priority), self.slots.slot(priority):
            self.requests[url] += 1
            return await send(self.client, method, url, self.options.body_cap, read_body, headers)

    def bucket(self, url: str) -> TokenBucket:
        """The archive host's token bucket (CDX and TimeMaps of one host share one pool)."""
        host = urlsplit(url).netloc.lower()
        bucket = self.buckets.get(host)
        if bucket is None:
            bucket = self.buckets[host] = TokenBucket(self.options.archive_rate, backoff=self.options.archive_backoff)
        return bucket

    async def network_down(self) -> bool:
        """True when no canary name resolves either: the machine has no network (or no DNS),
        so a failed lookup says nothing about the cited site."""
        if self._down is None:
            self._down = asyncio.ensure_future(self._probe())
        return await asyncio.shield(self._down)

    async def _probe(self) -> bool:
        for name in self.options.canaries:
            try:
                if await self.guard.resolver(name, 443):
                    return False
            except (OSError, UnicodeError):
                continue
        self.notes.append(
            f"no network: name lookups fail for every host, also for {', '.join(self.options.canaries)}; "
            "URLs that could not be looked up are reported unknown (PRV307), not dead"
        )
        return True

    async def aclose(self) -> None:
        await self.client.aclose()
