"""The command line: `provenance extract | audit | rules`.

`main(argv) -> int` never calls sys.exit itself, so tests run it in-process. Exit codes:
0 nothing at or above --fail-on, 1 findings, 2 a usage, configuration or input error.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from provenance import __version__
from provenance.model import Severity

if TYPE_CHECKING:
    from provenance.model import Document

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


def _timestamp(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a time (ISO 8601, e.g. 2025-06-01T12:00:00Z): {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _duration(value: str) -> float:
    """Seconds from `90`, `45s`, `30m`, `12h` or `3d`."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    text = value.strip().lower()
    factor = units.get(text[-1:], 0)
    try:
        seconds = float(text[:-1] if factor else text) * (factor or 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a duration (e.g. 90, 30m, 3d): {value!r}") from None
    if seconds < 0:
        raise argparse.ArgumentTypeError(f"a duration cannot be negative: {value!r}")
    return seconds


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value!r}")
    return number


def _add_network_flags(parser: argparse.ArgumentParser, cache: bool = False) -> None:
    """The resolver's flags, shared by `audit` and `resolve`."""
    net = parser.add_argument_group("network (URL checks and archive lookups)")
    if cache:
        net.add_argument("--cache", metavar="FILE", help="resolution cache file (SQLite; default: user cache dir)")
        net.add_argument("--no-cache", action="store_true", help="neither read nor write the resolution cache")
    net.add_argument("--concurrency", type=_positive, metavar="N", help="requests in flight at once (default: 64)")
    net.add_argument("--per-host", type=_positive, metavar="N", help="requests in flight to one host (default: 10)")
    net.add_argument(
        "--host-interval",
        type=float,
        metavar="MS",
        help="minimum milliseconds between requests to a host (default: 50)",
    )
    net.add_argument("--timeout", type=float, metavar="SECONDS", help="connect and read timeout (default: 10)")
    net.add_argument(
        "--url-deadline", type=float, metavar="SECONDS", help="all attempts for one URL, retries included (default: 45)"
    )
    net.add_argument(
        "--deadline", type=float, metavar="SECONDS", help="the whole resolution; later URLs stay unknown (default: 600)"
    )
    net.add_argument(
        "--retries", type=int, metavar="N", help="retries for 408/429/5xx and connection errors (default: 2)"
    )
    net.add_argument(
        "--method", choices=("auto", "head", "get"), help="auto: GET pages (soft 404s need the body), HEAD files"
    )
    net.add_argument("--user-agent", metavar="TEXT", help="User-Agent header (default: provenance/<version> ...)")
    net.add_argument(
        "--allow-private-hosts", action="store_true", help="lift the SSRF guard: allow private and loopback addresses"
    )
    net.add_argument(
        "--allow-host",
        action="append",
        metavar="HOST[:PORT]",
        help="admit this host past the SSRF guard (repeatable): HOST, HOST:PORT or *.SUFFIX, "
        "e.g. a test server on 127.0.0.1:8765",
    )
    net.add_argument(
        "--proxy",
        metavar="URL",
        help="send every request through this HTTP proxy, http://HOST:PORT (https is tunnelled with CONNECT); "
        "the proxy then resolves host names (never taken from HTTP_PROXY: say it here or in the config)",
    )
    net.add_argument("--wayback-url", metavar="URL", help="Wayback Machine base URL (default: https://web.archive.org)")
    net.add_argument(
        "--archive",
        action="append",
        metavar="NAMES",
        help="archives to ask, in order: wayback, archive.today, arquivo.pt, perma.cc, archive-it, ukwa, "
        "a TimeMap base URL, or none (default: wayback)",
    )
    net.add_argument(
        "--archive-rate",
        type=float,
        metavar="PER_MINUTE",
        help="requests a minute to an archive (default: 30; 0: no limit)",
    )
    net.add_argument(
        "--confirm-dead",
        type=_positive,
        metavar="N",
        help="call a URL dead only after N failed checks (needs the cache; default: 1)",
    )
    net.add_argument(
        "--confirm-interval",
        type=_duration,
        metavar="DURATION",
        help="failures closer than this count once (e.g. 3d; default: 0)",
    )


