"""Resolver units: archive answers replayed from cassettes (pytest-httpx, strict: an unexpected or
unused response fails the test), the SSRF guard with a mocked resolver, no-network detection,
token bucket, retries and dead-link confirmation."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import socket
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from provenance.model import LinkState
from provenance.resolve import CorpusResolver, ResolveOptions, Target
from provenance.resolve.archives import pick_closest
from provenance.resolve.guard import Guard, LookupFailedError, RefusedError, address_problem
from provenance.resolve.links import check_url, retry_after
from provenance.resolve.memento import find_in_timemap, mementos
from provenance.resolve.ratelimit import TokenBucket
from provenance.resolve.session import Session
from provenance.resolve.wayback import find_in_wayback

from .conftest import ROOT

T = TypeVar("T")
PUBLIC = {
    "web.archive.org": "207.241.237.3",
    "archive.org": "207.241.224.2",
    "archive.ph": "51.38.113.224",
    "archive.is": "51.38.113.224",
}
HOSTS = {
    **PUBLIC,
    "news.example": "93.184.216.34",
    "metadata.example": "169.254.169.254",
    "intranet.example": "10.0.0.5",
}


async def fake_resolver(host: str, port: int) -> list[str]:
    """A DNS that knows a few names; every other name does not exist."""
    if host in HOSTS:
        return [HOSTS[host]]
    if host == "example.com":
        return ["93.184.216.34"]
    raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")


async def offline_resolver(host: str, port: int) -> list[str]:
    raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")


def replay(httpx_mock: Any, request: pytest.FixtureRequest) -> dict[str, Any]:
    """Register the test's cassette (cassettes/<test name>.json) with pytest-httpx, which replays it
    through httpx's own transport (passed to the resolver in place of the default StreamTransport)."""
    cassette = json.loads((ROOT / "cassettes" / f"{request.node.name}.json").read_text(encoding="utf-8"))
    for exchange in cassette["interactions"]:
        sent, answer = exchange["request"], exchange["response"]
        httpx_mock.add_response(
            method=sent["method"],
            url=sent["url"],
            status_code=answer["status"],
            headers=answer.get("headers", {}),
            text=answer.get("body", ""),
        )
    return cassette


def run(make: Callable[[Session], Awaitable[T]], **settings: Any) -> T:
    async def go() -> T:
        options = ResolveOptions(archive_rate=0, archive_backoff=0.01, **settings)
        session = Session(options, transport=httpx.AsyncHTTPTransport(), resolver=fake_resolver)
        try:
            return await make(session)
        finally:
            await session.aclose()

    return asyncio.run(go())


def test_cdx_duplicates_and_dash_fields(httpx_mock, request):
    replay(httpx_mock, request)
    answer = run(lambda s: find_in_wayback(s, "http://www.nasa.gov/", dt.date(1997, 1, 20)))
    assert answer.state == "found"
    assert answer.snapshot is not None
    # the revisit ('-' status), the impossible month-00 timestamp and the later capture are skipped
    assert answer.snapshot.timestamp == "19961231235847"
    assert answer.snapshot.url == "https://web.archive.org/web/19961231235847/http://www.nasa.gov:80/"
    assert "2 capture(s)" in answer.evidence  # the three identical lines count once


def test_cdx_json_with_header_and_revisit(httpx_mock, request):
    replay(httpx_mock, request)
    answer = run(lambda s: find_in_wayback(s, "https://kisslinux.org/", dt.date(2024, 2, 1)))
    assert answer.snapshot is not None and answer.snapshot.timestamp == "20240201120000"


def test_empty_availability_answer_is_unknown(httpx_mock, request):
    replay(httpx_mock, request)
    url = "http://address.com/some_disappeared_but_archived_image.jpg"
    answer = run(lambda s: find_in_wayback(s, url, dt.date(1994, 2, 15)))
    assert answer.state == "unknown" and answer.snapshot is None
    assert "does not prove absence" in answer.evidence


def test_availability_second_opinion_finds_a_capture(httpx_mock, request):
    replay(httpx_mock, request)
    answer = run(lambda s: find_in_wayback(s, "https://www.latimes.com/", dt.date(2020, 1, 19)))
    assert answer.state == "found" and answer.snapshot is not None
    assert answer.snapshot.source == "availability"
    assert answer.snapshot.url == "https://web.archive.org/web/20200119032503/https://www.latimes.com/"
    assert "CDX answered 429" in answer.evidence


