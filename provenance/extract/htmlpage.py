"""HTML pages: metadata (Open Graph, JSON-LD, `<time>`, canonical) and the visible text.

The visible text becomes numbered lines (one per block element, numbered by its source
line), so credits, residue, date lines and footers are found as in plain text. On the way
through the body the walk also notes what only markup can say: the headings that may be the
headline, elements whose class names a date or a byline, `<time>` elements, and share
buttons (which carry the page's own address). Where such an element sits matters: a date
in a comment list or a sidebar is about something else, and a date just above or under the
headline is the article's.
"""

from __future__ import annotations

import datetime as dt
import html as html_entities
import json
import re
import tomllib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import islice
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

from lxml import etree

from provenance.extract.dates import (
    FIRST_WEB_DAY,
    date_lines,
    dateline_dates,
    dates_in_text,
    grammar,
    parse_date,
    stamp_has_zone_time,
)
from provenance.extract.lines import TextLine, normalise_spaces
from provenance.extract.links import is_placeholder
from provenance.extract.urls import registered_domain
from provenance.model import DateFact, Evidence, Link, LinkKind, Title, UrlFact
from provenance.packaged import rules_root

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_STRIP = ("script", "style", "noscript", "template", "svg", "iframe", "object", "nav", "select", "button", "textarea")
"""Never visible text; removed (with their subtrees, keeping the text after them) before the walk."""
_INLINE = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark",
     "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "label", "img"}
)  # fmt: skip
_INLINE_OR_BR = _INLINE | {"br"}

PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "og:published_time",
    "datepublished", "publishdate", "publish-date", "publish_date", "pubdate", "date",
    "dc.date.issued", "dcterms.issued", "dcterms.created", "dc.date", "dc.date.created",
    "citation_publication_date", "parsely-pub-date", "sailthru.date", "article.published",
    "published-date", "release_date", "originalpublicationdate", "cxenseparse:recs:publishtime",
    "rnews:datepublished", "og:pubdate", "creation_date", "article_date_original",
)  # fmt: skip
"""Meta names and properties that state first publication, most specific first."""

_GENERIC_META = frozenset({"html-meta:date", "html-meta:dc.date"})

MODIFIED_META = (
    "article:modified_time", "og:updated_time", "datemodified", "dcterms.modified",
    "last-modified", "lastmod", "dc.date.modified",
)  # fmt: skip

AUTHOR_META = ("author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author", "dcterms.creator")
_META_KEYS = frozenset(
    {"og:title", "twitter:title", "og:site_name", "application-name", "publisher", "og:url"}
    | set(AUTHOR_META) | set(PUBLISHED_META) | set(MODIFIED_META)
)  # fmt: skip
"""Meta names and properties `_read_meta` reads, besides the vocabulary's title metas."""

_ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report|NewsArticle|LiveBlogPosting|Posting", re.I)
_PAGE_TYPES = re.compile(r"WebPage|ItemPage", re.I)
"""schema.org page types: Yoast SEO states the page's dates on a WebPage node of its @graph."""
_CAMEL = re.compile(r"([a-z])([A-Z])")
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
OUTSIDE = " (outside the article)"
"""Evidence suffix of a date in comments, a sidebar or a footer: kept as evidence, never chosen."""
HEADLINE_WINDOW = 18
"""Lines under the headline (and 3 above it) where a visible date is the article's."""
MAX_MARKED_DATES = 60
"""Date elements read per page: past this many the page is a listing (a TV guide, an archive),
and the article's own date, if any, was among the first."""
MAX_DATE_ELEMENT_TEXT = 200
"""A date element longer than this is a container (the article body), not a date."""
MAX_PLAIN_H2 = 6
"""Plain `<h2>`s (no class or id) noted as possible headlines for pages without an `<h1>`."""


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading that may be the headline: where it stands and its text, with and without a kicker."""

    index: int
    title: Title
    without_kicker: str | None = None
    parts: tuple[str, ...] = ()
    """The texts of the heading's child elements when it joins several (kicker, headline, subline)."""


@dataclass(frozen=True, slots=True)
class MarkedDate:
    """A date the markup marks as one: `<time>`, `itemprop=datePublished`, `class="entry-date"`."""

    index: int
    fact: DateFact
    structured: bool
    """Microdata or `<time pubdate>`: the page says in markup that this is the publication date."""
    foreign: bool
    """Inside reader comments or a today's-date widget: about something else."""
    elsewhere: bool = False
    """Inside related articles, a sidebar, an `aside` or a footer: the article's only near its headline."""


@dataclass(frozen=True, slots=True)
class Byline:
    """A byline element's text, where it stands, and whether it is about another article or a comment."""

    index: int
    text: str
    foreign: bool
    """In reader comments: a commenter's name."""
    elsewhere: bool
    """In a sidebar, `aside`, footer or related articles: the article's only near its headline."""


@dataclass(frozen=True, slots=True)
class MarkupCredit:
    """The text of an element or attribute that the markup says holds a credit (a figure
    caption, `class="credit"`, `data-copyright`), apart from the lines it is joined into."""

    line: int
    text: str
    picture: bool
    """Inside a figure or an image container: the credit is the picture's."""


