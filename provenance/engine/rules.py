"""Rule packs: one TOML file per rule, validated on load.

A rule names its check kind (engine/checks.py) and that kind's parameters; everything a
user reads about the rule (summary, why, example, how to fix) sits in the same file.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from provenance.model import Severity
from provenance.packaged import rules_root

CODE = re.compile(r"^[A-Z]{2,8}\d{3,4}$")
NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
REQUIRED_FIELDS = ("code", "name", "severity", "summary", "why", "how_to_fix", "check", "example")


class RuleError(ValueError):
    """A rule file is invalid; the message names the file and the field."""


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    why: str
    how_to_fix: str
    kind: str
    params: dict[str, Any] = field(hash=False)
    example_fail: str
    example_pass: str
    fix: str | None
    source: str
    network: bool = False


def _text(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RuleError(f"{where}: field '{key}' is missing or empty")
    return value.strip()


def parse_rule(data: dict[str, Any], where: str) -> Rule:
    from provenance.engine.checks import CHECK_KINDS  # the kinds validate their parameters

    for key in REQUIRED_FIELDS:
        if key not in data:
            raise RuleError(f"{where}: field '{key}' is missing")
    known = {*REQUIRED_FIELDS, "fix"}
    for key in data:
        if key not in known:
            raise RuleError(f"{where}: unknown field '{key}'")
    code = _text(data, "code", where)
    if not CODE.match(code):
        raise RuleError(f"{where}: field 'code' must look like PRV101, got {code!r}")
    name = _text(data, "name", where)
    if not NAME.match(name):
        raise RuleError(f"{where}: field 'name' must be kebab-case, got {name!r}")
    try:
        severity = Severity(data["severity"])
    except ValueError:
        raise RuleError(f"{where}: field 'severity' must be error, warning or info") from None
    check = data["check"]
    if not isinstance(check, dict) or "kind" not in check:
        raise RuleError(f"{where}: field 'check.kind' is missing")
    kind_name = check["kind"]
    kind = CHECK_KINDS.get(kind_name)
    if kind is None:
        raise RuleError(
            f"{where}: field 'check.kind': unknown kind {kind_name!r} (known: {', '.join(sorted(CHECK_KINDS))})"
        )
    params = {k: v for k, v in check.items() if k != "kind"}
    problem = kind.validate(params)
    if problem:
        raise RuleError(f"{where}: field 'check.{problem}")
    example = data["example"]
    if not isinstance(example, dict):
        raise RuleError(f"{where}: field 'example' must be a table with 'fail' and 'pass'")
    for side in ("fail", "pass"):
        if not isinstance(example.get(side), str) or not example[side].strip():
            raise RuleError(f"{where}: field 'example.{side}' is missing or empty")
    fix = data.get("fix")
    return Rule(
        code=code,
        name=name,
        severity=severity,
        summary=_text(data, "summary", where),
        why=_text(data, "why", where),
        how_to_fix=_text(data, "how_to_fix", where),
        kind=kind_name,
        params=params,
        example_fail=example["fail"],
        example_pass=example["pass"],
        fix=fix.strip() if isinstance(fix, str) else None,
        source=where,
        network=kind.network,
    )


def load_rule_file(path: Path) -> list[Rule]:
    """One rule per file (the built-in layout), or a pack: a file of `[[rule]]` tables."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise RuleError(f"{path}: cannot read: {error.strerror or error}") from error
    except tomllib.TOMLDecodeError as error:
        raise RuleError(f"{path}: not valid TOML: {error}") from error
    if "rule" in data:
        entries = data["rule"]
        if not isinstance(entries, list) or not entries or set(data) != {"rule"}:
            raise RuleError(f"{path}: a pack holds only [[rule]] tables")
        return [parse_rule(entry, f"{path}: rule[{index}]") for index, entry in enumerate(entries)]
    return [parse_rule(data, str(path))]


def load_rules(extra_packs: Sequence[Path] = ()) -> tuple[Rule, ...]:
    """The built-in rules plus any packs (a pack file, or a folder of them), codes unique."""
    files = sorted(rules_root().glob("*.toml"))
    for pack in extra_packs:
        if pack.is_dir():
            files.extend(sorted(pack.glob("*.toml")))
        elif pack.is_file():
            files.append(pack)
        else:
            raise RuleError(f"{pack}: rule pack not found")
    return _unique(rule for path in files for rule in load_rule_file(path))


def override_severities(rules: Sequence[Rule], overrides: dict[str, str]) -> tuple[Rule, ...]:
    """Rules with the configured severities (keys are codes or names)."""
    changed = {rule.code: rule for rule in rules}
    for key, level in overrides.items():
        rule = find_rule(rules, key)
        if rule is None:
            raise RuleError(f"severity override for unknown rule {key!r}: see 'provenance rules'")
        changed[rule.code] = replace(rule, severity=Severity(level))
    return tuple(changed[rule.code] for rule in rules)


def _unique(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    by_code: dict[str, Rule] = {}
    by_name: dict[str, Rule] = {}
    for rule in rules:
        if rule.code in by_code:
            raise RuleError(f"{rule.source}: duplicate code {rule.code} (also in {by_code[rule.code].source})")
        if rule.name in by_name:
            raise RuleError(f"{rule.source}: duplicate name {rule.name} (also in {by_name[rule.name].source})")
        by_code[rule.code] = rule
        by_name[rule.name] = rule
    return tuple(sorted(by_code.values(), key=lambda r: r.code))


EXAMPLE_SEPARATOR = re.compile(r"^--- next document ---$", re.M)
"""Separates the documents of a corpus-wide rule's example."""


def example_documents(example: str) -> list[str]:
    """The documents of an example: one, or several for corpus-wide rules."""
    return [part.strip("\n") + "\n" for part in EXAMPLE_SEPARATOR.split(example)]


def find_rule(rules: Sequence[Rule], key: str) -> Rule | None:
    wanted = key.strip()
    for rule in rules:
        if rule.code == wanted.upper() or rule.name == wanted.lower():
            return rule
    return None


def select_rules(rules: Sequence[Rule], select: Sequence[str] = (), ignore: Sequence[str] = ()) -> tuple[Rule, ...]:
    """Rules chosen by code, code prefix (`PRV1`) or name; unknown selectors are an error."""

    def matches(rule: Rule, selector: str) -> bool:
        s = selector.strip()
        return rule.name == s.lower() or rule.code.startswith(s.upper()) or s.upper() == "ALL"

    for selector in [*select, *ignore]:
        if not any(matches(rule, selector) for rule in rules):
            raise RuleError(f"unknown rule {selector!r}: see 'provenance rules'")
    chosen = [r for r in rules if not select or any(matches(r, s) for s in select)]
    return tuple(r for r in chosen if not any(matches(r, s) for s in ignore))
