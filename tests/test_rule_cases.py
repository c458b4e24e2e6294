"""Every rule's examples, run as test cases: the failing example must trigger the rule,
the passing one must not. A meta-test keeps every rule documented."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from provenance.audit import audit
from provenance.engine import find_rule, load_rules
from provenance.engine.rules import example_documents

from .conftest import ROOT

RULES = load_rules()
TODAY = dt.date(2026, 1, 15)


def _write_example(folder: Path, example: str) -> Path:
    folder.mkdir()
    for index, text in enumerate(example_documents(example)):
        # Markdown unless the example is HTML; the content decides the format anyway.
        suffix = ".html" if text.lstrip().startswith("<") else ".md"
        (folder / f"doc{index}{suffix}").write_text(text, encoding="utf-8")
    return folder


def _codes(folder: Path) -> list[str]:
    """Run every rule, as a user's audit would (PRV902 needs the rule it suppresses to run)."""
    return [f.rule for f in audit([folder], RULES, today=TODAY).findings]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_failing_example_triggers_the_rule(rule, tmp_path):
    if rule.network:
        pytest.skip("a network rule cannot fire offline; tests/test_resolve_rules.py runs it with resolutions")
    folder = _write_example(tmp_path / "fail", rule.example_fail)
    assert rule.code in _codes(folder), f"{rule.code} did not fire on its failing example"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_passing_example_does_not_trigger_the_rule(rule, tmp_path):
    folder = _write_example(tmp_path / "pass", rule.example_pass)
    assert rule.code not in _codes(folder)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_is_documented(rule):
    assert rule.summary and rule.why and rule.how_to_fix
    assert rule.example_fail.strip() and rule.example_pass.strip()
    assert rule.example_fail != rule.example_pass


def test_codes_and_names_are_unique_and_stable():
    codes = [r.code for r in RULES]
    assert codes == sorted(set(codes))
    assert len({r.name for r in RULES}) == len(RULES)
    expected = {"PRV101", "PRV102", "PRV103", "PRV104", "PRV105", "PRV201", "PRV202", "PRV203"}
    assert expected <= set(codes)
    assert {"PRV204", "PRV205", "PRV401", "PRV402", "PRV901"} <= set(codes)


CASES = ROOT / "rules" / "cases"
CASE_FILES = sorted(p for p in CASES.glob("*/*") if p.is_file())


@pytest.mark.parametrize("case", CASE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_rule_case(case, tmp_path):
    """rules/cases/CODE/fail-*.ext must trigger CODE; pass-*.ext must not."""
    folder = tmp_path / "case"
    folder.mkdir()
    for index, text in enumerate(example_documents(case.read_text(encoding="utf-8"))):
        (folder / f"doc{index}{case.suffix}").write_text(text, encoding="utf-8")
    codes = _codes(folder)
    code = case.parent.name
    assert find_rule(RULES, code) is not None, f"cases for unknown rule {code}"
    if case.name.startswith("fail-"):
        assert code in codes, f"{code} did not fire on {case.name}"
    else:
        assert case.name.startswith("pass-"), "case files are named fail-* or pass-*"
        assert code not in codes, f"{code} fired on {case.name}"