@dataclass
class HtmlFacts:
    titles: list[Title] = field(default_factory=list)
    site_names: list[str] = field(default_factory=list)
    dates: list[DateFact] = field(default_factory=list)
    """Structured dates about the article (JSON-LD Article, meta), publication before modification."""
    generic_dates: list[DateFact] = field(default_factory=list)
    """`<meta name="date">` and the like: they do not say which date they are, so they are
    trusted after a visible date near the headline (and before the URL path)."""
    page_dates: list[DateFact] = field(default_factory=list)
    """Structured dates about the page (JSON-LD WebPage): trusted after the article's."""
    urls: list[UrlFact] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    lines: list[TextLine] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    """Author names from structured data (JSON-LD, then meta), in that order."""
    byline_authors: list[Byline] = field(default_factory=list)
    """Byline elements in the body (class/id/itemprop naming an author, `rel=author`)."""
    headings: list[Heading] = field(default_factory=list)
    """`<h1>` (also the last item of a breadcrumb trail) and headings whose class names a title,
    then (source `html-h2`) the first plain `<h2>`s: a headline only the metadata confirms."""
    marked_dates: list[MarkedDate] = field(default_factory=list)
    lang: str = ""
    headline_index: int | None = None
    """Index in `lines` of the heading chosen as the headline (set by the title chooser)."""
    markup_credits: list[MarkupCredit] = field(default_factory=list)

    @property
    def month_first(self) -> bool:
        """US English writes 05/06/2022 for May 6; a page in plain `en` is read the same way."""
        return self.lang in {"en", "en-us"}


@dataclass(frozen=True, slots=True)
class PageConventions:
    section_labels: frozenset[str]
    heading_tokens: tuple[str, ...]
    comments_feed: tuple[str, ...]
    title_meta: frozenset[str]
    share: tuple[tuple[str, str], ...]
    author_prefixes: re.Pattern[str]
    author_tokens: frozenset[str]
    not_names: frozenset[str]
    credit_class: re.Pattern[str]
    """Class words of a caption or credit element (rules/data/pages.toml `[credits]`)."""
    class_hint: re.Pattern[str]
    """`_HINT` and the credit class words in one pattern: one search per class name."""
    credit_attributes: tuple[str, ...]
    picture_tokens: tuple[str, ...]


@cache
def conventions() -> PageConventions:
    """`rules/data/pages.toml`, loaded once per process."""
    with (rules_root() / "data" / "pages.toml").open("rb") as handle:
        data = tomllib.load(handle)
    prefixes = sorted(data["authors"]["prefixes"], key=len, reverse=True)
    return PageConventions(
        section_labels=frozenset(s.lower() for s in data["titles"]["section_labels"]),
        heading_tokens=tuple(data["titles"]["heading_tokens"]),
        comments_feed=tuple(s.lower() for s in data["titles"]["comments_feed"]),
        title_meta=frozenset(s.lower() for s in data["titles"]["title_meta"]),
        share=tuple((endpoint.lower(), parameter) for endpoint, parameter in data["urls"]["share"]),
        author_prefixes=re.compile(r"^(?:" + "|".join(re.escape(p) for p in prefixes) + r")\b\s*:?\s*", re.I),
        author_tokens=frozenset(data["authors"]["tokens"]),
        not_names=frozenset(n.lower() for n in data["authors"]["not_names"]),
        credit_class=re.compile("|".join(re.escape(word) for word in data["credits"]["class_words"])),
        class_hint=re.compile("|".join([_HINT.pattern, *(re.escape(word) for word in data["credits"]["class_words"])])),
        credit_attributes=tuple(data["credits"]["attributes"]),
        picture_tokens=tuple(data["credits"]["picture_tokens"]),
    )


