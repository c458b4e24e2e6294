"""Dates: parse the ways news pages write them, find date lines and dates in URL paths.

Sources are tried in order of trust (structured metadata, then a visible date line or
dateline, then the URL path) and every candidate is kept with its evidence. Month and
weekday names, the "published"/"updated" labels and the date-element tokens are data
(`rules/data/dates.toml`), so a language is added without touching this module.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from provenance.extract.lines import TextLine
from provenance.model import DateFact, Evidence
from provenance.packaged import rules_root

FIRST_WEB_DAY = dt.date(1991, 8, 6)
"""The first web page went public; a news page cannot predate it."""

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
"""Arabic-Indic and Persian digits, read as the ASCII digits they are."""
_YEARISH = re.compile(r"\d(?:(?<=1)9\d\d|(?<=2)0\d\d|\d\.\d\d\.\d\d)")
"""A year 19xx or 20xx, or a dd.dd.dd date. Opening with a digit lets the regex engine skip to
the digits (spelled `(?:19|20)\\d\\d|...` it tries every character); used only as "is there one"."""
_BYLINE_SPLIT = re.compile(r"\s*[|•·]\s*|\s+[–—]\s+")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|º|°)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d)"
_TIME = (
    r"(?:,?\s*(?:at|um|à|a las|alle|om|kl\.?|-|–|\|)?\s*\d{1,2}[:.h]\d\d(?:[:.]\d\d)?\s*"
    r"(?:[ap]\.?m\.?|uhr|h)?(?:\s*[A-Z]{2,4}\b|\s*[+-]\d\d:?\d\d)?)?"
)
_SEPARATOR_AFTER = re.compile(r"^\s*(?:[-–—|:)\]]|$)")
_EXOTIC_DIGITS = re.compile("[٠-٩۰-۹]")
_NEEDS: tuple[tuple[str, ...] | None, ...] = (("-",), None, None, ("/", "."), ("/", ".", "-"), (".",), ("年", "년"))
"""Per date pattern (in `DateGrammar.patterns` order): a character one of which it needs, or
None for the month-name patterns."""
_LETTERS = re.compile(r"[^\W\d_]{2,}")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


@dataclass(frozen=True, slots=True)
class DateGrammar:
    months: dict[str, int]
    patterns: tuple[re.Pattern[str], ...]
    month_words: frozenset[str]
    """Every word of every month name (a quick test before the name patterns)."""
    weekdays: frozenset[str]
    published_label: re.Pattern[str]
    modified_label: re.Pattern[str]
    date_tokens: frozenset[str]
    not_date: frozenset[str]
    modified_tokens: frozenset[str]
    foreign_tokens: frozenset[str]
    elsewhere_tokens: frozenset[str]


def _names(entries: Iterable[str]) -> str:
    ordered = sorted({e.lower() for e in entries}, key=len, reverse=True)
    return "|".join(re.escape(e).replace(r"\ ", r"\s+") for e in ordered)


@cache
def grammar() -> DateGrammar:
    """The compiled date vocabulary (`rules/data/dates.toml`), loaded once per process."""
    path = rules_root() / "data" / "dates.toml"
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    months: dict[str, int] = {}
    for language, table in data["months"].items():
        if len(table) != 12:
            raise ValueError(f"{path}: months.{language} must list 12 months")
        for number, names in enumerate(table, start=1):
            for name in names:
                key = " ".join(name.lower().split())
                if months.setdefault(key, number) != number:
                    raise ValueError(f"{path}: month name {name!r} means two months")
    month = rf"(?P<month>{_names(months)})(?![^\W\d_])\.?"
    # Levantine Arabic pages give both calendars' names: "24 نيسان / أبريل 2020".
    names = _names(months)
    patterns = (
        re.compile(
            r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)(?!\d)"
            r"(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"
        ),
        re.compile(rf"(?<![\w.]){month}\s+{_DAY},?\s+{_YEAR}{_TIME}", re.I),
        re.compile(
            rf"(?<![\w.]){_DAY}\.?\s*(?:de\s+|of\s+|du\s+)?{month}(?:\s*/\s*(?:{names}))?,?\s*(?:de\s+|del\s+)?{_YEAR}"
            rf"(?:\s*г\.)?{_TIME}",
            re.I,
        ),
        re.compile(r"(?<![\d.])(?P<year>(?:19|20)\d\d)[/.](?P<month>[01]?\d)[/.](?P<day>[0-3]?\d)(?![\d/])"),
        re.compile(rf"(?<![\d./-])(?P<day>[0-3]?\d)(?P<sep>[./-])\s?(?P<month>[01]?\d)(?P=sep)\s?{_YEAR}{_TIME}", re.I),
        # Two-digit years with dots ("31.10.23"), read with the POSIX strptime pivot (69-99 -> 19xx).
        re.compile(r"(?<![\d.])(?P<day>[0-3]\d)\.(?P<month>[01]\d)\.(?P<year2>\d\d)(?![\d.])"),
        re.compile(r"(?P<year>(?:19|20)\d\d)\s*[年년]\s*(?P<month>[01]?\d)\s*[月월]\s*(?P<day>[0-3]?\d)\s*[日일]"),
    )
    labels = data["labels"]
    elements = data["elements"]
    return DateGrammar(
        months=months,
        patterns=patterns,
        month_words=frozenset(word.rstrip(".") for name in months for word in name.split()),
        weekdays=frozenset(w.lower() for w in data["weekdays"]["names"]),
        published_label=re.compile(rf"^(?:(?:{_names(labels['published'])})\b\s*[:|-]?\s*)+", re.I),
        modified_label=re.compile(rf"(?<!\w)(?:{_names(labels['modified'])})(?!\w)", re.I),
        date_tokens=frozenset(elements["date_tokens"]),
        not_date=frozenset(elements["not_date"]),
        modified_tokens=frozenset(elements["modified_tokens"]),
        foreign_tokens=frozenset(elements["foreign_tokens"]),
        elsewhere_tokens=frozenset(elements["elsewhere_tokens"]),
    )


_URL_DATE = (
    re.compile(r"/(?P<year>(?:19|20)\d\d)[/_-](?P<month>[01]?\d)[/_-](?P<day>[0-3]?\d)(?:[/_.-]|$)"),
    re.compile(r"[/_-](?P<year>(?:19|20)\d\d)(?P<month>[01]\d)(?P<day>[0-3]\d)(?:[/_.-]|$)"),
    re.compile(r"/(?P<year>(?:19|20)\d\d)/(?P<month>[a-z]{3,9})/(?P<day>[0-3]?\d)(?:/|$)", re.I),
    # Day first, as European CMSs write it: /17-02-2022/, -17022022.
    re.compile(r"[/_-](?P<day>[0-3]\d)[-_.](?P<month>[01]\d)[-_.](?P<year>(?:19|20)\d\d)(?:[/_.-]|$)"),
    re.compile(r"[/_-](?P<day>[0-3]\d)(?P<month>[01]\d)(?P<year>(?:19|20)\d\d)(?:[/_.-]|$)"),
)


def make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return grammar().months.get(" ".join(text.lower().rstrip(".").split()))


def _match_date(match: re.Match[str], month_first: bool) -> dt.date | None:
    groups = match.groupdict()
    if groups.get("year2"):
        short = int(groups["year2"])
        year = 1900 + short if short >= 69 else 2000 + short
    else:
        year = int(groups["year"])
    month = _month_number(groups["month"])
    if month is None:
        return None
    day = int(groups["day"])
    if groups.get("sep") == "/" and ((month > 12 >= day) or (month_first and day <= 12)):
        day, month = month, day  # month first: 05/17/2022, or a page in US English
    return make_date(year, month, day)


def parse_date(text: str, month_first: bool = False) -> tuple[dt.date, int, int] | None:
    """The first full date in `text` with its span, or None. Years outside 1900-2099 are ignored.

    `month_first` reads an ambiguous `05/06/2022` as May 6 (US English pages); otherwise
    the day comes first, as in most of the world; an unambiguous one is read either way.
    """
    if not text.isascii() and _EXOTIC_DIGITS.search(text):
        text = text.translate(_DIGITS)
    if not _YEARISH.search(text):
        return None
    gram = grammar()
    best: tuple[dt.date, int, int] | None = None
    # The month-name patterns (long alternations) run only when a month's name is there,
    # the numeric ones only when their separator is.
    named = not gram.month_words.isdisjoint(_LETTERS.findall(text.lower()))
    for pattern, needs in zip(gram.patterns, _NEEDS, strict=True):
        if (needs is None and not named) or (needs and not any(mark in text for mark in needs)):
            continue
        for match in pattern.finditer(text):
            if best is not None and match.start() >= best[1]:
                break
            value = _match_date(match, month_first)
            if value is not None:
                best = (value, match.start(), match.end())
                break
    return best


def url_date(url: str) -> dt.date | None:
    """A publication date written into a URL path (`/2025/03/14/`, `-20250314-`, `/14-03-2025/`)."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    if "://" in path:
        path = "/" + path.split("://", 1)[1].partition("/")[2]
    for pattern in _URL_DATE:
        match = pattern.search(path)
        if match:
            month = _month_number(match["month"])
            value = make_date(int(match["year"]), month, int(match["day"])) if month else None
            if value is not None:
                return value
    return None


