"""The plain data every stage passes on: frozen dataclasses, no behaviour beyond views.

Every extracted value carries its `Evidence` (which source said it, on which line, in what
words) because a provenance audit that cannot show where a fact came from is not trusted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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
    sketch: tuple[int, ...] = ()
    """Bottom-k hashes of the body's word shingles, for near-duplicate search."""
    lines: int = 0


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
    failures: tuple[ReadFailure, ...]
    findings: tuple[Finding, ...]