def test_replay_redirect_second_opinion(httpx_mock, request):
    replay(httpx_mock, request)  # CDX 429, availability empty, then /web/<day>/<url> redirects to a capture
    answer = run(lambda s: find_in_wayback(s, "https://www.fws.gov/birds/", dt.date(2017, 11, 24)))
    assert answer.state == "found" and answer.snapshot is not None
    assert answer.snapshot.source == "replay" and answer.snapshot.timestamp == "20171124151315"
    assert answer.snapshot.url == "https://web.archive.org/web/20171124151315/https://www.fws.gov/birds/"
    assert "does not prove absence" in answer.evidence and "replay redirect" in answer.evidence


def test_cdx_date_window_falls_back_to_the_first_capture_after(httpx_mock):
    base = (
        "https://web.archive.org/cdx/search/cdx?url=https%3A%2F%2Fnews.example%2Fa&output=json&filter=statuscode%3A200"
    )
    header = '["urlkey","timestamp","original","mimetype","statuscode","digest","length"]'
    row = '["example,news)/a","{}","https://news.example/a","text/html","200","X","1"]'
    httpx_mock.add_response(url=f"{base}&to=20200301235959&limit=-5&fastLatest=true", text="[]")
    rows = ",".join(row.format(t) for t in ("20200305000000", "20200306000000"))
    httpx_mock.add_response(url=f"{base}&from=20200301&limit=5", text=f"[{header},{rows}]")
    answer = run(lambda s: find_in_wayback(s, "https://news.example/a", dt.date(2020, 3, 1)))
    assert answer.snapshot is not None and answer.snapshot.timestamp == "20200305000000"
    assert "after the date" in answer.evidence


def test_cdx_date_window_asks_once_when_a_capture_precedes_the_date(httpx_mock):
    base = (
        "https://web.archive.org/cdx/search/cdx?url=https%3A%2F%2Fnews.example%2Fb&output=json&filter=statuscode%3A200"
    )
    header = '["urlkey","timestamp","original","mimetype","statuscode","digest","length"]'
    rows = ",".join(
        f'["example,news)/b","{t}","https://news.example/b","text/html","200","X","1"]'
        for t in ("20190101000000", "20200229120000")
    )
    httpx_mock.add_response(url=f"{base}&to=20200301235959&limit=-5&fastLatest=true", text=f"[{header},{rows}]")
    answer = run(lambda s: find_in_wayback(s, "https://news.example/b", dt.date(2020, 3, 1)))
    assert answer.snapshot is not None and answer.snapshot.timestamp == "20200229120000"
    assert len(httpx_mock.get_requests()) == 1


def test_blocked_site_403(httpx_mock, request):
    replay(httpx_mock, request)
    answer = run(lambda s: find_in_wayback(s, "https://nationalpost.com/health", None))
    assert answer.state == "blocked"
    assert "AdministrativeAccessControlException" in answer.evidence


def test_cdx_empty_confirms_none(httpx_mock, request):
    replay(httpx_mock, request)
    url = "https://www.example-gazette.com/2025/03/14/never-archived"
    answer = run(lambda s: find_in_wayback(s, url, dt.date(2025, 3, 14)))
    assert answer.state == "none"


def test_timemap_link_format(httpx_mock, request):
    replay(httpx_mock, request)
    url = "https://www.wired.com/story/pig-butchering-fbi-ic3-2022-report/"
    answer = run(lambda s: find_in_timemap(s, "archive.today", url, dt.date(2023, 3, 10)))
    assert answer.snapshot is not None
    assert answer.snapshot.timestamp == "20230310020348"  # the last capture on or before the day's end
    assert answer.snapshot.url.startswith("http://archive.md/20230310020348/")


def test_archive_today_mirror_after_a_429(httpx_mock):
    recorded = json.loads((ROOT / "cassettes" / "test_timemap_link_format.json").read_text(encoding="utf-8"))
    timemap = recorded["interactions"][0]["response"]
    url = "https://www.wired.com/story/pig-butchering-fbi-ic3-2022-report/"
    httpx_mock.add_response(url=f"https://archive.ph/timemap/{url}", status_code=429, headers={"Retry-After": "60"})
    httpx_mock.add_response(url=f"https://archive.is/timemap/{url}", headers=timemap["headers"], text=timemap["body"])
    answer = run(lambda s: find_in_timemap(s, "archive.today", url, dt.date(2023, 3, 10)))
    assert answer.snapshot is not None and answer.snapshot.timestamp == "20230310020348"
    assert "archive.ph/timemap/ answered 429" in answer.evidence and answer.snapshot.archive == "archive.today"


