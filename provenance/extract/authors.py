"""Authors: the people a page names as having written the article.

Sources in order of trust: JSON-LD `author` of the article, then the `author` meta tags
(`author`, `article:author`, `dc.creator`, `parsely-author`, ...), then byline elements in
the body (class, id or itemprop naming an author or a byline, `rel=author` links). The first
source that yields a person's name wins; its names are cleaned of byline words ("By", "Von"),
dates, e-mail addresses and newsroom placeholders ("Redaktion", "admin"): rules/data/pages.toml.
"""

from __future__ import annotations

import html as html_entities
import re
from collections.abc import Callable, Iterable, Sequence

from provenance.extract.dates import grammar, parse_date
from provenance.extract.htmlpage import HEADLINE_WINDOW, HtmlFacts, conventions
from provenance.extract.lines import normalise_spaces

__all__ = ["clean_author", "extract_authors"]

_SPLIT = re.compile(r"\s*(?:;|&|\||•|·|,|\s(?:and|und|et|y|e|og|och|en)\s)\s*", re.I)
_NOT_NAME = re.compile(r"://|@|www\.|\d|^\W+$")
_ORGANISATION = re.compile(r"\b(?:e\.\s?V|GmbH|AG|Ltd|Inc|LLC|S\.A|Verlag|Stiftung|Media|Médias?)\b\.?", re.I)
"""Legal-form and publisher words: a name carrying one is an organisation, not an author."""
MAX_NAME_WORDS = 5


def _squash(text: str) -> str:
    return re.sub(r"[\W_]", "", text.lower())


def clean_author(raw: str, site_names: Sequence[str] = ()) -> list[str]:
    """The person names in one author string ("By Jane Doe and John Roe | May 3, 2022")."""
    text = normalise_spaces(html_entities.unescape(raw))
    parsed = parse_date(text)
    if parsed is not None:
        text = text[: parsed[1]]
    prefixes = conventions().author_prefixes
    not_names = conventions().not_names
    sites = {_squash(n) for n in site_names if n} | {
        label for n in site_names if "." in n for label in (_squash(p) for p in n.split(".")) if len(label) >= 5
    }
    if _squash(prefixes.sub("", text)) in sites:
        return []  # the site's own name, before it is split on "&" ("Jobs & Hire")
    names: list[str] = []
    labels = grammar()
    for part in _SPLIT.split(prefixes.sub("", text.strip())):
        name = prefixes.sub("", part.strip(" :-–—()[]")).strip(" :-–—()[]")
        if not re.search(r"\b\w\.$", name):  # keep the period of a final initial ("Nicolas Gutierrez C.")
            name = name.rstrip(".")
        words = name.lower().split()
        if not name or _NOT_NAME.search(name) or len(name) < 3 or "_" in name or name.count(".") >= 2 > len(words):
            continue
        if len(words) > MAX_NAME_WORDS or name.lower() in not_names or words[-1] in not_names:
            continue
        if labels.published_label.match(name) or labels.modified_label.match(name) or _ORGANISATION.search(name):
            continue
        squashed = _squash(name)
        if any(squashed == site or (len(site) >= 5 and site in squashed) for site in sites):
            continue
        names.append(name)
    return names


