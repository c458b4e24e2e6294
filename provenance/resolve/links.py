"""Checking one URL: guard, request, retries, redirects by hand, and an honest state with evidence.

unknown is never dead: a timeout, a reset, a bot wall (401/403/999, Cloudflare challenges), a
paywall or a 429 that outlasts its retries says nothing about whether the article still exists.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import random
import re
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from provenance.extract.urls import registered_domain, url_key
from provenance.model import LinkState, Resolution
from provenance.resolve.client import Exchange
from provenance.resolve.guard import LookupFailedError, RefusedError
from provenance.resolve.pages import is_challenge, quick_title, read_page, says_not_found
from provenance.resolve.ratelimit import FIRST, FOLLOW_UP
from provenance.resolve.session import Session

REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
UNKNOWN_STATUSES = frozenset({401, 402, 403, 405, 407, 408, 425, 429, 451, 999, 502, 503, 504, *range(520, 531)})
"""Answers that say "not for you, not now" rather than "gone"."""
DEAD_STATUSES_NAMED = {404: "not found", 410: "gone"}
_BINARY = re.compile(r"\.(?:pdf|jpe?g|png|gif|webp|svg|mp[34]|m4a|mov|avi|zip|gz|docx?|xlsx?|pptx?)$", re.I)


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def first_method(mode: str, url: str, want_page: bool) -> str:
    """HEAD only where a body cannot matter: a soft 404 and the page facts need the page itself."""
    if mode == "get" or want_page:
        return "GET"
    if mode == "head":
        return "HEAD"
    return "HEAD" if _BINARY.search(urlsplit(url).path) else "GET"


def retry_after(headers: httpx.Headers) -> float | None:
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _gaierror(error: BaseException) -> socket.gaierror | None:
    seen: BaseException | None = error
    for _ in range(6):
        if seen is None:
            return None
        if isinstance(seen, socket.gaierror):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


@dataclass(frozen=True, slots=True)
class _Failure:
    """No HTTP answer: what went wrong, and whether it proves the host gone."""

    error: str
    state: LinkState = LinkState.UNKNOWN


async def _lookup_failure(session: Session, error: LookupFailedError | socket.gaierror, host: str) -> _Failure:
    if isinstance(error, socket.gaierror):
        error = LookupFailedError(host, error)
    if await session.network_down():
        return _Failure(f"no network: cannot look up {host} ({error})")
    if error.not_found:
        return _Failure(f"no such host: {error}", LinkState.DEAD)
    return _Failure(f"name lookup failed: {error}")


async def _attempt(session: Session, method: str, url: str, first: bool = False) -> Exchange | _Failure:
    """One request with retries (backoff with jitter; Retry-After honoured up to a cap). `first`: the
    URL's very first request, which waits behind the follow-ups of URLs already started."""
    options = session.options
    host = urlsplit(url).hostname or ""
    for attempt in range(options.retries + 1):
        last = attempt == options.retries
        try:
            exchange = await session.request(method, url, priority=FIRST if first and not attempt else FOLLOW_UP)
        except httpx.TimeoutException as error:
            return _Failure(f"timed out ({type(error).__name__}, {options.timeout:g} s)")
        except (httpx.ConnectError, httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError) as error:
            lookup = _gaierror(error)
            if lookup is not None:
                return await _lookup_failure(session, lookup, host)
            if last:
                return _Failure(f"{type(error).__name__}: {error or 'connection failed'}")
            await asyncio.sleep(_backoff(options.backoff, attempt))
            continue
        except (httpx.HTTPError, ValueError, UnicodeError) as error:
            return _Failure(f"{type(error).__name__}: {error}")
        if exchange.status in RETRY_STATUSES and not last:
            wait = retry_after(exchange.headers)
            if wait is not None and wait > options.retry_after_cap:
                return exchange  # asked to come back much later: unknown for now
            await asyncio.sleep(wait if wait is not None else _backoff(options.backoff, attempt))
            continue
        return exchange
    raise AssertionError("unreachable")


def _backoff(base: float, attempt: int) -> float:
    """Exponential backoff with "full jitter" (a random wait up to base x 2^attempt, at least a tenth
    of it): retries of many URLs spread out, and the expected wait is half the cap."""
    return float(base * (2**attempt) * random.uniform(0.1, 1.0))


async def check_url(session: Session, url: str, want_page: bool = False) -> Resolution:
    """Resolve one URL; never raises for anything the network does."""
    try:
        async with asyncio.timeout(session.options.url_deadline):
            return await _follow(session, url, want_page)
    except TimeoutError:
        return Resolution(
            url,
            url_key(url),
            LinkState.UNKNOWN,
            error=f"no answer within the per-URL deadline ({session.options.url_deadline:g} s)",
            evidence="deadline",
            checked_at=now_iso(),
        )


