"""The pipeline: corpus -> extract -> rules. (Resolution joins between extract and rules.)

Offline (no resolver), a document's own rules run as soon as it is extracted, and only its
DocumentRecord stays for the corpus-wide rules: memory grows with the findings, not with the
documents. A resolver needs the whole corpus before any network rule can run, so with one the
documents are kept and the rules run at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

from provenance.corpus import DEFAULT_MAX_BYTES, read_corpus, walk_paths
from provenance.engine import (
    Rule,
    build_check_context,
    check_document,
    finish_rules,
    record_document,
)
from provenance.extract import extract_document
from provenance.model import AuditResult, Document, DocumentRecord, Finding, ReadFailure, Resolution
from provenance.vocabulary import Vocabulary, default_vocabulary

OnProgress = Callable[[str, int, int], None]
"""`on_progress(phase, done, total)`: called as a phase (`extract`, `resolve`, `check`) advances; a total of 0
means "not known yet". See provenance/report/progress.py."""

UrlResolver = Callable[[Sequence[Document]], Mapping[str, Resolution]]
"""Documents -> resolutions keyed by `url_key`; the only way the pipeline reaches the network."""


def extract_each(
    paths: Sequence[str | Path],
    excludes: Sequence[str] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    vocabulary: Vocabulary | None = None,
    *,
    on_progress: OnProgress | None = None,
) -> Iterator[Document | ReadFailure]:
    """Each file read and extracted, one at a time; a file that breaks the extractor is a failure,
    not a crash."""
    vocab = vocabulary or default_vocabulary()
    done = total = 0
    if on_progress is not None:  # walk first, so the phase has a total (as strings: a Path weighs 4 times more)
        paths = [str(path) for path in walk_paths(paths, excludes)]
        excludes, total = (), len(paths)
        on_progress("extract", 0, total)
    for item in read_corpus(paths, excludes, max_bytes):
        if on_progress is not None:
            on_progress("extract", done, total)
        done += 1
        if isinstance(item, ReadFailure):
            yield item
            continue
        try:
            document = extract_document(item, vocab)
        except RecursionError:
            yield ReadFailure(item.path, "unreadable: nested too deeply to parse")
            continue
        yield document
    if on_progress is not None:
        on_progress("extract", total, total)


def extract_corpus(
    paths: Sequence[str | Path],
    excludes: Sequence[str] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    vocabulary: Vocabulary | None = None,
    *,
    on_progress: OnProgress | None = None,
    on_document: Callable[[Document], None] | None = None,
) -> tuple[list[Document], list[ReadFailure]]:
    """Every document and failure of the corpus, held in memory. `on_document` sees each document
    as soon as it is extracted (the resolver starts on its URLs)."""
    documents: list[Document] = []
    failures: list[ReadFailure] = []
    for item in extract_each(paths, excludes, max_bytes, vocabulary, on_progress=on_progress):
        if isinstance(item, ReadFailure):
            failures.append(item)
            continue
        documents.append(item)
        if on_document is not None:
            on_document(item)
    return documents, failures


def audit(
    paths: Sequence[str | Path],
    rules: Sequence[Rule],
    excludes: Sequence[str] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    today: dt.date | None = None,
    vocabulary: Vocabulary | None = None,
    *,
    known_rules: Sequence[Rule] | None = None,
    use_suppressions: bool = True,
    per_file_ignores: Mapping[str, Sequence[str]] | None = None,
    on_progress: OnProgress | None = None,
    resolver: UrlResolver | None = None,
    keep_documents: bool = True,
    on_document: Callable[[Document], None] | None = None,
) -> AuditResult:
    """`resolver` (e.g. provenance.resolve.CorpusResolver) checks the cited URLs between
    extraction and the rules; without it the network rules (PRV3xx) have nothing to read.

    `on_document` sees each document as soon as it is extracted (a report spools it). Without a
    resolver and with `keep_documents` false, `AuditResult.documents` is empty: the documents
    were let go one by one, and `records` holds what is left of each.
    """
    report = on_progress or _no_progress
    findings: list[Finding] = []
    if resolver is None:
        resolutions: Mapping[str, Resolution] = {}
        context = build_check_context(today, vocabulary)
        documents: list[Document] = []
        records: list[DocumentRecord] = []
        failures: list[ReadFailure] = []
        for item in extract_each(paths, excludes, max_bytes, vocabulary, on_progress=on_progress):
            if isinstance(item, ReadFailure):
                failures.append(item)
                continue
            findings.extend(check_document(item, rules, context))
            records.append(record_document(item))
            if keep_documents:
                documents.append(item)
            if on_document is not None:
                on_document(item)
        report("check", 0, 0)
    else:
        # a document's offline rules run while the network is busy; only the network rules wait for it
        offline_context = build_check_context(today, vocabulary)
        offline_rules = [rule for rule in rules if not rule.network]

        def checked(document: Document) -> None:
            findings.extend(check_document(document, offline_rules, offline_context))
            if on_document is not None:
                on_document(document)

        documents, failures, resolutions = _extract_and_resolve(
            paths, excludes, max_bytes, vocabulary, resolver, report, on_progress, checked
        )
        report("check", 0, 0)
        context = build_check_context(today, vocabulary, resolutions)
        records = [record_document(document) for document in documents]
        network_rules = [rule for rule in rules if rule.network]
        for document in documents:
            findings.extend(check_document(document, network_rules, context))
    settled = finish_rules(
        findings,
        records,
        failures,
        rules,
        context,
        known_rules=known_rules,
        use_suppressions=use_suppressions,
        per_file_ignores=per_file_ignores,
    )
    report("check", len(records) + len(failures), len(records) + len(failures))
    return AuditResult(tuple(documents), tuple(failures), tuple(settled), resolutions, tuple(records))


def _extract_and_resolve(
    paths: Sequence[str | Path],
    excludes: Sequence[str],
    max_bytes: int,
    vocabulary: Vocabulary | None,
    resolver: UrlResolver,
    report: OnProgress,
    on_progress: OnProgress | None,
    on_document: Callable[[Document], None] | None,
) -> tuple[list[Document], list[ReadFailure], Mapping[str, Resolution]]:
    """Every document, kept, and what resolving their URLs found."""
    # a resolver with `stream()` (CorpusResolver) starts checking URLs while extraction still runs
    stream = resolver.stream(report) if hasattr(resolver, "stream") else None

    def extracted_one(document: Document) -> None:
        if stream is not None:
            stream.add(document)
        if on_document is not None:
            on_document(document)

    try:
        documents, failures = extract_corpus(
            paths, excludes, max_bytes, vocabulary, on_progress=on_progress, on_document=extracted_one
        )
    except BaseException:
        if stream is not None:
            stream.close()
        raise
    report("resolve", 0, 0)
    if stream is not None:
        resolutions = stream.finish(documents)
    elif getattr(resolver, "reports_progress", False):
        resolutions = resolver(documents, on_progress=report)  # type: ignore[call-arg]
    else:
        resolutions = resolver(documents)
    report("resolve", len(resolutions), len(resolutions))
    return documents, failures, resolutions


def _no_progress(phase: str, done: int, total: int) -> None:
    return None
