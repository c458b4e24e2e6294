"""What every archive lookup shares: the answer type, choosing the capture closest to a date,
and the one polite way to ask an archive (its host's token bucket, a hard pause on its 429).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import httpx

from provenance.model import Snapshot
from provenance.resolve.client import Exchange
from provenance.resolve.guard import LookupFailedError, RefusedError
from provenance.resolve.session import Session


@dataclass(frozen=True, slots=True)
class ArchiveAnswer:
    state: str
    """`found`, `none` (the archive says it has no 200 capture), `unknown` or `blocked`."""
    evidence: str
    snapshot: Snapshot | None = None
    title: str | None = None
    """The snapshot's own title and date, read when the live page is gone."""
    title_source: str | None = None
    page_date: str | None = None
    page_date_source: str | None = None


def valid_timestamp(value: str) -> bool:
    if len(value) != 14 or not value.isdigit():
        return False
    try:
        dt.datetime.strptime(value, "%Y%m%d%H%M%S")
    except ValueError:
        return False
    return True


def pick_closest(timestamps: Iterable[str], date: dt.date | None) -> str | None:
    """The last capture on or before the document's day, else the first after; the first without a date."""
    ordered = sorted({t for t in timestamps if valid_timestamp(t)})
    if not ordered:
        return None
    if date is None:
        return ordered[0]
    end = f"{date:%Y%m%d}235959"
    before = [t for t in ordered if t <= end]
    return before[-1] if before else ordered[0]


async def archive_get(session: Session, url: str, read_body: bool = True) -> Exchange | str:
    """GET an archive API URL through the host's token bucket; a 429 pauses the host hard.
    Returns the exchange or a one-line error."""
    try:
        # the guard (and its name lookup) first: a request that cannot be sent takes no token, so on
        # a machine without network thousands of archive look-ups do not queue at the archive's rate
        await session.guard.check(url)
    except RefusedError as error:
        return f"archive refused by the SSRF guard: {error}"
    except LookupFailedError as error:
        return f"cannot look up the archive host: {error}"
    bucket = session.bucket(url)
    await bucket.take()
    try:
        exchange = await session.request("GET", url, read_body=read_body)
    except (httpx.HTTPError, ValueError) as error:
        return f"{type(error).__name__}: {error or 'request failed'}"
    if exchange.status == 429:
        delay = bucket.pause()
        session.notes.append(f"archive {httpx.URL(url).host} answered 429: pausing its requests for {delay:g} s")
    return exchange