def _unique(names: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    kept: list[str] = []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            kept.append(name)
    return kept


def _bylines(page: HtmlFacts) -> list[str]:
    """The texts of the article's byline: the first byline element from just above the
    headline on (else the first on the page), with any others on the same line; bylines in
    comments, sidebars and related articles are other people's."""
    start = max(0, page.headline_index - 3) if page.headline_index is not None else 0
    end = start + HEADLINE_WINDOW
    inside = [b for b in page.byline_authors if not b.foreign and (not b.elsewhere or start <= b.index < end)]
    if not inside:
        return []
    first = next((b for b in inside if b.index >= start), inside[0])
    return [b.text for b in inside if b.index == first.index]


_BYLINE_LINE = re.compile(
    r"^(?i:by|von|par|por|door|di|av|de|text\s+von|texte\s+de|texto\s+de|written\s+by|words\s+by)\s+"
    r"(?P<names>[A-ZÀ-ÞĀ-Ž][\w'’.-]*(?:,?\s+(?:(?i:and|und|et|y)\s+)?[\w'’.-]+){0,6})\s*(?:[|,•·–—-]|$)"
)
"""A visible byline on a line of its own: "By Jane Doe", "Von Max Muster | 3. Mai 2022",
"Text von Max Muster" (German magazines credit text and pictures apart)."""

_LABELLED_LINE = re.compile(
    r"^(?i:autor(?:in|en)?|authors?|auteur(?:e|s)?|autore|autora|text|texte|texto)\s*:\s*(?P<names>\S.{0,150})$"
)
"""An author label with a colon: "Author: Jane Doe, Date: 3.5.22", "Autorin: Uta Muster,
Projektleiterin in Tunis" (a note at the end of the article, common on German sites)."""

_LABEL_ALONE = re.compile(r"^(?i:autor(?:in|en)?|authors?|auteur(?:e|s)?|autore|autora|von|by|text)\s*:?$")
"""A label on a line of its own, the names on the next ("Autor" / "Nikolai Huke")."""

_OTHER_ROLE = re.compile(
    r"\s+(?i:illustrations?|fotos?|photos?|photography|bilder?|grafik|graphics|video|kamera|mitarbeit)\b.*$"
)
"""Where a credit for another role starts on the byline ("Text von A  Illustration von B")."""

_NAME_PARTICLES = frozenset(
    {"von", "van", "der", "den", "de", "da", "di", "del", "della", "la", "le", "du", "des", "dos", "bin", "al",
     "ten", "ter", "zu", "y", "e"}
)  # fmt: skip


def _reads_as_name(name: str) -> bool:
    """A name from running text has every word capitalised but its particles ("Ursula von der
    Leyen"): "Projektleiterin der HSS in Tunesien" is a job title, not a second author."""
    return all(word[:1].isupper() or word.lower() in _NAME_PARTICLES for word in name.split())


def _byline_lines(page: HtmlFacts) -> list[str]:
    """A byline line just under the headline (or just above it): "By ...", "Author: ...", or a
    label alone with the names on the next line."""
    if page.headline_index is None:
        return []
    start = max(0, page.headline_index - 2)
    window = page.lines[start : page.headline_index + 8]
    for index, line in enumerate(window):
        text = line.plain
        match = _BYLINE_LINE.match(text) or _LABELLED_LINE.match(text)
        if match and len(text) <= 160:
            return [_OTHER_ROLE.sub("", match["names"])]
        if _LABEL_ALONE.match(text) and index + 1 < len(window) and len(window[index + 1].plain) <= 80:
            return [window[index + 1].plain]
    return []


def _labelled_lines(page: HtmlFacts) -> list[str]:
    """The first line after the headline that labels its author ("Autorin: ..."), wherever it
    stands: an author's note often closes the article."""
    start = page.headline_index + 1 if page.headline_index is not None else 0
    for line in page.lines[start:]:
        match = _LABELLED_LINE.match(line.plain)
        if match:
            return [_OTHER_ROLE.sub("", match["names"])]
    return []


def extract_authors(page: HtmlFacts, site_names: Sequence[str] = ()) -> list[str]:
    """The article's authors (possibly none), from the most trusted source that names one:
    structured data, then byline elements, then a byline line under the headline, then a
    labelled author line anywhere in the article. Names read from running text must look like
    names (capitalised words)."""
    sources: tuple[tuple[Callable[[HtmlFacts], list[str]], bool], ...] = (
        (lambda facts: facts.authors, False),
        (_bylines, False),
        (_byline_lines, True),
        (_labelled_lines, True),
    )
    for source, running_text in sources:  # each looked at only when the ones before named nobody
        cleaned = (name for raw in source(page) for name in clean_author(raw, site_names))
        names = _unique(name for name in cleaned if not running_text or _reads_as_name(name))
        if names:
            return names[:8]
    return []
