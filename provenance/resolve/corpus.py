"""Resolution: the only stage that touches the network.

For every URL a corpus cites (links and original URLs, each unique `url_key` once) it finds the
state (alive, dead, moved, soft-404, unknown, blocked) with its evidence, the live page's facts,
and the archive capture closest to the document's date; answers are cached in SQLite.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import httpx

from provenance.extract.urls import url_key
from provenance.model import Document, LinkState, Resolution
from provenance.resolve.archives import ArchiveAnswer
from provenance.resolve.cache import Cache, History, now, open_cache
from provenance.resolve.client import Exchange
from provenance.resolve.guard import Resolver
from provenance.resolve.links import check_url, now_iso, page_facts
from provenance.resolve.memento import find_in_timemap
from provenance.resolve.options import ARCHIVE_TTL_SECONDS, TTL_SECONDS, ResolveOptions
from provenance.resolve.pages import read_page
from provenance.resolve.session import Session
from provenance.resolve.wayback import find_in_wayback, replay_url

_FAILED = (LinkState.DEAD, LinkState.SOFT_404)
_LIVE = (LinkState.ALIVE, LinkState.MOVED)

Progress = Callable[[str, int, int], None]
"""`on_progress(phase, done, total)`, as provenance.audit.OnProgress."""


@dataclass(frozen=True, slots=True)
class Target:
    """One unique URL to resolve: as first written, whether some document gives it as its
    original URL (then its page facts and archive copy matter), and the date to look near."""

    url: str
    key: str
    original: bool = False
    date: dt.date | None = None


def collect_targets(documents: Iterable[Document]) -> dict[str, Target]:
    """Original URLs and http(s) links of all documents, one per `url_key`."""
    collector = TargetCollector()
    for document in documents:
        collector.add(document)
    return collector.targets


class TargetCollector:
    """The targets of a corpus, gathered one document at a time (so nobody need keep the
    documents): a URL first seen as a link becomes an original URL when a later document gives it
    as its own, and keeps the earliest date any document gives it."""

    def __init__(self) -> None:
        self.targets: dict[str, Target] = {}

    def add(self, document: Document) -> list[Target]:
        """Adds the document's URLs; returns the targets seen for the first time, as first seen."""
        date = document.date.value if document.date else None
        new: list[Target] = []
        if document.original_url:
            self._add(document.original_url.url, True, date, new)
        for link in document.links:
            if not link.placeholder:
                self._add(link.url, False, date, new)
        return new

    def _add(self, url: str, original: bool, date: dt.date | None, new: list[Target]) -> None:
        if not url.lower().startswith(("http://", "https://")):
            return
        key = url_key(url)
        known = self.targets.get(key)
        if known is None:
            self.targets[key] = target = Target(url, key, original, date)
            new.append(target)
            return
        if original and not known.original:
            self.targets[key] = Target(known.url, key, True, date or known.date)
        elif date and (known.date is None or (original == known.original and date < known.date)):
            self.targets[key] = replace(known, date=date)


