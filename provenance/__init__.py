"""provenance: audit corpora of news articles for source provenance and citation integrity.

The stages are plain functions over frozen dataclasses: corpus -> extract -> resolve ->
engine -> report. Only `resolve` touches the network.

Public names are loaded on first use (PEP 562), so `provenance audit` on one file, as a
pre-commit hook runs it, imports only what that path needs.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "AuditResult": "provenance.model",
    "Credit": "provenance.model",
    "CreditKind": "provenance.model",
    "DateFact": "provenance.model",
    "DocFormat": "provenance.model",
    "Document": "provenance.model",
    "DocumentRecord": "provenance.model",
    "Evidence": "provenance.model",
    "Finding": "provenance.model",
    "Link": "provenance.model",
    "LinkKind": "provenance.model",
    "LinkState": "provenance.model",
    "Mention": "provenance.model",
    "Publisher": "provenance.model",
    "ReadFailure": "provenance.model",
    "Residue": "provenance.model",
    "Resolution": "provenance.model",
    "Severity": "provenance.model",
    "Snapshot": "provenance.model",
    "Suppression": "provenance.model",
    "Title": "provenance.model",
    "UrlFact": "provenance.model",
    "audit": "provenance.audit",
    "extract_corpus": "provenance.audit",
    "extract_document": "provenance.extract",
    "extract_text": "provenance.extract",
}

__all__ = [
    "AuditResult",
    "Credit",
    "CreditKind",
    "DateFact",
    "DocFormat",
    "Document",
    "DocumentRecord",
    "Evidence",
    "Finding",
    "Link",
    "LinkKind",
    "LinkState",
    "Mention",
    "Publisher",
    "ReadFailure",
    "Residue",
    "Resolution",
    "Severity",
    "Snapshot",
    "Suppression",
    "Title",
    "UrlFact",
    "__version__",
    "audit",
    "extract_corpus",
    "extract_document",
    "extract_text",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'provenance' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    from provenance.audit import audit, extract_corpus
    from provenance.extract import extract_document, extract_text
    from provenance.model import (
        AuditResult,
        Credit,
        CreditKind,
        DateFact,
        DocFormat,
        Document,
        DocumentRecord,
        Evidence,
        Finding,
        Link,
        LinkKind,
        LinkState,
        Mention,
        Publisher,
        ReadFailure,
        Residue,
        Resolution,
        Severity,
        Snapshot,
        Suppression,
        Title,
        UrlFact,
    )
