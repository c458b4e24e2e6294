"""Extraction: one SourceText in, one Document of provenance facts (with evidence) out.

`extract_document` never raises on any text; a fact it cannot find is None, not a guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from provenance.corpus import SourceText
from provenance.extract.credits import extract_credits, markup_credits
from provenance.extract.dates import FIRST_WEB_DAY, date_lines, dateline_dates, url_date
from provenance.extract.lines import TextLine, lines_holding, markdown_lines, text_lines
from provenance.extract.links import markdown_links
from provenance.extract.residue import find_residue
from provenance.extract.sketch import body_sketch
from provenance.extract.suppressions import find_suppressions
from provenance.extract.titles import (
    first_line_title,
    html_title,
    labelled_title,
    markdown_title,
)
from provenance.extract.urls import footer_urls, registered_domain
from provenance.model import DateFact, DocFormat, Document, Evidence, Publisher, Title, UrlFact
from provenance.vocabulary import Vocabulary, default_vocabulary

if TYPE_CHECKING:
    from provenance.extract.htmlpage import HtmlFacts

__all__ = ["extract_document", "extract_text"]

HEAD_LINES = 6
"""Non-blank lines under the title that may hold a lead-image caption credit."""


def extract_text(
    text: str,
    path: str = "<text>",
    fmt: DocFormat | None = None,
    vocabulary: Vocabulary | None = None,
) -> Document:
    """Extract from a string (the format sniffed when not given); handy for tests and tools."""
    from provenance.corpus import sniff_format

    chosen = fmt or sniff_format(text, "")
    return extract_document(SourceText(path, text, chosen, "utf-8", len(text.encode("utf-8", "replace"))), vocabulary)


def extract_document(source: SourceText, vocabulary: Vocabulary | None = None) -> Document:
    vocab = vocabulary or default_vocabulary()
    site_names: list[str] = []
    titles: list[Title] = []
    meta_dates: list[DateFact] = []
    meta_urls: list[UrlFact] = []
    page: HtmlFacts | None = None
    if source.format is DocFormat.HTML:
        # lxml and the HTML conventions load only when a corpus has HTML (start-up of the hook)
        from provenance.extract.htmlpage import parse_html

        page = parse_html(source.text)
        lines = page.lines
        links = page.links
        site_names = page.site_names
        titles = page.titles
        meta_dates = page.dates
        meta_urls = page.urls
    else:
        lines = markdown_lines(source.text) if source.format is DocFormat.MARKDOWN else text_lines(source.text)
        links = markdown_links(lines)

    residue = find_residue(lines, vocab)
    residue_indexes = _residue_indexes(lines, residue)

    footers = footer_urls(lines)
    url_candidates = _unique_urls([*footers, *meta_urls])
    original = url_candidates[0] if url_candidates else None
    domain = registered_domain(original.url) if original else None

    if page is not None:
        names = [*site_names, *([domain, domain.split(".")[0]] if domain else [])]
        title, page.headline_index = html_title(titles, page.headings, names, page.lines)
    elif source.format is DocFormat.MARKDOWN:
        title = (
            markdown_title(lines, residue_indexes) or labelled_title(lines) or first_line_title(lines, residue_indexes)
        )
    else:
        title = labelled_title(lines) or first_line_title(lines, residue_indexes)

    title_index = _index_of(lines, title.evidence.line if title and source.format is not DocFormat.HTML else None)
    start = title_index + 1 if title_index is not None else 0
    if page is not None and page.headline_index is not None:
        start = page.headline_index + 1  # a page's head is under its headline, not under its menus
    head = _head_range(lines, start, residue_indexes)

    in_url = url_date(original.url) if original else None
    url_fact = (
        DateFact(in_url, Evidence("url-path", original.evidence.line, original.url)) if original and in_url else None
    )
    if page is not None:
        from provenance.extract.htmlpage import OUTSIDE, html_date_candidates

        candidates = html_date_candidates(page, url_fact)
        date = next((d for d in candidates if not d.evidence.source.endswith(OUTSIDE)), None)
    else:
        candidates = _rank_dates(meta_dates, date_lines(lines, start) + dateline_dates(lines[start:]), url_fact)
        date = candidates[0] if candidates else None

    credits, mentions = extract_credits(lines, head, vocab)
    if page is not None:
        credits = markup_credits(credits, page.markup_credits, _byline_elements(page), vocab)
    named = _named_publishers(lines, residue_indexes, vocab)
    publisher = _publisher(original, domain, site_names, named, vocab)

    footer_lines = {fact.evidence.line for fact in footers}
    body = [
        line.plain
        for index, line in enumerate(lines)
        if line.plain and index not in residue_indexes and index != title_index and line.number not in footer_lines
    ]
    return Document(
        path=source.path,
        format=source.format,
        title=title,
        date=date,
        original_url=original,
        publisher=publisher,
        credits=tuple(credits),
        links=tuple(links),
        residue=tuple(residue),
        date_candidates=tuple(candidates),
        url_candidates=tuple(url_candidates),
        url_date=url_fact,
        named_publishers=tuple(named),
        mentions=tuple(mentions),
        sketch=body_sketch(body),
        lines=source.text.count("\n") + 1,
        suppressions=find_suppressions(source.text),
        encoding=source.encoding,
        digest=source.digest,
        authors=_authors(page, names) if page is not None else (),
    )


def _residue_indexes(lines: Sequence[TextLine], residue: Sequence[object]) -> set[int]:
    spans = [(block.line, block.end_line) for block in residue]  # type: ignore[attr-defined]
    if not spans:
        return set()
    # A loop in the comprehension, not `any()` over a generator per line: five times faster.
    return {index for index, line in enumerate(lines) for a, b in spans if a <= line.number <= b}


def _index_of(lines: Sequence[TextLine], number: int | None) -> int | None:
    if number is None:
        return None
    for index, line in enumerate(lines):
        if line.number == number:
            return index
    return None


def _head_range(lines: Sequence[TextLine], start: int, skip: set[int]) -> range:
    """Lines under the title up to the first paragraph of running text."""
    seen = 0
    end = start
    for index in range(start, len(lines)):
        text = lines[index].plain
        end = index
        if not text or index in skip:
            continue
        if len(text.split()) >= 12:
            break
        seen += 1
        if seen >= HEAD_LINES:
            end = index + 1
            break
    else:
        end = len(lines)
    return range(start, end)


def _well_formed(url: str) -> bool:
    """An http(s) URL with a host that parses: `http://[::1` is kept as a link, never as a source."""
    if not url.lower().startswith(("http://", "https://")):
        return False
    try:
        return bool(urlsplit(url).hostname)
    except ValueError:
        return False


def _unique_urls(facts: Sequence[UrlFact]) -> list[UrlFact]:
    seen: set[str] = set()
    unique: list[UrlFact] = []
    for fact in facts:
        if fact.url not in seen and _well_formed(fact.url):
            seen.add(fact.url)
            unique.append(fact)
    return unique


def _rank_dates(meta: Sequence[DateFact], text: Sequence[DateFact], in_url: DateFact | None) -> list[DateFact]:
    """Publication dates before modification dates; structured data, then visible, then URL."""
    ordered = [d for d in meta if not d.modified] + [d for d in text if not d.modified]
    if in_url:
        ordered.append(in_url)
    ordered += [d for d in meta if d.modified] + [d for d in text if d.modified]
    plausible = [d for d in ordered if d.value >= FIRST_WEB_DAY]
    return plausible + [d for d in ordered if d.value < FIRST_WEB_DAY]


_SELF_REFERENCE = ("©", "(c)", "copyright", "all rights reserved", "subscribe to", "support", "donate", "newsletter")
"""Words of a line in which a publisher names itself (matched on the lower-cased line)."""


def _named_publishers(lines: Sequence[TextLine], residue: set[int], vocab: Vocabulary) -> list[Publisher]:
    """Publisher brands a document names about itself: in its residue (newsletter boxes,
    donation appeals) or in a copyright or subscription line. Brands in running text are
    usually other outlets being quoted, and wire agencies are credits, not publishers."""
    if vocab.publisher_names is None:
        return []
    found: dict[str, Publisher] = {}
    naming = residue | lines_holding(lines, _SELF_REFERENCE)
    for index, line in enumerate(lines):
        if index not in naming:
            continue
        for match in vocab.publisher_names.finditer(line.plain):
            name = match.group(0)
            if name in found or name in vocab.agencies:
                continue
            evidence = Evidence("brand-in-text", line.number, line.plain[:200])
            found[name] = Publisher(name, vocab.publisher_domain_by_name.get(name), evidence)
    return list(found.values())


def _publisher(
    original: UrlFact | None,
    domain: str | None,
    site_names: Sequence[str],
    named: Sequence[Publisher],
    vocab: Vocabulary,
) -> Publisher | None:
    if original and domain:
        name = vocab.publisher_by_domain.get(domain) or (site_names[0] if site_names else None)
        return Publisher(name, domain, Evidence("original-url", original.evidence.line, original.url))
    if site_names:
        name = site_names[0]
        match = next(
            (d for n, d in vocab.publisher_domain_by_name.items() if n.lower() == name.lower()),
            None,
        )
        return Publisher(name, match, Evidence("html-meta:site-name", None, name))
    # Without a URL, a brand the text names (often in its residue) is the best evidence left;
    # only a single brand counts, since a text naming two could be quoting the other.
    brands = {p.name for p in named}
    if len(brands) == 1:
        return named[0]
    return None


def _byline_elements(page: HtmlFacts) -> list[tuple[int, str]]:
    """(line number, text) of the article's byline elements (not in comments or sidebars)."""
    numbers = [line.number for line in page.lines]
    return [
        (numbers[min(b.index, len(numbers) - 1)] if numbers else 1, b.text)
        for b in page.byline_authors
        if not b.foreign and not b.elsewhere
    ]


def _authors(page: HtmlFacts | None, names: Sequence[str]) -> tuple[str, ...]:
    if page is None:
        return ()
    from provenance.extract.authors import extract_authors

    return tuple(extract_authors(page, names))