def test_redirect_to_metadata_address_is_blocked(httpx_mock, request):
    replay(httpx_mock, request)  # strict: a request to the metadata host would have no response and fail
    result = run(lambda s: check_url(s, "https://news.example/2025/03/14/story"))
    assert result.state is LinkState.BLOCKED
    assert "169.254.169.254" in result.evidence
    assert result.chain == ((302, "https://news.example/2025/03/14/story"),)


def test_rfc_7089_timemap_over_several_lines():
    text = """<http://a.example.org>;rel="original",
<http://arxiv.example.net/timemap/http://a.example.org>
  ; rel="self";type="application/link-format"
  ; from="Tue, 20 Jun 2000 18:02:59 GMT",
<http://arxiv.example.net/web/20091027204954/http://a.example.org>
   ; rel="last memento";datetime="Tue, 27 Oct 2009 20:49:54 GMT"
   ; license="http://creativecommons.org/publicdomain/zero/1.0/",
<http://arxiv.example.net/web/20000620180259/http://a.example.org>
  ; rel="first memento";datetime="Tue, 20 Jun 2000 18:02:59 GMT",
<http://arxiv.example.net/web/20000621011731/http://a.example.org>
  ; rel="memento";datetime="Wed, 21 Jun 2000 01:17:31 GMT",
"""
    found = mementos(text)
    assert sorted(found) == ["20000620180259", "20000621011731", "20091027204954"]
    assert pick_closest(found, dt.date(2000, 6, 20)) == "20000620180259"
    assert pick_closest(found, dt.date(1999, 1, 1)) == "20000620180259"  # none before: the first after
    assert pick_closest(found, None) == "20000620180259"
    assert pick_closest(found, dt.date(2010, 1, 1)) == "20091027204954"


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("169.254.169.254", "link-local"),
        ("10.1.2.3", "private"),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:169.254.169.254", "link-local"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("0.0.0.0", "unspecified"),
        ("100.64.0.1", "not globally routable"),
        ("93.184.216.34", None),
    ],
)
def test_address_problems(address, problem):
    found = address_problem(address)
    assert (found is None) if problem is None else (problem in (found or ""))


def test_guard_checks_scheme_and_resolved_addresses():
    async def go() -> None:
        guard = Guard(resolver=fake_resolver)
        await guard.check("https://news.example/a")
        for url in (
            "http://intranet.example/",
            "http://metadata.example/",
            "http://169.254.169.254/",
            "file:///etc/passwd",
        ):
            with pytest.raises(RefusedError):
                await guard.check(url)
        with pytest.raises(LookupFailedError):
            await guard.check("https://no-such-host.example/")
        admitted = Guard(allow_hosts=["127.0.0.1:8080"], resolver=fake_resolver)
        await admitted.check("http://127.0.0.1:8080/x")
        with pytest.raises(RefusedError):
            await admitted.check("http://127.0.0.1:9090/x")
        await Guard(allow_private=True, resolver=fake_resolver).check("http://10.0.0.1/")

    asyncio.run(go())


def test_a_vanished_domain_is_dead_when_the_network_works():
    result = run(lambda s: check_url(s, "https://no-such-host.example/story"))
    assert result.state is LinkState.DEAD
    assert "no such host" in result.evidence


def test_without_network_lookups_stay_unknown_and_it_is_said_once():
    resolver = CorpusResolver(ResolveOptions(archive_rate=0), resolver=offline_resolver)
    targets = {
        f"https://site{i}.example/a": Target(f"https://site{i}.example/a", f"https://site{i}.example/a", original=True)
        for i in range(3)
    }
    found = resolver.resolve(targets)
    assert {r.state for r in found.values()} == {LinkState.UNKNOWN}
    assert all("no network" in r.evidence for r in found.values())
    assert len([n for n in resolver.notes if n.startswith("no network")]) == 1
    assert sum(resolver.requests.values()) == 0


