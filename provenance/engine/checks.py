"""Check kinds: the few typed checks that rule files combine with parameters.

Every kind is registered in CHECK_KINDS, the one table the rule loader consults. A document
kind looks at one Document; a corpus kind at the DocumentRecords of all of them (what an
offline audit keeps of each document once its own rules ran); an input kind at read failures.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache
from typing import Any, Literal

from provenance.extract.dates import FIRST_WEB_DAY
from provenance.extract.sketch import estimate_similarity, sketch_values
from provenance.extract.urls import (
    URL_SHORTENERS,
    host_of,
    registered_domain,
    slug_words,
    tracking_parameters,
    url_key,
)
from provenance.model import Document, DocumentRecord, LinkState, ReadFailure, Resolution, Severity
from provenance.vocabulary import Vocabulary, alias_alternation, default_vocabulary

Scope = Literal["document", "corpus", "input", "suppression"]


@dataclass(frozen=True, slots=True)
class Hit:
    """What a check found; the engine turns it into a Finding with the rule's code."""

    path: str
    line: int
    message: str
    fix: str | None = None
    evidence: str = ""
    severity: Severity | None = None
    """Overrides the rule's severity (a dead link is a warning where a dead original URL is an error)."""


@dataclass(frozen=True, slots=True)
class CheckContext:
    today: dt.date
    vocabulary: Vocabulary = field(default_factory=default_vocabulary)
    """Agencies and publishers, including a configuration's extras."""
    resolutions: Mapping[str, Resolution] = field(default_factory=dict)
    """What resolving the cited URLs found, keyed by `url_key` (empty offline): network kinds read it."""


@dataclass(frozen=True, slots=True)
class CheckKind:
    scope: Scope
    run: Any
    params: dict[str, tuple[type, ...]]
    required: tuple[str, ...] = ()
    choices: dict[str, tuple[str, ...]] | None = None
    network: bool = False

    def validate(self, params: dict[str, Any]) -> str | None:
        """None when the parameters fit, else "name: problem" for the error message."""
        for key in self.required:
            if key not in params:
                return f"{key}' is missing"
        for key, value in params.items():
            if key not in self.params:
                return f"{key}': unknown parameter (known: {', '.join(sorted(self.params)) or 'none'})"
            if not isinstance(value, self.params[key]) or (isinstance(value, bool) and bool not in self.params[key]):
                return f"{key}': expected {' or '.join(t.__name__ for t in self.params[key])}"
            allowed = (self.choices or {}).get(key)
            values = value if isinstance(value, list) else [value]
            if allowed and any(v not in allowed for v in values):
                return f"{key}': must be one of {', '.join(allowed)}"
            if isinstance(value, str) and key.endswith("pattern"):
                try:
                    re.compile(value)
                except re.error as error:
                    return f"{key}': bad regex: {error}"
            if key in {"if", "then"}:
                problem = condition_problem(value, key)
                if problem:
                    return problem
        return None


# --- document checks -------------------------------------------------------------------

FIELDS = ("title", "date", "original_url", "publisher", "credit")


def _has_field(document: Document, name: str) -> bool:
    if name == "credit":
        return bool(document.credits)
    return getattr(document, name) is not None


def check_required(document: Document, params: dict[str, Any], _: CheckContext) -> Iterator[Hit]:
    """A fact that every document must carry."""
    name = params["field"]
    if not _has_field(document, name):
        yield Hit(document.path, 1, params.get("message", f"no {name.replace('_', ' ')} found"))


def check_placeholder_links(document: Document, params: dict[str, Any], _: CheckContext) -> Iterator[Hit]:
    for link in document.links:
        if link.placeholder:
            target = link.url or "(empty)"
            yield Hit(
                document.path,
                link.line,
                f"link {link.text[:80]!r} points to {target!r}: the cited source was lost",
                evidence=f"{link.text}|{link.url}",
            )