_CONFIG_NETWORK = {
    "concurrency": "concurrency",
    "per-host": "per_host",
    "timeout": "timeout",
    "deadline": "deadline",
    "user-agent": "user_agent",
    "wayback-url": "wayback_url",
    "proxy": "proxy",
    "archive-rate": "archive_rate",
    "confirm-dead": "confirm_dead",
    "confirm-interval": "confirm_interval",
}
"""Network keys of [tool.provenance] and the resolver option each sets (flags still win)."""


def _resolve_options(
    args: argparse.Namespace, cache_setting: str | None = None, network: dict[str, Any] | None = None
) -> Any:
    from provenance.resolve.options import ResolveOptions, default_cache_path

    configured = network or {}
    values: dict[str, Any] = {_CONFIG_NETWORK[k]: v for k, v in configured.items() if k in _CONFIG_NETWORK}
    if "host-interval" in configured:
        values["host_interval"] = float(configured["host-interval"]) / 1000.0
    if "archives" in configured:
        values["archives"] = tuple(configured["archives"])
    for flag, name in (
        ("concurrency", "concurrency"),
        ("per_host", "per_host"),
        ("timeout", "timeout"),
        ("url_deadline", "url_deadline"),
        ("deadline", "deadline"),
        ("retries", "retries"),
        ("method", "method"),
        ("user_agent", "user_agent"),
        ("wayback_url", "wayback_url"),
        ("proxy", "proxy"),
        ("archive_rate", "archive_rate"),
        ("confirm_dead", "confirm_dead"),
        ("confirm_interval", "confirm_interval"),
    ):
        if getattr(args, flag, None) is not None:
            values[name] = getattr(args, flag)
    if args.host_interval is not None:
        values["host_interval"] = max(0.0, args.host_interval) / 1000.0
    if args.archive:
        names = _split(args.archive)
        values["archives"] = () if names == ("none",) else names
    for name in ("timeout", "url_deadline", "deadline", "archive_rate"):
        if name in values and values[name] < 0:
            raise UsageError(f"--{name.replace('_', '-')} cannot be negative")
    if args.wayback_url and not args.wayback_url.startswith(("http://", "https://")):
        raise UsageError(f"--wayback-url must be an http(s) URL, got {args.wayback_url!r}")
    if values.get("proxy"):
        from provenance.resolve.options import parse_proxy

        try:
            parse_proxy(values["proxy"])
        except ValueError as error:
            raise UsageError(str(error)) from None
    if getattr(args, "no_cache", False):
        cache_path = None
    else:
        chosen = getattr(args, "cache", None) or cache_setting
        cache_path = Path(chosen) if chosen else default_cache_path()
    return ResolveOptions(
        allow_private_hosts=args.allow_private_hosts or bool(configured.get("allow-private-hosts", False)),
        allow_hosts=(*configured.get("allow-hosts", ()), *_split(args.allow_host)),
        cache_path=cache_path,
        offline=getattr(args, "offline", False),
        **values,
    )


def _say_notes(notes: Sequence[str]) -> None:
    for note in notes:
        print(f"provenance: {note}", file=sys.stderr)