def is_modified_label(text: str) -> bool:
    """True when `text` says "updated" (in one of the vocabulary's languages)."""
    return grammar().modified_label.search(text) is not None


def dates_in_text(
    text: str, month_first: bool = False, lenient: bool = False, opening_only: bool = False
) -> list[tuple[dt.date, bool]]:
    """The dates a short text states as such, each with "is it a modification date?".

    The text is cut at `|`, `•` and spaced dashes (bylines: "By X | May 3, 2022 | Updated
    May 4, 2022"); a part counts when little else stands around its date: a label
    ("Published", "Veröffentlicht am"), a weekday, a time, a byline name of a few words
    (`lenient`), or when the date opens the part and a dash, colon or bracket follows it
    ("27.1.2022 - Bei ...", a lead paragraph's dateline). With `opening_only` (a paragraph
    of running text) only that last shape counts, in the first part.
    """
    gram = grammar()
    found: list[tuple[dt.date, bool]] = []
    parts = _BYLINE_SPLIT.split(text, maxsplit=1)[:1] if opening_only else _BYLINE_SPLIT.split(text)
    for part in parts:
        stripped = part.strip(" .,;:()[]*_")
        parsed = parse_date(stripped, month_first)
        if parsed is None:
            continue
        value, start, end = parsed
        before, after = stripped[:start], stripped[end:]
        modified = False
        if before.strip():
            # Labels before the date are no "text around it": "Veröffentlicht am", "Updated".
            label = gram.modified_label.search(before)
            modified = label is not None
            before = gram.published_label.sub("", before.lstrip())
            if label is not None and before.lower().startswith(label.group(0).lower()):
                before = before[label.end() - label.start() :].lstrip(" :|-")
        words = [w for w in _WORD.findall(before + " " + after) if w.lower().rstrip(".,") not in gram.weekdays]
        opens = not before.strip(" ([") and _SEPARATOR_AFTER.match(after) is not None
        if opening_only and not opens:
            continue
        rest = " ".join(words)
        byline = rest.lower().startswith(("by ", "von ", "par ", "por ", "di ", "door "))
        if not (opens or byline or len(rest) <= max(12, (end - start) // 2) or (lenient and len(words) <= 4)):
            continue
        found.append((value, modified))
    return found


def date_lines(
    lines: Sequence[TextLine], first: int = 0, limit: int = 15, month_first: bool = False, lenient: bool = False
) -> list[DateFact]:
    """Dates standing on a line of their own near the top ("March 14, 2025",
    "Published: 2025-03-14 | Updated ..."), each part of a `|`-separated line apart."""
    found: list[DateFact] = []
    seen_nonblank = 0
    for line in lines[max(0, first) :]:
        if not line.plain:
            continue
        seen_nonblank += 1
        if seen_nonblank > limit:
            break
        # A paragraph of running text counts only when it opens with its date ("27.1.2022 - ..."),
        # which fits in its first 50 characters.
        long = len(line.plain) > 160
        head = line.plain[:50] if long else line.plain
        if not _YEARISH.search(head if head.isascii() or not _EXOTIC_DIGITS.search(head) else head.translate(_DIGITS)):
            continue
        for value, modified in dates_in_text(line.plain[:80] if long else head, month_first, lenient, long):
            found.append(DateFact(value, Evidence("date-line", line.number, line.plain), modified=modified))
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


def stamp_has_zone_time(text: str) -> tuple[int, int] | None:
    """(hour, offset minutes) of a timestamp with a time of day and a zone (ISO 8601 or RFC 1123), else None."""
    match = re.search(r"[T ](\d\d):(\d\d)(?::\d\d(?:\.\d+)?)?\s*(Z|GMT|UTC|[+-]\d\d:?\d\d)", text)
    if match is None:
        return None
    zone = match[3]
    offset = 0
    if zone not in ("Z", "GMT", "UTC"):
        offset = (1 if zone[0] == "+" else -1) * (int(zone[1:3]) * 60 + int(zone[-2:]))
    return int(match[1]), offset
