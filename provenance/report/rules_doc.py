"""Rule documentation in one fixed outline: what it checks, why, example, how to fix."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from provenance.engine.rules import Rule


def rule_dict(rule: Rule) -> dict[str, Any]:
    return {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity.value,
        "summary": rule.summary,
        "why": rule.why,
        "example": {"fail": rule.example_fail, "pass": rule.example_pass},
        "how_to_fix": rule.how_to_fix,
        "check": {"kind": rule.kind, **rule.params},
        "network": rule.network,
    }


def render_rule_list(rules: Sequence[Rule]) -> str:
    width = max((len(r.name) for r in rules), default=10)
    lines = [f"{r.code}  {r.name:<{width}}  {r.severity.value:<7}  {r.summary}" for r in rules]
    return "\n".join(lines) + "\n"


def _paragraph(text: str) -> str:
    return "\n".join(textwrap.fill(" ".join(p.split()), 88) for p in text.strip().split("\n\n"))


def _indented(example: str) -> str:
    visible = "".join(ch if ch == "\n" or ch.isprintable() else f"\\x{ord(ch):02x}" for ch in example.strip())
    return "\n".join(f"    {line}" for line in visible.splitlines())


def render_rule(rule: Rule) -> str:
    example = _indented(rule.example_fail)
    fixed = _indented(rule.example_pass)
    return (
        f"{rule.code} {rule.name} ({rule.severity.value})\n\n"
        f"What it checks\n{_paragraph(rule.summary)}\n\n"
        f"Why it matters\n{_paragraph(rule.why)}\n\n"
        f"Example\n  Reported:\n{example}\n  Not reported:\n{fixed}\n\n"
        f"How to fix\n{_paragraph(rule.how_to_fix)}\n"
    )
