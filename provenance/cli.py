"""The command line: `provenance extract | audit | rules`.

`main(argv) -> int` never calls sys.exit itself, so tests run it in-process. Exit codes:
0 nothing at or above --fail-on, 1 findings, 2 a usage, configuration or input error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

from provenance import __version__
from provenance.model import Severity

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Reported as one line on stderr with exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _split(values: Sequence[str] | None) -> tuple[str, ...]:
    items: list[str] = []
    for value in values or ():
        items.extend(part.strip() for part in value.split(",") if part.strip())
    return tuple(items)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="provenance",
        description="Audit corpora of news articles for source provenance and citation integrity.",
    )
    parser.add_argument("--version", action="version", version=f"provenance {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    extract = commands.add_parser(
        "extract",
        help="print the provenance facts of documents",
        description="Print what extraction finds in each file: title, date, original URL, "
        "publisher, credits, links and residue, each with the line it came from.",
    )
    extract.add_argument("files", nargs="+", metavar="FILE")
    extract.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    extract.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")

    audit = commands.add_parser(
        "audit",
        help="audit files and folders, report findings",
        description="Walk the paths, extract every document's provenance and check the rules "
        "(see 'provenance rules'). Exit 0 when nothing reaches --fail-on, 1 on findings, 2 on errors.",
    )
    audit.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (folders are walked recursively)")
    audit.add_argument(
        "--offline",
        action="store_true",
        help="do not touch the network (cached answers still count)",
    )
    audit.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    audit.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout")
    audit.add_argument(
        "--select",
        action="append",
        metavar="RULES",
        help="only these rules: codes, prefixes (PRV1) or names, comma-separated",
    )
    audit.add_argument(
        "--ignore",
        action="append",
        metavar="RULES",
        help="skip these rules (codes, prefixes or names)",
    )
    audit.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        help="lowest severity that makes the exit code 1 (default: warning)",
    )
    audit.add_argument(
        "--exclude",
        action="append",
        metavar="GLOB",
        help="skip files and folders matching GLOB (repeatable)",
    )
    audit.add_argument(
        "--config",
        metavar="FILE",
        help="configuration file (default: nearest provenance.toml or pyproject.toml)",
    )
    audit.add_argument("--cache", metavar="FILE", help="resolution cache file (SQLite)")
    audit.add_argument("--no-cache", action="store_true", help="neither read nor write the resolution cache")
    audit.add_argument(
        "--max-bytes",
        type=int,
        metavar="N",
        help="larger files are reported as PRV901 (default: 10 MiB)",
    )
    audit.add_argument("--show-fixes", action="store_true", help="print each finding's fix under it (text format)")
    audit.add_argument(
        "--today",
        type=_date,
        metavar="YYYY-MM-DD",
        help="treat this date as today (reproducible audits)",
    )
    audit.add_argument(
        "--rule-pack",
        action="append",
        metavar="PATH",
        help="load more rules: a pack file of [[rule]] tables or a folder of rule files (repeatable)",
    )
    audit.add_argument("--no-suppressions", action="store_true", help="ignore inline suppressions; show everything")
    audit.add_argument("--baseline", metavar="FILE", help="report only findings that are not in this baseline")
    audit.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record today's findings as the baseline (by fingerprint: rule, path, evidence; not line numbers)",
    )
    audit.add_argument(
        "--statistics", action="store_true", help="print counts per rule and severity instead of findings"
    )

    rules = commands.add_parser(
        "rules",
        help="list the rules or explain one",
        description="List every rule, or explain one rule by code or name.",
    )
    rules.add_argument("rule", nargs="?", metavar="CODE|NAME")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.add_argument("--rule-pack", action="append", metavar="PATH", help="also list the rules of this pack")
    rules.add_argument("--config", metavar="FILE", help="configuration file whose rule-packs to include")
    return parser


def _write(text: str, output: str | None) -> None:
    """Write to stdout, or atomically to a file (a half-written report is never left)."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(output)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        Path(temporary).replace(target)
    except OSError as error:
        raise UsageError(f"cannot write {output}: {error.strerror or error}") from error


def _json_text(payload: Any, output: str | None) -> str:
    """Indented for a person at a terminal; compact for files and pipes (several times faster
    to write for a large corpus, and `jq` indents it when wanted)."""
    indent = 2 if output is None and sys.stdout.isatty() else None
    return json.dumps(payload, indent=indent, ensure_ascii=False) + "\n"


def _run_extract(args: argparse.Namespace) -> int:
    from provenance.audit import extract_corpus
    from provenance.corpus import CorpusError
    from provenance.report.documents import document_dict
    from provenance.report.text import render_document

    try:
        documents, failures = extract_corpus(args.files)
    except CorpusError as error:
        raise UsageError(str(error)) from error
    for failure in failures:
        print(f"provenance: {failure.path}: {failure.reason}", file=sys.stderr)
    if args.format == "json":
        items = [document_dict(d) for d in documents]
        payload: Any = items[0] if len(args.files) == 1 and len(items) == 1 else items
        _write(_json_text(payload, args.output), args.output)
    else:
        _write("\n".join(render_document(d) for d in documents), args.output)
    return EXIT_USAGE if failures and not documents else EXIT_CLEAN


