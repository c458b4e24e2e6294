"""The command line, run in-process through main(argv) and once as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from provenance.cli import _json_items, main

from .conftest import EXAMPLES, ROOT, write_corpus


def run_json(capsys, *args: str) -> tuple[int, dict]:
    code = main(["audit", "--offline", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_audit_examples_json_shape(capsys):
    code, report = run_json(capsys, str(EXAMPLES))
    assert code == 1
    assert set(report) == {"version", "summary", "documents", "findings"}
    articles = [p for p in EXAMPLES.rglob("*") if p.suffix in {".md", ".txt", ".html"}]
    assert report["summary"]["documents"] == len(articles) == 5
    for finding in report["findings"]:
        assert set(finding) >= {"rule", "name", "severity", "path", "line", "message", "fix"}
    keys = [(f["path"], f["line"], f["column"], f["rule"], f["message"]) for f in report["findings"]]
    assert keys == sorted(keys), "findings are sorted and stable"
    rules = {(f["path"].rsplit("/", 1)[-1], f["rule"]) for f in report["findings"]}
    assert ("001_bridge_raw.txt", "PRV401") in rules
    assert ("004_council_clean.md", "PRV101") not in rules
    assert not any(path == "004_council_clean.md" for path, _ in rules), "the clean example stays clean"


def test_text_output_format(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code = main(["audit", "--offline", str(EXAMPLES / "002_bridge_markdown.txt")])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out[0] == (
        "examples/002_bridge_markdown.txt:15:1: PRV104 placeholder-link: link "
        "'Storm Damage Closes Harbor Bridge Indefinitely' points to '#': the cited source was lost"
    )
    assert out[-1].startswith("Found ")


def test_select_and_ignore_by_code_prefix_and_name(capsys):
    _, report = run_json(capsys, "--select", "PRV1", "--ignore", "scrape-residue", str(EXAMPLES))
    rules = {f["rule"] for f in report["findings"]}
    assert rules and all(r.startswith("PRV1") for r in rules)
    assert "PRV105" not in rules


def test_fail_on_sets_the_exit_code(capsys, tmp_path):
    corpus = write_corpus(tmp_path / "c", {"a.md": "# Title\n\nSign up for our free weekly newsletter\n"})
    args = ["audit", "--offline", "--select", "PRV105", str(corpus)]
    assert main(args) == 0, "info findings do not fail by default (fail-on warning)"
    assert main([*args, "--fail-on", "info"]) == 1
    assert main([*args, "--fail-on", "never"]) == 0
    capsys.readouterr()


def test_usage_errors_exit_2_with_one_line(capsys):
    assert main(["audit", "--offline", "/nonexistent/corpus"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no such file or directory" in err[0]
    assert main(["audit", "--offline", "--select", "PRV999", str(EXAMPLES)]) == 2
    assert "unknown rule" in capsys.readouterr().err
    assert main(["audit", "--format", "yaml", str(EXAMPLES)]) == 2
    assert "invalid choice" in capsys.readouterr().err
    assert main(["rules", "nope"]) == 2
    capsys.readouterr()


def test_output_file_is_written(tmp_path, capsys):
    out = tmp_path / "reports" / "audit.json"
    assert main(["audit", "--offline", "--format", "json", "--output", str(out), str(EXAMPLES)]) == 1
    assert capsys.readouterr().out == ""
    assert json.loads(out.read_text())["summary"]["documents"] == 5


def test_extract_json_single_and_many(capsys):
    assert main(["extract", "--format", "json", str(EXAMPLES / "004_council_clean.md")]) == 0
    one = json.loads(capsys.readouterr().out)
    assert isinstance(one, dict) and one["date"] == "2025-05-28"
    assert (
        main(
            [
                "extract",
                "--format",
                "json",
                str(EXAMPLES / "004_council_clean.md"),
                str(EXAMPLES / "003_port_strike.html"),
            ]
        )
        == 0
    )
    many = json.loads(capsys.readouterr().out)
    assert [d["format"] for d in many] == ["markdown", "html"]


@pytest.mark.parametrize("indent", [None, 2])
@pytest.mark.parametrize("count", [0, 1, 2, 5])
def test_extract_json_is_written_item_by_item_as_json_dumps_writes_the_list(indent, count):
    items = [{"path": f"d{n}.md", "links": [{"url": "https://example.org/", "line": n}], "title": "Ünïcode"}
             for n in range(count)]  # fmt: skip
    streamed = "".join(_json_items(iter(items), indent, single=False))
    assert streamed == json.dumps(items, indent=indent, ensure_ascii=False) + "\n"
    alone = "".join(_json_items(iter(items), indent, single=True))
    expected = items[0] if count == 1 else items
    assert alone == json.dumps(expected, indent=indent, ensure_ascii=False) + "\n"


def test_extract_checks_every_path_before_writing_anything(capsys, tmp_path):
    out = tmp_path / "facts.json"
    arguments = ["extract", "--format", "json", "-o", str(out), str(EXAMPLES / "004_council_clean.md"), "missing.md"]
    assert main(arguments) == 2
    assert "no such file or directory: missing.md" in capsys.readouterr().err
    assert not out.exists()


def test_extract_text_form_is_readable(capsys):
    assert main(["extract", str(EXAMPLES / "002_bridge_markdown.txt")]) == 0
    out = capsys.readouterr().out
    assert "title:        Harbor Bridge Reopens After Six Weeks of Storm Repairs" in out
    assert "[footer:original url, line 27]" in out


def test_rules_list_and_explain(capsys):
    assert main(["rules"]) == 0
    listing = capsys.readouterr().out
    assert "PRV101  missing-original-url" in listing
    assert main(["rules", "placeholder-link"]) == 0
    doc = capsys.readouterr().out
    for heading in ("What it checks", "Why it matters", "Example", "How to fix"):
        assert heading in doc
    assert main(["rules", "PRV104", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["name"] == "placeholder-link"


def test_config_file_select_and_unknown_key(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "c", {"a.md": "# Title\n\nBody [x](#).\n"})
    (tmp_path / "provenance.toml").write_text('select = ["PRV104"]\n')
    code, report = run_json(capsys, str(corpus))
    assert code == 1 and {f["rule"] for f in report["findings"]} == {"PRV104"}
    (tmp_path / "provenance.toml").write_text('selcet = ["PRV104"]\n')
    assert main(["audit", "--offline", str(corpus)]) == 2
    assert "did you mean 'select'" in capsys.readouterr().err


@pytest.mark.parametrize(
    "entry", [["-m", "provenance"], ["-c", "from provenance.cli import main; raise SystemExit(main())"]]
)
def test_runs_as_a_module(entry):
    done = subprocess.run(
        [sys.executable, *entry, "audit", "--offline", "--format", "json", str(EXAMPLES)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["summary"]["documents"] == 5


def test_report_file_gets_the_usual_mode(tmp_path, capsys):
    import os
    import stat

    out = tmp_path / "audit.json"
    main(["audit", "--offline", "--format", "json", "--output", str(out), str(EXAMPLES)])
    capsys.readouterr()
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask
