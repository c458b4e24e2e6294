"""Dates: parse the ways news pages write them, find date lines and dates in URL paths.

Sources are tried in order of trust (structured metadata, then a visible date line or
dateline, then the URL path) and every candidate is kept with its evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from provenance.extract.lines import TextLine
from provenance.model import DateFact, Evidence

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d\d(?:[:.]\d\d)?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}\b|\s*[+-]\d\d:?\d\d)?)?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"

_PATTERNS = (
    re.compile(
        rf"\b{_YEAR}-(?P<month>[01]\d)-{_DAY}(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?\b",
        re.I,
    ),
    re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}\b{_TIME}", re.I),
    re.compile(rf"\b{_WEEKDAY}{_DAY}\.?\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b{_TIME}", re.I),
    re.compile(rf"\b{_YEAR}/(?P<month>[01]?\d)/{_DAY}\b", re.I),
    re.compile(rf"\b{_DAY}\.(?P<month>[01]?\d)\.{_YEAR}\b", re.I),
)

_URL_DATE = (
    re.compile(r"/(?P<year>(?:19|20)\d\d)[/_-](?P<month>[01]?\d)[/_-](?P<day>[0-3]?\d)(?:[/_.-]|$)"),
    re.compile(r"[/_-](?P<year>(?:19|20)\d\d)(?P<month>[01]\d)(?P<day>[0-3]\d)(?:[/_.-]|$)"),
    re.compile(rf"/(?P<year>(?:19|20)\d\d)/{_MONTH}/(?P<day>[0-3]?\d)(?:/|$)", re.I),
)

_PREFIX = re.compile(
    r"^(?:(?:published|posted|date|first published|originally published|updated|last updated|"
    r"modified|last modified|created)(?:\s+on)?\s*[:|-]?\s*)",
    re.I,
)
_MODIFIED = re.compile(r"\b(?:updated|modified|edited|revised)\b", re.I)
_BYLINE_SPLIT = re.compile(r"\s*[|•·]\s*")

FIRST_WEB_DAY = dt.date(1991, 8, 6)
"""The first web page went public; a news page cannot predate it."""


def make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_number(text: str) -> int:
    return int(text) if text.isdigit() else _MONTHS[text.lower().rstrip(".")]


def parse_date(text: str) -> tuple[dt.date, int, int] | None:
    """The first full date in `text` with its span, or None. Years outside 1900-2099 are ignored."""
    best: tuple[dt.date, int, int] | None = None
    for pattern in _PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        value = make_date(int(match["year"]), _month_number(match["month"]), int(match["day"]))
        if value is not None and (best is None or match.start() < best[1]):
            best = (value, match.start(), match.end())
    return best


def url_date(url: str) -> dt.date | None:
    """A publication date written into a URL path (`/2025/03/14/`, `-20250314-`)."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    if "://" in path:
        path = "/" + path.split("://", 1)[1].partition("/")[2]
    for pattern in _URL_DATE:
        match = pattern.search(path)
        if match:
            value = make_date(int(match["year"]), _month_number(match["month"]), int(match["day"]))
            if value is not None:
                return value
    return None


def date_lines(lines: Sequence[TextLine], first: int = 0, limit: int = 15) -> list[DateFact]:
    """Dates standing on a line of their own near the top ("March 14, 2025",
    "Published: 2025-03-14 | Updated ..."), each part of a `|`-separated line apart."""
    found: list[DateFact] = []
    seen_nonblank = 0
    for line in lines[first:]:
        if not line.plain:
            continue
        seen_nonblank += 1
        if seen_nonblank > limit:
            break
        if len(line.plain) > 120:
            continue
        for part in _BYLINE_SPLIT.split(line.plain):
            stripped = _PREFIX.sub("", part).strip(" .,;:()[]*_")
            parsed = parse_date(stripped)
            if parsed is None:
                continue
            value, start, end = parsed
            rest = (stripped[:start] + stripped[end:]).strip(" .,;:-()[]")
            if len(rest) > max(12, (end - start) // 2) and not rest.lower().startswith("by "):
                continue
            found.append(
                DateFact(
                    value,
                    Evidence("date-line", line.number, line.plain),
                    modified=bool(_MODIFIED.search(part)),
                )
            )
    return found


def dateline_dates(lines: Iterable[TextLine], limit: int = 30) -> list[DateFact]:
    """A full date inside a wire dateline: "WASHINGTON, March 14, 2025 (Reuters) -"."""
    found: list[DateFact] = []
    for count, line in enumerate(lines):
        if count >= limit:
            break
        head = line.plain[:90]
        if "(" not in head and "/" not in head:
            continue
        parsed = parse_date(head)
        if parsed is None:
            continue
        value, _start, end = parsed
        if re.match(r"\s*(?:\([^)]{1,40}\)|/[A-Z]+/)", head[end:]):
            found.append(DateFact(value, Evidence("dateline", line.number, head)))
    return found