def _settings(args: argparse.Namespace) -> Any:
    from provenance.config import Settings, find_config, load_settings

    if args.config:
        path = Path(args.config)
        if not path.is_file():
            raise UsageError(f"config file not found: {args.config}")
        return load_settings(path)
    found = find_config(Path(args.paths[0])) if Path(args.paths[0]).exists() else None
    return load_settings(found) if found else Settings()


def _run_audit(args: argparse.Namespace) -> int:
    from provenance.audit import audit
    from provenance.corpus import CorpusError
    from provenance.engine import load_rules, select_rules
    from provenance.engine.baseline import BaselineError, baseline_text, filter_baselined, load_baseline
    from provenance.engine.rules import override_severities
    from provenance.vocabulary import build_vocabulary, default_vocabulary

    settings = _settings(args)
    select = _split(args.select) or settings.select
    select = (*select, *settings.extend_select) if select else select
    ignore = (*settings.ignore, *_split(args.ignore))
    packs = [Path(p) for p in (*settings.rule_packs, *(args.rule_pack or ()))]
    known = override_severities(load_rules(packs), settings.severity)
    rules = select_rules(known, select, ignore)
    vocabulary = default_vocabulary()
    if settings.extra_agencies or settings.extra_publishers:
        from provenance.packaged import rules_root

        vocabulary = build_vocabulary(rules_root() / "data", settings.extra_agencies, settings.extra_publishers)
    try:
        baseline = load_baseline(Path(args.baseline)) if args.baseline else None
    except BaselineError as error:
        raise UsageError(str(error)) from error
    try:
        result = audit(
            args.paths,
            rules,
            excludes=(*settings.exclude, *_split(args.exclude)),
            max_bytes=args.max_bytes or settings.max_bytes,
            today=args.today,
            vocabulary=vocabulary,
            known_rules=known,
            use_suppressions=not args.no_suppressions,
            per_file_ignores=settings.per_file_ignores,
        )
    except CorpusError as error:
        raise UsageError(str(error)) from error
    if args.write_baseline:
        _write(baseline_text(result.findings), args.write_baseline)
        print(
            f"provenance: wrote {len(result.findings)} findings to the baseline {args.write_baseline}", file=sys.stderr
        )
        return EXIT_CLEAN
    if baseline is not None:
        result = replace(result, findings=tuple(filter_baselined(result.findings, baseline)))
    if args.format == "json":
        from provenance.report.documents import document_dict, finding_dict, summary_dict

        payload = {
            "version": __version__,
            "summary": summary_dict(result),
            "documents": [document_dict(d) for d in result.documents],
            "findings": [finding_dict(f) for f in result.findings],
        }
        _write(_json_text(payload, args.output), args.output)
    elif args.statistics:
        from provenance.report.text import render_statistics

        _write(render_statistics(result), args.output)
    else:
        from provenance.report.text import render_findings

        _write(render_findings(result, show_fixes=args.show_fixes), args.output)
    fail_on = args.fail_on or settings.fail_on
    if fail_on == "never":
        return EXIT_CLEAN
    threshold = Severity(fail_on).rank
    return EXIT_FINDINGS if any(f.severity.rank >= threshold for f in result.findings) else EXIT_CLEAN


def _run_rules(args: argparse.Namespace) -> int:
    from provenance.config import load_settings
    from provenance.engine import find_rule, load_rules
    from provenance.report.rules_doc import render_rule, render_rule_list, rule_dict

    settings = load_settings(Path(args.config)) if args.config else None
    packs = [Path(p) for p in (*(settings.rule_packs if settings else ()), *(args.rule_pack or ()))]
    rules = load_rules(packs)
    if args.rule:
        rule = find_rule(rules, args.rule)
        if rule is None:
            raise UsageError(f"unknown rule {args.rule!r}: see 'provenance rules'")
        text = json.dumps(rule_dict(rule), indent=2) + "\n" if args.format == "json" else render_rule(rule)
    elif args.format == "json":
        text = json.dumps([rule_dict(r) for r in rules], indent=2) + "\n"
    else:
        text = render_rule_list(rules)
    _write(text, None)
    return EXIT_CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    from provenance.config import ConfigError
    from provenance.engine import RuleError
    from provenance.vocabulary import VocabularyError

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return EXIT_USAGE
        handlers = {"extract": _run_extract, "audit": _run_audit, "rules": _run_rules}
        return handlers[args.command](args)
    except (UsageError, ConfigError, RuleError, VocabularyError) as error:
        print(f"provenance: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("provenance: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_CLEAN
