"""Politeness: a per-host limit with a minimum spacing between requests, and a token bucket for
archive APIs (the Internet Archive allows about 30 CDX/TimeMap requests a minute and blocks
clients that ignore its 429s), which also pauses hard after a 429.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class HostLimiter:
    """At most `per_host` requests in flight to one host, started at least `interval` seconds apart."""

    def __init__(self, per_host: int, interval: float) -> None:
        self.per_host = max(1, per_host)
        self.interval = max(0.0, interval)
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._next: dict[str, float] = {}

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        semaphore = self._slots.get(host)
        if semaphore is None:
            semaphore = self._slots[host] = asyncio.Semaphore(self.per_host)
        async with semaphore:
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
