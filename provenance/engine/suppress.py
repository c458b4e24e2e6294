"""Apply inline suppressions to findings, and report the ones that silence nothing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from provenance.engine.checks import Hit
from provenance.engine.rules import Rule
from provenance.model import DocumentRecord, Finding, Suppression


def _names(rule_key: str, rules: Sequence[Rule]) -> set[str]:
    """The codes a suppression's word stands for (a code or a rule name)."""
    key = rule_key.strip()
    return {r.code for r in rules if r.code == key.upper() or r.name == key.lower()}


def apply_suppressions(
    findings: Iterable[Finding],
    documents: Sequence[DocumentRecord],
    ran: Sequence[Rule],
    known: Sequence[Rule],
) -> tuple[list[Finding], list[Hit]]:
    """Findings left after suppressions, and a hit for every suppression that did nothing.

    A suppression counts as unused only when one of the rules it names actually ran (a
    suppression for a rule left out by --select is not wrong), when it names an unknown
    rule, or when it gives no reason (it then silences nothing).
    """
    by_path: dict[str, list[tuple[Suppression, set[str]]]] = {}
    for document in documents:
        for suppression in document.suppressions:
            if not suppression.reason:
                continue
            codes = set().union(*(_names(word, known) for word in suppression.rules))
            by_path.setdefault(document.path, []).append((suppression, codes))
    used: set[tuple[str, int]] = set()
    kept: list[Finding] = []
    for finding in findings:
        silenced = False
        for suppression, codes in by_path.get(finding.path, ()):
            if finding.rule in codes and suppression.target_line in (None, finding.line):
                used.add((finding.path, suppression.line))
                silenced = True
        if not silenced:
            kept.append(finding)

    ran_codes = {r.code for r in ran}
    unused: list[Hit] = []
    for document in documents:
        for suppression in document.suppressions:
            words = ", ".join(suppression.rules)
            unknown = [w for w in suppression.rules if not _names(w, known)]
            named = set().union(*(_names(w, known) for w in suppression.rules))
            if unknown:
                message = f"suppression names unknown rule {', '.join(unknown)}"
            elif not suppression.reason:
                message = f"suppression of {words} gives no reason (write '-- why' after the codes); it is not applied"
            elif (document.path, suppression.line) in used or not named & ran_codes:
                continue
            else:
                scope = "this file" if suppression.target_line is None else f"line {suppression.target_line}"
                message = f"suppression of {words} silences nothing on {scope}"
            unused.append(Hit(document.path, suppression.line, message, evidence=f"{words}|{suppression.reason}"))
    return kept, unused
