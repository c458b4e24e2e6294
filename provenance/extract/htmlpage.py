"""HTML pages: metadata (Open Graph, JSON-LD, `<time>`, canonical) and the visible text.

The visible text becomes numbered lines (one per block element, numbered by its source
line), so credits, residue, date lines and footers are found as in plain text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html

from provenance.extract.dates import parse_date
from provenance.extract.lines import TextLine, normalise_spaces
from provenance.extract.links import is_placeholder
from provenance.model import DateFact, Evidence, Link, LinkKind, Title, UrlFact

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "head",
        "iframe",
        "object",
        "nav",
        "select",
        "option",
        "button",
        "form",
    }
)
_INLINE = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark",
     "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "label", "img"}
)  # fmt: skip

PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "og:published_time",
    "datepublished", "publishdate", "publish-date", "publish_date", "pubdate", "date",
    "dc.date.issued", "dcterms.issued", "dcterms.created", "dc.date", "dc.date.created",
    "citation_publication_date", "parsely-pub-date", "sailthru.date", "article.published",
    "published-date", "release_date", "originalpublicationdate", "cxenseparse:recs:publishtime",
    "rnews:datepublished", "og:pubdate", "creation_date", "article_date_original",
)  # fmt: skip
"""Meta names and properties that state first publication, most specific first."""

MODIFIED_META = (
    "article:modified_time", "og:updated_time", "datemodified", "dcterms.modified",
    "last-modified", "lastmod", "dc.date.modified",
)  # fmt: skip

_ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report|NewsArticle|LiveBlogPosting|Posting", re.I)


@dataclass
class HtmlFacts:
    titles: list[Title] = field(default_factory=list)
    site_names: list[str] = field(default_factory=list)
    dates: list[DateFact] = field(default_factory=list)
    urls: list[UrlFact] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    lines: list[TextLine] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)


def parse_html(text: str) -> HtmlFacts:
    """Everything the HTML states about itself; never raises on malformed markup."""
    facts = HtmlFacts()
    try:
        root = lxml_html.document_fromstring(_XML_DECLARATION.sub("", text, count=1) or "<html></html>")
    except (etree.ParserError, ValueError):
        return facts
    head_urls: list[UrlFact] = []
    base = ""
    for element in root.iter("base"):
        base = element.get("href") or ""
        break
    _read_meta(root, facts, head_urls)
    _read_json_ld(root, facts, head_urls)
    base = base or next((u.url for u in head_urls if u.url.startswith("http")), "")
    facts.urls.extend(u for u in head_urls if u.url.startswith(("http://", "https://")))
    _read_body(root, facts, base)
    return facts


def _line(element: Any) -> int:
    line = getattr(element, "sourceline", None)
    return int(line) if isinstance(line, int) else 1


def _meta_date(value: str, source: str, line: int, modified: bool) -> DateFact | None:
    parsed = parse_date(value.strip())
    if parsed is None:
        return None
    return DateFact(parsed[0], Evidence(source, line, value.strip()[:120]), modified=modified)


def _read_meta(root: Any, facts: HtmlFacts, urls: list[UrlFact]) -> None:
    published: list[tuple[int, DateFact]] = []
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if not key or not content:
            continue
        line = _line(meta)
        if key in {"og:title", "twitter:title"}:
            facts.titles.append(Title(normalise_spaces(content), Evidence(f"html-meta:{key}", line, content[:200])))
        elif key in {"og:site_name", "application-name", "publisher"}:
            facts.site_names.append(normalise_spaces(content))
        elif key == "og:url":
            urls.append(UrlFact(content, Evidence("html-meta:og:url", line, content)))
        elif key in {
            "author",
            "article:author",
            "dc.creator",
            "byl",
            "sailthru.author",
            "parsely-author",
        }:
            facts.authors.append(normalise_spaces(content))
        elif key in PUBLISHED_META:
            fact = _meta_date(content, f"html-meta:{key}", line, modified=False)
            if fact:
                published.append((PUBLISHED_META.index(key), fact))
        elif key in MODIFIED_META:
            fact = _meta_date(content, f"html-meta:{key}", line, modified=True)
            if fact:
                published.append((100 + MODIFIED_META.index(key), fact))
    facts.dates.extend(fact for _, fact in sorted(published, key=lambda pair: pair[0]))
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if "canonical" in rel and href:
            urls.insert(0, UrlFact(href, Evidence("html-link:canonical", _line(link), href)))
    for title in root.iter("title"):
        content = normalise_spaces(title.text_content())
        if content:
            facts.titles.append(Title(content, Evidence("html-title", _line(title), content[:200])))
        break


def _json_items(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _json_items(item)
    elif isinstance(value, dict):
        yield value
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in value:
                yield from _json_items(value[key])


def _read_json_ld(root: Any, facts: HtmlFacts, urls: list[UrlFact]) -> None:
    dates: list[DateFact] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        line = _line(script)
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        for item in _json_items(data):
            kinds = item.get("@type", "")
            kind_text = " ".join(kinds) if isinstance(kinds, list) else str(kinds)
            if not _ARTICLE_TYPES.search(kind_text):
                continue
            headline = item.get("headline") or item.get("name")
            if isinstance(headline, str) and headline.strip():
                facts.titles.insert(
                    0,
                    Title(
                        normalise_spaces(headline),
                        Evidence("json-ld:headline", line, headline[:200]),
                    ),
                )
            for key, modified in (
                ("datePublished", False),
                ("dateCreated", False),
                ("dateModified", True),
            ):
                value = item.get(key)
                if isinstance(value, str):
                    fact = _meta_date(value, f"json-ld:{key}", line, modified)
                    if fact:
                        dates.append(fact)
            for key in ("url", "mainEntityOfPage"):
                value = item.get(key)
                if isinstance(value, dict):
                    value = value.get("@id") or value.get("url")
                if isinstance(value, str) and value.startswith(("http://", "https://")):
                    urls.append(UrlFact(value, Evidence(f"json-ld:{key}", line, value)))
            publisher = item.get("publisher")
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                facts.site_names.append(normalise_spaces(publisher["name"]))
            author = item.get("author")
            for person in author if isinstance(author, list) else [author]:
                if isinstance(person, dict) and isinstance(person.get("name"), str):
                    facts.authors.append(normalise_spaces(person["name"]))
                elif isinstance(person, str):
                    facts.authors.append(normalise_spaces(person))
    facts.dates[:0] = dates


def _own_text(element: Any) -> str:
    """The element's text without the text of block-level children (they get their own lines)."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _INLINE:
            parts.append(child.text_content() if tag != "img" else "")
        elif tag == "br":
            parts.append(" ")
        parts.append(child.tail or "")
    return normalise_spaces("".join(parts))