def _render_resolution(url: str, found: Any) -> str:
    """A URL's resolution as a few indented lines, for people."""
    if found is None:
        return f"{url}\n  state: unchecked (not in the cache)\n\n"
    lines = [url, f"  state: {found.state.value}" + (f" ({found.status})" if found.status else "")]
    lines.append(f"  evidence: {found.evidence}")
    for status, hop in found.chain:
        lines.append(f"  redirect: {status} {hop}")
    if found.final_url and found.final_url != url:
        lines.append(f"  final url: {found.final_url}")
    if found.failing_since:
        lines.append(f"  failing since: {found.failing_since} ({found.failures} failure(s))")
    if found.title:
        lines.append(f"  title: {found.title} ({found.title_source})")
    if found.page_date:
        lines.append(f"  date: {found.page_date.isoformat()} ({found.page_date_source})")
    if found.canonical:
        lines.append(f"  canonical: {found.canonical}")
    snapshot = found.snapshot
    if snapshot:
        lines.append(f"  snapshot: {snapshot.url} ({snapshot.archive}, {snapshot.source}, {snapshot.date.isoformat()})")
    else:
        lines.append(f"  snapshot: none ({found.archive_state}: {found.archive_evidence or 'not looked up'})")
    lines.append(f"  checked: {found.checked_at}" + (" (from the cache)" if found.from_cache else ""))
    return "\n".join(lines) + "\n\n"


def _run_resolve(args: argparse.Namespace) -> int:
    from provenance.extract.urls import url_key
    from provenance.model import LinkState
    from provenance.report.documents import resolution_dict
    from provenance.resolve import CorpusResolver, Target

    options = _resolve_options(args)
    targets: dict[str, Target] = {}
    for url in args.urls:
        if not url.lower().startswith(("http://", "https://")):
            raise UsageError(f"not an http(s) URL: {url!r}")
        targets.setdefault(url_key(url), Target(url, url_key(url), original=True, date=args.date))
    resolver = CorpusResolver(options)
    found = resolver.resolve(targets)
    _say_notes(resolver.notes)
    if args.format == "json":
        items = [{"url": t.url, **resolution_dict(t.url, found)} for t in targets.values()]
        _write(json.dumps(items[0] if len(items) == 1 else items, indent=2, ensure_ascii=False) + "\n", args.output)
    else:
        _write("".join(_render_resolution(t.url, found.get(key)) for key, t in targets.items()), args.output)
    failed = {LinkState.DEAD, LinkState.SOFT_404}
    return EXIT_FINDINGS if any(r.state in failed for r in found.values()) else EXIT_CLEAN


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
    audit.add_argument(
        "--format",
        choices=("text", "json", "sarif", "junit", "github", "html"),
        default="text",
        help="output format (default: text); html is one self-contained file, sarif is SARIF 2.1.0, "
        "github prints workflow annotations",
    )
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
    _add_network_flags(audit, cache=True)
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
    audit.add_argument(
        "--fix",
        action="store_true",
        help="write the fixes the audit knows (URL and date from a near-duplicate, moved URLs, archive links), "
        "then report what is left",
    )
    audit.add_argument(
        "--diff", action="store_true", help="show the fixes --fix would make as a unified diff; write nothing"
    )
    audit.add_argument("--baseline", metavar="FILE", help="report only findings that are not in this baseline")
    audit.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record today's findings as the baseline (by fingerprint: rule, path, evidence; not line numbers)",
    )
    audit.add_argument(
        "--statistics", action="store_true", help="print counts per rule and severity instead of findings"
    )
    audit.add_argument(
        "--generated-at",
        type=_timestamp,
        metavar="TIME",
        help="the time the html and junit reports show (ISO 8601, e.g. 2025-06-01T12:00:00Z; default: now, "
        "or SOURCE_DATE_EPOCH): pins them for byte-identical reports",
    )
    audit.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary line on stderr")

    resolve = commands.add_parser(
        "resolve",
        help="check URLs: state, redirects, page facts, archive snapshot",
        description="Resolve each URL as an audit would: its state (alive, dead, moved, soft-404, unknown, "
        "blocked) with the evidence, the redirect chain, the page's title, date and canonical URL, and the "
        "archive capture closest to --date. Exit 1 when a URL is dead or a soft 404.",
    )
    resolve.add_argument("urls", nargs="+", metavar="URL")
    resolve.add_argument(
        "--date", type=_date, metavar="YYYY-MM-DD", help="find the archive capture closest to this day"
    )
    resolve.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    resolve.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    resolve.add_argument("--offline", action="store_true", help="answer from the cache only")
    _add_network_flags(resolve, cache=True)

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
    _write_chunks((text,), output)