async def _follow(session: Session, url: str, want_page: bool) -> Resolution:
    options = session.options
    key = url_key(url)
    method = first_method(options.method, url, want_page)
    chain: list[tuple[int, str]] = []
    seen = {key}
    current = url.split("#", 1)[0]

    def result(state: LinkState, evidence: str, **extra: object) -> Resolution:
        return Resolution(
            url,
            key,
            state,
            chain=tuple(chain),
            evidence=evidence,
            checked_at=now_iso(),
            **extra,  # type: ignore[arg-type]
        )

    for _ in range(options.max_redirects + 1):
        try:
            await session.guard.check(current)
        except RefusedError as error:
            where = f"redirect to {current}: " if chain else ""
            return result(LinkState.BLOCKED, f"refused by the SSRF guard: {where}{error}", error=str(error))
        except LookupFailedError as error:
            failure = await _lookup_failure(session, error, urlsplit(current).hostname or "")
            return result(failure.state, failure.error, error=failure.error)
        answer = await _attempt(session, method, current, first=not chain)
        if isinstance(answer, Exchange) and method == "HEAD" and answer.status >= 400:
            method = "GET"  # HEAD refused or unreliable: ask again properly
            answer = await _attempt(session, method, current)
        if isinstance(answer, _Failure):
            return result(answer.state, answer.error, error=answer.error)
        location = answer.headers.get("location")
        if answer.status in REDIRECTS and location:
            chain.append((answer.status, current))
            target = urljoin(current, location.strip())
            if url_key(target) in seen:
                return result(LinkState.DEAD, f"redirect loop back to {target}", status=answer.status)
            seen.add(url_key(target))
            current = target
            if answer.status == 303:
                method = "GET"
            continue
        resolution = _classify(url, key, answer, tuple(chain), want_page)
        if not want_page and session.kept is not None and resolution.state in _LIVE and answer.is_html:
            session.keep(key, answer)  # in case a later document gives this URL as its original
        return resolution
    return result(LinkState.DEAD, f"more than {options.max_redirects} redirects", error="too many redirects")


_LIVE = (LinkState.ALIVE, LinkState.MOVED)


def page_facts(answer: Exchange) -> dict[str, object]:
    """Title, date and canonical URL of a fetched HTML page, as Resolution fields."""
    if not answer.is_html or not answer.body:
        return {}
    page = read_page(answer.text(), answer.url)
    return {
        "title": page.title,
        "title_source": page.title_source,
        "page_date": page.date,
        "page_date_source": page.date_source,
        "canonical": page.canonical,
    }


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def _landed_on_ancestor(original: str, final: str) -> bool:
    """A redirect to the home page or a section above the article: the article is gone."""
    a, b = urlsplit(original), urlsplit(final)
    final_path = _segments(b.path)
    if b.query:
        return False
    if not final_path or re.fullmatch(r"(?:index|default|home)\.\w+", "/".join(final_path)):
        return bool(_segments(a.path))
    same_site = (a.hostname or "").lower() == (b.hostname or "").lower()
    original_path = _segments(a.path)
    return same_site and len(final_path) < len(original_path) and original_path[: len(final_path)] == final_path


def _site(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return registered_domain(host) or host


def _classify(url: str, key: str, answer: Exchange, chain: tuple[tuple[int, str], ...], want_page: bool) -> Resolution:
    status = answer.status
    final = answer.url
    reason = httpx.codes.get_reason_phrase(status) or "status"
    via = f" after {len(chain)} redirect{'s' if len(chain) > 1 else ''}" if chain else ""
    title = quick_title(answer.body) if answer.body and answer.is_html else None
    base = {"status": status, "final_url": final, "chain": chain, "checked_at": now_iso()}

    def result(state: LinkState, evidence: str, **extra: object) -> Resolution:
        return Resolution(url, key, state, evidence=evidence, **base, **extra)  # type: ignore[arg-type]

    if 200 <= status < 300:
        if chain and _landed_on_ancestor(url, final):
            return result(LinkState.SOFT_404, f"{chain[0][0]} redirect to {final}, a home or section page")
        if says_not_found(title):
            return result(LinkState.SOFT_404, f"{status} but the page says {title!r}", title=title)
        facts = page_facts(answer) if want_page else {}
        if chain and chain[0][0] in PERMANENT:
            return result(LinkState.MOVED, f"permanent redirect ({chain[0][0]}) to {final}", **facts)
        if chain and _site(final) != _site(url):
            return result(LinkState.MOVED, f"redirect to another site: {final}", **facts)
        return result(LinkState.ALIVE, f"{status} {reason}{via}", **facts)
    if status in DEAD_STATUSES_NAMED:
        return result(LinkState.DEAD, f"{status} {reason}{via}")
    if 300 <= status < 400:
        return result(LinkState.UNKNOWN, f"{status} without a usable Location", error="redirect without Location")
    if status == 403 and (answer.headers.get("cf-mitigated") or is_challenge(title)):
        return result(LinkState.UNKNOWN, f"{status} bot wall (challenge page {title or ''!r})", error="bot wall")
    if status in {401, 402}:
        return result(LinkState.UNKNOWN, f"{status} {reason}: login or paywall", error="login or paywall")
    if status == 429:
        wait = answer.headers.get("retry-after")
        note = f" (Retry-After {wait})" if wait else ""
        return result(LinkState.UNKNOWN, f"429 rate limited after retries{note}", error="rate limited")
    if status in UNKNOWN_STATUSES:
        return result(LinkState.UNKNOWN, f"{status} {reason}: refused, not gone", error=f"{status} {reason}")
    return result(LinkState.DEAD, f"{status} {reason}{via}")