def check_residue(document: Document, params: dict[str, Any], _: CheckContext) -> Iterator[Hit]:
    kinds = params.get("kinds")
    for block in document.residue:
        if kinds and block.kind not in kinds:
            continue
        span = f"lines {block.line}-{block.end_line}" if block.end_line > block.line else f"line {block.line}"
        yield Hit(
            document.path,
            block.line,
            f"scrape residue ({block.kind}, {span}): {block.text[:80]!r}",
            evidence=f"{block.kind}|{block.text}",
        )


def check_date_url_agreement(document: Document, params: dict[str, Any], _: CheckContext) -> Iterator[Hit]:
    """The document's date against the date in its original URL's path."""
    date, in_url = document.date, document.url_date
    if date is None or in_url is None or date.evidence.source == "url-path":
        return
    tolerance = int(params.get("tolerance_days", 1))
    if abs((date.value - in_url.value).days) > tolerance:
        yield Hit(
            document.path,
            date.evidence.line or 1,
            f"date {date.value.isoformat()} ({date.evidence.source}) differs from "
            f"{in_url.value.isoformat()} in the original URL",
            fix=f"check which is right; the URL says {in_url.value.isoformat()}",
            evidence=f"{date.value.isoformat()}|{in_url.value.isoformat()}",
        )


def check_date_range(document: Document, params: dict[str, Any], context: CheckContext) -> Iterator[Hit]:
    ahead = int(params.get("future_days", 2))
    for fact in document.date_candidates:
        when = fact.value
        if when > context.today + dt.timedelta(days=ahead):
            reason = f"is in the future (today is {context.today.isoformat()})"
        elif when < FIRST_WEB_DAY:
            reason = f"predates the web ({FIRST_WEB_DAY.isoformat()})"
        else:
            continue
        yield Hit(
            document.path,
            fact.evidence.line or 1,
            f"date {when.isoformat()} from {fact.evidence.source} {reason}",
            evidence=f"{fact.evidence.source}|{when.isoformat()}",
        )


def check_publisher_agreement(document: Document, params: dict[str, Any], _: CheckContext) -> Iterator[Hit]:
    """A publisher brand named in the text against the original URL's domain."""
    original = document.original_url
    if original is None or not document.named_publishers:
        return
    domain = registered_domain(original.url)
    if domain is None:
        return
    named = [p for p in document.named_publishers if p.domain]
    if not named or any(p.domain == domain for p in named):
        return
    first = named[0]
    yield Hit(
        document.path,
        first.evidence.line or 1,
        f"the text names {first.name} ({first.domain}) but the original URL is on {domain}",
        fix=f"check that the original URL is the {first.name} article, or that the text is {domain}'s",
        evidence=f"{first.name}|{domain}",
    )


_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "to",
        "was",
        "were",
        "will",
        "with",
    ]
)


def _words(text: str) -> set[str]:
    return {
        w for w in re.findall(r"[^\W_]+", text.lower().replace("\u2019", "'")) if w not in _STOPWORDS and len(w) > 1
    }


def slug_fit(slug: Sequence[str], title: str) -> float:
    """Share of the slug's content words that appear in the title (prefix-tolerant)."""
    slug_set = {w for w in slug if w not in _STOPWORDS and len(w) > 1}
    if not slug_set:
        return 1.0
    title_words = _words(title)
    hits = sum(
        1
        for w in slug_set
        if w in title_words or any(t.startswith(w) or w.startswith(t) for t in title_words if len(t) > 3 and len(w) > 3)
    )
    return hits / len(slug_set)


def check_slug_title_fit(document: Document, params: dict[str, Any], _: CheckContext) -> Iterator[Hit]:
    if document.original_url is None or document.title is None:
        return
    slug = slug_words(document.original_url.url)
    if len(slug) < int(params.get("min_slug_words", 3)):
        return
    fit = slug_fit(slug, document.title.value)
    if fit < float(params.get("threshold", 0.5)):
        yield Hit(
            document.path,
            document.original_url.evidence.line or 1,
            f"the original URL's slug {'-'.join(slug)!r} fits the title {document.title.value[:80]!r} only {fit:.0%}",
            fix="check that the original URL is this article's",
            evidence=f"{'-'.join(slug)}|{document.title.value}",
        )


