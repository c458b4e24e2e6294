"""Facts of a fetched page (title, canonical URL, publication date) and the signs of a soft 404.

The HTML is read by the same parser extraction uses (extract.htmlpage.parse_html), so a date or
title found in a document and on the live page come from one set of rules.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from provenance.extract.htmlpage import parse_html
from provenance.extract.titles import strip_site_affix

_TITLE_ORDER = ("html-meta:og:title", "json-ld:headline", "html-meta:twitter:title", "html-title", "html-h1")

_NOT_FOUND = re.compile(
    r"\bnot\s+found\b|\b(?:error\s*404|404\s*error|404\s*[-:|]|page\s+404)\b|^\s*404\b|"
    r"\b(?:page|article|story|content)\s+(?:does\s*n[o']t|doesn't|no\s+longer)\s+(?:exist|available)|"
    r"\bno\s+longer\s+(?:exists|available)\b|\b(?:page|article)\s+(?:is\s+)?(?:missing|unavailable)\b|"
    r"\bseite\s+nicht\s+gefunden\b|\bpage\s+introuvable\b|\bp[áa]gina\s+no\s+encontrada\b",
    re.I,
)
"""Titles of "not found" pages that answer 200."""

_CHALLENGE = re.compile(r"^\s*(?:just a moment|attention required|access denied|are you a robot|security check)", re.I)

_QUICK_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.I | re.S)


@dataclass(frozen=True, slots=True)
class PageFacts:
    title: str | None = None
    title_source: str | None = None
    date: dt.date | None = None
    date_source: str | None = None
    canonical: str | None = None


def read_page(text: str, url: str) -> PageFacts:
    """Title (site name stripped), first publication date and canonical URL the page states."""
    facts = parse_html(text)
    title = None
    title_source = None
    for source in _TITLE_ORDER:
        found = next((t for t in facts.titles if t.evidence.source == source), None)
        if found:
            title, title_source = strip_site_affix(found.value, facts.site_names), source
            break
    published = next((d for d in facts.dates if not d.modified), None)
    canonical = next((u.url for u in facts.urls if u.evidence.source == "html-link:canonical"), None)
    return PageFacts(
        title=title,
        title_source=title_source,
        date=published.value if published else None,
        date_source=published.evidence.source if published else None,
        canonical=urljoin(url, canonical) if canonical else None,
    )


def quick_title(body: bytes) -> str | None:
    """The `<title>` text without a full parse: enough to spot a soft 404 on every fetched page."""
    match = _QUICK_TITLE.search(body[:65536])
    if not match:
        return None
    return " ".join(html.unescape(match.group(1).decode("utf-8", "replace")).split()) or None


def says_not_found(title: str | None) -> bool:
    return bool(title and _NOT_FOUND.search(title))


def is_challenge(title: str | None) -> bool:
    """A bot wall's interstitial ("Just a moment...") rather than the page."""
    return bool(title and _CHALLENGE.search(title))
