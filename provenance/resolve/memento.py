"""Other archives through Memento TimeMaps (RFC 7089, application/link-format).

Real TimeMaps put entries over several lines, in any order ("last memento" first, `self` last),
with combined relations ("first last memento") and a trailing comma; the parser takes them all.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Iterator

from provenance.model import Snapshot
from provenance.resolve.archives import ArchiveAnswer, archive_get, pick_closest
from provenance.resolve.client import Exchange
from provenance.resolve.options import TIMEMAPS
from provenance.resolve.session import Session

_ENTRY = re.compile(r"<([^>]*)>((?:\s*;\s*[\w-]+\s*=\s*(?:\"[^\"]*\"|[^;,<\s]+))*)", re.S)
_PARAM = re.compile(r";\s*([\w-]+)\s*=\s*(?:\"([^\"]*)\"|([^;,<\s]+))")


def timemap_entries(text: str) -> Iterator[tuple[str, dict[str, str]]]:
    """(URI, parameters) of every entry of a link-format document."""
    for match in _ENTRY.finditer(text):
        params = {
            m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
            for m in _PARAM.finditer(match.group(2))
        }
        yield match.group(1).strip(), params


def mementos(text: str) -> dict[str, str]:
    """14-digit UTC timestamp -> memento URI."""
    found: dict[str, str] = {}
    for uri, params in timemap_entries(text):
        if "memento" not in params.get("rel", "").split() or "datetime" not in params:
            continue
        try:
            when = email.utils.parsedate_to_datetime(params["datetime"])
        except (TypeError, ValueError):
            continue
        if when.tzinfo is not None:
            when = when.astimezone(dt.UTC)
        found.setdefault(when.strftime("%Y%m%d%H%M%S"), uri)
    return found


def timemap_base(archive: str) -> str | None:
    if archive.startswith(("http://", "https://")):
        return archive
    return TIMEMAPS.get(archive)


MIRRORS: dict[str, tuple[str, ...]] = {
    "archive.today": tuple(
        f"https://{host}/timemap/" for host in ("archive.ph", "archive.is", "archive.md", "archive.li")
    ),
}
"""Hosts that serve one archive's TimeMaps: on a 429 (that host is then paused) or a failed
connection the next one is asked. archive.today answers under .ph/.today/.is/.md/.li/.vn/.fo."""


async def find_in_timemap(session: Session, archive: str, url: str, date: dt.date | None) -> ArchiveAnswer:
    base = timemap_base(archive)
    if base is None:
        return ArchiveAnswer("unknown", f"unknown archive {archive!r}")
    bases = MIRRORS.get(archive, (base,)) if base == TIMEMAPS.get(archive) else (base,)
    tried: list[str] = []
    for mirror in bases:
        answer = await archive_get(session, f"{mirror}{url}")
        if not (isinstance(answer, str) or answer.status == 429) or mirror == bases[-1]:
            break
        tried.append(f"{mirror} {'answered 429' if not isinstance(answer, str) else 'failed'}")
    label = f"{archive} (after {'; '.join(tried)})" if tried else archive
    if isinstance(answer, str):
        return ArchiveAnswer("unknown", f"{label} TimeMap: {answer}")
    if answer.status == 404:
        return ArchiveAnswer("none", f"{label} has no TimeMap for it (404)")
    if not isinstance(answer, Exchange) or answer.status != 200:
        return ArchiveAnswer("unknown", f"{label} TimeMap answered {answer.status}")
    found = mementos(answer.text())
    stamp = pick_closest(found, date)
    if stamp is None:
        return ArchiveAnswer("none", f"{label} TimeMap lists no memento")
    snapshot = Snapshot(found[stamp], stamp, archive, "timemap", status=None)
    return ArchiveAnswer("found", f"{label} TimeMap: {len(found)} memento(s), closest {stamp}", snapshot)