def parse_html(text: str) -> HtmlFacts:
    """Everything the HTML states about itself; never raises on malformed markup."""
    facts = HtmlFacts()
    declaration = _XML_DECLARATION.match(text)
    source = text[declaration.end() :] if declaration else text
    if not source or source.isspace():
        source = "<html></html>"
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
    try:
        root = etree.fromstring(source, parser)
    except (etree.ParserError, ValueError):
        return facts
    if root is None:
        return facts
    facts.lang = (root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip().lower()
    head_urls: list[UrlFact] = []
    tagged = _elements_by_tag(root, _HEAD_TAGS)
    base = (tagged["base"][0].get("href") or "") if tagged["base"] else ""
    post_title = _read_meta(tagged, facts, head_urls)
    _read_json_ld(tagged["script"], facts, head_urls)
    if post_title is not None:
        facts.titles.insert(0, post_title)
    explicit_base = base
    base = base or next((u.url for u in head_urls if u.url.startswith("http")), "")
    share_urls: list[UrlFact] = []
    self_paths: Counter[str] = Counter()
    if not base or base == explicit_base:  # no address in the head: in-page anchors (skip links sit in <nav>)
        for anchor in root.iter("a"):
            href = (anchor.get("href") or "").strip()
            if "#" in href and not href.startswith(("#", "http:", "https:", "javascript:")):
                self_paths[href.split("#", 1)[0]] += 1
    _read_body(root, facts, base, share_urls)
    extra = share_urls[:1] or _self_links(self_paths, explicit_base, facts.links)
    facts.urls = _own_urls(head_urls, extra, facts.links, base)
    return facts


_HEAD_TAGS = ("base", "meta", "link", "title", "script")
"""The elements `parse_html` reads besides the body walk (metas and scripts stand in the body too)."""


def _elements_by_tag(root: Any, tags: Sequence[str]) -> dict[str, list[Any]]:
    """The elements of each tag, in document order, from one walk of the tree: a walk filtered
    by tag costs about as much as the whole tree's, so five walks cost five times one."""
    found: dict[str, list[Any]] = {tag: [] for tag in tags}
    for element in root.iter(*tags):
        bucket = found.get(element.tag)
        if bucket is not None:
            bucket.append(element)
    return found


def _line(element: Any) -> int:
    line = getattr(element, "sourceline", None)
    return int(line) if isinstance(line, int) else 1


def _text(element: Any) -> str:
    return normalise_spaces(_string(element))


def _meta_date(value: str, source: str, line: int, modified: bool, month_first: bool = False) -> DateFact | None:
    parsed = parse_date(value.strip(), month_first)
    if parsed is None:
        return None
    return DateFact(parsed[0], Evidence(source, line, value.strip()[:120]), modified=modified)


def _read_meta(tagged: dict[str, list[Any]], facts: HtmlFacts, urls: list[UrlFact]) -> Title | None:
    """Meta tags, canonical link and `<title>` into `facts`; returns the post title that a
    WordPress comments-feed link states (the most trusted title, see `_post_title`)."""
    published: list[tuple[int, DateFact]] = []
    authors: list[tuple[int, str]] = []
    other_titles: list[Title] = []
    title_meta = conventions().title_meta
    for meta in tagged["meta"]:
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key not in _META_KEYS and key not in title_meta:
            continue  # viewport, robots, verification tokens, ...
        content = (meta.get("content") or "").strip()
        if not content:
            continue
        line = _line(meta)
        if key in {"og:title", "twitter:title"} or key in title_meta:
            value = normalise_spaces(html_entities.unescape(content))
            title = Title(value, Evidence(f"html-meta:{key}", line, content[:200]))
            (facts.titles if key in {"og:title", "twitter:title"} else other_titles).append(title)
        elif key in {"og:site_name", "application-name", "publisher"}:
            facts.site_names.append(normalise_spaces(content))
        elif key == "og:url":
            urls.append(UrlFact(content, Evidence("html-meta:og:url", line, content)))
        elif key in AUTHOR_META:
            if "://" not in content:
                authors.append((AUTHOR_META.index(key), normalise_spaces(content)))
        elif key in PUBLISHED_META:
            fact = _meta_date(content, f"html-meta:{key}", line, False, facts.month_first)
            if fact:
                published.append((PUBLISHED_META.index(key), fact))
        elif key in MODIFIED_META:
            fact = _meta_date(content, f"html-meta:{key}", line, True, facts.month_first)
            if fact:
                published.append((100 + MODIFIED_META.index(key), fact))
    for _, fact in sorted(published, key=lambda pair: pair[0]):
        generic = fact.evidence.source in _GENERIC_META and not fact.modified
        (facts.generic_dates if generic else facts.dates).append(fact)
    facts.authors.extend(name for _, name in sorted(authors, key=lambda pair: pair[0]))
    facts.titles.extend(other_titles)
    feeds: list[tuple[str, int]] = []
    for link in tagged["link"]:
        rel = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if "canonical" in rel and href:
            urls.append(UrlFact(href, Evidence("html-link:canonical", _line(link), href)))
        elif "alternate" in rel and (feed_title := link.get("title")):
            feeds.append((normalise_spaces(feed_title), _line(link)))
    for title in tagged["title"]:
        content = _text(title)
        if content:
            facts.titles.append(Title(content, Evidence("html-title", _line(title), content[:200])))
        break
    return _post_title(feeds)


def _post_title(feeds: Sequence[tuple[str, int]]) -> Title | None:
    """The post's title from WordPress's comments-feed links (rules/data/pages.toml).

    `Site » Comments Feed` is the site's feed; `Site » Post title Comments Feed` the post's:
    what stands between the site's prefix (learnt from the site's feed, else up to the first
    `»`) and the translated ending is the title the author gave the post.
    """
    endings = conventions().comments_feed
    bodies: list[tuple[str, int]] = []
    for text, line in feeds:
        lowered = text.lower()
        ending = next((e for e in endings if lowered.endswith(e)), None)
        if ending is not None:
            bodies.append((text[: len(text) - len(ending)].strip(), line))
    prefix = next((body for body, _ in bodies if body.endswith("»")), None)
    for body, line in bodies:
        if prefix and body.startswith(prefix) and len(body) > len(prefix):
            post = body[len(prefix) :]
        elif " » " in body and not body.endswith("»"):
            post = body.split(" » ", 1)[1]
        else:
            continue
        post = post.strip()
        if post:
            return Title(post, Evidence("html-link:comments-feed", line, body[:200]))
    return None


def _json_items(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(value, list):
        for item in value:
            yield from _json_items(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in value:
                yield from _json_items(value[key], depth + 1)


def _json_text(value: Any) -> str | None:
    """A JSON-LD string, with the HTML entities some CMSs escape twice (`&quot;`) decoded."""
    if not isinstance(value, str) or not value.strip():
        return None
    return normalise_spaces(html_entities.unescape(value))


def _read_json_ld(scripts: Sequence[Any], facts: HtmlFacts, urls: list[UrlFact]) -> None:
    dates: list[DateFact] = []
    titles: list[Title] = []
    authors: list[str] = []
    page_urls: list[UrlFact] = []
    for script in scripts:
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        line = _line(script)
        try:
            data = json.loads(script.text or "", strict=False)
        except (ValueError, RecursionError):
            continue
        for item in _json_items(data):
            kinds = item.get("@type", "")
            kind_text = " ".join(k for k in kinds if isinstance(k, str)) if isinstance(kinds, list) else str(kinds)
            if _ARTICLE_TYPES.search(kind_text):
                _read_article(item, line, facts, dates, titles, authors, urls)
            elif _PAGE_TYPES.search(kind_text):
                for key, modified in (("datePublished", False), ("dateModified", True)):
                    value = item.get(key)
                    if isinstance(value, str):
                        fact = _meta_date(value, f"json-ld:{kind_text}:{key}", line, modified)
                        if fact:
                            facts.page_dates.append(fact)
                value = item.get("url") or item.get("@id")
                if isinstance(value, str) and value.startswith(("http://", "https://")):
                    page_urls.append(UrlFact(value.split("#", 1)[0], Evidence("json-ld:WebPage:url", line, value)))
    facts.dates[:0] = [d for d in dates if not d.modified]
    facts.dates.extend(d for d in dates if d.modified)
    facts.titles[:0] = titles
    facts.authors[:0] = authors
    urls.extend(page_urls)


def _read_article(
    item: dict[str, Any],
    line: int,
    facts: HtmlFacts,
    dates: list[DateFact],
    titles: list[Title],
    authors: list[str],
    urls: list[UrlFact],
) -> None:
    headline = _json_text(item.get("headline")) or _json_text(item.get("name"))
    if headline:
        titles.append(Title(headline, Evidence("json-ld:headline", line, headline[:200])))
    for key, modified in (("datePublished", False), ("dateCreated", False), ("dateModified", True)):
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
    author = item.get("author") or item.get("creator")
    for person in author if isinstance(author, list) else [author]:
        if isinstance(person, dict) and "Organization" in str(person.get("@type", "")):
            continue  # a publisher named as author is no person
        name = _json_text(person.get("name")) if isinstance(person, dict) else _json_text(person)
        if name and "://" not in name:
            authors.append(name)


def _own_text(element: Any) -> str:
    """The element's text without the text of block-level children (they get their own lines;
    where one stood, a space: `Edited by<p>…</p>Max Muster` is "Edited by Max Muster")."""
    for child in element:
        if child.tag not in _INLINE_OR_BR:
            break
    else:  # inline children only (a `<br>`'s tail already starts with a space): the whole text
        return normalise_spaces(_string(element))
    parts = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag in _INLINE:
            if tag != "img":
                parts.append(_string(child))
        else:  # a line break, or a block whose text is a line of its own: words stay apart
            parts.append(" ")
        tail = child.tail
        if tail:
            parts.append(tail)
    text = "".join(parts)
    return "" if text.isspace() else normalise_spaces(text)


def _tokens(element: Any) -> tuple[str, ...]:
    """Class, id, itemprop and rel names, lower-cased and split, camelCase too: `entry-date`
    gives entry, date; `publishDate` gives publish, date and publishdate."""
    raw = " ".join(filter(None, (element.get("class"), element.get("id"), element.get("itemprop"), element.get("rel"))))
    return _split_names(raw)


@lru_cache(maxsize=4096)
def _split_names(raw: str) -> tuple[str, ...]:
    lowered = raw.lower()
    tokens = set(_TOKEN_SPLIT.split(lowered))
    if lowered != raw:
        tokens.update(_TOKEN_SPLIT.split(_CAMEL.sub(r"\1 \2", raw).lower()))
    tokens.discard("")
    return tuple(sorted(tokens))


@lru_cache(maxsize=4096)
def _date_kind(tokens: tuple[str, ...]) -> tuple[bool, bool]:
    """(names a date, names a modification date) for an element's tokens."""
    gram = grammar()
    revision = _revision_pattern().search
    any_revision = revision(" ".join(tokens)) is not None
    is_date = modified = False
    for token in tokens:
        if any_revision and revision(token):
            modified = True
        elif (
            token in gram.date_tokens
            or token.startswith("date")
            or (token.endswith("date") and token not in gram.not_date)
        ):
            is_date = True
    return is_date or modified, modified


@cache
def _revision_pattern() -> re.Pattern[str]:
    """The modification tokens (`updated`, `lastmod`, ...) as one pattern: found inside a token."""
    return re.compile("|".join(re.escape(token) for token in grammar().modified_tokens))


def _placement(element: Any, memo: dict[Any, tuple[bool, bool]]) -> tuple[bool, bool]:
    """(foreign, elsewhere): inside reader comments or a today's-date widget; inside a
    container that usually holds other articles (related, sidebar, `aside`, `footer`).

    `memo` keeps each container's answer for the page: dates and bylines share ancestors."""
    gram = grammar()
    chain: list[Any] = []
    node = element
    result = (False, False)
    while node is not None:
        known = memo.get(node)
        if known is not None:
            result = known
            break
        if node.tag in ("body", "html"):
            break
        chain.append(node)
        node = node.getparent()
    for node in reversed(chain):
        if not result[0]:
            elsewhere = result[1] or node.tag in ("aside", "footer")
            if node.get("class") or node.get("id"):
                tokens = _tokens(node)
                if not gram.foreign_tokens.isdisjoint(tokens):
                    result = (True, True)
                    memo[node] = result
                    continue
                if not gram.elsewhere_tokens.isdisjoint(tokens) and _LAYOUT.isdisjoint(tokens):
                    elsewhere = True
            result = (False, elsewhere)
        memo[node] = result
    return result


_SHARE = frozenset({"share", "shares", "sharing", "sharebar", "socialshare", "sharetools"})
"""Tokens of a share widget (the heading's container up to 3 levels): a heading in it names what is shared."""
_LAYOUT = frozenset({"layout", "has", "with"})
"""A page wrapper's class names the template's layout (`layout-two-columns-right-sidebar`,
`has-sidebar`): the page has a sidebar; the wrapper is not one."""

_SITE_HEADING = frozenset({"site", "sitetitle", "sitename", "logo", "brand", "branding", "masthead"})
"""Tokens of a heading that holds the site's name (WordPress `h1#site-title`), not a headline."""


def _heading(element: Any, index: int, tag: str, source: str) -> Heading | None:
    text = _text(element)
    if not text or len(text) > 300 or text.endswith(("…", "...")):
        return None  # a heading cut with an ellipsis is a teaser
    if not _SITE_HEADING.isdisjoint(_tokens(element)) or any(a.get("rel") == "home" for a in element.iter("a")):
        return None
    if any(not _SHARE.isdisjoint(_tokens(a)) for a in islice(element.iterancestors(), 3) if a.tag != "body"):
        return None  # the title a share widget repeats ("Share or comment on this article: <h1>…")
    children = [child for child in element if isinstance(child.tag, str) and child.tag != "br"]
    if children:  # text joined from several elements: no space before a colon or comma
        text = _JOIN_SPACE.sub(r"\1", text)
    title = Title(text, Evidence(source, _line(element), text[:200]))
    # A kicker (overline, "Dachzeile") is a short first element inside the heading, printed
    # on its own line above the headline: the headline is the rest.
    if children and not (element.text or "").strip():
        first = _text(children[0])
        full = text
        tail = full[len(first) :] if first and full.startswith(first) else ""
        rest = tail.strip(_DANGLING_MARKS)
        if first and len(first.split()) <= 5 and len(rest.split()) >= 3:
            return Heading(index, title, rest, _parts(children))
    return Heading(index, title, parts=_parts(children) if len(children) > 1 else ())


def _parts(children: Sequence[Any]) -> tuple[str, ...]:
    return tuple(text for child in children if len((text := _text(child)).split()) >= 3)


_DANGLING_MARKS = " |–—-•·:»/"
_JOIN_SPACE = re.compile(r"\s+([:,;!?])(?=\s)")


def _share_target(href: str) -> str | None:
    lowered = href.lower()
    for endpoint, parameter in conventions().share:
        if endpoint in lowered:
            values = parse_qs(urlsplit(href).query).get(parameter)
            if values and values[0].startswith(("http://", "https://")):
                return values[0]
    return None


def _string(element: Any) -> str:
    """An element's text content (its descendants' too, not its tail), serialised in C: the
    same as XPath `string()`, without an XPath evaluation's set-up per call. A leaf's is its
    `.text` (most links and inline elements are leaves: a tenth of the serialiser's cost)."""
    if not len(element):
        return element.text or ""
    return str(etree.tostring(element, method="text", encoding=str, with_tail=False))


@lru_cache(maxsize=8192)
def _hinted(names: str) -> bool:
    return conventions().class_hint.search(names.lower()) is not None


_HINT = re.compile(r"dat|tim|pub|post|creat|meta|byl|aut|writ|report|title|headline|fecha")
"""Substrings of a class name worth a closer look (date, byline or headline tokens; credit words
are the `[credits]` class words of rules/data/pages.toml); searched
in the lower-cased name (a case-insensitive pattern of alternatives is 5 times slower)."""


def _fast_join(base: str, href: str) -> str:
    """urljoin for the common shapes (`/path`, `//host/path`), urljoin itself for the rest."""
    if href.startswith("/"):
        scheme, _, rest = base.partition("://")
        if href.startswith("//"):
            return f"{scheme}:{href}"
        return f"{scheme}://{rest.split('/', 1)[0]}{href}"
    return urljoin(base, href)


def _read_body(root: Any, facts: HtmlFacts, base: str, share_urls: list[UrlFact]) -> None:
    body = root.find("body")
    scope = body if body is not None else root
    # One walk for the three tags (see `_elements_by_tag`); the elements inside what is stripped
    # below stay in the lists, and changing them changes nothing in the tree.
    tagged = _elements_by_tag(scope, ("nav", "br", "form"))
    _keep_breadcrumb_headings(tagged["nav"])
    etree.strip_elements(scope, *_STRIP, with_tail=False)
    for br in tagged["br"]:  # a line break separates words
        br.tail = " " + (br.tail or "")
    # A form wraps search boxes and sign-ups, except on sites (ASP.NET) that wrap the whole page.
    for form in tagged["form"]:
        if form.find(".//h1") is None and form.getparent() is not None:
            _drop(form)
    heading_tokens = conventions().heading_tokens
    author_tokens = conventions().author_tokens
    join_base = base if base.startswith(("http://", "https://")) else ""
    lines = facts.lines
    links = facts.links
    plain_h2 = 0
    memo: dict[Any, tuple[bool, bool]] = {}
    credit_elements: list[Any] = []
    for element in scope.iter():
        tag = element.tag
        if tag == "a":
            href = (element.get("href") or "").strip()
            if not (href.startswith("#") and len(href) > 2) and not href.startswith(("mailto:", "tel:")):
                placeholder = is_placeholder(href)
                keep = placeholder or not join_base or href.startswith(("http:", "https:"))
                url = href if keep else _fast_join(join_base, href)
                raw = _string(element)
                label = normalise_spaces(raw)[:200] if raw else ""
                links.append(Link(url, label, element.sourceline or 1, LinkKind.ANCHOR, placeholder))
                if ("share" in href or "intent" in href or "submit" in href) and (target := _share_target(href)):
                    share_urls.append(UrlFact(target, Evidence("html-share-link", _line(element), href[:200])))
        elif tag == "h1":
            heading = _heading(element, len(lines), tag, "html-h1")
            if heading and len(facts.headings) - plain_h2 < 12:
                facts.headings.append(heading)
        elif tag == "time" and len(facts.marked_dates) < MAX_MARKED_DATES:
            _read_time(element, max(0, len(lines) - 1), facts, memo)
        elif tag == "h2" and plain_h2 < MAX_PLAIN_H2 and not _tokens(element):
            heading = _heading(element, len(lines), tag, "html-h2")
            if heading and len(heading.title.value.split()) >= 2:
                plain_h2 += 1
                facts.headings.append(heading)
        elif tag == "figcaption" or tag == "img":
            credit_elements.append(element)
        names = element.get("class")
        if names is None or not _hinted(names):
            names = element.get("itemprop") or (element.get("rel") if tag == "a" else None)
            if names is not None and not _hinted(names):
                names = None  # `rel="noopener"`, `itemprop="image"`
        if names is not None and tag != "time":
            if _names_credit(names):
                credit_elements.append(element)
            tokens = _tokens(element)
            if (
                (tag in ("h2", "h3") or "headline" in tokens)
                and tag != "h1"
                and len(facts.headings) - plain_h2 < 12
                and any(t.endswith(heading_tokens) and not t.startswith("sub") for t in tokens)
            ):
                heading = _heading(element, len(lines), tag, f"html-{tag}.title")
                if heading and len(heading.title.value.split()) >= 2:
                    facts.headings.append(heading)
            if not author_tokens.isdisjoint(tokens) and len(facts.byline_authors) < 24:
                name = _text(element)
                if name and len(name) <= 100:
                    index = max(0, len(lines) - 1) if tag in _INLINE else len(lines)
                    foreign, elsewhere = _placement(element, memo)
                    facts.byline_authors.append(Byline(index, name, foreign, elsewhere))
            is_date, modified = _date_kind(tokens)
            if is_date and len(facts.marked_dates) < MAX_MARKED_DATES:
                # An inline element's text is on the line its block parent already emitted.
                index = max(0, len(lines) - 1) if tag in _INLINE else len(lines)
                _read_date_element(element, index, tokens, modified, facts, memo)
        if tag in _INLINE or not isinstance(tag, str):
            continue
        if len(element):
            text = _own_text(element)
        else:
            raw = element.text
            if not raw or raw.isspace():
                continue
            text = normalise_spaces(raw)
        if text:
            lines.append(TextLine(element.sourceline or 1, text, text))
    _read_credit_markup(scope, facts, credit_elements, memo)


MAX_CREDIT_TEXT = 300
"""A caption or credit element longer than this is a container (an article), not a credit."""
MAX_MARKUP_CREDITS = 200


def _read_credit_markup(scope: Any, facts: HtmlFacts, marked: Sequence[Any], memo: dict[Any, Any]) -> None:
    """Caption and credit elements, each with its own text: the walk joins a caption's credit
    to the caption ("... in Madrid. EFE") or gives it a line whose bare "Reuters" only the
    markup shows to be a credit. `marked` (noted by the walk) are the elements whose class
    names a credit, figure captions (read with each of their innermost elements) and images
    (their credit attributes). Credits of other articles' pictures (related stories, sidebars,
    comments) are left out."""
    items: list[tuple[Any, str, bool]] = []
    attributes = conventions().credit_attributes
    for found in dict.fromkeys(marked):  # a figcaption with a credit class comes twice
        if found.tag == "img":
            items += [(found, normalise_spaces(v), True) for name in attributes if (v := found.get(name))]
        elif found.tag == "figcaption":
            items += [(node, _text(node), False) for node in found.iter() if node is found or not len(node)]
        else:
            items.append((found, _text(found), False))
    picture_tokens = conventions().picture_tokens
    for element, text, picture in items[:MAX_MARKUP_CREDITS]:
        if not text or len(text) > MAX_CREDIT_TEXT or not isinstance(element.tag, str):
            continue
        foreign, elsewhere = _placement(element, memo)
        if foreign or (elsewhere and not _aside_of_article(element)):
            continue
        picture = picture or _in_picture(element, picture_tokens)
        facts.markup_credits.append(MarkupCredit(_line(element), text, picture))


@lru_cache(maxsize=4096)
def _names_credit(names: str) -> bool:
    return conventions().credit_class.search(names.lower()) is not None


def _aside_of_article(element: Any) -> bool:
    """Inside an `<aside>` (or `<footer>`) nested in the `<article>`: HTML's aside within an
    article is about that article (its picture gallery, a fact box), not a sidebar; true only
    when no container on the way up is named as related stories or a sidebar."""
    gram = grammar()
    for node in element.iterancestors():
        if node.tag == "article":
            return True
        if (node.get("class") or node.get("id")) and not gram.elsewhere_tokens.isdisjoint(_tokens(node)):
            return False
    return False


def _in_picture(element: Any, picture_tokens: tuple[str, ...]) -> bool:
    """In a figure, in a container whose class names an image (3 levels up), or beside an image
    (a sibling, or a sibling's child: `<a><img></a><div class="copyright">`)."""
    for node in (element, *islice(element.iterancestors(), 3)):
        if node.tag in ("figure", "figcaption", "picture"):
            return True
        if any(token.startswith(picture_tokens) for token in _tokens(node)):
            return True
    parent = element.getparent()
    return parent is not None and (parent.find("img") is not None or parent.find("*/img") is not None)


def _keep_breadcrumb_headings(navs: Sequence[Any]) -> None:
    """A breadcrumb trail ends with the current page, and some templates mark that last item
    up as the page's `<h1>`: it is moved out of the `<nav>` (which is dropped) to stand
    where the trail stood. Headings elsewhere in a nav ("Navigation", menu titles) stay out."""
    moves: list[tuple[Any, Any]] = []
    for nav in navs:
        for h1 in nav.iter("h1"):
            ancestors = list(h1.iterancestors())
            item = next((a for a in ancestors[: ancestors.index(nav)] if a.tag == "li"), None)
            last_item = item is not None and item.getnext() is None
            if last_item or "breadcrumb" in " ".join(_tokens(nav)):
                moves.append(([a for a in ancestors if a.tag == "nav"][-1], h1))
    for outer, h1 in moves:
        h1.tail = None
        outer.addprevious(h1)


def _drop(element: Any) -> None:
    """Remove an element and its subtree, keeping the text that follows it."""
    parent = element.getparent()
    tail = element.tail
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _read_time(element: Any, index: int, facts: HtmlFacts, memo: dict[Any, tuple[bool, bool]]) -> None:
    stamp = element.get("datetime") or _text(element)
    tokens = _tokens(element)
    _is_date, modified = _date_kind(tokens)
    itemprop = (element.get("itemprop") or "").lower()
    modified = modified or itemprop == "datemodified"
    fact = _meta_date(stamp or "", "html-time", _line(element), modified, facts.month_first)
    if fact is None:
        return
    structured = element.get("pubdate") is not None or itemprop == "datepublished" or "published" in tokens
    foreign, elsewhere = _placement(element, memo)
    facts.marked_dates.append(MarkedDate(index, fact, structured and not elsewhere, foreign, elsewhere))


def _read_date_element(
    element: Any,
    index: int,
    tokens: tuple[str, ...],
    modified: bool,
    facts: HtmlFacts,
    memo: dict[Any, tuple[bool, bool]],
) -> None:
    itemprop = (element.get("itemprop") or "").lower()
    attribute = element.get("content") or element.get("datetime")
    source = f"html-class:{'-'.join(tokens[:3])}"[:60]
    if itemprop in ("datepublished", "datecreated", "datemodified") and attribute:
        fact = _meta_date(attribute, f"html-itemprop:{itemprop}", _line(element), itemprop == "datemodified")
        if fact:
            facts.marked_dates.append(MarkedDate(index, fact, not fact.modified, False))
        return
    text = _text(element)
    if not text or len(text) > MAX_DATE_ELEMENT_TEXT:
        return
    found = dates_in_text(text, facts.month_first, lenient=True)
    if not found:
        return
    foreign, elsewhere = _placement(element, memo)
    for value, said_modified in found[:2]:
        fact = DateFact(value, Evidence(source, _line(element), text[:160]), modified=modified or said_modified)
        facts.marked_dates.append(MarkedDate(index, fact, False, foreign, elsewhere))


# --------------------------------------------------------------------------- URLs


def _host(url: str) -> str:
    return url.split("/", 3)[2].lower() if url.startswith(("http://", "https://")) and url.count("/") >= 2 else ""


_IP_HOST = re.compile(r"^https?://\[?[\d.:]+\]?(?::\d+)?(?:/|$)")
_SLUG_WORD = re.compile(r"[^\W\d_]{2,}")


def _slug_words(url: str) -> int:
    return len(_SLUG_WORD.findall(url.split("://", 1)[-1].partition("/")[2].split("?", 1)[0]))


def _own_urls(head: list[UrlFact], extra: list[UrlFact], links: Sequence[Link], base: str) -> list[UrlFact]:
    """The page's own address first, then the other addresses it states.

    Policy (README, "Original URL"): the page's own address comes first. `og:url` and
    `rel=canonical` agreeing: the canonical link. Both on one site but different: the one
    whose path carries more words (a slug beats a bare id such as `/!5655255/`, `/1.6604622`;
    a tie goes to og:url).
    A canonical on another registered domain than the page's own (its og:url, else the site
    most of its links point to) names the origin of a syndicated copy: it stays a candidate
    with the evidence `html-link:canonical (cross-domain)`, chosen only when the page states
    no address of its own. An address on a bare IP is a mirror's, kept last. Without any of
    these: JSON-LD, a share button's target, a self-link (skip links, `page.html#content`).
    """
    absolute: list[UrlFact] = []
    anchor = next((u.url for u in head if u.url.startswith(("http://", "https://"))), base)
    for fact in head:
        url = fact.url
        if not url.startswith(("http://", "https://")):
            if not anchor.startswith(("http://", "https://")) or url.startswith(("javascript:", "data:")):
                continue
            url = urljoin(anchor, url)
            fact = UrlFact(url, Evidence(fact.evidence.source, fact.evidence.line, fact.evidence.text))
        absolute.append(fact)
    mirrors = [f for f in absolute if _IP_HOST.match(f.url)]
    absolute = [f for f in absolute if not _IP_HOST.match(f.url)]
    og = next((f.url for f in absolute if f.evidence.source == "html-meta:og:url"), None)
    canonical = next((f.url for f in absolute if f.evidence.source == "html-link:canonical"), None)
    order = {"html-link:canonical": 0, "html-meta:og:url": 1}
    if og and canonical and og.rstrip("/") != canonical.rstrip("/"):
        same_site = registered_domain(og) == registered_domain(canonical)
        if not same_site or _slug_words(og) >= _slug_words(canonical):
            order = {"html-meta:og:url": 0, "html-link:canonical": 1}
    absolute.sort(key=lambda f: order.get(f.evidence.source, 2))
    if not absolute:
        absolute = extra[:1]
    if not absolute:
        return mirrors
    own = next((f for f in absolute if f.evidence.source != "html-link:canonical"), None)
    own_domain = registered_domain(own.url) if own else _link_domain(links)
    kept: list[UrlFact] = []
    cross: list[UrlFact] = []
    for fact in absolute:
        if fact.evidence.source == "html-link:canonical" and own_domain and registered_domain(fact.url) != own_domain:
            evidence = Evidence("html-link:canonical (cross-domain)", fact.evidence.line, fact.evidence.text)
            cross.append(UrlFact(fact.url, evidence))
        else:
            kept.append(fact)
    return kept + cross + mirrors


def _self_links(paths: Counter[str], base: str, links: Sequence[Link]) -> list[UrlFact]:
    """The page's own address from its in-page anchors: a path linked twice or more with a
    `#fragment` (skip links, "back to top", comment anchors) is the page itself."""
    if not paths:
        return []
    path, count = paths.most_common(1)[0]
    if count < 2:
        return []
    if not base.startswith(("http://", "https://")):
        domain_host = _link_host(links)
        if not domain_host or not path.startswith("/"):
            return []
        base = f"https://{domain_host}/"
    url = urljoin(base, path)
    return [UrlFact(url, Evidence("html-self-link", None, path))]


def _link_host(links: Sequence[Link]) -> str | None:
    """The host most of the page's absolute links point to: its own site."""
    hosts = Counter(_host(link.url) for link in links)
    hosts.pop("", None)
    if not hosts:
        return None
    host, count = hosts.most_common(1)[0]
    return host if count >= 3 else None


def _link_domain(links: Sequence[Link]) -> str | None:
    host = _link_host(links)
    return registered_domain(host) if host else None


# --------------------------------------------------------------------------- dates


def html_date_candidates(page: HtmlFacts, url_fact: DateFact | None) -> list[DateFact]:
    """Every date the page states, the most trustworthy publication date first.

    Order: structured data about the article (JSON-LD Article, meta, microdata and `<time
    pubdate>`), structured data about the page (JSON-LD WebPage), a visible date near the
    headline (date elements and `<time>` within a few lines of it, date lines, a lead
    paragraph's dateline), a bare `<meta name="date">`, the URL path, dates elsewhere in the
    page; then modification dates; then dates in comments, sidebars and footers (marked
    `OUTSIDE`, never chosen); dates before the web last.
    One exception, for time zones: a structured UTC timestamp one day off the visible date
    near the headline, in the direction a UTC offset explains, yields to the visible date
    (the page shows the local date; the timestamp was converted to UTC).
    """
    start = max(0, page.headline_index - 3) if page.headline_index is not None else 0
    end = start + HEADLINE_WINDOW
    structured = [d for d in page.dates if not d.modified]
    structured += [m.fact for m in page.marked_dates if m.structured and not m.fact.modified]
    page_level = [d for d in page.page_dates if not d.modified]
    headline = page.headline_index if page.headline_index is not None else start
    unmarked = [m for m in page.marked_dates if not m.structured and not m.foreign]
    # Under the headline first (the byline's date), then just above it (a kicker line).
    below = [m.fact for m in unmarked if headline <= m.index < end and not m.fact.modified]
    below_lines = date_lines(page.lines, headline, 15, page.month_first, lenient=True)
    below_lines += dateline_dates(page.lines[headline:])
    above = [m.fact for m in unmarked if start <= m.index < headline and not m.fact.modified]
    above_lines = date_lines(page.lines[:headline], start, 3, page.month_first, lenient=True)
    # A date line repeating a nearby foreign element's date (a comment's, a weather widget's) is its text.
    foreign_marks = [(m.fact.value, m.fact.evidence.line or 0) for m in page.marked_dates if m.foreign]
    below_lines = [d for d in below_lines if not _repeats(d, foreign_marks)]
    above_lines = [d for d in above_lines if not _repeats(d, foreign_marks)]
    text_dates = below_lines + above_lines
    below += [d for d in below_lines if not d.modified]
    visible = below + above + [d for d in above_lines if not d.modified]
    elsewhere = [
        m.fact
        for m in page.marked_dates
        if not m.structured
        and not m.foreign
        and not m.elsewhere
        and not (start <= m.index < end)
        and not m.fact.modified
    ]
    modified = [d for d in page.dates if d.modified]
    modified += [d for d in page.page_dates if d.modified]
    modified += [m.fact for m in page.marked_dates if m.fact.modified and not m.foreign]
    modified += [d for d in text_dates if d.modified]
    foreign = [
        DateFact(m.fact.value, Evidence(m.fact.evidence.source + OUTSIDE, m.fact.evidence.line, m.fact.evidence.text))
        for m in page.marked_dates
        if m.foreign or (m.elsewhere and not m.structured and not (start <= m.index < end))
    ]
    in_url = [url_fact] if url_fact else []
    ordered = structured + page_level + visible + page.generic_dates + in_url + elsewhere + modified + foreign
    plausible = [d for d in ordered if d.value >= FIRST_WEB_DAY]
    ranked = plausible + [d for d in ordered if d.value < FIRST_WEB_DAY]
    if ranked and below and (structured or page_level) and ranked[0] in structured + page_level:
        local = _local_date(ranked[0], below[0])
        if local is not None:
            ranked.remove(local)
            ranked.insert(0, local)
    return ranked


def _repeats(fact: DateFact, foreign: Sequence[tuple[dt.date, int]]) -> bool:
    line = fact.evidence.line or 0
    return any(value == fact.value and abs(where - line) <= 10 for value, where in foreign)


def _local_date(stamp: DateFact, shown: DateFact) -> DateFact | None:
    """`shown` when it is `stamp`'s UTC time seen from some time zone (UTC-12 to UTC+14)."""
    zoned = stamp_has_zone_time(stamp.evidence.text)
    if zoned is None or shown.value == stamp.value:
        return None
    hour, offset = zoned
    utc_hour = hour - offset / 60
    if shown.value == stamp.value - dt.timedelta(days=1) and utc_hour - 12 < 0:
        return shown
    if shown.value == stamp.value + dt.timedelta(days=1) and utc_hour + 14 >= 24:
        return shown
    return None
