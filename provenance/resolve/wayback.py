"""The Wayback Machine: CDX first (it lists every capture with its status), the availability API
only as a second opinion, because its empty answer also means "not accessible right now".
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from urllib.parse import urlencode

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
    base = session.options.wayback_url.rstrip("/")
    query = urlencode({"url": url, "output": "json", "filter": "statuscode:200", "limit": "1000"})
    answer = await archive_get(session, f"{base}/cdx/search/cdx?{query}")
    cdx_problem: str
    if isinstance(answer, Exchange):
        blocked = _blocked(answer)
        if blocked:
            return ArchiveAnswer("blocked", f"the Wayback Machine excludes this URL ({blocked})")
        if answer.status == 200:
            captures = usable_captures(answer.text())
            stamp = pick_closest(captures, date)
            if stamp is None:
                return ArchiveAnswer("none", "CDX lists no 200 capture")
            snapshot = Snapshot(f"{base}/web/{stamp}/{captures[stamp]}", stamp, "wayback", "cdx")
            return ArchiveAnswer("found", f"CDX: {len(captures)} capture(s), closest {stamp}", snapshot)
        cdx_problem = f"CDX answered {answer.status}"
    else:
        cdx_problem = f"CDX failed: {answer}"
    return await _ask_availability(session, url, date, cdx_problem)


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
