"""Rules as data: packs, validation, suppressions, baselines, configuration, statistics."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from provenance.audit import audit
from provenance.cli import main
from provenance.engine import load_rules
from provenance.engine.rules import example_documents, load_rule_file
from provenance.extract.suppressions import find_suppressions

from .conftest import EXAMPLES, write_corpus

PACK = EXAMPLES / "policy" / "newsroom.toml"
PACK_RULES = load_rule_file(PACK)
ALL_RULES = load_rules([PACK])


def findings(capsys, *args: str) -> tuple[int, list[dict]]:
    code = main(["audit", "--offline", "--format", "json", *args])
    out = capsys.readouterr().out
    return code, json.loads(out)["findings"] if out else []


@pytest.mark.parametrize("rule", PACK_RULES, ids=lambda r: r.code)
@pytest.mark.parametrize("side", ["fail", "pass"])
def test_newsroom_pack_examples(rule, side, tmp_path):
    folder = tmp_path / side
    folder.mkdir()
    example = rule.example_fail if side == "fail" else rule.example_pass
    for index, text in enumerate(example_documents(example)):
        (folder / f"doc{index}.md").write_text(text, encoding="utf-8")
    codes = [f.rule for f in audit([folder], ALL_RULES, today=dt.date(2026, 1, 1)).findings]
    assert (rule.code in codes) == (side == "fail")


BAD_PACKS = {
    "unknown kind": ('kind = "telepathy"', "check.kind"),
    "bad regex": ('kind = "pattern"\nfield = "title"\npattern = "(unclosed"', "check.pattern"),
    "unknown field": ('kind = "pattern"\nfield = "colour"\npattern = "x"', "check.field"),
}


def _rule_text(code: str, check: str, summary: str = "s") -> str:
    return (
        f'[[rule]]\ncode = "{code}"\nname = "r-{code.lower()}"\nseverity = "warning"\nsummary = "{summary}"\n'
        f'why = "w"\nhow_to_fix = "h"\n[rule.check]\n{check}\n[rule.example]\nfail = "a"\npass = "b"\n'
    )


@pytest.mark.parametrize(("check", "field"), BAD_PACKS.values(), ids=list(BAD_PACKS))
def test_invalid_pack_exits_2_naming_file_and_field(check, field, tmp_path, capsys):
    pack = tmp_path / "pack.toml"
    pack.write_text(_rule_text("HOUSE001", check))
    assert main(["audit", "--offline", "--rule-pack", str(pack), str(EXAMPLES)]) == 2
    err = capsys.readouterr().err
    assert str(pack) in err and field in err and len(err.strip().splitlines()) == 1


def test_duplicate_code_and_missing_doc_field(tmp_path, capsys):
    pack = tmp_path / "dup.toml"
    pack.write_text(_rule_text("PRV101", 'kind = "required"\nfield = "title"'))
    assert main(["rules", "--rule-pack", str(pack)]) == 2
    assert "duplicate code PRV101" in capsys.readouterr().err
    missing = tmp_path / "missing.toml"
    missing.write_text(_rule_text("HOUSE002", 'kind = "required"\nfield = "title"').replace('why = "w"\n', ""))
    assert main(["rules", "--rule-pack", str(missing)]) == 2
    assert "field 'why' is missing" in capsys.readouterr().err


SUPPRESSED = """# Council approves budget

