#!/usr/bin/env python3
"""Metadata accuracy of ``provenance`` against htmldate and trafilatura on annotated web pages.

    python bench/accuracy.py                       # default DIR: ../shared/eval/dev (from the repo root)
    python bench/accuracy.py DIR --failures        # also list every page we get wrong
    python bench/accuracy.py --failures --field date
    python bench/accuracy.py --json results.json   # every number, plus each page's values
    python bench/accuracy.py --no-peers            # ours only (no htmldate/trafilatura needed)

DIR holds ``pages/<id>.html`` and ``truth.jsonl`` (one JSON object per line: id, url, date,
title, author, ...; ``null`` means "not annotated"). The pages are evaluation data: read them
from DIR, never copy them into the repository.

Extractors, all given the same decoded page text and nothing else (no URL hint):

* ours: ``provenance.extract.extract_text(text, path=id, fmt=DocFormat.HTML)``; the bytes are
  decoded by ``provenance.corpus.read_source`` (BOM, UTF-8, the declared charset, then a legacy
  guess). Author is reported "n/a" until the Document grows an ``authors`` attribute.
* htmldate fast: ``find_date(text, original_date=True, extensive_search=False, url=None)``.
* htmldate extensive: ``find_date(text, original_date=True, extensive_search=True, url=None)``.
* trafilatura: ``extract_metadata(text)`` with default settings (.title .date .url .author
  .sitename). Note that trafilatura itself hands the page's own canonical URL to htmldate.

The peers are benchmark-only extras: ``pip install -e '.[bench]'``.

Scoring (a page counts for a field only when its truth for that field is non-null; n is shown):

* date: right when the extracted date has the same YYYY-MM-DD as the truth.
* url: right when equal after normalising both: lower-case scheme and host, ``http`` == ``https``,
  a leading ``www.`` dropped, default port dropped, query and fragment dropped, trailing ``/``
  of the path dropped; also the path percent-decoded (an IRI and its %-encoded URI are the same
  address) and a ``;jsessionid=...`` path parameter dropped (a session token, not the address).
* title (strict): right when equal after normalising both: Unicode NFKC, case-folded, white space
  collapsed, typographic quotes/apostrophes/primes mapped to ASCII ``'`` and ``"``, dashes and
  minus signs mapped to ``-``, one trailing period dropped.
* title (lenient): strict, or one normalised title contains the other, or their
  ``difflib.SequenceMatcher`` ratio is >= 0.9.
* author: right when case-insensitively equal after collapsing white space, or when both split on
  ``,`` ``;`` ``&`` and the word for "and" (``and``, ``und``, ``et``, ``y``) give the same set of names.
* publisher / site name: scored only if the truth carries a ``publisher`` / ``sitename`` /
  ``site_name`` field; otherwise the row says "no truth" and shows how often each extractor
  named one.

Timing: ``time.perf_counter`` around each extractor call, per page (decoding excluded; each
extractor is warmed up once on the first page before timing, so one-off imports and caches do
not land on page 1). Reported: median, p95, max and total milliseconds. ``--repeat N`` runs each
call N times and keeps the fastest, to damp noise from other work on the machine; it also hides
one-off lazy initialisation that the warm-up page did not trigger (htmldate's extensive search
loads dateparser the first time it needs it, which costs seconds on whichever page that is).

Standard library only, plus the peers imported lazily (``--help`` and ``--no-peers`` work
without them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import logging
import re
import statistics
import sys
import time
import unicodedata
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = REPO_ROOT.parent / "shared" / "eval" / "dev"
SLOW_MS = 50.0

FIELDS = ("date", "url", "title", "title_lenient", "author", "publisher")
FIELD_LABELS = {
    "date": "date",
    "url": "original URL",
    "title": "title (strict)",
    "title_lenient": "title (lenient)",
    "author": "author",
    "publisher": "publisher / site name",
}
PUBLISHER_TRUTH_KEYS = ("publisher", "sitename", "site_name")
EXTRACTORS = ("ours", "htmldate_fast", "htmldate_extensive", "trafilatura")
EXTRACTOR_LABELS = {
    "ours": "ours",
    "htmldate_fast": "htmldate fast",
    "htmldate_extensive": "htmldate extensive",
    "trafilatura": "trafilatura",
}
# Which fields each extractor produces at all; the others are shown as "—".
PRODUCES = {
    "ours": {"date", "url", "title", "title_lenient", "author", "publisher"},
    "htmldate_fast": {"date"},
    "htmldate_extensive": {"date"},
    "trafilatura": {"date", "url", "title", "title_lenient", "author", "publisher"},
}

# --------------------------------------------------------------------------- normalising


_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2039": "'",
        "\u203a": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)
_SPACE = re.compile(r"\s+")
_JSESSION = re.compile(r";jsessionid=[^/;]*", re.IGNORECASE)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|&|\b(?:and|und|et|y)\b)\s*", re.IGNORECASE)


def norm_title(value: str | None) -> str | None:
    if value is None:
        return None
    text = unicodedata.normalize("NFKC", value).translate(_QUOTES).casefold()
    text = _SPACE.sub(" ", text).strip()
    if text.endswith("."):
        text = text[:-1].rstrip()
    return text or None


def title_right(ours: str | None, truth: str) -> bool:
    return norm_title(ours) is not None and norm_title(ours) == norm_title(truth)


def title_lenient(ours: str | None, truth: str) -> bool:
    a, b = norm_title(ours), norm_title(truth)
    if a is None or b is None:
        return False
    return a == b or a in b or b in a or difflib.SequenceMatcher(None, a, b).ratio() >= 0.9


def norm_url(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    parts = urlsplit(value.strip())
    scheme = parts.scheme.lower()
    if scheme == "http":
        scheme = "https"
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    port = parts.port if parts.port not in (None, 80, 443) else None
    netloc = f"{host}:{port}" if port else host
    path = _JSESSION.sub("", unquote(parts.path)).rstrip("/")
    return urlunsplit((scheme, netloc, path, "", ""))


def url_right(ours: str | None, truth: str) -> bool:
    try:
        got = norm_url(ours)
        return got is not None and got == norm_url(truth)
    except ValueError:  # a malformed port or IPv6 host
        return False


def date_right(ours: str | None, truth: str) -> bool:
    return ours is not None and ours[:10] == truth[:10]


def _names(value: str) -> frozenset[str]:
    text = _SPACE.sub(" ", unicodedata.normalize("NFKC", value)).strip().casefold()
    return frozenset(part for part in _AUTHOR_SPLIT.split(text) if part)


def author_right(ours: str | None, truth: str) -> bool:
    if not ours or not ours.strip():
        return False
    a = _SPACE.sub(" ", ours).strip().casefold()
    b = _SPACE.sub(" ", truth).strip().casefold()
    return a == b or _names(ours) == _names(truth)


def publisher_right(ours: str | None, truth: str) -> bool:
    return bool(ours) and _SPACE.sub(" ", ours or "").strip().casefold() == _SPACE.sub(" ", truth).strip().casefold()


SCORERS: dict[str, Callable[[str | None, str], bool]] = {
    "date": date_right,
    "url": url_right,
    "title": title_right,
    "title_lenient": title_lenient,
    "author": author_right,
    "publisher": publisher_right,
}

# --------------------------------------------------------------------------- extractors


@dataclass
class Output:
    """One extractor's answer for one page: field -> value (str or None), plus extras."""

    values: dict[str, str | None] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    ms: float = 0.0
    credits: set[tuple[str, str]] | None = None
    """(agency, kind) pairs for news-agency credits; None when the extractor finds no credits at all."""