class CorpusResolver:
    """Callable that `audit()` runs between extraction and the rules; keeps the run's notes
    (said once on stderr) and request counts."""

    def __init__(
        self,
        options: ResolveOptions,
        transport: httpx.AsyncBaseTransport | None = None,
        resolver: Resolver | None = None,
    ) -> None:
        self.options = options
        self.transport = transport
        self.resolver = resolver
        self.notes: list[str] = []
        self.requests: Counter[str] = Counter()
        self._progress: Progress | None = None

    reports_progress = True
    """`audit()` passes its `on_progress` to resolvers that say so."""

    def __call__(self, documents: Sequence[Document], on_progress: Progress | None = None) -> dict[str, Resolution]:
        return self.resolve(collect_targets(documents), on_progress)

    def resolve(self, targets: Mapping[str, Target], on_progress: Progress | None = None) -> dict[str, Resolution]:
        """`on_progress("resolve", done, total)` as URLs finish (at most every 0.1 s, and at the end)."""
        self._progress = on_progress
        cache = open_cache(self.options.cache_path, self.options.offline)
        try:
            if self.options.offline:
                return self._from_cache(targets, cache)
            return asyncio.run(self._run(targets, cache))
        finally:
            self._progress = None
            if cache is not None:
                cache.close()

    def _from_cache(self, targets: Mapping[str, Target], cache: Cache | None) -> dict[str, Resolution]:
        if cache is None:
            return {}
        results: dict[str, Resolution] = {}
        moment = now()
        for key, target in targets.items():
            found = cache.check(key, moment, fresh_only=False)
            if found is None:
                continue
            answer = cache.archive(key, _day(target), moment, fresh_only=False)
            results[key] = _with_archive(found, answer) if answer else found
        return results

    def stream(self, on_progress: Progress | None = None) -> ResolveStream:
        """Resolution beside extraction: see ResolveStream."""
        return ResolveStream(self, on_progress)

    async def _run(
        self,
        targets: Mapping[str, Target],
        cache: Cache | None,
        session: Session | None = None,
        started: Mapping[str, Started] | None = None,
        began: float | None = None,
    ) -> dict[str, Resolution]:
        """Finish every target (checks already `started` are awaited, not repeated) within the run's
        deadline, counted from `began` (loop time)."""
        session = session or Session(self.options, self.transport, self.resolver)
        started = started or {}
        loop = asyncio.get_running_loop()
        tasks = {
            key: self._finished_as_started(check, t) or asyncio.ensure_future(self._one(session, cache, t, check))
            for key, t in targets.items()
            for check in [started.get(key)]
        }
        results: dict[str, Resolution] = {}
        if self._progress is not None:
            self._watch(tasks.values())
        try:
            if tasks:
                left = self.options.deadline - (loop.time() - began if began is not None else 0.0)
                await asyncio.wait(tasks.values(), timeout=max(0.0, left))
            for key, task in tasks.items():
                if task.done() and not task.cancelled() and task.exception() is None:
                    results[key] = task.result()
                    continue
                task.cancel()
                error = "run deadline reached" if not task.done() else f"internal error: {task.exception()!r}"
                results[key] = Resolution(
                    targets[key].url, key, LinkState.UNKNOWN, error=error, evidence=error, checked_at=now_iso()
                )
            await asyncio.gather(*tasks.values(), return_exceptions=True)
        finally:
            for _, check in started.values():
                check.cancel()  # a URL that no document kept (cannot happen with one corpus; be tidy)
            await asyncio.gather(*(check for _, check in started.values()), return_exceptions=True)
            await session.aclose()
            self.notes.extend(dict.fromkeys(session.notes))
            self.requests.update(session.requests)
        return results

    def _watch(self, tasks: Collection[asyncio.Future[Resolution]]) -> None:
        """Tell `on_progress` how many URLs are done, as they finish, without flooding it."""
        report, total = self._progress, len(tasks)
        assert report is not None
        loop = asyncio.get_running_loop()
        state = {"done": 0, "said": -1.0}

        def finished(_: asyncio.Future[Resolution]) -> None:
            state["done"] += 1
            moment = loop.time()
            if state["done"] == total or moment - state["said"] >= 0.1:
                state["said"] = moment
                report("resolve", int(state["done"]), total)

        report("resolve", 0, total)
        for task in tasks:
            task.add_done_callback(finished)

    async def _check(self, session: Session, cache: Cache | None, target: Target) -> Resolution:
        """The URL's state (from the cache when fresh), stored; no archive look-up yet."""
        moment = now()
        resolution = cache.check(target.key, moment) if cache else None
        if resolution and resolution.state is LinkState.BLOCKED and self.options.allow_private_hosts:
            resolution = None  # refused under a stricter guard than this run's
        if resolution is None:
            resolution = await check_url(session, target.url, want_page=target.original)
            resolution = await self._confirm(session, cache, resolution, moment)
        return resolution

    def _finished_as_started(self, started: Started | None, target: Target) -> asyncio.Future[Resolution] | None:
        """The check begun during extraction, when it is already all `_one` would do for the target:
        no page facts to add, no archive to ask. Then no second task waits on it (a pending task
        costs 1-2 KiB, and a corpus has tens of thousands of URLs)."""
        if started is None or (target.original and not started[0].original):
            return None
        if self.options.archives and (target.original or self.options.archive_links):
            return None
        return started[1]

    async def _one(
        self, session: Session, cache: Cache | None, target: Target, started: Started | None = None
    ) -> Resolution:
        if started is None:
            resolution = await self._check(session, cache, target)
        else:
            resolution = await started[1]
            facts = resolution.title or resolution.page_date or resolution.canonical
            if target.original and not started[0].original and resolution.state in _LIVE and not facts:
                # first seen as a link, later some document's original URL: its page facts are wanted now,
                # from the page kept by the session, else (evicted, or answered from the cache) fetched
                kept = session.kept_page(target.key)
                if kept is not None:
                    found = replace(resolution, **page_facts(kept))  # type: ignore[arg-type]
                    resolution = await self._confirm(session, cache, found, now())  # stored with its facts
                else:
                    fetched = await check_url(session, target.url, want_page=True)
                    resolution = await self._confirm(session, cache, fetched, now())
        moment = now()
        wanted = target.original or (self.options.archive_links and resolution.state in _FAILED)
        if not self.options.archives or not wanted or resolution.state is LinkState.BLOCKED:
            return resolution
        day = _day(target)
        answer = cache.archive(target.key, day, moment) if cache else None
        needs_facts = target.original and resolution.state in _FAILED
        if answer is None or (needs_facts and answer.snapshot and answer.title is None and answer.page_date is None):
            answer = answer if answer and answer.snapshot else await self._find_snapshot(session, target)
            if needs_facts and answer.snapshot:
                answer = await self._snapshot_facts(session, answer)
            ttl = ARCHIVE_TTL_SECONDS.get(answer.state, TTL_SECONDS["unknown"])
            if cache and not (answer.state == "unknown" and await _offline_machine(session)):
                cache.store_archive(target.key, day, answer, ttl, moment)
        return _with_archive(resolution, answer)

    async def _confirm(
        self, session: Session, cache: Cache | None, resolution: Resolution, moment: float
    ) -> Resolution:
        """Dead only after --confirm-dead failures --confirm-interval apart (IABot's rule); store."""
        options = self.options
        history = cache.history(resolution.key) if cache else History(0, None, None)
        ttl = TTL_SECONDS.get(resolution.state.value, TTL_SECONDS["unknown"])
        if resolution.state is LinkState.DEAD:
            recent = history.last_failure is not None and moment - history.last_failure < options.confirm_interval
            failures = history.failures if history.failures and recent else history.failures + 1
            since = history.failing_since or resolution.checked_at
            history = History(failures, since, moment if not recent else history.last_failure)
            resolution = replace(resolution, failures=failures, failing_since=since)
            if failures < options.confirm_dead:
                resolution = replace(
                    resolution,
                    state=LinkState.UNKNOWN,
                    error=resolution.error or "not yet confirmed dead",
                    evidence=f"{resolution.evidence}; failing since {since} "
                    f"({failures} of {options.confirm_dead} failures needed to call it dead)",
                )
                ttl = min(ttl, options.confirm_interval)
        elif resolution.state in (LinkState.ALIVE, LinkState.MOVED, LinkState.SOFT_404):
            history = History(0, None, None)
        elif history.failures:
            resolution = replace(resolution, failures=history.failures, failing_since=history.failing_since)
        offline_unknown = resolution.state is LinkState.UNKNOWN and await _offline_machine(session)
        if cache and not offline_unknown:
            cache.store_check(resolution, ttl, moment, history)
        return resolution

    async def _find_snapshot(self, session: Session, target: Target) -> ArchiveAnswer:
        """Archives in the order given; the first that has a capture wins."""
        answers: list[ArchiveAnswer] = []
        for archive in self.options.archives:
            if archive == "wayback":
                answer = await find_in_wayback(session, target.key, target.date)
            else:
                answer = await find_in_timemap(session, archive, target.key, target.date)
            if answer.snapshot:
                return answer
            answers.append(answer)
        states = {a.state for a in answers}
        state = "none" if states == {"none"} else "blocked" if states == {"blocked"} else "unknown"
        return ArchiveAnswer(state, "; ".join(a.evidence for a in answers))

    async def _snapshot_facts(self, session: Session, answer: ArchiveAnswer) -> ArchiveAnswer:
        """The live page is gone: read the capture's title and date instead."""
        assert answer.snapshot is not None
        url = replay_url(answer.snapshot, self.options.wayback_url)
        try:
            await session.guard.check(url)
            exchange = await session.request("GET", url)
        except Exception:  # facts of a capture are a bonus, never a failure
            return answer
        if not isinstance(exchange, Exchange) or exchange.status != 200 or not exchange.is_html:
            return answer
        page = read_page(exchange.text(), answer.snapshot.url)
        return replace(
            answer,
            title=page.title,
            title_source=f"snapshot:{page.title_source}" if page.title_source else None,
            page_date=page.date.isoformat() if page.date else None,
            page_date_source=f"snapshot:{page.date_source}" if page.date_source else None,
        )


