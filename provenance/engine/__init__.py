"""The rule engine: run selected rules over documents and read failures (pure, no I/O)."""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Mapping, Sequence

from provenance.engine.checks import CHECK_KINDS, CheckContext, Hit
from provenance.engine.rules import Rule, RuleError, find_rule, load_rules, select_rules
from provenance.engine.suppress import apply_suppressions
from provenance.model import Document, Finding, ReadFailure, Resolution
from provenance.vocabulary import Vocabulary, default_vocabulary

__all__ = ["Rule", "RuleError", "find_rule", "load_rules", "run_rules", "select_rules"]


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
    """Every finding of every rule, after suppressions, sorted by path, line, column and code.

    `known_rules` are all loaded rules (a suppression may name one that is not selected).
    """
    context = CheckContext(
        today=today or dt.date.today(), vocabulary=vocabulary or default_vocabulary(), resolutions=resolutions or {}
    )
    findings: list[Finding] = []
    for rule in rules:
        kind = CHECK_KINDS[rule.kind]
        if kind.scope == "document":
            for document in documents:
                findings.extend(_finding(rule, hit) for hit in kind.run(document, rule.params, context))
        elif kind.scope == "corpus":
            findings.extend(_finding(rule, hit) for hit in kind.run(documents, rule.params, context))
        elif kind.scope == "input":
            findings.extend(_finding(rule, hit) for hit in kind.run(failures, rule.params, context))
    if use_suppressions:
        findings, unused = apply_suppressions(findings, documents, rules, known_rules or rules)
        for rule in rules:
            if CHECK_KINDS[rule.kind].scope == "suppression":
                findings.extend(_finding(rule, hit) for hit in unused)
    if per_file_ignores:
        findings = [f for f in findings if not _ignored_per_file(f, per_file_ignores)]
    return sorted(set(findings), key=lambda f: f.sort_key)
