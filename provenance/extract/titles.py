"""Titles: the article's headline, without the site name a `<title>` appends."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from provenance.extract.dates import parse_date
from provenance.extract.lines import TextLine
from provenance.model import Evidence, Title

if TYPE_CHECKING:
    from provenance.extract.htmlpage import Heading

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


def strip_site_affix(title: str, site_names: Sequence[str], generic: bool = True) -> str:
    """`Putin Urges ... - The Moscow Times` -> `Putin Urges ...` when the affix is a site name.

    Parts cut off at separators (`|`, `-`, `–`, `»`, `/`, ...), repeatedly from either end:
    a site name (og:site_name, the publisher, the domain and its label, compared without
    case, spaces and punctuation, so a name holding a separator itself still matches), a
    name sharing a long word with the domain (`Berliner Leichtathletik Verband` on
    leichtathletik-berlin.de), a section label (`News`, `Blog`: rules/data/pages.toml) or a
    bare date (press releases put their date before the headline). With `generic` (for a
    `<title>` or og:title, never for a JSON-LD headline, which has no affixes by definition)
    short trailing parts go too: a brand or breadcrumb tail (at most 4 words and a third of
    the title).
    """
    parts = _ranges_joined(title, [p for p in _SEPARATORS.split(title.strip()) if p.strip(_DANGLING)])
    if len(parts) < 2:
        return title.strip().strip(_DANGLING).strip() or title.strip()
    names = {_squash(n) for n in site_names if n and _squash(n)}
    domain_words = {w for n in site_names if "." in n for w in re.split(r"[\W_]+", n.lower()) if len(w) >= 5}
    labels = _section_labels()
    changed = True
    while changed and len(parts) > 1:
        changed = False
        longest = max(len(p) for p in parts)
        for k in range(len(parts) - 1, 0, -1):
            tail = " ".join(parts[k:])
            if _is_name(tail, names) or (k == len(parts) - 1 and _affix(parts[k], longest, labels, domain_words)):
                parts, changed = parts[:k], True
                break
        if changed or len(parts) < 2:
            continue
        for k in range(1, len(parts)):
            head = " ".join(parts[:k])
            if _is_name(head, names) or (k == 1 and _affix(parts[0], longest, labels, domain_words)):
                parts, changed = parts[k:], True
                break
    if generic:
        while len(parts) > 1:
            last = parts[-1]
            whole = sum(len(p) + 3 for p in parts)
            if len(last.split()) <= 4 and len(last) * 3 <= whole and len(last) < max(len(p) for p in parts[:-1]):
                parts = parts[:-1]
            else:
                break
    return _rejoin(title, parts)


_DANGLING = " |–—-•·:/"
_RANGE_START = re.compile(r"\d\.?$")


def _ranges_joined(title: str, parts: list[str]) -> list[str]:
    """Parts split inside a numeric range (`14. - 20. Januar 2022`, `3 – 5 May`) joined again."""
    joined: list[str] = []
    for part in parts:
        if joined and _RANGE_START.search(joined[-1]) and part[:1].isdigit():
            begin = title.find(joined[-1])
            end = title.find(part, begin + len(joined[-1]))
            if begin >= 0 and end >= 0:
                joined[-1] = title[begin : end + len(part)]
                continue
        joined.append(part)
    return joined


def _rejoin(title: str, parts: Sequence[str]) -> str:
    """The original text from the first kept part to the end of the last one."""
    first, last = parts[0], parts[-1]
    begin = title.find(first)
    end = title.rfind(last)
    if begin < 0 or end < 0 or end + len(last) <= begin:
        return " - ".join(parts).strip()
    return title[begin : end + len(last)].strip().strip(_DANGLING).strip()


def _is_name(text: str, names: set[str]) -> bool:
    squashed = _squash(text)
    if not squashed:
        return False
    return any(
        squashed == n or (len(n) * 2 >= len(squashed) and (squashed.startswith(n) or squashed.endswith(n)))
        for n in names
    )


def _affix(part: str, longest: int, labels: frozenset[str], domain_words: set[str]) -> bool:
    text = part.strip().lower()
    if text in labels:
        return True
    parsed = parse_date(part)
    if parsed is not None and parsed[2] - parsed[1] >= len(part.strip()) - 3:
        return True
    words = re.split(r"[\W_]+", text)
    return len(part) <= longest and len(words) <= 6 and any(w in domain_words for w in words if len(w) >= 5)


def _section_labels() -> frozenset[str]:
    from provenance.extract.htmlpage import conventions

    return conventions().section_labels


def _squash(text: str) -> str:
    return re.sub(r"[\W_]", "", text.lower()).removeprefix("the").removeprefix("www")


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"[\W_]+", text.lower()) if w}


_VERBATIM = frozenset({"json-ld:headline", "html-link:comments-feed"})
"""Title sources that state the headline alone: no short tail of theirs is a site's or section's name."""


def html_title(
    candidates: Sequence[Title],
    headings: Sequence[Heading],
    site_names: Sequence[str],
    lines: Sequence[TextLine] = (),
) -> tuple[Title | None, int | None]:
    """The article's headline and the index of its heading in the page's lines (or None).

    The visible headline is what readers see; SEO and social titles are rewritten for search
    and sharing, and `<title>` carries the site's name. So a heading wins when the metadata
    confirms it. Headings are `<h1>`s (also a breadcrumb trail's last item), headings whose
    class names a title, then, for pages without either, plain `<h2>`s. In that order of
    kinds: first a heading that reads exactly as some metadata title (without affixes) does,
    or one of its parts does (`<span>headline</span><span>quote</span>`): where the page and
    its metadata agree on a text, that is the headline, even when an earlier heading is a
    display variant that shares most of its words. Else the first heading with at least 3
    words, not the site's name, and at least 60% of its words in some metadata title. A
    kicker printed above the headline inside the heading is dropped, also when the metadata
    repeats it. Otherwise the metadata titles in order of trust (the post title of a
    WordPress comments-feed link, JSON-LD headline, og:title, twitter:title, `<title>`),
    without site-name affixes, and the headline's place is the first line of the page that
    reads the same (else the first `<h1>`). A metadata title of one or two words names a
    section or the site: a heading of 3 or more words beats it.
    """
    stripped: list[Title] = []
    for title in candidates:
        generic = title.evidence.source not in _VERBATIM
        value = strip_site_affix(title.value, site_names, generic)
        if value:
            stripped.append(Title(value, title.evidence))
    vocab = [_words(t.value) for t in candidates]
    names = {_squash(n) for n in site_names if n}
    exact = {key for t in stripped if len(key := _squash(t.value)) >= 12}
    first_h1 = next((h.index for h in headings if h.title.evidence.source == "html-h1"), None)
    if first_h1 is None and headings:
        first_h1 = headings[0].index
    primary = [h for h in headings if h.title.evidence.source != "html-h2"]
    plain = [h for h in headings if h.title.evidence.source == "html-h2"]
    for group in (primary, plain):
        # A heading, or the headline part of it, that reads as a metadata title does:
        # the page and its metadata agree (a kicker or a subline beside it is not the headline).
        for heading in group:
            for variant in _variants(heading):
                variant = strip_site_affix(variant, site_names, generic="|" in variant)
                if _squash(variant) in exact:
                    return _unkicked(Title(variant, heading.title.evidence), heading.index, headings)
        for heading in group:
            found = _confirmed(heading, vocab, site_names, names)
            if found is not None:
                return _unkicked(Title(found, heading.title.evidence), heading.index, headings)
    if stripped and _word_count(stripped[0].value) < 3:
        # A one- or two-word title names a section or the site, not an article; with a date
        # beside it (`Wochenbericht 14. - 20. Januar 2022`), an issue of a series.
        for heading in headings:
            if len(heading.title.value.split()) >= 3 and not _names_site(heading.title.value, names):
                return heading.title, heading.index
    if stripped:
        return stripped[0], _line_of(stripped[0].value, lines, first_h1)
    for heading in primary:
        if len(heading.title.value.split()) >= 2 and not _names_site(heading.title.value, names):
            return Title(heading.without_kicker or heading.title.value, heading.title.evidence), heading.index
    return None, first_h1


def _word_count(title: str) -> int:
    """Words of a title, a date in it not counted."""
    parsed = parse_date(title)
    if parsed is not None:
        title = title[: parsed[1]] + " " + title[parsed[2] :]
    return sum(1 for word in title.split() if any(c.isalnum() for c in word))


def _names_site(text: str, names: set[str]) -> bool:
    """The site's name, or a banner or slogan that holds it (`yes we camp echte demokratie
    jetzt` on echte-demokratie-jetzt.de): no article's headline the metadata left unconfirmed."""
    squashed = _squash(text)
    return squashed in names or any(len(n) >= 8 and n in squashed for n in names)


def _unkicked(title: Title, index: int, headings: Sequence[Heading]) -> tuple[Title, int]:
    """The headline without its kicker when another heading marks that kicker up as an element
    of its own (`<h2><span class="kicker">Covid-19</span><span>Headline</span></h2>`) and
    otherwise reads the same: a breadcrumb's `<h1>` and the metadata run the two together."""
    wanted = _squash(title.value)
    for heading in headings:
        if heading.without_kicker and _squash(heading.title.value) == wanted:
            return Title(heading.without_kicker, heading.title.evidence), heading.index
    return title, index


def _variants(heading: Heading) -> list[str]:
    """The heading's text (without its kicker: a title that repeats the kicker does not bring
    it back), then its child elements' texts (`<span>headline</span><span>quote</span>`)."""
    return [heading.without_kicker or heading.title.value, *heading.parts]


def _confirmed(heading: Heading, vocab: Sequence[set[str]], site_names: Sequence[str], names: set[str]) -> str | None:
    """The heading's text (with or without its kicker) when at least 3 words long, not the
    site's name, and 60% of its words are in some metadata title; the better-confirmed
    variant wins, and on a tie the one without the kicker."""
    best: tuple[float, str] | None = None
    for variant in (heading.without_kicker, heading.title.value):
        if not variant or not vocab:
            continue
        # A pipe separates a site or section name, never two clauses of a headline.
        variant = strip_site_affix(variant, site_names, generic="|" in variant)
        words = {w for w in _words(variant) if not w.isdigit()}
        if len(words) < 3 or _squash(variant) in names:
            continue
        share = max(len(words & known) for known in vocab) / len(words)
        if share >= 0.6 and (best is None or share > best[0]):
            best = (share, variant)
    return best[1] if best is not None else None


def _line_of(title: str, lines: Sequence[TextLine], default: int | None) -> int | None:
    wanted = _squash(title)
    if len(wanted) < 12:
        return default
    for index, line in enumerate(lines):
        if len(line.plain) < len(title) + 40 and wanted in _squash(line.plain):
            return index
    return default
