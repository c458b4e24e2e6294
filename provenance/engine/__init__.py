"""The rule engine: run selected rules over documents and read failures (pure, no I/O).

A rule looks at one document (its check kind's scope is `document`), compares documents
(`corpus`: near-duplicates, shared URLs), or reads the failures (`input`). The three steps
below let an offline audit run a document's own rules as soon as it is extracted and keep
only its DocumentRecord for the corpus-wide rules; `run_rules` does all of them at once.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import sys
from collections.abc import Iterable, Mapping, Sequence

from provenance.engine.checks import CHECK_KINDS, CheckContext, Hit
from provenance.engine.rules import Rule, RuleError, find_rule, load_rules, select_rules
from provenance.engine.suppress import apply_suppressions
from provenance.model import Document, DocumentRecord, Finding, ReadFailure, Resolution
from provenance.vocabulary import Vocabulary, default_vocabulary

__all__ = [
    "Rule",
    "RuleError",
    "build_check_context",
    "check_corpus",
    "check_document",
    "find_rule",
    "finish_rules",
    "load_rules",
    "record_document",
    "run_rules",
    "select_rules",
    "settle_findings",
]


def _finding(rule: Rule, hit: Hit) -> Finding:
    return Finding(
        rule=rule.code,
        name=rule.name,
        severity=hit.severity or rule.severity,
        path=hit.path,
        line=max(1, hit.line),
        message=hit.message,
        fix=hit.fix or rule.fix,
        evidence=hit.evidence or hit.message,
    )


def _ignored_per_file(finding: Finding, per_file_ignores: Mapping[str, Sequence[str]]) -> bool:
    for pattern, keys in per_file_ignores.items():
        matches_path = fnmatch.fnmatch(finding.path, pattern) or fnmatch.fnmatch(finding.path, f"*/{pattern}")
        if matches_path and any(finding.rule.startswith(k.upper()) or finding.name == k.lower() for k in keys):
            return True
    return False


def build_check_context(
    today: dt.date | None = None,
    vocabulary: Vocabulary | None = None,
    resolutions: Mapping[str, Resolution] | None = None,
) -> CheckContext:
    return CheckContext(
        today=today or dt.date.today(), vocabulary=vocabulary or default_vocabulary(), resolutions=resolutions or {}
    )


def record_document(document: Document) -> DocumentRecord:
    """The slim part of a document that outlives its own rules (see DocumentRecord)."""
    title, original = document.title, document.original_url
    return DocumentRecord(
        path=document.path,
        format=document.format,
        title=title.value if title else None,
        title_line=title.evidence.line if title else None,
        date=document.date.value if document.date else None,
        original_url=original.url if original else None,
        original_url_line=original.evidence.line if original else None,
        # interned: every document would otherwise keep its own copy of "AFP"
        agencies=tuple(sorted({sys.intern(c.agency) for c in document.credits})),
        reporting_agencies=tuple(sorted({sys.intern(c.agency) for c in document.credits if c.kind != "photo"})),
        sketch=document.sketch,
        lines=document.lines,
        suppressions=document.suppressions,
        encoding=document.encoding,
        digest=document.digest,
    )


def check_document(document: Document, rules: Sequence[Rule], context: CheckContext) -> list[Finding]:
    """The findings of the rules that look at one document at a time, before suppressions."""
    findings: list[Finding] = []
    for rule in rules:
        kind = CHECK_KINDS[rule.kind]
        if kind.scope == "document":
            findings.extend(_finding(rule, hit) for hit in kind.run(document, rule.params, context))
    return findings


def check_corpus(
    records: Sequence[DocumentRecord], failures: Sequence[ReadFailure], rules: Sequence[Rule], context: CheckContext
) -> list[Finding]:
    """The findings of the rules that compare documents and of those that read the failures."""
    findings: list[Finding] = []
    for rule in rules:
        kind = CHECK_KINDS[rule.kind]
        if kind.scope == "corpus":
            findings.extend(_finding(rule, hit) for hit in kind.run(records, rule.params, context))
        elif kind.scope == "input":
            findings.extend(_finding(rule, hit) for hit in kind.run(failures, rule.params, context))
    return findings


def _finding_order(finding: Finding) -> tuple[str, int, int, str, str, str, str, bool, str, str]:
    """Path, line, column, code and message, then every other field, so equal keys cannot come out
    in a different order from run to run."""
    fix = finding.fix
    return (*finding.sort_key, finding.name, finding.severity.value, fix is not None, fix or "", finding.evidence)


def settle_findings(
    findings: Iterable[Finding],
    records: Sequence[DocumentRecord],
    rules: Sequence[Rule],
    *,
    known_rules: Sequence[Rule] | None = None,
    use_suppressions: bool = True,
    per_file_ignores: Mapping[str, Sequence[str]] | None = None,
) -> list[Finding]:
    """Once every rule ran: suppressions applied (and the unused ones reported), per-file ignores
    dropped, duplicates merged; sorted by path, line, column and code.

    `known_rules` are all loaded rules (a suppression may name one that is not selected).
    """
    kept = list(findings)
    if use_suppressions:
        kept, unused = apply_suppressions(kept, records, rules, known_rules or rules)
        for rule in rules:
            if CHECK_KINDS[rule.kind].scope == "suppression":
                kept.extend(_finding(rule, hit) for hit in unused)
    if per_file_ignores:
        kept = [f for f in kept if not _ignored_per_file(f, per_file_ignores)]
    return sorted(set(kept), key=_finding_order)


def run_rules(
    documents: Sequence[Document],
    failures: Sequence[ReadFailure],
    rules: Sequence[Rule],
    today: dt.date | None = None,
    *,
    known_rules: Sequence[Rule] | None = None,
    use_suppressions: bool = True,
    per_file_ignores: Mapping[str, Sequence[str]] | None = None,
    vocabulary: Vocabulary | None = None,
    resolutions: Mapping[str, Resolution] | None = None,
) -> list[Finding]:
    """Every finding of every rule over documents held in memory, after suppressions, sorted."""
    context = build_check_context(today, vocabulary, resolutions)
    records = [record_document(document) for document in documents]
    findings = [finding for document in documents for finding in check_document(document, rules, context)]
    return finish_rules(
        findings,
        records,
        failures,
        rules,
        context,
        known_rules=known_rules,
        use_suppressions=use_suppressions,
        per_file_ignores=per_file_ignores,
    )


def finish_rules(
    findings: list[Finding],
    records: Sequence[DocumentRecord],
    failures: Sequence[ReadFailure],
    rules: Sequence[Rule],
    context: CheckContext,
    *,
    known_rules: Sequence[Rule] | None = None,
    use_suppressions: bool = True,
    per_file_ignores: Mapping[str, Sequence[str]] | None = None,
) -> list[Finding]:
    """The last two steps once every document's own rules ran: the corpus-wide rules, then settling."""
    findings.extend(check_corpus(records, failures, rules, context))
    return settle_findings(
        findings,
        records,
        rules,
        known_rules=known_rules,
        use_suppressions=use_suppressions,
        per_file_ignores=per_file_ignores,
    )
