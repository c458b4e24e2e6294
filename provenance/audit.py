"""The pipeline: corpus -> extract -> rules. (Resolution joins between extract and rules.)

Offline (no resolver), a document's own rules run as soon as it is extracted, and only its
DocumentRecord stays for the corpus-wide rules: memory grows with the findings, not with the
documents. A resolver needs the whole corpus before any network rule can run, so with one a
document's offline rules run at once and the document waits (in a temporary file, unless the
caller keeps documents) for its network rules at the end.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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

OnDocument = Callable[[Document, Mapping[str, "Resolution"]], None]
"""`on_document(document, resolutions)`: a document whose rules have run, and what resolution found."""

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
    """Every document and failure of the corpus, held in memory (for a library caller with a
    small corpus; `extract_each` streams). `on_document` sees each document as it is extracted."""
    documents: list[Document] = []
    failures: list[ReadFailure] = []
    for document in _documents(extract_each(paths, excludes, max_bytes, vocabulary, on_progress=on_progress), failures):
        documents.append(document)
        if on_document is not None:
            on_document(document)
    return documents, failures


def _documents(items: Iterable[Document | ReadFailure], failures: list[ReadFailure]) -> Iterator[Document]:
    """The documents of `extract_each`; the files it could not read go to `failures`."""
    for item in items:
        if isinstance(item, ReadFailure):
            failures.append(item)
        else:
            yield item


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
    on_document: OnDocument | None = None,
) -> AuditResult:
    """`resolver` (e.g. provenance.resolve.CorpusResolver) checks the cited URLs between
    extraction and the rules; without it the network rules (PRV3xx) have nothing to read.

    `on_document(document, resolutions)` sees each document once its rules can run: offline as
    soon as it is extracted, with a resolver once resolution has ended (a report spools it).
    With `keep_documents` false, `AuditResult.documents` is empty and `records` holds what is
    left of each document: offline the documents are let go one by one; with a resolver that
    streams (CorpusResolver) they wait for the network in a temporary file, not in memory.
    """
    report = on_progress or _no_progress
    findings: list[Finding] = []
    records: list[DocumentRecord] = []
    if resolver is None:
        resolutions: Mapping[str, Resolution] = {}
        context = build_check_context(today, vocabulary)
        documents: list[Document] = []
        failures: list[ReadFailure] = []
        extracted = extract_each(paths, excludes, max_bytes, vocabulary, on_progress=on_progress)
        for document in _documents(extracted, failures):
            findings.extend(check_document(document, rules, context))
            records.append(record_document(document))
            if keep_documents:
                documents.append(document)
            if on_document is not None:
                on_document(document, resolutions)
        report("check", 0, 0)
    else:
        # a document's offline rules run while the network is busy; only the network rules wait for it
        offline_context = build_check_context(today, vocabulary)
        offline_rules = [rule for rule in rules if not rule.network]

        def checked(document: Document) -> None:
            findings.extend(check_document(document, offline_rules, offline_context))
            records.append(record_document(document))

        with contextlib.ExitStack() as stack:
            spool = None if keep_documents or not hasattr(resolver, "stream") else stack.enter_context(DocumentSpool())
            waiting, failures, resolutions = _extract_and_resolve(
                paths, excludes, max_bytes, vocabulary, resolver, report, on_progress, checked, spool
            )
            report("check", 0, 0)
            context = build_check_context(today, vocabulary, resolutions)
            network_rules = [rule for rule in rules if rule.network]
            for document in waiting:
                findings.extend(check_document(document, network_rules, context))
                if on_document is not None:
                    on_document(document, resolutions)
            documents = waiting if keep_documents and isinstance(waiting, list) else []
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
    on_extracted: Callable[[Document], None],
    spool: DocumentSpool | None,
) -> tuple[Iterable[Document], list[ReadFailure], Mapping[str, Resolution]]:
    """Every document (kept, or in `spool` when given and the resolver streams) and what resolving
    their URLs found."""
    # a resolver with `stream()` (CorpusResolver) starts checking URLs while extraction still runs
    stream = resolver.stream(report) if hasattr(resolver, "stream") else None
    waiting: list[Document] | DocumentSpool = spool if spool is not None and stream is not None else []
    failures: list[ReadFailure] = []
    try:
        extracted = extract_each(paths, excludes, max_bytes, vocabulary, on_progress=on_progress)
        for document in _documents(extracted, failures):
            if stream is not None:
                stream.add(document)
            on_extracted(document)
            waiting.append(document)
    except BaseException:
        if stream is not None:
            stream.close()
        raise
    report("resolve", 0, 0)
    if stream is not None:
        resolutions = stream.finish()
    elif isinstance(waiting, list) and getattr(resolver, "reports_progress", False):
        resolutions = resolver(waiting, on_progress=report)  # type: ignore[call-arg]
    else:
        resolutions = resolver(list(waiting))
    report("resolve", len(resolutions), len(resolutions))
    return waiting, failures, resolutions


class DocumentSpool:
    """Documents pickled to an anonymous temporary file as they come and read back in order: an
    online audit's documents wait there, not in memory, while the network is checked."""

    def __init__(self) -> None:
        # ours alone (unlinked at once), so pickle may read it back; closed by close() (a context manager)
        self._file = tempfile.TemporaryFile()  # noqa: SIM115
        self._pickler = pickle.Pickler(self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._count = 0

    def append(self, document: Document) -> None:
        self._pickler.dump(document)
        self._pickler.clear_memo()  # each document stands alone (and the memo does not grow)
        self._count += 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Document]:
        self._file.flush()
        self._file.seek(0)
        for _ in range(self._count):
            # a new unpickler each time: the pickler's memo is cleared per document, and an
            # unpickler's memo would carry over (protocol 4 numbers memo entries implicitly)
            document: Document = pickle.load(self._file)
            yield document

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> DocumentSpool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _no_progress(phase: str, done: int, total: int) -> None:
    return None
