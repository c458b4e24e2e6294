"""What one resolution run shares: the client, the guard, the limits, the counters, the notes.

Every request goes through `Session.request`, so the per-host and global limits and the
request counters cannot be bypassed.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from urllib.parse import urlsplit

import httpx

from provenance.resolve.client import Exchange, make_client, send
from provenance.resolve.guard import Guard, Resolver
from provenance.resolve.options import ResolveOptions
from provenance.resolve.ratelimit import HostLimiter, TokenBucket


class Session:
    def __init__(
        self,
        options: ResolveOptions,
        transport: httpx.AsyncBaseTransport | None = None,
        resolver: Resolver | None = None,
    ) -> None:
        self.options = options
        self.guard = Guard(options.allow_private_hosts, options.allow_hosts, resolver)
        self.client = make_client(options, transport, self.guard)
        self.hosts = HostLimiter(options.per_host, options.host_interval)
        self.slots = asyncio.Semaphore(max(1, options.concurrency))
        self.buckets: dict[str, TokenBucket] = {}
        self.requests: Counter[str] = Counter()
        self.notes: list[str] = []
        self._down: asyncio.Future[bool] | None = None

    async def request(
        self, method: str, url: str, read_body: bool = True, headers: dict[str, str] | None = None
    ) -> Exchange:
        host = urlsplit(url).netloc.lower()
        async with self.hosts.slot(host), self.slots:
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