def _new_file_mode() -> int:
    """The mode `open()` would give a new file (0o666 less the umask); mkstemp's 0o600 would
    make a report meant for sharing unreadable to the team."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _write_chunks(chunks: Iterable[str], output: str | None) -> None:
    """Write piece by piece (a large report is never held whole in memory); to a file through
    a temporary file renamed at the end, so a half-written report is never left."""
    if output is None:
        for chunk in chunks:
            sys.stdout.write(chunk)
        sys.stdout.flush()
        return
    target = Path(output)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                for chunk in chunks:
                    stream.write(chunk)
            Path(temporary).chmod(_new_file_mode())
            Path(temporary).replace(target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise UsageError(f"cannot write {output}: {error.strerror or error}") from error


def _json_text(payload: Any, output: str | None) -> str:
    """Indented for a person at a terminal; compact for files and pipes (several times faster
    to write for a large corpus, and `jq` indents it when wanted)."""
    indent = 2 if output is None and sys.stdout.isatty() else None
    return json.dumps(payload, indent=indent, ensure_ascii=False) + "\n"


def _run_extract(args: argparse.Namespace) -> int:
    """Each document is written as soon as it is extracted: a large corpus is never held whole."""
    from provenance.audit import extract_each
    from provenance.corpus import CorpusError, require_path
    from provenance.model import ReadFailure
    from provenance.report.documents import document_dict
    from provenance.report.text import render_document

    try:  # before any output: a typo in the last path must not cut a report short
        for given in args.files:
            require_path(given)
    except CorpusError as error:
        raise UsageError(str(error)) from error
    tally = {"documents": 0, "failures": 0}

    def documents() -> Iterator[Document]:
        for item in extract_each(args.files):
            if isinstance(item, ReadFailure):
                tally["failures"] += 1
                print(f"provenance: {item.path}: {item.reason}", file=sys.stderr)
                continue
            tally["documents"] += 1
            yield item

    if args.format == "json":
        indent = 2 if args.output is None and sys.stdout.isatty() else None
        dicts = (document_dict(d) for d in documents())
        chunks = _json_items(dicts, indent, single=len(args.files) == 1)
    else:
        chunks = (("\n" if number else "") + render_document(d) for number, d in enumerate(documents()))
    _write_chunks(chunks, args.output)
    return EXIT_USAGE if tally["failures"] and not tally["documents"] else EXIT_CLEAN


def _json_items(items: Iterable[Any], indent: int | None, single: bool) -> Iterator[str]:
    """`json.dumps(list(items), indent=indent)` and a newline, one item at a time; with `single`,
    a lone item is written as itself, not as a one-item list."""
    from provenance.report.documents import json_array_chunks

    iterator = iter(items)
    head = list(itertools.islice(iterator, 2))
    if single and len(head) == 1:
        yield json.dumps(head[0], indent=indent, ensure_ascii=False) + "\n"
        return
    yield from json_array_chunks(itertools.chain(head, iterator), indent)
    yield "\n"


def _settings(args: argparse.Namespace) -> Any:
    from provenance.config import Settings, find_config, load_settings

    if args.config:
        path = Path(args.config)
        if not path.is_file():
            raise UsageError(f"config file not found: {args.config}")
        return load_settings(path)
    found = find_config(Path(args.paths[0])) if Path(args.paths[0]).exists() else None
    return load_settings(found) if found else Settings()


def _generated_at(pinned: dt.datetime | None) -> dt.datetime:
    """--generated-at, else SOURCE_DATE_EPOCH (reproducible builds), else now."""
    if pinned is not None:
        return pinned
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)


def _run_audit(args: argparse.Namespace) -> int:
    with contextlib.ExitStack() as spools:  # the documents an offline audit spools for its report
        return _audit_and_report(args, spools)


def _audit_and_report(args: argparse.Namespace, spools: contextlib.ExitStack) -> int:
    from provenance.audit import audit
    from provenance.cachepath import default_cache_path
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

    resolver = None
    cache_file = None if args.no_cache else Path(args.cache or settings.cache or default_cache_path())
    if not args.offline or (cache_file is not None and cache_file.is_file()):
        # Offline with no cache there is nothing to resolve: the resolver (httpx, asyncio) is not
        # even imported, which keeps a pre-commit hook fast.
        from provenance.resolve import CorpusResolver

        resolver = CorpusResolver(_resolve_options(args, settings.cache, settings.network))

    from provenance.report.progress import print_summary, progress_bar

    started = time.perf_counter()

    def documents_spool() -> Any:
        """The documents go to the report as the audit hands them on (json and html show them),
        so the audit need not keep them."""
        if args.diff or args.write_baseline:
            return None
        if args.format == "json":
            from provenance.report.documents import DocumentJsonSpool

            return spools.enter_context(DocumentJsonSpool())
        if args.format == "html":
            from provenance.report.html_report import CardSpool

            return spools.enter_context(CardSpool())
        return None

    def run() -> tuple[Any, Any]:
        progress = progress_bar(quiet=args.quiet)
        spool = documents_spool()
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
                resolver=resolver,
                on_progress=progress,
                # --fix reads the documents' links with their resolutions (archived copies)
                keep_documents=resolver is not None and bool(args.fix or args.diff),
                on_document=spool.add if spool is not None else None,
            )
        except CorpusError as error:
            raise UsageError(str(error)) from error
        finally:
            progress.close()
        return result, spool

    result, spool = run()
    _say_notes(resolver.notes if resolver is not None else ())
    if args.fix or args.diff:
        from provenance.fix import fix_files, unified_diff

        outcome = fix_files(result, write=not args.diff)
        for path, why in outcome.skipped:
            print(f"provenance: not fixed: {path}: {why}", file=sys.stderr)
        if args.diff:
            _write("".join(unified_diff(fix) for fix in outcome.fixed), args.output)
            return EXIT_FINDINGS if outcome.fixed else EXIT_CLEAN
        if outcome.fixed:
            edits = sum(len(fix.edits) for fix in outcome.fixed)
            print(f"provenance: fixed {len(outcome.fixed)} files ({edits} edits)", file=sys.stderr)
            result, spool = run()
    if args.write_baseline:
        _write(baseline_text(result.findings), args.write_baseline)
        print(
            f"provenance: wrote {len(result.findings)} findings to the baseline {args.write_baseline}", file=sys.stderr
        )
        return EXIT_CLEAN
    if baseline is not None:
        result = replace(result, findings=tuple(filter_baselined(result.findings, baseline)))
    if args.format == "json":
        from provenance.report.documents import json_report_chunks

        pretty = args.output is None and sys.stdout.isatty()
        chunks = json_report_chunks(result, __version__, indent=2 if pretty else None, documents=spool)
        _write_chunks(chunks, args.output)
    elif args.format == "html":
        from provenance.report.html_report import html_report_chunks

        when = _generated_at(args.generated_at)
        _write_chunks(html_report_chunks(result, known, generated_at=when, cards=spool), args.output)
    elif args.format != "text":
        from provenance.report import render_report

        text = render_report(result, args.format, rules=known, generated_at=_generated_at(args.generated_at))
        _write(text, args.output)
    elif args.statistics:
        from provenance.report.text import render_statistics

        _write(render_statistics(result), args.output)
    else:
        from provenance.report.text import render_findings

        _write(render_findings(result, show_fixes=args.show_fixes), args.output)
    if not args.quiet and (args.output or args.format != "text") and sys.stderr.isatty():
        print_summary(result, time.perf_counter() - started)  # like the bar: for people, not for pipes and hooks
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
        handlers = {"extract": _run_extract, "audit": _run_audit, "rules": _run_rules, "resolve": _run_resolve}
        return handlers[args.command](args)
    except (UsageError, ConfigError, RuleError, VocabularyError) as error:
        print(f"provenance: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("provenance: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_CLEAN