def _ours_author(document: Any) -> str | None:
    """Our author, once the Document has one; None means "not extracted yet" (shown as n/a)."""
    authors = getattr(document, "authors", None)
    if authors is None:
        return None
    names = [getattr(a, "name", a) for a in authors]
    return ", ".join(str(n) for n in names if n) or ""


def run_ours(text: str, page_id: str) -> Output:
    from provenance.extract import extract_text
    from provenance.model import DocFormat

    doc = extract_text(text, path=page_id, fmt=DocFormat.HTML)
    out = Output()
    out.values["date"] = doc.date.value.isoformat() if doc.date else None
    out.values["url"] = doc.original_url.url if doc.original_url else None
    out.values["title"] = doc.title.value if doc.title else None
    out.values["title_lenient"] = out.values["title"]
    out.values["author"] = _ours_author(doc)
    out.credits = {(c.agency, c.kind.value) for c in doc.credits if c.agency in news_agencies()}
    out.values["publisher"] = (doc.publisher.name or doc.publisher.domain) if doc.publisher else None
    for name, fact in (
        ("date", doc.date),
        ("url", doc.original_url),
        ("title", doc.title),
        ("publisher", doc.publisher),
    ):
        if fact is not None:
            extra = " (modified)" if getattr(fact, "modified", False) else ""
            out.evidence[name] = f"{fact.evidence.source}{extra}"
    return out


def news_agencies() -> frozenset[str]:
    """The vocabulary's canonical agency names, minus stock-photo agencies (not news wires)."""
    global _AGENCIES
    if _AGENCIES is None:
        from provenance.vocabulary import default_vocabulary

        _AGENCIES = frozenset(default_vocabulary().agencies.values()) - NOT_WIRES
    return _AGENCIES