_SECTION_PATH = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]{2})?/)?(?:[\w-]+/?)?$", re.I)


def weak_url_reasons(url: str) -> list[str]:
    reasons: list[str] = []
    host = host_of(url) or ""
    if url.lower().startswith("http://"):
        reasons.append("plain http")
    if host in URL_SHORTENERS or registered_domain(url) in URL_SHORTENERS:
        reasons.append(f"a URL shortener ({host})")
    params = tracking_parameters(url)
    if params:
        reasons.append(f"tracking parameters ({', '.join(params)})")
    path = re.sub(r"^[a-z]+://[^/]*", "", url, flags=re.I).split("?")[0].split("#")[0] or "/"
    if path in {"", "/"} or re.fullmatch(r"/(?:index|default|home)\.\w+", path, flags=re.I):
        reasons.append("the site's home page, not an article")
    elif _SECTION_PATH.match(path) and not re.search(r"\d", path) and len(slug_words(url)) < 2:
        reasons.append(f"a section page ({path}), not an article")
    return reasons


def check_weak_url(document: Document, params: dict[str, Any], _: CheckContext) -> Iterator[Hit]:
    original = document.original_url
    if original is None:
        return
    reasons = weak_url_reasons(original.url)
    ignore = set(params.get("ignore", []))
    reasons = [r for r in reasons if not any(r.startswith(i) for i in ignore)]
    if reasons:
        yield Hit(
            document.path,
            original.evidence.line or 1,
            f"weak original URL {original.url!r}: {'; '.join(reasons)}",
            fix=f"use the article's full https URL: {url_key(original.url)}"
            if any("tracking" in r for r in reasons)
            else None,
            evidence=original.url,
        )


def check_mention_without_credit(document: Document, params: dict[str, Any], context: CheckContext) -> Iterator[Hit]:
    """The text leans on an agency's reporting ("Reuters reported") yet credits no agency.

    `pattern` is matched against each line that names an agency outside a credit;
    `{agency}` in it stands for that agency's names.
    """
    credited = {c.agency for c in document.credits}
    reported: dict[str, int] = {}
    for mention in document.mentions:
        if mention.agency in credited or mention.agency in reported:
            continue
        aliases = tuple(a for a, name in context.vocabulary.agencies.items() if name == mention.agency)
        if _mention_pattern(params["pattern"], aliases).search(mention.text):
            reported[mention.agency] = mention.line
    for agency, line in reported.items():
        yield Hit(
            document.path,
            line,
            f"the text relies on reporting by {agency} but carries no {agency} credit",
            fix=f"add a credit line, e.g. '{agency} contributed reporting.'",
            evidence=agency,
        )


