"""Documents and findings as plain JSON-ready dicts, shared by every machine-readable format."""

from __future__ import annotations

from collections import Counter
from typing import Any

from provenance.model import AuditResult, Document, Evidence, Finding, Severity


def _evidence(evidence: Evidence | None) -> dict[str, Any] | None:
    if evidence is None:
        return None
    return {"source": evidence.source, "line": evidence.line, "text": evidence.text}


def document_dict(document: Document) -> dict[str, Any]:
    """DESIGN.md's fields, plus the evidence and candidates behind each value."""
    return {
        "path": document.path,
        "format": document.format.value,
        "title": document.title.value if document.title else None,
        "title_evidence": _evidence(document.title.evidence if document.title else None),
        "date": document.date.value.isoformat() if document.date else None,
        "date_source": document.date.evidence.source if document.date else None,
        "date_evidence": _evidence(document.date.evidence if document.date else None),
        "date_candidates": [
            {"date": d.value.isoformat(), "modified": d.modified, **(_evidence(d.evidence) or {})}
            for d in document.date_candidates
        ],
        "original_url": document.original_url.url if document.original_url else None,
        "original_url_source": document.original_url.evidence.source if document.original_url else None,
        "original_url_evidence": _evidence(document.original_url.evidence if document.original_url else None),
        "url_date": document.url_date.value.isoformat() if document.url_date else None,
        "publisher": (
            {
                "name": document.publisher.name,
                "domain": document.publisher.domain,
                "source": document.publisher.evidence.source,
                "line": document.publisher.evidence.line,
            }
            if document.publisher
            else None
        ),
        "credits": [
            {"agency": c.agency, "kind": c.kind.value, "text": c.text, "line": c.line} for c in document.credits
        ],
        "links": [
            {
                "url": link.url,
                "text": link.text,
                "line": link.line,
                "kind": link.kind.value,
                "placeholder": link.placeholder,
            }
            for link in document.links
        ],
        "residue": [{"kind": r.kind, "line": r.line, "end_line": r.end_line, "text": r.text} for r in document.residue],
    }


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "name": finding.name,
        "severity": finding.severity.value,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "message": finding.message,
        "fix": finding.fix,
    }


def summary_dict(result: AuditResult) -> dict[str, Any]:
    by_severity = Counter(f.severity.value for f in result.findings)
    return {
        "documents": len(result.documents),
        "unreadable": len(result.failures),
        "findings": len(result.findings),
        "by_severity": {s.value: by_severity.get(s.value, 0) for s in Severity},
        "by_rule": dict(sorted(Counter(f.rule for f in result.findings).items())),
    }
