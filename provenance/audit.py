"""The pipeline: corpus -> extract -> rules. (Resolution joins between extract and rules.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from provenance.corpus import DEFAULT_MAX_BYTES, read_corpus, walk_paths
from provenance.engine import Rule, record_document, run_rules
from provenance.extract import extract_document
from provenance.model import AuditResult, Document, ReadFailure, Resolution
from provenance.vocabulary import Vocabulary, default_vocabulary

OnProgress = Callable[[str, int, int], None]
"""`on_progress(phase, done, total)`: called as a phase (`extract`, `resolve`, `check`) advances; a total of 0
means "not known yet". See provenance/report/progress.py."""

UrlResolver = Callable[[Sequence[Document]], Mapping[str, Resolution]]
"""Documents -> resolutions keyed by `url_key`; the only way the pipeline reaches the network."""


def extract_corpus(
    paths: Sequence[str | Path],
    excludes: Sequence[str] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    vocabulary: Vocabulary | None = None,
    *,
    on_progress: OnProgress | None = None,
    on_document: Callable[[Document], None] | None = None,
) -> tuple[list[Document], list[ReadFailure]]:
    """Read and extract every file; a file that breaks the extractor is a failure, not a crash.
    `on_document` sees each document as soon as it is extracted (the resolver starts on its URLs)."""
    vocab = vocabulary or default_vocabulary()
    documents: list[Document] = []
    failures: list[ReadFailure] = []
    total = 0
    if on_progress is not None:  # walk first, so the phase has a total
        paths = list(walk_paths(paths, excludes))
        excludes, total = (), len(paths)
        on_progress("extract", 0, total)
    for item in read_corpus(paths, excludes, max_bytes):
        if on_progress is not None:
            on_progress("extract", len(documents) + len(failures), total)
        if isinstance(item, ReadFailure):
            failures.append(item)
            continue
        try:
            documents.append(extract_document(item, vocab))
        except RecursionError:
            failures.append(ReadFailure(item.path, "unreadable: nested too deeply to parse"))
            continue
        if on_document is not None:
            on_document(documents[-1])
    if on_progress is not None:
        on_progress("extract", total, total)
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
) -> AuditResult:
    """`resolver` (e.g. provenance.resolve.CorpusResolver) checks the cited URLs between
    extraction and the rules; without it the network rules (PRV3xx) have nothing to read."""
    report = on_progress or _no_progress
    # a resolver with `stream()` (CorpusResolver) starts checking URLs while extraction still runs
    stream = resolver.stream(report) if resolver is not None and hasattr(resolver, "stream") else None
    try:
        documents, failures = extract_corpus(
            paths, excludes, max_bytes, vocabulary, on_progress=on_progress, on_document=stream and stream.add
        )
    except BaseException:
        if stream is not None:
            stream.close()
        raise
    if resolver is not None:
        report("resolve", 0, 0)
    if stream is not None:
        resolutions = stream.finish(documents)
    elif resolver is not None and getattr(resolver, "reports_progress", False):
        resolutions = resolver(documents, on_progress=report)  # type: ignore[call-arg]
    else:
        resolutions = resolver(documents) if resolver is not None else {}
    if resolver is not None:
        report("resolve", len(resolutions), len(resolutions))
    report("check", 0, 0)
    findings = run_rules(
        documents,
        failures,
        rules,
        today,
        known_rules=known_rules,
        use_suppressions=use_suppressions,
        per_file_ignores=per_file_ignores,
        vocabulary=vocabulary,
        resolutions=resolutions,
    )
    report("check", len(documents) + len(failures), len(documents) + len(failures))
    records = tuple(record_document(document) for document in documents)
    return AuditResult(tuple(documents), tuple(failures), tuple(findings), resolutions, records)


def _no_progress(phase: str, done: int, total: int) -> None:
    return None