@cache
def _mention_pattern(pattern: str, aliases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(pattern.replace("{agency}", alias_alternation(list(aliases))))


# --- corpus checks: they compare DocumentRecords, the part of each document kept for them ----------


def _provenance_gaps(document: DocumentRecord, other: DocumentRecord) -> list[str]:
    """What `other` has that `document` lacks or states differently."""
    gaps: list[str] = []
    if other.original_url is not None and (
        document.original_url is None or url_key(document.original_url) != url_key(other.original_url)
    ):
        verb = "has no original URL" if document.original_url is None else "has another original URL"
        gaps.append(f"{verb} ({other.path} has {other.original_url})")
    if other.date is not None and document.date != other.date:
        verb = "has no date" if document.date is None else f"is dated {document.date.isoformat()}"
        gaps.append(f"{verb} ({other.path} has {other.date.isoformat()})")
    missing = sorted(set(other.reporting_agencies) - set(document.reporting_agencies))
    if missing:
        gaps.append(f"lacks the {', '.join(missing)} credit ({other.path} has it)")
    return gaps


def _fix_from(document: DocumentRecord, other: DocumentRecord) -> str | None:
    parts: list[str] = []
    if other.original_url is not None and document.original_url is None:
        parts.append(f"add 'Original url: {other.original_url}'")
    if other.date is not None and document.date is None:
        parts.append(f"add the date {other.date.isoformat()}")
    missing = sorted(set(other.reporting_agencies) - set(document.agencies))
    if missing:
        parts.append(f"credit {', '.join(missing)}")
    if not parts:
        return f"reconcile with {other.path}"
    return f"{'; '.join(parts)} (from {other.path})"


CANDIDATE_KEYS = 16
"""Each document is indexed under its 16 smallest sketch values; a pair becomes a candidate
when it shares at least half the keys its similarity threshold implies (4 for 0.5). Each key
is shared with probability about J (the Jaccard similarity), so a pair right at J = 0.5 is
missed with probability P(Binomial(16, 0.5) <= 3) = 1 %, at J = 0.6 0.1 %, at J = 0.7
0.01 %; templated text that shares a few common phrases stays out. Verification then uses
the whole sketch."""

COMMON_KEY = 100
"""A sketch value shared by more documents than this is a stock phrase, not evidence.
Identical copies (one story syndicated a hundred times) are grouped before indexing, so
their common values do not count against this limit."""


def near_duplicate_pairs(
    documents: Sequence[DocumentRecord], threshold: float, max_bucket: int = COMMON_KEY
) -> list[tuple[int, int, float]]:
    """Pairs (i, j, similarity) at or above `threshold`, found through an inverted index.

    Candidates are counted one document at a time (the partners after it in each of its
    buckets), so memory holds the index and the pairs found, never every candidate pair of
    the corpus (stock phrases make those grow with the square of its size)."""
    groups: dict[bytes, list[int]] = defaultdict(list)
    for index, document in enumerate(documents):
        if document.sketch:
            groups[document.sketch].append(index)
    representatives = [members[0] for members in groups.values()]
    # sketch value -> the representative that has it, a list once two or more do (most values have one)
    buckets: dict[int, int | list[int]] = {}
    for index in representatives:
        for value in sketch_values(documents[index].sketch)[:CANDIDATE_KEYS]:
            known = buckets.setdefault(value, index)
            if isinstance(known, list):
                known.append(index)
            elif known != index:
                buckets[value] = [known, index]
    minimum = max(2, int(CANDIDATE_KEYS * threshold / 2))
    pairs: list[tuple[int, int, float]] = []
    for members in groups.values():
        pairs.extend((a, b, 1.0) for position, a in enumerate(members) for b in members[position + 1 :])
    for a in representatives:
        shared: Counter[int] = Counter()
        for value in sketch_values(documents[a].sketch)[:CANDIDATE_KEYS]:
            bucket = buckets[value]
            if isinstance(bucket, list) and len(bucket) <= max_bucket:
                shared.update(bucket[bisect_right(bucket, a) :])  # a bucket lists its members in order
        for b, count in shared.items():
            if count < minimum:
                continue
            similarity = estimate_similarity(documents[a].sketch, documents[b].sketch)
            if similarity >= threshold:
                pairs.extend(
                    (min(x, y), max(x, y), similarity)
                    for x in groups[documents[a].sketch]
                    for y in groups[documents[b].sketch]
                )
    return sorted(pairs)


def check_divergent_duplicates(
    documents: Sequence[DocumentRecord], params: dict[str, Any], _: CheckContext
) -> Iterator[Hit]:
    """One finding per copy that lacks or contradicts what its near-duplicates say: the copy
    with the most to offer is named (then the most similar), and the others are counted."""
    threshold = float(params.get("threshold", 0.5))
    partners: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for a, b, similarity in near_duplicate_pairs(documents, threshold):
        partners[a].append((b, similarity))
        partners[b].append((a, similarity))
    for index in sorted(partners):
        mine = documents[index]
        offers = [
            (len(gaps), similarity, other, gaps)
            for other, similarity in partners[index]
            if (gaps := _provenance_gaps(mine, documents[other]))
        ]
        if not offers:
            continue
        offers.sort(key=lambda offer: (-offer[0], -offer[1], documents[offer[2]].path))
        _count, similarity, best, gaps = offers[0]
        other = documents[best]
        more = f" (and {len(offers) - 1} more cop{'y' if len(offers) == 2 else 'ies'})" if len(offers) > 1 else ""
        yield Hit(
            mine.path,
            1,
            f"near-duplicate of {other.path}{more} (similarity {similarity:.2f}) but {'; '.join(gaps)}",
            fix=_fix_from(mine, other),
            evidence=f"{other.path}|{'|'.join(sorted(gaps))}",
        )


def titles_agree(a: str, b: str, threshold: float) -> bool:
    left, right = " ".join(sorted(_words(a))), " ".join(sorted(_words(b)))
    return SequenceMatcher(None, left, right).ratio() >= threshold


def check_conflicting_claims(
    documents: Sequence[DocumentRecord], params: dict[str, Any], _: CheckContext
) -> Iterator[Hit]:
    """Documents that give the same original URL must agree on its title and date."""
    threshold = float(params.get("title_threshold", 0.6))
    groups: dict[str, list[DocumentRecord]] = defaultdict(list)
    for document in documents:
        if document.original_url is not None:
            groups[url_key(document.original_url)].append(document)
    for key, group in groups.items():
        if len(group) < 2:
            continue
        for document in group:
            for other in group:
                if other is document:
                    continue
                conflicts: list[str] = []
                if document.date is not None and other.date is not None and document.date != other.date:
                    conflicts.append(f"date {document.date.isoformat()} vs {other.date.isoformat()}")
                if (
                    document.title is not None
                    and other.title is not None
                    and not titles_agree(document.title, other.title, threshold)
                ):
                    conflicts.append(f"title {document.title[:60]!r} vs {other.title[:60]!r}")
                if conflicts:
                    yield Hit(
                        document.path,
                        document.original_url_line or 1,
                        f"shares the original URL {key} with {other.path} but disagrees: {'; '.join(conflicts)}",
                        evidence=f"{key}|{other.path}|{'|'.join(conflicts)}",
                    )


# --- policy checks: fields, conditions, patterns and lists, for packs written without Python ---

LIST_FIELDS = {"credits": "credits", "links": "links", "residue": "residue", "mentions": "mentions"}
SINGLE_FIELDS = ("title", "date", "original_url", "url_date", "publisher.name", "publisher.domain", "format")
FIELD_NAMES = (
    *SINGLE_FIELDS,
    "credits.agency",
    "credits.kind",
    "credits.text",
    "links.url",
    "links.text",
    "links.kind",
    "residue.kind",
    "mentions.agency",
)


def field_values(document: Document, name: str, only: dict[str, Any] | None = None) -> list[tuple[str, int]]:
    """The values of a fact as (text, line) pairs; list facts give one pair per item."""
    head, _, attribute = name.partition(".")
    if head in LIST_FIELDS:
        values: list[tuple[str, int]] = []
        for item in getattr(document, LIST_FIELDS[head]):
            if only and not all(_equals(str(getattr(item, k, "")), v) for k, v in only.items()):
                continue
            values.append((str(getattr(item, attribute)), int(getattr(item, "line", 1))))
        return values
    if name == "title":
        return [(document.title.value, document.title.evidence.line or 1)] if document.title else []
    if name in {"date", "url_date"}:
        fact = document.date if name == "date" else document.url_date
        return [(fact.value.isoformat(), fact.evidence.line or 1)] if fact else []
    if name == "original_url":
        url = document.original_url
        return [(url.url, url.evidence.line or 1)] if url else []
    if name.startswith("publisher."):
        publisher = document.publisher
        value = getattr(publisher, attribute) if publisher else None
        return [(value, publisher.evidence.line or 1)] if publisher and value else []
    if name == "format":
        return [(document.format.value, 1)]
    return []


def _equals(value: str, expected: Any) -> bool:
    options = expected if isinstance(expected, list) else [expected]
    return value.lower() in {str(o).lower() for o in options}


CONDITION_TESTS = ("exists", "equals", "matches")


def condition_problem(condition: Any, where: str) -> str | None:
    """Why a condition table is malformed, or None."""
    if not isinstance(condition, dict):
        return f'{where}\': must be a table like {{ field = "original_url", exists = true }}'
    if condition.get("field") not in FIELD_NAMES:
        return f"{where}.field': must be one of {', '.join(FIELD_NAMES)}"
    tests = [t for t in CONDITION_TESTS if t in condition]
    extra = set(condition) - {"field", "only", *CONDITION_TESTS}
    if len(tests) != 1 or extra:
        return f"{where}': needs exactly one of {', '.join(CONDITION_TESTS)} (and optionally only)"
    if "matches" in condition:
        try:
            re.compile(condition["matches"])
        except (re.error, TypeError) as error:
            return f"{where}.matches': bad regex: {error}"
    return None


def condition_holds(document: Document, condition: dict[str, Any]) -> bool:
    values = field_values(document, condition["field"], condition.get("only"))
    if "exists" in condition:
        return bool(values) == bool(condition["exists"])
    if "equals" in condition:
        return any(_equals(value, condition["equals"]) for value, _ in values)
    pattern = _compiled(condition["matches"])
    return any(pattern.search(value) for value, _ in values)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def check_conditional(document: Document, params: dict[str, Any], _: CheckContext) -> Iterator[Hit]:
    """If the `if` condition holds, the `then` condition must hold too."""
    if condition_holds(document, params["if"]) and not condition_holds(document, params["then"]):
        lines = field_values(document, params["if"]["field"], params["if"].get("only"))
        line = lines[0][1] if lines else 1
        yield Hit(document.path, line, params["message"], evidence=params["message"])


def check_pattern(document: Document, params: dict[str, Any], context: CheckContext) -> Iterator[Hit]:
    """Every value of a fact must (or must not) match a pattern; `agency_ok` lets known agencies pass."""
    pattern = _compiled(params["pattern"])
    must_match = params.get("must", "match") == "match"
    agencies = context.vocabulary.agencies if params.get("agency_ok") else {}
    for value, line in field_values(document, params["field"], params.get("only")):
        if value in agencies:
            continue
        if bool(pattern.search(value)) != must_match:
            message = str(params.get("message", "{field} {value!r} breaks the house rule")).format(
                field=params["field"], value=value
            )
            yield Hit(document.path, line, message, evidence=f"{params['field']}|{value}")


def check_allow_list(document: Document, params: dict[str, Any], _: CheckContext) -> Iterator[Hit]:
    """Every value of a fact must be one of the listed values (case-insensitive)."""
    allowed = {str(v).lower() for v in params["values"]}
    for value, line in field_values(document, params["field"], params.get("only")):
        if value.lower() not in allowed:
            message = str(params.get("message", "{field} {value!r} is not on the allow-list")).format(
                field=params["field"], value=value
            )
            yield Hit(document.path, line, message, evidence=f"{params['field']}|{value}")


# --- input checks ----------------------------------------------------------------------


def check_read_failures(failures: Sequence[ReadFailure], params: dict[str, Any], _: CheckContext) -> Iterator[Hit]:
    for failure in failures:
        yield Hit(failure.path, 1, failure.reason, evidence=failure.reason.split(":")[0])


# --- network checks: they read the resolutions found before the rules run (still pure) ----


def _cited_urls(document: Document) -> Iterator[tuple[str, int, bool]]:
    """(URL, line, is the original URL) for the original URL and every real link, each key once."""
    seen: set[str] = set()
    if document.original_url:
        seen.add(url_key(document.original_url.url))
        yield document.original_url.url, document.original_url.evidence.line or 1, True
    for link in document.links:
        key = url_key(link.url)
        if link.placeholder or key in seen:
            continue
        seen.add(key)
        yield link.url, link.line, False


def _state_fix(resolution: Resolution, original: bool) -> str | None:
    snapshot = resolution.snapshot
    state = resolution.state
    if state in (LinkState.DEAD, LinkState.SOFT_404):
        if snapshot:
            where = "'Original url:' footer" if original else "link"
            return (
                f"the page is gone: point the {where} at the archived copy {snapshot.url} "
                f"(captured {snapshot.date.isoformat()}), or at the article's new address"
            )
        return "find the article's new address or an archived copy and cite that; or remove the link"
    if state is LinkState.MOVED and resolution.final_url:
        return f"update the URL to {resolution.final_url}"
    if state in (LinkState.UNKNOWN, LinkState.BLOCKED):
        return "check it by hand, or rerun later; an unreachable URL is not proof that it is gone"
    return None


def check_link_state(document: Document, params: dict[str, Any], context: CheckContext) -> Iterator[Hit]:
    """The cited URLs whose resolution ended in one of `states` (dead, moved, soft-404, unknown...)."""
    if not context.resolutions:
        return
    states = set(params["states"])
    link_severity = params.get("link_severity")
    for url, line, original in _cited_urls(document):
        resolution = context.resolutions.get(url_key(url))
        if resolution is None or resolution.state.value not in states:
            continue
        what = "original URL" if original else "link"
        if resolution.state in (LinkState.UNKNOWN, LinkState.BLOCKED):
            verdict = "was refused" if resolution.state is LinkState.BLOCKED else "could not be checked"
            message = f"{what} {url} {verdict}: {resolution.evidence} (unknown, not dead)"
        else:
            message = f"{what} {url} is {resolution.state.value}: {resolution.evidence}"
        if resolution.failing_since and resolution.state is not LinkState.BLOCKED:
            message += f"; failing since {resolution.failing_since}"
        yield Hit(
            document.path,
            line,
            message,
            fix=_state_fix(resolution, original),
            evidence=f"{resolution.state.value}|{url_key(url)}",
            severity=Severity(link_severity) if link_severity and not original else None,
        )


def check_archive_state(document: Document, params: dict[str, Any], context: CheckContext) -> Iterator[Hit]:
    """The original URL's archive lookup ended in one of `states` (`none`: an archive confirmed no copy)."""
    if not context.resolutions:
        return
    original = document.original_url
    if original is None:
        return
    resolution = context.resolutions.get(url_key(original.url))
    if resolution is None or resolution.archive_state not in set(params["states"]):
        return
    yield Hit(
        document.path,
        original.evidence.line or 1,
        f"no archive snapshot of the original URL {original.url}: {resolution.archive_evidence}",
        fix=f"have it archived while it is alive: https://web.archive.org/save/{original.url}"
        if resolution.state in (LinkState.ALIVE, LinkState.MOVED)
        else "look for another copy (other archives, the publisher's syndication partners)",
        evidence=f"{resolution.archive_state}|{url_key(original.url)}",
    )


def _title_fit(document_title: str, page_title: str, enough: float = 1.0) -> float:
    """How well two titles fit (shared words, else the character match of their sorted words);
    stops as soon as the fit reaches `enough` (the slower match changes nothing then)."""
    mine, theirs = _words(document_title), _words(page_title)
    if not mine or not theirs:
        return 1.0
    covered = len(mine & theirs) / min(len(mine), len(theirs))
    if covered >= enough:
        return covered
    matcher = SequenceMatcher(None, " ".join(sorted(mine)), " ".join(sorted(theirs)))
    if matcher.real_quick_ratio() <= covered or matcher.quick_ratio() <= covered:
        return covered  # upper bounds of ratio(): it cannot beat the shared words
    return max(covered, matcher.ratio())


def check_live_page_agreement(document: Document, params: dict[str, Any], context: CheckContext) -> Iterator[Hit]:
    """The live (or, when it is gone, the archived) page's title or date against the document's."""
    if not context.resolutions:
        return
    original = document.original_url
    if original is None:
        return
    resolution = context.resolutions.get(url_key(original.url))
    if resolution is None:
        return
    field_name = params["field"]
    source = resolution.title_source if field_name == "title" else resolution.page_date_source
    archived = bool(source and source.startswith("snapshot:"))
    if not archived and resolution.state not in (LinkState.ALIVE, LinkState.MOVED):
        return
    page = "archived page" if archived else "live page"
    line = original.evidence.line or 1
    if field_name == "title" and document.title and resolution.title:
        threshold = float(params.get("threshold", 0.6))
        fit = _title_fit(document.title.value, resolution.title, enough=threshold)
        if fit < threshold:
            yield Hit(
                document.path,
                document.title.evidence.line or line,
                f"the {page}'s title {resolution.title[:100]!r} ({source}) does not fit the document's "
                f"{document.title.value[:100]!r} (fit {fit:.0%})",
                fix="check that the original URL is this article's, or whether the article was retitled",
                evidence=f"{resolution.title}|{document.title.value}",
            )
    elif field_name == "date" and document.date and resolution.page_date:
        tolerance = int(params.get("tolerance_days", 1))
        if abs((document.date.value - resolution.page_date).days) > tolerance:
            yield Hit(
                document.path,
                document.date.evidence.line or line,
                f"the {page} says {resolution.page_date.isoformat()} ({source}) but the document says "
                f"{document.date.value.isoformat()} ({document.date.evidence.source})",
                fix=f"check which is right; the {page} says {resolution.page_date.isoformat()}",
                evidence=f"{resolution.page_date.isoformat()}|{document.date.value.isoformat()}",
            )


LINK_STATES = ("alive", "dead", "moved", "soft-404", "unknown", "blocked")
ARCHIVE_STATES = ("found", "none", "unknown", "blocked")


CHECK_KINDS: dict[str, CheckKind] = {
    "required": CheckKind(
        "document",
        check_required,
        {"field": (str,), "message": (str,)},
        ("field",),
        {"field": FIELDS},
    ),
    "placeholder-link": CheckKind("document", check_placeholder_links, {}),
    "residue": CheckKind("document", check_residue, {"kinds": (list,)}),
    "date-url-agreement": CheckKind("document", check_date_url_agreement, {"tolerance_days": (int,)}),
    "date-range": CheckKind("document", check_date_range, {"future_days": (int,)}),
    "publisher-agreement": CheckKind("document", check_publisher_agreement, {}),
    "slug-title-fit": CheckKind(
        "document", check_slug_title_fit, {"threshold": (float, int), "min_slug_words": (int,)}
    ),
    "weak-url": CheckKind("document", check_weak_url, {"ignore": (list,)}),
    "conditional": CheckKind(
        "document", check_conditional, {"if": (dict,), "then": (dict,), "message": (str,)}, ("if", "then", "message")
    ),
    "pattern": CheckKind(
        "document",
        check_pattern,
        {"field": (str,), "pattern": (str,), "must": (str,), "only": (dict,), "agency_ok": (bool,), "message": (str,)},
        ("field", "pattern"),
        {"field": FIELD_NAMES, "must": ("match", "not-match")},
    ),
    "allow-list": CheckKind(
        "document",
        check_allow_list,
        {"field": (str,), "values": (list,), "only": (dict,), "message": (str,)},
        ("field", "values"),
        {"field": FIELD_NAMES},
    ),
    "unused-suppression": CheckKind("suppression", None, {}),
    "mention-without-credit": CheckKind("document", check_mention_without_credit, {"pattern": (str,)}, ("pattern",)),
    "near-duplicate": CheckKind("corpus", check_divergent_duplicates, {"threshold": (float, int)}),
    "shared-url-conflict": CheckKind("corpus", check_conflicting_claims, {"title_threshold": (float, int)}),
    "read-failure": CheckKind("input", check_read_failures, {}),
    "link-state": CheckKind(
        "document",
        check_link_state,
        {"states": (list,), "link_severity": (str,)},
        ("states",),
        {"states": LINK_STATES, "link_severity": ("error", "warning", "info")},
        network=True,
    ),
    "archive-state": CheckKind(
        "document", check_archive_state, {"states": (list,)}, ("states",), {"states": ARCHIVE_STATES}, network=True
    ),
    "live-page-agreement": CheckKind(
        "document",
        check_live_page_agreement,
        {"field": (str,), "threshold": (float, int), "tolerance_days": (int,)},
        ("field",),
        {"field": ("title", "date")},
        network=True,
    ),
}
"""The one registry of check kinds; a rule file names one of these keys."""