_AGENCIES: frozenset[str] | None = None
NOT_WIRES = frozenset({"Getty Images"})


def ours_has_authors() -> bool:
    from provenance.model import Document

    return "authors" in getattr(Document, "__dataclass_fields__", {}) or hasattr(Document, "authors")


def load_peers() -> dict[str, Callable[[str, str], Output]]:
    try:
        import htmldate
        import trafilatura
    except ImportError as error:
        sys.exit(
            f"accuracy.py: the peers are not installed ({error.name}).\n"
            "  Install them with:  pip install -e '.[bench]'   (htmldate and trafilatura)\n"
            "  or run ours alone:  python bench/accuracy.py --no-peers"
        )
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("courlan").setLevel(logging.CRITICAL)

    def htmldate_fast(text: str, page_id: str) -> Output:
        date = htmldate.find_date(text, original_date=True, extensive_search=False, url=None)
        return Output(values={"date": date})

    def htmldate_extensive(text: str, page_id: str) -> Output:
        date = htmldate.find_date(text, original_date=True, extensive_search=True, url=None)
        return Output(values={"date": date})

    def traf(text: str, page_id: str) -> Output:
        meta = trafilatura.extract_metadata(text)
        return Output(
            values={
                "date": meta.date,
                "url": meta.url,
                "title": meta.title,
                "title_lenient": meta.title,
                "author": meta.author,
                "publisher": meta.sitename,
            }
        )

    return {"htmldate_fast": htmldate_fast, "htmldate_extensive": htmldate_extensive, "trafilatura": traf}


def timed(func: Callable[[str, str], Output], text: str, page_id: str, repeat: int = 1) -> Output:
    """Run one extractor on one page; with repeat > 1 the fastest of the runs is kept as its time."""
    best = float("inf")
    out = Output()
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        try:
            out = func(text, page_id)
        except Exception as error:
            out = Output(error=f"{type(error).__name__}: {error}")
        best = min(best, (time.perf_counter() - start) * 1000.0)
        if out.error:
            break
    out.ms = best
    return out


# --------------------------------------------------------------------------- data


def load_truth(directory: Path) -> list[dict[str, Any]]:
    path = directory / "truth.jsonl"
    if not path.is_file():
        sys.exit(f"accuracy.py: no truth.jsonl in {directory}")
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_page(path: Path) -> tuple[str | None, str | None]:
    """(text, None) or (None, reason), decoded the way the tool itself decodes files."""
    from provenance.corpus import read_source
    from provenance.model import ReadFailure

    source = read_source(path)
    if isinstance(source, ReadFailure):
        return None, source.reason
    return source.text, None


def truth_for(record: dict[str, Any], name: str) -> str | None:
    if name == "title_lenient":
        name = "title"
    if name == "publisher":
        for key in PUBLISHER_TRUTH_KEYS:
            if record.get(key):
                return str(record[key])
        return None
    value = record.get(name)
    return None if value is None or value == "" else str(value)


# --------------------------------------------------------------------------- reporting


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[rank]


def load_credit_truth(path: Path) -> dict[str, set[tuple[str, str]]] | None:
    """bench/credit_truth.json: page id -> {(agency, kind)}; pages not listed carry no credit."""
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return {pid: {(c["agency"], c["kind"]) for c in credits} for pid, credits in data["pages"].items()}


def score_credits(
    records: list[dict[str, Any]], results: dict[str, dict[str, Output]], truth: dict[str, set[tuple[str, str]]]
) -> dict[str, dict[str, float | int]]:
    """Precision and recall of our news-agency credits over every page, as (agency, kind) pairs
    and as agencies alone (a right agency with the wrong kind still names the source)."""
    scores: dict[str, dict[str, float | int]] = {}
    for level in ("pair", "agency"):
        tp = fp = fn = 0
        for record in records:
            out = results[record["id"]].get("ours")
            got = set(out.credits or ()) if out else set()
            want = truth.get(record["id"], set())
            if level == "agency":
                got = {(a, "") for a, _ in got}
                want = {(a, "") for a, _ in want}
            tp += len(got & want)
            fp += len(got - want)
            fn += len(want - got)
        scores[level] = {
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "precision": tp / (tp + fp) if tp + fp else 0.0,
            "recall": tp / (tp + fn) if tp + fn else 0.0,
        }
    return scores


