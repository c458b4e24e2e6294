"""provenance: audit corpora of news articles for source provenance and citation integrity.

The stages are plain functions over frozen dataclasses: corpus -> extract -> engine ->
report. Only the resolver (later) touches the network.
"""

from __future__ import annotations

__version__ = "0.1.0"

from provenance.audit import audit, extract_corpus
from provenance.extract import extract_document, extract_text
from provenance.model import (
    AuditResult,
    Credit,
    CreditKind,
    DateFact,
    DocFormat,
    Document,
    Evidence,
    Finding,
    Link,
    LinkKind,
    Mention,
    Publisher,
    ReadFailure,
    Residue,
    Severity,
    Title,
    UrlFact,
)

__all__ = [
    "AuditResult",
    "Credit",
    "CreditKind",
    "DateFact",
    "DocFormat",
    "Document",
    "Evidence",
    "Finding",
    "Link",
    "LinkKind",
    "Mention",
    "Publisher",
    "ReadFailure",
    "Residue",
    "Severity",
    "Title",
    "UrlFact",
    "__version__",
    "audit",
    "extract_corpus",
    "extract_document",
    "extract_text",
]
