"""The rule engine: run selected rules over documents and read failures (pure, no I/O)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from provenance.engine.checks import CHECK_KINDS, CheckContext, Hit
from provenance.engine.rules import Rule, RuleError, find_rule, load_rules, select_rules
from provenance.model import Document, Finding, ReadFailure

__all__ = ["Rule", "RuleError", "find_rule", "load_rules", "run_rules", "select_rules"]


def _finding(rule: Rule, hit: Hit) -> Finding:
    return Finding(
        rule=rule.code,
        name=rule.name,
        severity=rule.severity,
        path=hit.path,
        line=max(1, hit.line),
        message=hit.message,
        fix=hit.fix or rule.fix,
        evidence=hit.evidence or hit.message,
    )


def run_rules(
    documents: Sequence[Document],
    failures: Sequence[ReadFailure],
    rules: Sequence[Rule],
    today: dt.date | None = None,
) -> list[Finding]:
    """Every finding of every rule, sorted by path, line, column and code."""
    context = CheckContext(today=today or dt.date.today())
    findings: list[Finding] = []
    for rule in rules:
        kind = CHECK_KINDS[rule.kind]
        if kind.scope == "document":
            for document in documents:
                findings.extend(_finding(rule, hit) for hit in kind.run(document, rule.params, context))
        elif kind.scope == "corpus":
            findings.extend(_finding(rule, hit) for hit in kind.run(documents, rule.params, context))
        else:
            findings.extend(_finding(rule, hit) for hit in kind.run(failures, rule.params, context))
    return sorted(set(findings), key=lambda f: f.sort_key)