def test_without_network_archive_lookups_do_not_wait_for_the_archive_rate():
    """Thirty originals at the default 30 archive requests a minute would queue for a minute if a
    look-up that cannot be sent took a token; it takes none."""
    resolver = CorpusResolver(ResolveOptions(), resolver=offline_resolver)
    targets = {f"https://s{i}.example/a": Target(f"https://s{i}.example/a", f"s{i}", original=True) for i in range(30)}
    started = time.monotonic()
    found = resolver.resolve(targets)
    assert time.monotonic() - started < 5
    assert {r.state for r in found.values()} == {LinkState.UNKNOWN}
    assert all("cannot look up the archive host" in r.archive_evidence for r in found.values())


def test_a_host_is_looked_up_once_however_many_of_its_urls_start_together():
    calls: list[str] = []

    async def slow_resolver(host: str, port: int) -> list[str]:
        calls.append(host)
        await asyncio.sleep(0.2)  # a name whose lookup runs into a DNS timeout
        return await fake_resolver(host, port)

    async def go() -> list[BaseException | None]:
        guard = Guard(resolver=slow_resolver)
        urls = [f"https://{host}/{n}" for n in range(100) for host in ("news.example", "gone.example")]
        outcomes = await asyncio.gather(*(guard.check(url) for url in urls), return_exceptions=True)
        assert guard.lookups == 2 and guard.failed_lookups == 1
        return outcomes

    started = time.monotonic()
    outcomes = asyncio.run(go())
    assert time.monotonic() - started < 2
    assert sorted(calls) == ["gone.example", "news.example"]
    assert outcomes[0::2] == [None] * 100
    assert all(isinstance(o, LookupFailedError) for o in outcomes[1::2])


def test_retry_after_forms():
    assert retry_after(httpx.Headers({"Retry-After": "7"})) == 7
    assert retry_after(httpx.Headers({})) is None
    later = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 30))
    assert 25 <= (retry_after(httpx.Headers({"Retry-After": later})) or 0) <= 31


def test_token_bucket_spaces_requests_and_pauses_on_429():
    async def go() -> tuple[float, float]:
        bucket = TokenBucket(per_minute=1200, burst=1, backoff=0.2)  # 20 a second
        loop = asyncio.get_running_loop()
        start = loop.time()
        for _ in range(5):
            await bucket.take()
        spaced = loop.time() - start
        bucket.pause()
        start = loop.time()
        await bucket.take()
        return spaced, loop.time() - start

    spaced, paused = asyncio.run(go())
    assert spaced >= 0.18
    assert paused >= 0.18


def test_dead_is_confirmed_only_after_n_failures(httpx_mock, tmp_path: Path):
    for _ in range(2):
        httpx_mock.add_response(method="GET", url="https://news.example/gone", status_code=404)
    options = ResolveOptions(archives=(), cache_path=tmp_path / "c.sqlite", confirm_dead=2)
    target = {"https://news.example/gone": Target("https://news.example/gone", "https://news.example/gone")}
    first = CorpusResolver(options, httpx.AsyncHTTPTransport(), fake_resolver).resolve(target)[
        "https://news.example/gone"
    ]
    assert first.state is LinkState.UNKNOWN and first.failures == 1
    assert "failing since" in first.evidence
    second = CorpusResolver(options, httpx.AsyncHTTPTransport(), fake_resolver).resolve(target)[
        "https://news.example/gone"
    ]
    assert second.state is LinkState.DEAD and second.failures == 2
    assert second.failing_since == first.failing_since


def test_cookies_are_never_kept(httpx_mock):
    httpx_mock.add_response(
        url="https://news.example/a", headers={"Set-Cookie": "session=1; Path=/"}, text="<title>A</title>"
    )
    httpx_mock.add_response(url="https://news.example/b", text="<title>B</title>")

    async def go(session: Session) -> None:
        await check_url(session, "https://news.example/a")
        await check_url(session, "https://news.example/b")

    run(go)
    assert "cookie" not in httpx_mock.get_requests()[1].headers
    assert httpx_mock.get_requests()[0].headers["user-agent"].startswith("provenance/")


