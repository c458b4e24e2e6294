"""The plain data every stage passes on: frozen dataclasses, no behaviour beyond views.

Every extracted value carries its `Evidence` (which source said it, on which line, in what
words) because a provenance audit that cannot show where a fact came from is not trusted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class DocFormat(StrEnum):
    MARKDOWN = "markdown"
    TEXT = "text"
    HTML = "html"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe; used for `--fail-on` and sorting."""
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class CreditKind(StrEnum):
    WIRE = "wire"
    CONTRIBUTED = "contributed"
    PHOTO = "photo"
    BYLINE = "byline"


class LinkKind(StrEnum):
    INLINE = "inline"
    REFERENCE = "reference"
    AUTOLINK = "autolink"
    BARE = "bare"
    ANCHOR = "anchor"
    IMAGE = "image"


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was found: a named source (`markdown-heading`, `url-path`, ...) and a line."""

    source: str
    line: int | None
    text: str


@dataclass(frozen=True, slots=True)
class Title:
    value: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class DateFact:
    value: dt.date
    evidence: Evidence
    modified: bool = False
    """True when the source speaks of an update, not first publication."""


@dataclass(frozen=True, slots=True)
class UrlFact:
    url: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Publisher:
    name: str | None
    domain: str | None
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Credit:
    agency: str
    kind: CreditKind
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Mention:
    """An agency named outside any credit pattern ("told Reuters"): not a credit, but a clue."""

    agency: str
    line: int
    text: str


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    text: str
    line: int
    kind: LinkKind
    placeholder: bool = False


@dataclass(frozen=True, slots=True)
class Residue:
    """A block of scraper leftovers (newsletter box, donation appeal, ...), lines inclusive."""

    kind: str
    line: int
    end_line: int
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    path: str
    format: DocFormat
    title: Title | None
    date: DateFact | None
    original_url: UrlFact | None
    publisher: Publisher | None
    credits: tuple[Credit, ...]
    links: tuple[Link, ...]
    residue: tuple[Residue, ...]
    date_candidates: tuple[DateFact, ...] = ()
    """Every date seen, the chosen one first; rules compare them."""
    url_candidates: tuple[UrlFact, ...] = ()
    url_date: DateFact | None = None
    """The date written in the original URL's path, if any."""
    named_publishers: tuple[Publisher, ...] = ()
    """Publisher brands named in the text or its residue."""
    mentions: tuple[Mention, ...] = ()
    sketch: bytes = b""
    """Bottom-k hashes of the body's word shingles, for near-duplicate search."""
    lines: int = 0
    suppressions: tuple[Suppression, ...] = ()
    encoding: str = "utf-8"
    digest: str = ""
    """Hash of the file's bytes when read; `--fix` refuses to write over a file changed since."""
    authors: tuple[str, ...] = ()
    """The article's authors (HTML: JSON-LD, author meta tags, byline elements), most trusted source only."""


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """What an audit keeps of a document once the document's own rules ran: the facts the
    corpus-wide rules compare (PRV401 near-duplicates, PRV402 shared URLs), its suppressions
    (a corpus-wide finding on it may be silenced), and what `--fix` and the reports' summaries
    read. About a kilobyte (half of it the sketch) where the Document took about 16 KiB, so an
    offline audit that streams its documents stays nearly flat in memory as the corpus grows."""

    path: str
    format: DocFormat
    title: str | None
    title_line: int | None
    date: dt.date | None
    original_url: str | None
    original_url_line: int | None
    agencies: tuple[str, ...]
    """Every agency a credit names, sorted, each once."""
    reporting_agencies: tuple[str, ...]
    """The agencies credited for reporting (every credit but photo credits), sorted, each once."""
    sketch: bytes
    lines: int
    suppressions: tuple[Suppression, ...]
    encoding: str
    digest: str


@dataclass(frozen=True, slots=True)
class Suppression:
    """An inline `provenance: ignore CODE -- reason` comment.

    `target_line` is the line it silences; None means the whole file (`ignore-file`).
    """

    rules: tuple[str, ...]
    line: int
    target_line: int | None
    reason: str


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """A file that could not become a Document, and why (reported as PRV901)."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    name: str
    severity: Severity
    path: str
    line: int
    message: str
    fix: str | None = None
    column: int = 1
    evidence: str = ""
    """The text the finding is about; baselines fingerprint it instead of the line number."""

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.rule, self.message)


@dataclass(frozen=True, slots=True)
class AuditResult:
    documents: tuple[Document, ...]
    """The whole documents, when the audit kept them (it does with a resolver, and when asked);
    an offline audit may stream them to its report instead: `records` has one per document."""
    failures: tuple[ReadFailure, ...]
    findings: tuple[Finding, ...]
    resolutions: Mapping[str, Resolution] = field(default_factory=dict, compare=False, hash=False)
    """What resolving the cited URLs found, keyed by `url_key` (empty offline without a cache)."""
    records: tuple[DocumentRecord, ...] = ()
    """One per document read, in corpus order, whether or not `documents` kept it."""


class LinkState(StrEnum):
    """What resolving a URL found; `unknown` is never reported as dead."""

    ALIVE = "alive"
    DEAD = "dead"
    MOVED = "moved"
    SOFT_404 = "soft-404"
    UNKNOWN = "unknown"
    BLOCKED = "blocked"
    """The SSRF guard refused it (private address, forbidden scheme)."""
    UNCHECKED = "unchecked"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One archived copy (a memento) of a URL."""

    url: str
    timestamp: str
    """14 digits, YYYYMMDDhhmmss, UTC."""
    archive: str
    """`wayback`, `archive.today`, ... or the TimeMap base URL."""
    source: str
    """Which answer named it: `cdx`, `availability`, `timemap`."""
    status: int | None = 200

    @property
    def date(self) -> dt.date:
        return dt.date(int(self.timestamp[:4]), int(self.timestamp[4:6]), int(self.timestamp[6:8]))


@dataclass(frozen=True, slots=True)
class Resolution:
    """The outcome of checking one URL (keyed by `url_key`), with the evidence behind it."""

    url: str
    key: str
    state: LinkState
    status: int | None = None
    final_url: str | None = None
    chain: tuple[tuple[int, str], ...] = ()
    """Every redirect hop as (status, URL requested), in order."""
    error: str | None = None
    evidence: str = ""
    """One line saying why this state: "404 Not Found", "302 to the site's home page", ..."""
    checked_at: str = ""
    """ISO 8601 UTC time of the check (of the cached check when it came from the cache)."""
    failing_since: str | None = None
    failures: int = 0
    title: str | None = None
    title_source: str | None = None
    page_date: dt.date | None = None
    page_date_source: str | None = None
    canonical: str | None = None
    snapshot: Snapshot | None = None
    archive_state: str = "unchecked"
    """`found`, `none` (an archive confirmed it has no copy), `unknown`, `blocked` or `unchecked`."""
    archive_evidence: str = ""
    from_cache: bool = False
