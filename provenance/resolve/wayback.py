"""The Wayback Machine: CDX first (it lists every capture with its status), the availability API and the
`/web/<timestamp>/<url>` replay redirect only as second opinions, because their empty answers also mean
"not accessible right now".
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from collections.abc import Iterator
from urllib.parse import urlencode, urljoin

from provenance.model import Snapshot
from provenance.resolve.archives import ArchiveAnswer, archive_get, pick_closest, valid_timestamp
from provenance.resolve.client import Exchange
from provenance.resolve.session import Session

CDX_FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")
"""The CDX server's default columns, used when an answer has no header row."""


def cdx_rows(text: str) -> Iterator[dict[str, str]]:
    """Rows of a CDX answer (JSON with a header row, or space-separated lines), duplicates and
    the resume-key tail skipped."""
    text = text.strip()
    if not text:
        return
    rows: list[list[str]]
    if text.startswith("["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            return
        rows = [[str(cell) for cell in row] for row in data if isinstance(row, list)]
        header = rows.pop(0) if rows and "timestamp" in rows[0] else list(CDX_FIELDS)
    else:
        rows = [line.split() for line in text.splitlines()]
        header = list(CDX_FIELDS)
    previous: list[str] | None = None
    for row in rows:
        if len(row) < len(header) or row == previous:  # blank separator, resume key, adjacent duplicate
            continue
        previous = row
        yield dict(zip(header, row, strict=False))


def usable_captures(text: str) -> dict[str, str]:
    """timestamp -> captured URL, for captures that were HTTP 200 (revisits and `-` fields skipped)."""
    found: dict[str, str] = {}
    for row in cdx_rows(text):
        if row.get("statuscode") != "200" or row.get("mimetype") == "warc/revisit":
            continue
        stamp, original = row.get("timestamp", ""), row.get("original", "")
        if valid_timestamp(stamp) and original.startswith(("http://", "https://")):
            found.setdefault(stamp, original)
    return found


def _blocked(exchange: Exchange) -> str | None:
    error = exchange.headers.get("x-archive-wayback-runtime-error", "")
    text = f"{error} {exchange.text()[:300] if exchange.status != 200 else ''}"
    for sign in ("AdministrativeAccessControlException", "RobotAccessControlException", "Blocked Site"):
        if sign in text:
            return error or sign
    return None


async def find_in_wayback(session: Session, url: str, date: dt.date | None) -> ArchiveAnswer:
    """CDX, asked for the last 200 capture on or before the document's day (`to=` + a negative limit,
    so a URL with thousands of captures cannot hide it), else the first after it (`from=`); the
    availability API and then the `/web/<timestamp>/<url>` redirect only when CDX cannot answer."""
    base = session.options.wayback_url.rstrip("/")
    windows: list[dict[str, str]] = [{"limit": "5"}]
    if date is not None:
        windows = [
            {"to": f"{date:%Y%m%d}235959", "limit": "-5", "fastLatest": "true"},
            {"from": f"{date:%Y%m%d}", "limit": "5"},
        ]
    captures: dict[str, str] = {}
    for window in windows:
        query = urlencode({"url": url, "output": "json", "filter": "statuscode:200", **window})
        answer = await archive_get(session, f"{base}/cdx/search/cdx?{query}")
        if not isinstance(answer, Exchange) or answer.status != 200:
            if isinstance(answer, Exchange) and (blocked := _blocked(answer)):
                return ArchiveAnswer("blocked", f"the Wayback Machine excludes this URL ({blocked})")
            problem = f"CDX answered {answer.status}" if isinstance(answer, Exchange) else f"CDX failed: {answer}"
            if captures:  # the first window answered; the second only could have done better
                break
            return await _second_opinion(session, url, date, problem)
        captures.update(usable_captures(answer.text()))
        stamp = pick_closest(captures, date)
        if stamp is not None and (date is None or "to" not in window or stamp <= window["to"]):
            break  # on or before the day: the best there is (a server that ignores `to=` is checked too)
    stamp = pick_closest(captures, date)
    if stamp is None:
        return ArchiveAnswer("none", "CDX lists no 200 capture")
    snapshot = Snapshot(f"{base}/web/{stamp}/{captures[stamp]}", stamp, "wayback", "cdx")
    side = "" if date is None else " on or before the date" if stamp <= f"{date:%Y%m%d}235959" else " after the date"
    return ArchiveAnswer("found", f"CDX: {len(captures)} capture(s), closest{side} {stamp}", snapshot)


async def _second_opinion(session: Session, url: str, date: dt.date | None, cdx_problem: str) -> ArchiveAnswer:
    """CDX could not answer: the availability API, then the replay redirect. Neither proves absence."""
    answer = await _ask_availability(session, url, date, cdx_problem)
    if answer.snapshot is not None:
        return answer
    return await _ask_replay(session, url, date, answer.evidence)


async def _ask_replay(session: Session, url: str, date: dt.date | None, before: str) -> ArchiveAnswer:
    """`/web/<timestamp>/<url>`: the Wayback Machine redirects to the capture closest to the timestamp
    (or serves it, with `Memento-Datetime`). A 404 or anything else stays "unknown"."""
    base = session.options.wayback_url.rstrip("/")
    stamp = f"{date:%Y%m%d}" if date else "2"
    answer = await archive_get(session, f"{base}/web/{stamp}/{url}", read_body=False)
    if isinstance(answer, str):
        return ArchiveAnswer("unknown", f"{before}; replay redirect failed: {answer}")
    found: str | None = None
    shown = ""
    if answer.status in {301, 302, 303, 307, 308} and not answer.headers.get("memento-datetime"):
        # the "closest capture" redirect; a 3xx *with* Memento-Datetime is a captured redirect instead
        location = answer.headers.get("location", "")
        match = _REPLAY.search(location)
        if match and valid_timestamp(match[1]):
            found, shown = match[1], urljoin(f"{base}/", location)
    elif answer.status == 200 and answer.headers.get("memento-datetime"):
        try:
            when = email.utils.parsedate_to_datetime(answer.headers["memento-datetime"])
        except (TypeError, ValueError):
            when = None
        if when is not None:
            found = f"{when:%Y%m%d%H%M%S}"
            shown = f"{base}/web/{found}/{url}"
    if found is None:
        return ArchiveAnswer("unknown", f"{before}; replay answered {answer.status}")
    snapshot = Snapshot(shown, found, "wayback", "replay")
    return ArchiveAnswer("found", f"{before}; replay redirect: closest {found}", snapshot)


_REPLAY = re.compile(r"/web/(\d{14})(?:[a-z]{2}_)?/")


async def _ask_availability(session: Session, url: str, date: dt.date | None, cdx_problem: str) -> ArchiveAnswer:
    """Second opinion. Its empty answer is "unknown": the API also says so for archived URLs."""
    params = {"url": url, **({"timestamp": f"{date:%Y%m%d}"} if date else {})}
    answer = await archive_get(session, f"{session.options.availability_url}?{urlencode(params)}")
    if isinstance(answer, str) or answer.status != 200:
        problem = answer if isinstance(answer, str) else f"answered {answer.status}"
        return ArchiveAnswer("unknown", f"{cdx_problem}; availability API {problem}")
    try:
        closest = json.loads(answer.text()).get("archived_snapshots", {}).get("closest") or {}
    except (json.JSONDecodeError, AttributeError):
        closest = {}
    stamp = str(closest.get("timestamp", ""))
    if closest.get("available") and str(closest.get("status", "200")) == "200" and valid_timestamp(stamp):
        shown = str(closest.get("url", ""))
        if shown.startswith("http://web.archive.org/"):
            shown = "https://" + shown.removeprefix("http://")
        snapshot = Snapshot(shown, stamp, "wayback", "availability")
        return ArchiveAnswer("found", f"{cdx_problem}; availability API: closest {stamp}", snapshot)
    return ArchiveAnswer("unknown", f"{cdx_problem}; the availability API's empty answer does not prove absence")


def replay_url(snapshot: Snapshot, wayback_url: str) -> str:
    """The capture's original bytes (`id_`), for reading its title and date."""
    base = wayback_url.rstrip("/")
    prefix = f"{base}/web/{snapshot.timestamp}/"
    if snapshot.archive == "wayback" and snapshot.url.startswith(prefix):
        return f"{base}/web/{snapshot.timestamp}id_/{snapshot.url.removeprefix(prefix)}"
    return snapshot.url
