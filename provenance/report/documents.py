"""Documents and findings as plain JSON-ready dicts, shared by every machine-readable format."""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from provenance.extract.urls import url_key
from provenance.model import AuditResult, Document, Evidence, Finding, LinkState, Resolution, Severity


def _evidence(evidence: Evidence | None) -> dict[str, Any] | None:
    if evidence is None:
        return None
    return {"source": evidence.source, "line": evidence.line, "text": evidence.text}


def resolution_dict(url: str, resolutions: Mapping[str, Resolution]) -> dict[str, Any]:
    """`state`, `final_url`, `snapshot` (DESIGN.md) and the evidence behind them; `unchecked` when
    the URL was not resolved (offline, not in the cache, not http)."""
    found = resolutions.get(url_key(url)) if resolutions else None
    if found is None:
        return {"state": LinkState.UNCHECKED.value, "final_url": None, "snapshot": None}
    snapshot = found.snapshot
    return {
        "state": found.state.value,
        "final_url": found.final_url,
        "snapshot": snapshot.url if snapshot else None,
        "status": found.status,
        "evidence": found.evidence,
        "error": found.error,
        "redirects": [{"status": status, "url": hop} for status, hop in found.chain],
        "checked_at": found.checked_at,
        "failing_since": found.failing_since,
        "from_cache": found.from_cache,
        "page": {
            "title": found.title,
            "title_source": found.title_source,
            "date": found.page_date.isoformat() if found.page_date else None,
            "date_source": found.page_date_source,
            "canonical": found.canonical,
        },
        "archive": {
            "state": found.archive_state,
            "evidence": found.archive_evidence,
            "snapshot": snapshot.url if snapshot else None,
            "timestamp": snapshot.timestamp if snapshot else None,
            "archive": snapshot.archive if snapshot else None,
            "source": snapshot.source if snapshot else None,
        },
    }


def document_dict(document: Document, resolutions: Mapping[str, Resolution] | None = None) -> dict[str, Any]:
    """DESIGN.md's fields, plus the evidence and candidates behind each value. With `resolutions`
    (an audit), every link and the original URL also carry `state`, `final_url` and `snapshot`."""
    data = _document_fields(document)
    if resolutions is not None:
        original = document.original_url
        checked = resolution_dict(original.url, resolutions) if original else None
        for name in ("state", "final_url", "snapshot"):
            data[f"original_url_{name}"] = checked[name] if checked else None
        data["original_url_resolution"] = checked
        for link, item in zip(document.links, data["links"], strict=True):
            if link.placeholder or not link.url.lower().startswith(("http://", "https://")):
                item.update(state=LinkState.UNCHECKED.value, final_url=None, snapshot=None)
            else:
                item.update(resolution_dict(link.url, resolutions))
    return data


def _document_fields(document: Document) -> dict[str, Any]:
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
        "authors": list(document.authors),
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
        "documents": len(result.records),
        "unreadable": len(result.failures),
        "findings": len(result.findings),
        "by_severity": {s.value: by_severity.get(s.value, 0) for s in Severity},
        "by_rule": dict(sorted(Counter(f.rule for f in result.findings).items())),
        "fixable": fixable_count(result),
    }


def fixable_count(result: AuditResult) -> int:
    """How many edits `--fix` would make (planned from the findings; nothing is read or written)."""
    from provenance.fix import plan_edits

    return sum(len(edits) for edits in plan_edits(result).values())


class DocumentJsonSpool:
    """Each document's entry of the JSON report's "documents" array, written to an anonymous
    temporary file as the audit hands the document on (`add` is an audit's `on_document`, which
    also gives what resolution found) and read back when the report is written: the audit then
    never holds its documents."""

    def __init__(self) -> None:
        # surrogatepass: whatever string a document holds comes back the same
        self._file = tempfile.TemporaryFile(  # noqa: SIM115 (closed by close(), the spool is a context manager)
            "w+", encoding="utf-8", errors="surrogatepass", newline="\n"
        )

    def add(self, document: Document, resolutions: Mapping[str, Resolution] | None = None) -> None:
        self._file.write(json.dumps(document_dict(document, resolutions or {}), ensure_ascii=False) + "\n")

    def entries(self) -> Iterator[str]:
        """The entries in the order they came, one compact JSON text each."""
        self._file.flush()
        self._file.seek(0)
        for line in self._file:
            yield line[:-1]

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> DocumentJsonSpool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def json_report_chunks(
    result: AuditResult, version: str, indent: int | None = None, documents: DocumentJsonSpool | None = None
) -> Iterator[str]:
    """The JSON report `{"version", "summary", "documents", "findings"}` piece by piece: one
    document at a time, so memory does not hold a second copy of a large corpus as text. The
    documents come from `documents` when the audit spooled them, else from `result.documents`."""
    summary = summary_dict(result)
    if indent is not None:
        values = (
            (json.loads(entry) for entry in documents.entries())
            if documents is not None
            else (document_dict(d, result.resolutions) for d in result.documents)
        )
        yield from _indented_report(version, summary, values, map(finding_dict, result.findings), indent)
        return
    entries = (
        documents.entries()
        if documents is not None
        else (json.dumps(document_dict(d, result.resolutions), ensure_ascii=False) for d in result.documents)
    )
    yield f'{{"version": {json.dumps(version)}, "summary": {json.dumps(summary, ensure_ascii=False)}'
    yield ', "documents": ['
    for index, entry in enumerate(entries):
        yield ("," if index else "") + entry
    yield '], "findings": ['
    for index, finding in enumerate(result.findings):
        yield ("," if index else "") + json.dumps(finding_dict(finding), ensure_ascii=False)
    yield "]}\n"


def _indented_report(
    version: str, summary: dict[str, Any], documents: Iterable[Any], findings: Iterable[Any], indent: int
) -> Iterator[str]:
    """What `json.dumps(report, indent=indent)` writes, one entry at a time."""
    pad = " " * indent
    yield f'{{\n{pad}"version": {_nested(version, indent, 1)},\n{pad}"summary": {_nested(summary, indent, 1)},\n'
    for name, values, last in (("documents", documents, False), ("findings", findings, True)):
        yield f'{pad}"{name}": '
        yield from json_array_chunks(values, indent, depth=1)
        yield "\n" if last else ",\n"
    yield "}\n"


def json_array_chunks(values: Iterable[Any], indent: int | None, depth: int = 0) -> Iterator[str]:
    """What `json.dumps(list(values), indent=indent)` writes for a list nested `depth` levels
    deep, one value at a time (a large list is never held whole, as values or as text)."""
    opened = False
    if indent is None:
        for value in values:
            yield (", " if opened else "[") + json.dumps(value, ensure_ascii=False)
            opened = True
        yield "]" if opened else "[]"
        return
    pad = " " * indent
    for value in values:
        yield (",\n" if opened else "[\n") + pad * (depth + 1) + _nested(value, indent, depth + 1)
        opened = True
    yield f"\n{pad * depth}]" if opened else "[]"


def _nested(value: Any, indent: int, depth: int) -> str:
    """A value's indented dump as it stands `depth` levels deep: every line break moved right."""
    return json.dumps(value, indent=indent, ensure_ascii=False).replace("\n", "\n" + " " * (indent * depth))
