"""Politeness: a per-host limit with a minimum spacing between requests, and a token bucket for
archive APIs (the Internet Archive allows about 30 CDX/TimeMap requests a minute and blocks
clients that ignore its 429s), which also pauses hard after a 429.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

FIRST = 1
"""Priority of a URL's first request."""
FOLLOW_UP = 0
"""Priority of the requests that finish a URL already started (redirect hops, retries, archive look-ups):
they go before new URLs, so a started check ends soon instead of queueing behind the whole corpus."""


class Slots:
    """A semaphore whose waiters are served by priority (lower first), in arrival order within one;
    a released slot is handed straight to the next waiter."""

    def __init__(self, value: int) -> None:
        self._free = max(1, value)
        self._waiters: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    async def acquire(self, priority: int = FIRST) -> None:
        if self._free > 0 and not self._waiters:
            self._free -= 1
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiters, (priority, next(self._order), future))
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self.release()  # handed a slot, then cancelled: pass it on
            raise

    def release(self) -> None:
        while self._waiters:
            future = heapq.heappop(self._waiters)[2]
            if not future.done():
                future.set_result(None)
                return
        self._free += 1

    @asynccontextmanager
    async def slot(self, priority: int = FIRST) -> AsyncIterator[None]:
        await self.acquire(priority)
        try:
            yield
        finally:
            self.release()


class HostLimiter:
    """At most `per_host` requests in flight to one host, started at least `interval` seconds apart."""

    def __init__(self, per_host: int, interval: float) -> None:
        self.per_host = max(1, per_host)
        self.interval = max(0.0, interval)
        self._slots: dict[str, Slots] = {}
        self._next: dict[str, float] = {}

    @asynccontextmanager
    async def slot(self, host: str, priority: int = FIRST) -> AsyncIterator[None]:
        slots = self._slots.get(host)
        if slots is None:
            slots = self._slots[host] = Slots(self.per_host)
        async with slots.slot(priority):
            if self.interval:
                loop = asyncio.get_running_loop()
                now = loop.time()
                start = max(now, self._next.get(host, 0.0))
                self._next[host] = start + self.interval
                if start > now:
                    await asyncio.sleep(start - now)
            yield


class TokenBucket:
    """`rate` tokens a minute, up to `burst` saved; `pause()` after a 429 stops everyone for a while."""

    def __init__(self, per_minute: float, burst: int = 3, backoff: float = 60.0) -> None:
        self.per_second = per_minute / 60.0
        self.burst = max(1, burst)
        self.backoff = backoff
        self._strikes = 0
        self._tokens = float(self.burst)
        self._stamp: float | None = None
        self._paused_until = 0.0
        self._lock = asyncio.Lock()

    async def take(self) -> None:
        async with self._lock:  # FIFO: waiters are served in order
            loop = asyncio.get_running_loop()
            while True:
                now = loop.time()
                if self.per_second <= 0:  # unlimited, but a 429 pause still holds
                    if self._paused_until <= now:
                        return
                    await asyncio.sleep(self._paused_until - now)
                    continue
                if self._stamp is None:
                    self._stamp = now
                self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.per_second)
                self._stamp = now
                wait = max(self._paused_until - now, (1.0 - self._tokens) / self.per_second)
                if wait <= 0:
                    self._tokens -= 1.0
                    return
                await asyncio.sleep(wait)

    def pause(self) -> float:
        """Called on the archive's 429: wait `backoff` seconds, doubled for each further 429."""
        loop = asyncio.get_running_loop()
        delay = float(self.backoff * (2**self._strikes))
        self._strikes += 1
        self._paused_until = max(self._paused_until, loop.time() + delay)
        self._tokens = 0.0
        return delay

    @property
    def paused_until(self) -> float:
        return self._paused_until
