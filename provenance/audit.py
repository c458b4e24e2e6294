"""The pipeline: corpus -> extract -> rules. (Resolution joins between extract and rules.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from provenance.corpus import DEFAULT_MAX_BYTES, read_corpus
from provenance.engine import Rule, run_rules
from provenance.extract import extract_document
from provenance.model import AuditResult, Document, ReadFailure
from provenance.vocabulary import Vocabulary, default_vocabulary


def extract_corpus(
    paths: Sequence[str | Path],
    excludes: Sequence[str] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    vocabulary: Vocabulary | None = None,
) -> tuple[list[Document], list[ReadFailure]]:
    """Read and extract every file; a file that breaks the extractor is a failure, not a crash."""
    vocab = vocabulary or default_vocabulary()
    documents: list[Document] = []
    failures: list[ReadFailure] = []
    for item in read_corpus(paths, excludes, max_bytes):
        if isinstance(item, ReadFailure):
            failures.append(item)
            continue
        try:
            documents.append(extract_document(item, vocab))
        except RecursionError:
            failures.append(ReadFailure(item.path, "unreadable: nested too deeply to parse"))
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
) -> AuditResult:
    documents, failures = extract_corpus(paths, excludes, max_bytes, vocabulary)
    findings = run_rules(
        documents,
        failures,
        rules,
        today,
        known_rules=known_rules,
        use_suppressions=use_suppressions,
        per_file_ignores=per_file_ignores,
        vocabulary=vocabulary,
    )
    return AuditResult(tuple(documents), tuple(failures), tuple(findings))
