"""Every knob of resolution in one frozen value, so the CLI, the config and tests build one thing.

Defaults suit the real web (lychee's 10 per host and 50 ms between requests to a host) and
the Internet Archive's published limit of about 30 CDX/TimeMap requests a minute.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from provenance import __version__
from provenance.cachepath import default_cache_path

__all__ = ["ResolveOptions", "default_cache_path", "default_user_agent"]

DEFAULT_WAYBACK = "https://web.archive.org"
DEFAULT_AVAILABILITY = "https://archive.org/wayback/available"

TIMEMAPS: dict[str, str] = {
    "archive.today": "https://archive.ph/timemap/",
    "arquivo.pt": "https://arquivo.pt/wayback/timemap/link/",
    "perma.cc": "https://perma.cc/timemap/link/",
    "archive-it": "https://wayback.archive-it.org/all/timemap/link/",
    "ukwa": "https://www.webarchive.org.uk/wayback/archive/timemap/link/",
}
"""Memento TimeMap bases of archives other than the Wayback Machine (oduwsdl/MemGator's list)."""

TTL_SECONDS: dict[str, float] = {
    "alive": 7 * 86400,
    "moved": 7 * 86400,
    "dead": 86400,
    "soft-404": 86400,
    "unknown": 3600,
}
"""How long a cached answer stands, by state: failures are re-checked sooner."""

ARCHIVE_TTL_SECONDS: dict[str, float] = {"found": 30 * 86400, "none": 7 * 86400, "blocked": 7 * 86400}


def default_user_agent() -> str:
    return f"provenance/{__version__} (+https://pypi.org/project/provenance/; link and archive checker)"


@dataclass(frozen=True, slots=True)
class ResolveOptions:
    concurrency: int = 64
    per_host: int = 10
    host_interval: float = 0.05
    """Seconds between two requests to one host."""
    timeout: float = 10.0
    """Connect and read timeout of one request, seconds."""
    url_deadline: float = 45.0
    """All attempts for one URL (retries and redirects included), seconds."""
    deadline: float = 600.0
    """The whole run, seconds; URLs still open then are unknown."""
    retries: int = 2
    backoff: float = 0.5
    retry_after_cap: float = 10.0
    """A Retry-After longer than this is not waited for: the URL stays unknown."""
    max_redirects: int = 10
    body_cap: int = 1 << 20
    method: str = "auto"
    """`auto`: GET pages (only a body tells a soft 404), HEAD other resources; `head`: HEAD first; `get`."""
    user_agent: str = field(default_factory=default_user_agent)
    allow_private_hosts: bool = False
    allow_hosts: tuple[str, ...] = ()
    """`host`, `host:port` or `*.suffix` admitted past the SSRF guard."""
    proxy: str | None = None
    """`http://host:port` of an HTTP proxy that every request goes through (CONNECT for https)."""
    wayback_url: str = DEFAULT_WAYBACK
    archives: tuple[str, ...] = ("wayback",)
    """`wayback`, names in TIMEMAPS, or TimeMap base URLs; empty: no archive lookups."""
    archive_rate: float = 30.0
    """Requests a minute to one archive host (CDX and TimeMaps share it); 0: unlimited."""
    archive_backoff: float = 60.0
    """Pause of an archive host after its 429, doubled on each further one."""
    archive_links: bool = True
    """Also look up snapshots of dead links (originals are always looked up)."""
    cache_path: Path | None = None
    offline: bool = False
    confirm_dead: int = 1
    confirm_interval: float = 0.0
    """Seconds that must separate two failures before they count as two."""
    canaries: tuple[str, ...] = ("example.com", "web.archive.org")
    """Names looked up when a lookup fails, to tell a dead domain from a machine without network."""

    @property
    def proxy_address(self) -> tuple[str, int] | None:
        """(host, port) of `proxy`; ValueError when it is not an `http://host[:port]` URL."""
        return parse_proxy(self.proxy) if self.proxy else None

    @property
    def availability_url(self) -> str:
        if self.wayback_url.rstrip("/") == DEFAULT_WAYBACK:
            return DEFAULT_AVAILABILITY
        return f"{self.wayback_url.rstrip('/')}/wayback/available"


def parse_proxy(url: str) -> tuple[str, int]:
    """`http://host[:port]` -> (host, port); anything else (https proxies, paths, credentials) is refused."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() != "http" or not parts.hostname or parts.username or parts.path not in ("", "/"):
        raise ValueError(f"the proxy must be given as http://host[:port], got {url!r}")
    try:
        port = parts.port or 80
    except ValueError as error:
        raise ValueError(f"the proxy's port is not valid in {url!r}: {error}") from None
    return parts.hostname, port