class _Counted(httpx.AsyncByteStream):
    """A response body handed out in 64 KiB pieces, counting what the client pulled."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pulled = data, 0

    async def __aiter__(self) -> Any:
        for start in range(0, len(self.data), 65536):
            self.pulled += len(self.data[start : start + 65536])
            yield self.data[start : start + 65536]


def _send_through(stream: _Counted, headers: dict[str, str], cap: int) -> Any:
    from provenance.resolve.client import make_client, send

    async def go() -> Any:
        def answer(request: httpx.Request) -> httpx.Response:
            return httpx.Response(200, headers=headers, stream=stream)

        client = make_client(ResolveOptions(), httpx.MockTransport(answer))
        try:
            return await send(client, "GET", "https://news.example/page", cap)
        finally:
            await client.aclose()

    return asyncio.run(go())


def test_body_cap_counts_bytes_on_the_wire_before_decompression():
    import gzip

    plain = _Counted(b"x" * (3 << 20))
    exchange = _send_through(plain, {"content-type": "text/html"}, 1 << 20)
    assert exchange.truncated and len(exchange.body) == 1 << 20 and plain.pulled <= (1 << 20) + 65536
    bomb = _Counted(gzip.compress(b"<title>a</title>" + b" " * (8 << 20)))  # ~8 KiB that inflate to 8 MiB
    exchange = _send_through(bomb, {"content-type": "text/html", "content-encoding": "gzip"}, 1 << 20)
    assert exchange.truncated and len(exchange.body) == 1 << 20 and exchange.body.startswith(b"<title>a</title>")
    small = _Counted(gzip.compress(b"<title>Story</title>"))
    exchange = _send_through(small, {"content-type": "text/html", "content-encoding": "gzip"}, 1 << 20)
    assert exchange.body == b"<title>Story</title>" and not exchange.truncated


def test_resolve_phase_reports_progress():
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "text/html"}, text="<title>Story</title>")

    seen: list[tuple[str, int, int]] = []
    options = ResolveOptions(archives=(), allow_private_hosts=True)
    targets = {f"k{i}": Target(f"https://news.example/{i}", f"k{i}") for i in range(5)}
    found = CorpusResolver(options, transport=httpx.MockTransport(answer)).resolve(
        targets, on_progress=lambda *step: seen.append(step)
    )
    assert len(found) == 5 and all(r.state is LinkState.ALIVE for r in found.values())
    assert seen[0] == ("resolve", 0, 5) and seen[-1] == ("resolve", 5, 5)
    assert all(phase == "resolve" and total == 5 for phase, _, total in seen)


def test_follow_ups_go_before_new_urls():
    from provenance.resolve.ratelimit import FIRST, FOLLOW_UP, Slots

    async def go() -> list[str]:
        slots, order = Slots(1), []
        await slots.acquire()

        async def wait(name: str, priority: int) -> None:
            async with slots.slot(priority):
                order.append(name)

        waiting = [asyncio.ensure_future(wait(n, p)) for n, p in (("new1", FIRST), ("new2", FIRST), ("hop", FOLLOW_UP))]
        cancelled = asyncio.ensure_future(wait("cancelled", FOLLOW_UP))
        await asyncio.sleep(0)
        cancelled.cancel()
        slots.release()
        await asyncio.gather(*waiting)
        return order

    assert asyncio.run(go()) == ["hop", "new1", "new2"]


def test_stream_checks_during_extraction_and_upgrades_without_a_second_request():
    from provenance.extract import extract_text

    hits: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        hits.append(str(request.url))
        page = "<html><head><title>Story</title><meta property='article:published_time' content='2025-03-14'>"
        return httpx.Response(200, headers={"content-type": "text/html"}, text=page + "</head></html>")

    first = extract_text("# A\n\nMarch 14, 2025\n\nSee [story](https://news.example/story).\n", "a.md")
    second = extract_text("# Story\n\nMarch 14, 2025\n\nText.\n\nOriginal url: https://news.example/story\n", "b.md")
    resolver = CorpusResolver(ResolveOptions(archives=(), allow_private_hosts=True), httpx.MockTransport(answer))
    with resolver.stream() as stream:
        stream.add(first)  # the link's check starts here, before the second document exists
        stream.add(second)  # ... which makes it an original URL: page facts wanted
        found = stream.finish()
    assert hits == ["https://news.example/story"]
    resolution = next(iter(found.values()))
    assert resolution.state is LinkState.ALIVE and resolution.title == "Story"
    assert resolution.page_date == dt.date(2025, 3, 14)


def test_stream_close_stops_its_thread():
    import threading

    from provenance.extract import extract_text

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<title>x</title>")

    resolver = CorpusResolver(ResolveOptions(archives=(), allow_private_hosts=True), httpx.MockTransport(answer))
    stream = resolver.stream()
    stream.add(extract_text("# A\n\n[x](https://news.example/x)\n", "a.md"))
    stream.close()
    assert not [t for t in threading.enumerate() if t.name == "provenance-resolve"]
