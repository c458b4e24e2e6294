"""Titles: the article's headline, without the site name a `<title>` appends."""

from __future__ import annotations

import re
from collections.abc import Sequence

from provenance.extract.dates import parse_date
from provenance.extract.lines import TextLine
from provenance.model import Evidence, Title

_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_TITLE_LABEL = re.compile(r"^\s*(?:title|headline)\s*:\s*(.+)$", re.I)
_SEPARATORS = re.compile(r"\s+(?:[|–—•·:»]|-{1,2}|/)\s+")


def markdown_title(lines: Sequence[TextLine], skip: set[int]) -> Title | None:
    """The first level-1 heading, else the first heading, else a setext heading."""
    first_heading: Title | None = None
    for index, line in enumerate(lines):
        if index in skip:
            continue
        match = _ATX.match(line.raw)
        if match and line.plain:
            title = Title(
                line.plain,
                Evidence(f"markdown-heading-h{len(match[1])}", line.number, line.raw.strip()),
            )
            if len(match[1]) == 1:
                return title
            first_heading = first_heading or title
        elif index > 0 and _SETEXT.match(line.raw) and lines[index - 1].plain and line.raw.strip()[0] == "=":
            previous = lines[index - 1]
            return Title(
                previous.plain,
                Evidence("markdown-setext-heading", previous.number, previous.raw.strip()),
            )
    return first_heading


def labelled_title(lines: Sequence[TextLine]) -> Title | None:
    for line in lines[:20]:
        match = _TITLE_LABEL.match(line.plain)
        if match:
            return Title(match[1].strip(), Evidence("title-label", line.number, line.plain))
    return None


def first_line_title(lines: Sequence[TextLine], skip: set[int]) -> Title | None:
    """The first non-blank line that reads like a headline (not residue, a URL or a date)."""
    for index, line in enumerate(lines):
        text = line.plain
        if not text or index in skip:
            continue
        if len(text) > 250 or "://" in text or text.startswith("<"):
            return None
        parsed = parse_date(text)
        if parsed is not None and parsed[2] - parsed[1] >= len(text) - 12:
            continue
        if not re.search(r"[^\W\d_]", text):
            continue
        return Title(text.strip(" *_#"), Evidence("first-line", line.number, text))
    return None


def strip_site_affix(title: str, site_names: Sequence[str]) -> str:
    """`Putin Urges ... - The Moscow Times` -> `Putin Urges ...` when the affix is a site name.

    An affix is stripped when it matches a known site name (og:site_name, the domain's
    label) or, failing that, when the title has a separator and the shortest side is
    short enough to be a brand (at most 4 words and a third of the title).
    """
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    names = {_squash(n) for n in site_names if n}
    first, last = parts[0], parts[-1]
    if names:
        if any(_squash(last) == n or (n and n in _squash(last)) for n in names):
            return " - ".join(parts[:-1]).strip() if len(parts) > 2 else first.strip()
        if any(_squash(first) == n or (n and n in _squash(first)) for n in names):
            return " - ".join(parts[1:]).strip() if len(parts) > 2 else last.strip()
    if len(last.split()) <= 4 and len(last) * 3 <= len(title):
        return title[: title.rfind(last)].rstrip(" |–—-•·:»/").strip()
    return title


def _squash(text: str) -> str:
    return re.sub(r"[^\w]", "", text.lower()).removeprefix("the").removeprefix("www")