<!-- provenance: ignore PRV104 -- the scraper lost this link; tracked in NEWS-12 -->
The mayor [criticized the plan](#) on Friday.

The council [agreed](#) later. <!-- provenance: ignore placeholder-link -- same-line form -->

A third [link](#) stays reported.

<!-- provenance: ignore PRV104 -- nothing to silence below -->
Plain text line.
"""


def test_suppressions_next_line_same_line_and_unused(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "c", {"a.md": SUPPRESSED})
    _, found = findings(capsys, "--select", "PRV104,PRV902", str(corpus))
    assert [(f["rule"], f["line"]) for f in found] == [("PRV104", 8), ("PRV902", 10)]
    _, everything = findings(capsys, "--select", "PRV104,PRV902", "--no-suppressions", str(corpus))
    assert [(f["rule"], f["line"]) for f in everything] == [("PRV104", 4), ("PRV104", 6), ("PRV104", 8)]


def test_suppressions_in_text_and_html_and_whole_file(tmp_path, capsys):
    corpus = write_corpus(
        tmp_path / "c",
        {
            "a.txt": "provenance: ignore-file PRV105 -- donation box is part of our archive format\n"
            "A headline\n\nSign up for our free weekly newsletter\n\nRead more\n",
            "b.html": "<html><head><title>T</title></head><body>\n"
            "<!-- provenance: ignore PRV104 -- placeholder kept on purpose -->\n"
            '<p><a href="#">x</a></p>\n<p><a href="">y</a></p>\n</body></html>\n',
        },
    )
    _, found = findings(capsys, "--select", "PRV104,PRV105,PRV902", str(corpus))
    assert [(Path(f["path"]).name, f["rule"], f["line"]) for f in found] == [("b.html", "PRV104", 4)]


def test_suppression_without_reason_is_not_applied(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "c", {"a.md": "# T\n\n<!-- provenance: ignore PRV104 -->\nA [x](#).\n"})
    _, found = findings(capsys, "--select", "PRV104,PRV902", str(corpus))
    assert {f["rule"] for f in found} == {"PRV104", "PRV902"}
    assert "gives no reason" in next(f["message"] for f in found if f["rule"] == "PRV902")


def test_baseline_survives_moves_and_reports_only_new(tmp_path, capsys):
    doc = tmp_path / "c" / "a.md"
    write_corpus(tmp_path / "c", {"a.md": "# T\n\nOne [a](#).\n\nTwo [b](#).\n"})
    baseline = tmp_path / "baseline.json"
    assert main(["audit", "--offline", "--write-baseline", str(baseline), str(doc.parent)]) == 0
    capsys.readouterr()
    assert len(json.loads(baseline.read_text())["findings"]) >= 2
    code, found = findings(capsys, "--baseline", str(baseline), str(doc.parent))
    assert (code, found) == (0, [])
    doc.write_text("\n\n\n# T\n\nIntro added.\n\nOne [a](#).\n\nTwo [b](#).\n")
    assert findings(capsys, "--baseline", str(baseline), str(doc.parent)) == (0, [])
    doc.write_text("# T\n\nOne [a](#).\n\nTwo [b](#).\n\nThree [c](#).\n")
    code, found = findings(capsys, "--baseline", str(baseline), str(doc.parent))
    assert code == 1 and [f["message"] for f in found] == ["link 'c' points to '#': the cited source was lost"]
    doc.write_text("# T\n\nOne [a](https://example.com/a).\n\nTwo [b](#).\n")
    assert main(["audit", "--offline", "--write-baseline", str(baseline), str(doc.parent)]) == 0
    capsys.readouterr()
    assert not any("'a'" in e["message"] for e in json.loads(baseline.read_text())["findings"])


def test_bad_baseline_is_a_usage_error(tmp_path, capsys):
    bad = tmp_path / "b.json"
    bad.write_text("{}")
    assert main(["audit", "--offline", "--baseline", str(bad), str(EXAMPLES)]) == 2
    assert "not a provenance baseline" in capsys.readouterr().err


def test_statistics(capsys):
    assert main(["audit", "--offline", "--statistics", str(EXAMPLES)]) == 1
    out = capsys.readouterr().out
    assert "PRV104  placeholder-link" in out and out.strip().splitlines()[-1].split()[1] == "total"


def test_configuration_keys(tmp_path, capsys):
    corpus = write_corpus(
        tmp_path / "c",
        {
            "drafts/a.md": "# T\n\nA [x](#).\n",
            "b.md": "# T\n\nThe talks stalled, a diplomat told Ritzau on Friday.\n\nA [y](#).\n\n"
            "Subscribe to our newsletter for the North Bay Herald.\n",
        },
    )
    (tmp_path / "pyproject.toml").write_text(
        "[tool.provenance]\n"
        'select = ["PRV104", "PRV106", "PRV105"]\n'
        'per-file-ignores = { "drafts/*" = ["PRV104"] }\n'
        'severity = { placeholder-link = "error" }\n'
        'extra-agencies = { "Ritzau" = ["Ritzau", "RB"] }\n'
        'extra-publishers = { "The North Bay Herald" = ["northbayherald.com"] }\n'
        "concurrency = 8\n"
    )
    _, found = findings(capsys, str(corpus))
    assert [(Path(f["path"]).name, f["rule"], f["severity"]) for f in found] == [
        ("b.md", "PRV106", "warning"),
        ("b.md", "PRV104", "error"),
        ("b.md", "PRV105", "info"),
    ]
    assert main(["extract", "--format", "json", str(corpus / "b.md")]) == 0
    capsys.readouterr()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('fail_on = "error"', "did you mean 'fail-on'"),
        ('fail-on = "sometimes"', "key 'fail-on' must be one of"),
        ("concurrency = true", "key 'concurrency' must be a int"),
        ('severity = { PRV104 = "fatal" }', "severity.PRV104"),
        ('severity = { PRV999 = "error" }', "unknown rule 'PRV999'"),
    ],
)
def test_bad_configuration_exits_2(body, message, tmp_path, capsys):
    config = tmp_path / "provenance.toml"
    config.write_text(body + "\n")
    assert main(["audit", "--offline", "--config", str(config), str(EXAMPLES)]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_network_settings_from_the_file_and_flags_win(tmp_path):
    from provenance.cli import _resolve_options, build_parser
    from provenance.config import load_settings

    config = tmp_path / "provenance.toml"
    config.write_text(
        'concurrency = 7\nper-host = 3\nhost-interval = 250\narchives = ["wayback"]\nallow-hosts = ["127.0.0.1:9"]\n'
    )
    settings = load_settings(config)
    args = build_parser().parse_args(["audit", "--concurrency", "9", str(tmp_path)])
    options = _resolve_options(args, None, settings.network)
    assert (options.concurrency, options.per_host, options.host_interval) == (9, 3, 0.25)
    assert tuple(options.archives) == ("wayback",) and "127.0.0.1:9" in options.allow_hosts


def test_suppressions_are_found_in_any_case():
    text = (
        "Title: x\n\nPROVENANCE: ignore PRV104 -- kept\nA [x](#) at https://a.org/b\n"
        "<!-- Provenance: ignore-file PRV105 -- ok -->\n"
    )
    found = find_suppressions(text)
    assert [(s.rules, s.line, s.target_line) for s in found] == [(("PRV104",), 3, 4), (("PRV105",), 5, None)]
    assert find_suppressions("Provenance, not a suppression: here\n") == ()