def _read_body(root: Any, facts: HtmlFacts, base: str) -> None:
    body = root.find("body")
    scope = body if body is not None else root
    time_dates: list[DateFact] = []
    heading_done = False
    for element in scope.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag or any(parent.tag in _SKIP for parent in element.iterancestors()) or tag in _SKIP:
            continue
        if tag == "a":
            href = (element.get("href") or "").strip()
            if href.startswith("#") and len(href) > 2:
                continue
            if href.lower().startswith(("mailto:", "tel:")):
                continue
            url = href if is_placeholder(href) or not base else urljoin(base, href)
            facts.links.append(
                Link(
                    url,
                    normalise_spaces(element.text_content())[:200],
                    _line(element),
                    LinkKind.ANCHOR,
                    is_placeholder(href),
                )
            )
        if tag == "time":
            stamp = element.get("datetime") or element.text_content()
            fact = _meta_date(stamp or "", "html-time", _line(element), modified=False)
            if fact:
                pubdate = (
                    element.get("pubdate") is not None or (element.get("itemprop") or "").lower() == "datepublished"
                )
                time_dates.insert(0, fact) if pubdate else time_dates.append(fact)
        if tag == "h1" and not heading_done:
            text = normalise_spaces(element.text_content())
            if text:
                facts.titles.append(Title(text, Evidence("html-h1", _line(element), text[:200])))
                heading_done = True
        if tag in _INLINE:
            continue
        text = _own_text(element)
        if text:
            facts.lines.append(TextLine(_line(element), text, text))
    facts.dates.extend(time_dates)