def summarise(
    records: list[dict[str, Any]], results: dict[str, dict[str, Output]], extractors: list[str], ours_authors: bool
) -> dict[str, Any]:
    has_publisher_truth = any(truth_for(r, "publisher") for r in records)
    accuracy: dict[str, dict[str, Any]] = {}
    for name in FIELDS:
        row: dict[str, Any] = {}
        for ext in extractors:
            if name not in PRODUCES[ext]:
                row[ext] = None
                continue
            if ext == "ours" and name == "author" and not ours_authors:
                row[ext] = "n/a"
                continue
            found = sum(1 for r in records if (results[r["id"]].get(ext) or Output()).values.get(name))
            if name == "publisher" and not has_publisher_truth:
                row[ext] = {"truth": False, "found": found, "pages": len(records)}
                continue
            scored = [r for r in records if truth_for(r, name) is not None]
            right = 0
            for r in scored:
                out = results[r["id"]].get(ext)
                got = out.values.get(name) if out else None
                if SCORERS[name](got, truth_for(r, name) or ""):
                    right += 1
            n = len(scored)
            row[ext] = {"right": right, "n": n, "share": right / n if n else None, "found": found}
        accuracy[name] = row
    timing: dict[str, dict[str, float]] = {}
    for ext in extractors:
        times = [results[r["id"]][ext].ms for r in records if ext in results[r["id"]]]
        timing[ext] = {
            "pages": len(times),
            "median_ms": statistics.median(times) if times else 0.0,
            "p95_ms": percentile(times, 0.95),
            "max_ms": max(times, default=0.0),
            "total_ms": sum(times),
        }
    return {"accuracy": accuracy, "timing": timing}


def format_cell(cell: Any) -> str:
    if cell is None:
        return "—"
    if cell == "n/a":
        return "n/a"
    if not cell.get("truth", True):
        return f"no truth (named on {cell['found']}/{cell['pages']})"
    if not cell["n"]:
        return "no truth"
    return f"{cell['share']:.3f} ({cell['right']}/{cell['n']})"