Started = tuple[Target, "asyncio.Future[Resolution]"]
"""A check begun while extraction still ran: the target as first seen, and its future."""


class ResolveStream:
    """Resolution running beside extraction. `add(document)` (from the extracting thread) hands the
    document's new URLs to an event loop in a background thread, which starts checking them at once;
    `finish()` then completes every URL with what the whole corpus says (original or not,
    the earliest date) -- archive look-ups, page facts -- and returns the resolutions. Extraction is
    CPU-bound Python and the loop mostly waits on sockets, so the two overlap well despite the GIL.
    Offline, nothing runs before `finish`. Use as a context manager, or call `close()` on errors."""

    _BATCH = 32

    def __init__(self, resolver: CorpusResolver, on_progress: Progress | None = None) -> None:
        self._resolver = resolver
        self._progress = on_progress
        self._targets = TargetCollector()
        self._batch: list[Target] = []
        self._result: dict[str, Resolution] | BaseException = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._inbox: asyncio.Queue[list[Target] | Mapping[str, Target] | None] | None = None
        self._thread: threading.Thread | None = None
        if not resolver.options.offline:
            ready = threading.Event()
            self._thread = threading.Thread(target=self._main, args=(ready,), name="provenance-resolve", daemon=True)
            self._thread.start()
            ready.wait()

    def __enter__(self) -> ResolveStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, document: Document) -> None:
        new = self._targets.add(document)
        if self._thread is None:
            return
        self._batch.extend(new)
        if len(self._batch) >= self._BATCH:
            self._send(self._batch)
            self._batch = []

    def finish(self) -> dict[str, Resolution]:
        """The resolutions of every URL of the documents added."""
        targets = self._targets.targets
        if self._thread is None:
            return self._resolver.resolve(targets, self._progress)
        self._send(self._batch)
        self._batch = []
        self._send(targets)
        self._thread.join()
        self._thread = None
        if isinstance(self._result, BaseException):
            raise self._result
        return self._result

    def close(self) -> None:
        """Stop without results (extraction failed); a no-op after `finish`."""
        if self._thread is not None:
            self._send(None)
            self._thread.join()
            self._thread = None

    def _send(self, item: list[Target] | Mapping[str, Target] | None) -> None:
        assert self._loop is not None and self._inbox is not None
        if item != []:
            with contextlib.suppress(RuntimeError):  # the loop has ended: finish() raises what ended it
                self._loop.call_soon_threadsafe(self._inbox.put_nowait, item)

    def _main(self, ready: threading.Event) -> None:
        try:
            asyncio.run(self._serve(ready))
        except BaseException as error:  # handed to the thread that called finish()
            self._result = error
        finally:
            ready.set()

    async def _serve(self, ready: threading.Event) -> None:
        resolver = self._resolver
        loop = asyncio.get_running_loop()
        began = loop.time()
        self._loop, self._inbox = loop, asyncio.Queue()
        ready.set()
        cache = open_cache(resolver.options.cache_path, False)  # SQLite: opened in the thread that uses it
        session = Session(resolver.options, resolver.transport, resolver.resolver)
        session.keep_pages()
        started: dict[str, Started] = {}
        try:
            while True:
                item = await self._inbox.get()
                if item is None:
                    for _, check in started.values():
                        check.cancel()
                    await asyncio.gather(*(c for _, c in started.values()), return_exceptions=True)
                    await session.aclose()
                    return
                if isinstance(item, list):
                    for target in item:
                        check = asyncio.ensure_future(resolver._check(session, cache, target))
                        started[target.key] = (target, check)
                    continue
                resolver._progress = self._progress
                self._result = await resolver._run(item, cache, session, started, began)
                return
        finally:
            resolver._progress = None
            if cache is not None:
                cache.close()


async def _offline_machine(session: Session) -> bool:
    """Whether the network probe has already concluded the machine is offline (never probes)."""
    return session._down is not None and session._down.done() and session._down.result()


def _day(target: Target) -> str:
    return target.date.isoformat() if target.date else "-"


def _with_archive(resolution: Resolution, answer: ArchiveAnswer) -> Resolution:
    extra: dict[str, object] = {}
    if resolution.title is None and answer.title:
        extra.update(title=answer.title, title_source=answer.title_source)
    if resolution.page_date is None and answer.page_date:
        extra.update(page_date=dt.date.fromisoformat(answer.page_date), page_date_source=answer.page_date_source)
    return dataclasses.replace(
        resolution,
        snapshot=answer.snapshot,
        archive_state=answer.state,
        archive_evidence=answer.evidence,
        **extra,  # type: ignore[arg-type]
    )


def resolve_corpus(
    documents: Sequence[Document],
    options: ResolveOptions,
    transport: httpx.AsyncBaseTransport | None = None,
    resolver: Resolver | None = None,
) -> dict[str, Resolution]:
    """Resolve every URL the documents cite; keyed by `url_key`."""
    return CorpusResolver(options, transport, resolver)(documents)
