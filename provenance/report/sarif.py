"""SARIF 2.1.0, shaped as GitHub code scanning reads it.

- `tool.driver` names the tool and lists every rule of the audit with its documentation:
  `shortDescription` (the rule's summary), `fullDescription` (summary and why it matters),
  `help` (the whole `provenance rules CODE` text, and the same as Markdown) and
  `defaultConfiguration.level`, plus `properties.problem.severity`, which GitHub shows.
- Each result has `ruleId`, `ruleIndex`, `level`, a message, and one physical location: a
  relative URI (percent-encoded, against `%SRCROOT%`) and the line and column.
- `partialFingerprints` hash the rule, the path and the finding's evidence text, never the
  line number, so a finding keeps its identity when lines move (the same fingerprint as
  baselines use), with `:N` telling apart identical findings in one file.
- Fixes: SARIF's `fix` object must carry concrete `artifactChanges` (a region to delete, text
  to insert). Where `--fix` would insert lines (PRV401's URL and date), those insertions are
  written as `fixes`; every finding's advice also goes into the message ("... Fix: ...") and
  into `properties.fix`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from provenance import __version__
from provenance.engine.baseline import fingerprint
from provenance.engine.rules import Rule
from provenance.fix import Edit, plan_edits
from provenance.model import AuditResult, Finding, Severity
from provenance.report.rules_doc import render_rule

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_VERSION = "2.1.0"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "provenance/v1"
DEFAULT_INFORMATION_URI = "https://pypi.org/project/provenance/"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
PROBLEM_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}


def information_uri() -> str:
    """The project's home page from its package metadata, else its PyPI page."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        meta = metadata("provenance")
    except PackageNotFoundError:
        return DEFAULT_INFORMATION_URI
    entries: list[str] = list(meta.get_all("Project-URL") or ())
    for entry in entries:
        label, _, url = entry.partition(",")
        if label.strip().lower() in {"homepage", "home", "documentation", "source", "repository"} and url.strip():
            return url.strip()
    home = str(meta["Home-page"] or "") if "Home-page" in meta else ""
    return home.strip() or DEFAULT_INFORMATION_URI


def _paragraphs(text: str) -> str:
    return "\n\n".join(" ".join(p.split()) for p in text.strip().split("\n\n"))


def _fenced(example: str) -> str:
    body = example.strip("\n")
    fence = "```"
    while fence in body:
        fence += "`"
    return f"{fence}text\n{body}\n{fence}"


def rule_markdown(rule: Rule) -> str:
    """The rule's documentation in the same outline as `provenance rules CODE`, as Markdown."""
    return (
        f"## {rule.code} {rule.name} ({rule.severity.value})\n\n"
        f"### What it checks\n\n{_paragraphs(rule.summary)}\n\n"
        f"### Why it matters\n\n{_paragraphs(rule.why)}\n\n"
        f"### Example\n\nReported:\n\n{_fenced(rule.example_fail)}\n\n"
        f"Not reported:\n\n{_fenced(rule.example_pass)}\n\n"
        f"### How to fix\n\n{_paragraphs(rule.how_to_fix)}\n"
    )


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": _paragraphs(rule.summary)},
        "fullDescription": {"text": f"{_paragraphs(rule.summary).rstrip('.')}. {_paragraphs(rule.why)}"},
        "help": {"text": render_rule(rule), "markdown": rule_markdown(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "tags": ["provenance", rule.kind],
            "precision": "high",
            "problem.severity": PROBLEM_SEVERITY[rule.severity],
        },
    }


def _minimal_descriptor(finding: Finding) -> dict[str, Any]:
    """For a finding whose rule is not among `rules` (it should be): id, name and level only."""
    return {
        "id": finding.rule,
        "name": finding.name,
        "shortDescription": {"text": finding.name.replace("-", " ")},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
    }


def artifact_uri(path: str) -> tuple[str, str | None]:
    """(uri, uriBaseId): relative paths against %SRCROOT%, absolute ones as file: URIs."""
    if path.startswith("/"):
        return "file://" + quote(path), None
    return quote(path), SRCROOT


def _message(finding: Finding) -> str:
    text = finding.message.strip()
    if finding.fix:
        text = f"{text.rstrip('.')}. Fix: {finding.fix.strip()}"
    return text


def _artifact_changes(
    finding: Finding, edits: Sequence[Edit], line_count: int, artifact: dict[str, Any]
) -> list[dict[str, Any]]:
    """SARIF `fixes` for the insertions `--fix` would make for this finding (the ones that
    need no knowledge of the file's text: appending a footer, inserting a line after another).
    Replacements inside a line (PRV302) and HTML head edits stay advice in the message."""
    replacements: list[dict[str, Any]] = []
    for edit in edits:
        if not edit.reason.startswith(f"{finding.rule}:"):
            continue
        if edit.action == "append":
            at = max(1, line_count)
            text = f"\n{edit.text}\n"
        elif edit.action == "insert-paragraph-after" and edit.line:
            at = edit.line + 1
            text = f"\n{edit.text}\n"
        else:
            continue
        region = {"startLine": at, "startColumn": 1, "endLine": at, "endColumn": 1}
        replacements.append({"deletedRegion": region, "insertedContent": {"text": text}})
    return [{"artifactLocation": artifact, "replacements": replacements}] if replacements else []


def sarif_log(result: AuditResult, rules: Sequence[Rule]) -> dict[str, Any]:
    """The SARIF log of an audit as plain JSON-ready data."""
    descriptors = [rule_descriptor(rule) for rule in rules]
    index = {rule.code: position for position, rule in enumerate(rules)}
    for finding in result.findings:
        if finding.rule not in index:
            index[finding.rule] = len(descriptors)
            descriptors.append(_minimal_descriptor(finding))

    planned = plan_edits(result)
    lines = {record.path: record.lines for record in result.records}
    seen: Counter[str] = Counter()
    results: list[dict[str, Any]] = []
    for finding in result.findings:
        uri, base = artifact_uri(finding.path)
        artifact: dict[str, Any] = {"uri": uri}
        if base:
            artifact["uriBaseId"] = base
        identity = fingerprint(finding)
        seen[identity] += 1
        item: dict[str, Any] = {
            "ruleId": finding.rule,
            "ruleIndex": index[finding.rule],
            "level": LEVELS[finding.severity],
            "message": {"text": _message(finding)},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": {"startLine": max(1, finding.line), "startColumn": max(1, finding.column)},
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT_KEY: f"{identity}:{seen[identity]}"},
        }
        if finding.fix:
            item["properties"] = {"fix": finding.fix}
        changes = _artifact_changes(finding, planned.get(finding.path, ()), lines.get(finding.path, 0), artifact)
        if changes:
            item["fixes"] = [{"description": {"text": finding.fix or "apply the edit"}, "artifactChanges": changes}]
        results.append(item)

    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "provenance",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": information_uri(),
                        "rules": descriptors,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render_sarif(result: AuditResult, rules: Sequence[Rule]) -> str:
    return json.dumps(sarif_log(result, rules), indent=2, ensure_ascii=False) + "\n"