def print_tables(summary: dict[str, Any], extractors: list[str], pages: int, directory: Path) -> None:
    print(f"# Metadata accuracy on {pages} pages of {directory}\n")
    head = "| field | " + " | ".join(EXTRACTOR_LABELS[e] for e in extractors) + " |"
    print(head)
    print("|" + " --- |" * (len(extractors) + 1))
    for name in FIELDS:
        cells = [format_cell(summary["accuracy"][name][e]) for e in extractors]
        print(f"| {FIELD_LABELS[name]} | " + " | ".join(cells) + " |")
    print("\nShare right (right/n); n = pages whose truth for the field is non-null; — = not extracted by that tool.\n")
    print("| extractor | median ms | p95 ms | max ms | total s |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for ext in extractors:
        t = summary["timing"][ext]
        print(
            f"| {EXTRACTOR_LABELS[ext]} | {t['median_ms']:.1f} | {t['p95_ms']:.1f} | {t['max_ms']:.1f} | "
            f"{t['total_ms'] / 1000:.2f} |"
        )
    credits = summary.get("credits")
    if credits:
        print(
            "\nNews-agency credits (ours; the peers extract none), against bench/credit_truth.json over every page:\n"
        )
        print("| credits scored as | precision | recall | right | wrong | missed |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for level, label in (("pair", "agency and kind"), ("agency", "agency only")):
            c = credits[level]
            print(f"| {label} | {c['precision']:.3f} | {c['recall']:.3f} | {c['tp']} | {c['fp']} | {c['fn']} |")


def shorten(value: str | None, width: int = 110) -> str:
    if value is None:
        return "None"
    text = _SPACE.sub(" ", value).strip()
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def print_failures(
    records: list[dict[str, Any]],
    results: dict[str, dict[str, Output]],
    only: str | None,
    ours_authors: bool,
    credit_truth: dict[str, set[tuple[str, str]]] | None = None,
) -> int:
    print("\n# Our failures\n")
    count = 0
    names = [n for n in FIELDS if n != "title_lenient" and (only is None or n == only)]
    for record in records:
        out = results[record["id"]]["ours"]
        if out.error:
            print(f"{record['id']}  ERROR  {out.error}")
            count += 1
            continue
        for name in names:
            if name == "author" and not ours_authors:
                continue
            truth = truth_for(record, name)
            if truth is None:
                continue
            got = out.values.get(name)
            if SCORERS[name](got, truth):
                continue
            count += 1
            note = ""
            if name == "title" and title_lenient(got, truth):
                note = "  (lenient: right)"
            evidence = f"  [{out.evidence[name]}]" if name in out.evidence else ""
            print(f"{record['id']}  {name:<6} ours:  {shorten(got)}{evidence}{note}")
            print(f"{'':<{len(record['id'])}}  {'':<6} truth: {shorten(truth)}")
        if credit_truth is not None and only in (None, "credits"):
            got_credits = set(out.credits or ())
            want = credit_truth.get(record["id"], set())
            if got_credits != want:
                count += 1
                extra = ", ".join(f"{a}/{k}" for a, k in sorted(got_credits - want)) or "-"
                missed = ", ".join(f"{a}/{k}" for a, k in sorted(want - got_credits)) or "-"
                print(f"{record['id']}  credit wrong: {extra}   missed: {missed}")
    print(f"\n{count} wrong (page, field) pairs" + (f" for field {only}" if only else ""))
    slow = [(r["id"], results[r["id"]]["ours"].ms) for r in records if results[r["id"]]["ours"].ms > SLOW_MS]
    if slow:
        print(f"\nOur slow pages (> {SLOW_MS:.0f} ms): " + ", ".join(f"{i} {ms:.0f} ms" for i, ms in slow))
    return count


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Metadata accuracy of provenance vs htmldate and trafilatura on annotated pages.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Scoring rules: see the module docstring (python -c 'import bench.accuracy' or read the file).",
    )
    parser.add_argument(
        "dir", nargs="?", type=Path, default=DEFAULT_DIR, help=f"evaluation set (default {DEFAULT_DIR})"
    )
    parser.add_argument("--failures", action="store_true", help="list every page we get wrong: id, field, ours, truth")
    parser.add_argument(
        "--field", choices=[*(n for n in FIELDS if n != "title_lenient"), "credits"], help="restrict --failures"
    )
    parser.add_argument(
        "--credit-truth",
        type=Path,
        default=REPO_ROOT / "bench" / "credit_truth.json",
        metavar="FILE",
        help="hand-labelled news-agency credits (default bench/credit_truth.json)",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="write every number (and per-page values) to FILE")
    parser.add_argument(
        "--repeat", type=int, default=1, metavar="N", help="time each call N times and keep the fastest (less noise)"
    )
    parser.add_argument("--no-peers", action="store_true", help="run ours only (htmldate/trafilatura not needed)")
    args = parser.parse_args(argv)

    directory: Path = args.dir
    records = load_truth(directory)
    funcs: dict[str, Callable[[str, str], Output]] = {"ours": run_ours}
    if not args.no_peers:
        funcs.update(load_peers())
    extractors = [e for e in EXTRACTORS if e in funcs]
    ours_authors = ours_has_authors()

    texts: dict[str, str] = {}
    unreadable: dict[str, str] = {}
    for record in records:
        text, reason = read_page(directory / "pages" / f"{record['id']}.html")
        if text is None:
            unreadable[record["id"]] = reason or "unreadable"
        else:
            texts[record["id"]] = text
    if unreadable:
        for page_id, reason in unreadable.items():
            print(f"warning: {page_id}: {reason}; scored as wrong for every extractor", file=sys.stderr)

    warnings.simplefilter("ignore")
    if texts:  # warm-up: imports, compiled patterns and caches, not timed
        first_id, first_text = next(iter(texts.items()))
        for func in funcs.values():
            timed(func, first_text, first_id)

    results: dict[str, dict[str, Output]] = {}
    for record in records:
        page_id = record["id"]
        text = texts.get(page_id)
        results[page_id] = {}
        for ext in extractors:
            if text is None:
                results[page_id][ext] = Output(error=f"unreadable: {unreadable[page_id]}")
            else:
                results[page_id][ext] = timed(funcs[ext], text, page_id, args.repeat)

    summary = summarise(records, results, extractors, ours_authors)
    credit_truth = load_credit_truth(args.credit_truth)
    if credit_truth is not None:
        summary["credits"] = score_credits(records, results, credit_truth)
    print_tables(summary, extractors, len(records), directory)
    for ext in extractors:
        errors = [(pid, res[ext].error) for pid, res in results.items() if res[ext].error]
        if errors:
            print(
                f"\n{EXTRACTOR_LABELS[ext]} raised on {len(errors)} pages: " + "; ".join(f"{p}: {e}" for p, e in errors)
            )
    if args.failures:
        print_failures(records, results, args.field, ours_authors, credit_truth)

    if args.json:
        payload = {
            "directory": str(directory),
            "pages": len(records),
            "run_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "ours_authors": ours_authors,
            "repeat": args.repeat,
            **summary,
            "per_page": {
                pid: {
                    ext: {"values": o.values, "evidence": o.evidence, "error": o.error, "ms": round(o.ms, 3)}
                    for ext, o in res.items()
                }
                for pid, res in results.items()
            },
        }
        args.json.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
