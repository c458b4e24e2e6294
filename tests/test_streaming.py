"""An audit streams: offline, each document's own rules run as it is extracted and the document is
let go; online, the documents wait for the network in a spool. The json and html reports read
them back from spools of their own. Everything it reports must be what an audit that keeps every
document reports, to the byte."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from provenance import __version__
from provenance.audit import audit, extract_corpus
from provenance.cli import main
from provenance.engine import load_rules, run_rules
from provenance.model import AuditResult, Document, Finding, LinkState, Resolution
from provenance.report.documents import DocumentJsonSpool, document_dict, finding_dict, json_report_chunks, summary_dict
from provenance.report.html_report import CardSpool, html_report_chunks, render_html_report
from provenance.resolve import CorpusResolver, ResolveOptions

from .conftest import EXAMPLES, ROOT, write_corpus
from .report_corpora import HOSTILE_DOCUMENTS

TODAY = dt.date(2025, 7, 1)
PINNED = dt.datetime(2025, 7, 1, 12, 0, tzinfo=dt.UTC)
RULES = load_rules([EXAMPLES / "policy" / "newsroom.toml"])
BODY = (
    "The city council approved the budget on Friday after a long debate about schools, roads and the new "
    "library, with nine votes in favour and two against, officials said. The mayor called the vote a turning "
    "point for the eastern districts, where three schools need new roofs before winter."
)
URL = "https://www.example-gazette.com/2025/03/14/council-approves-budget"
HEAD = "# Council approves budget\n\nMarch 14, 2025\n\n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples, every rule case, hostile documents, unreadable files, near-duplicates (one
    silenced by a suppression), copies of one URL that disagree, and suppressions that silence nothing."""
    root = tmp_path_factory.mktemp("varied")
    shutil.copytree(EXAMPLES, root / "examples", ignore=shutil.ignore_patterns("policy"))
    shutil.copytree(ROOT / "rules" / "cases", root / "cases")
    write_corpus(root / "hostile", dict(HOSTILE_DOCUMENTS))
    return write_corpus(
        root,
        {
            "twins/source.md": f"{HEAD}{BODY}\n\nAFP contributed reporting.\n\nOriginal url: {URL}\n",
            "twins/copy.txt": f"Council approves budget\n\n{BODY}\n",
            "twins/quiet.txt": f"Council approves budget\n\n{BODY}\n\n"
            "provenance: ignore-file PRV401 -- the archive's copy, kept as it was\n",
            "twins/wrong-title.md": f"# Storm closes harbor bridge\n\nMarch 15, 2025\n\n{BODY}\n\n"
            f"Original url: {URL}\n",
            "twins/useless.md": "# Quiet\n\n<!-- provenance: ignore PRV104 -- nothing here -->\nA line.\n",
            "twins/unknown.md": "# Unknown\n\n<!-- provenance: ignore PRV999 -- typo -->\nA line.\n",
            "broken/binary.md": b"\x00\x01\x02\x89PNG",
            "broken/empty.txt": b"",
            "broken/latin.txt": "Caf\xe9 au lait\n\nLe caf\xe9. Original url: http://example.com/a?utm_source=x\n".encode(
                "latin-1"
            ),
        },
    )


def _streamed(corpus: Path, **options: object) -> tuple[AuditResult, list[Document]]:
    seen: list[Document] = []
    result = audit(
        [corpus], RULES, today=TODAY, keep_documents=False, on_document=lambda d, _: seen.append(d), **options
    )
    return result, seen


def _kept(corpus: Path, **options: object) -> AuditResult:
    """The batch path: a resolver (that finds nothing) makes the audit keep every document."""
    return audit([corpus], RULES, today=TODAY, resolver=lambda documents: {}, **options)


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"use_suppressions": False},
        {"per_file_ignores": {"twins/*": ["PRV401"], "cases/**": ["PRV1", "missing-date"]}},
    ],
    ids=["suppressions", "no-suppressions", "per-file-ignores"],
)
def test_streaming_and_kept_audits_report_the_same(corpus, options):
    streamed, seen = _streamed(corpus, **options)
    kept = _kept(corpus, **options)
    assert streamed.findings == kept.findings
    assert streamed.records == kept.records and streamed.failures == kept.failures
    assert streamed.documents == () and seen == list(kept.documents)
    documents, failures = extract_corpus([corpus])
    assert tuple(run_rules(documents, failures, RULES, TODAY, **options)) == streamed.findings
    # the corpus exercises what the split must carry over: corpus-wide findings and their suppression
    silenced = [f for f in streamed.findings if f.rule == "PRV401" and f.path.endswith("quiet.txt")]
    assert bool(silenced) == (options.get("use_suppressions") is False)
    if not options:
        assert {"PRV401", "PRV402", "PRV901", "PRV902", "NEWS001"} <= {f.rule for f in streamed.findings}


def test_spooled_reports_are_byte_identical_to_kept_ones(corpus):
    with DocumentJsonSpool() as entries, CardSpool() as cards:

        def both(document: Document, resolutions: Mapping[str, Resolution]) -> None:
            entries.add(document, resolutions)
            cards.add(document, resolutions)

        result = audit([corpus], RULES, today=TODAY, on_document=both)
        for indent in (None, 2):
            spooled = "".join(json_report_chunks(result, __version__, indent, documents=entries))
            assert spooled == "".join(json_report_chunks(result, __version__, indent))
        html = "".join(html_report_chunks(result, RULES, generated_at=PINNED, cards=cards))
        assert html == render_html_report(result, RULES, generated_at=PINNED)
    payload = {
        "version": __version__,
        "summary": summary_dict(result),
        "documents": [document_dict(d, {}) for d in result.documents],
        "findings": [finding_dict(f) for f in result.findings],
    }
    assert spooled == json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    empty = AuditResult((), (), ())
    assert (
        "".join(json_report_chunks(empty, "1", 2))
        == json.dumps({"version": "1", "summary": summary_dict(empty), "documents": [], "findings": []}, indent=2)
        + "\n"
    )


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_the_command_line_streams_offline_and_writes_the_same_report(corpus, tmp_path, fmt):
    target = tmp_path / f"report.{fmt}"
    config = tmp_path / "provenance.toml"
    config.write_text(f'rule-packs = ["{(EXAMPLES / "policy" / "newsroom.toml").as_posix()}"]\n', encoding="utf-8")
    args = ["audit", "--offline", "--no-cache", "--today", TODAY.isoformat(), "--config", str(config)]
    assert main([*args, "--format", fmt, "--generated-at", "2025-07-01T12:00:00Z", "-o", str(target), str(corpus)]) == 1
    kept = _kept(corpus)
    expected = (
        "".join(json_report_chunks(kept, __version__))
        if fmt == "json"
        else render_html_report(kept, RULES, generated_at=PINNED)
    )
    assert target.read_text(encoding="utf-8") == expected


def _timeless(findings: Sequence[Finding]) -> list[Finding]:
    """Findings with the check's time taken out ("failing since 2026-11-22T07:28:31Z")."""
    return [replace(f, message=re.sub(r"\d{4}-\d\d-\d\dT[\d:]+Z", "<when>", f.message)) for f in findings]


def _resolver() -> CorpusResolver:
    """Loopback-free: a mock transport that calls every `/gone` page dead and titles the rest."""

    def answer(request: httpx.Request) -> httpx.Response:
        if "gone" in request.url.path or request.url.path.endswith("/a"):
            return httpx.Response(404)
        page = "<html><head><title>Storm closes harbor bridge</title></head><body>Text.</body></html>"
        return httpx.Response(200, headers={"content-type": "text/html"}, text=page)

    return CorpusResolver(ResolveOptions(archives=(), allow_private_hosts=True), httpx.MockTransport(answer))


def test_online_audits_spool_their_documents_and_report_the_same(corpus):
    kept = audit([corpus], RULES, today=TODAY, resolver=_resolver())
    assert {LinkState.DEAD, LinkState.ALIVE} <= {r.state for r in kept.resolutions.values()}
    assert any(f.rule.startswith("PRV3") for f in kept.findings)
    seen: list[Document] = []
    with DocumentJsonSpool() as entries, CardSpool() as cards:

        def all_three(document: Document, resolutions: Mapping[str, Resolution]) -> None:
            seen.append(document)
            entries.add(document, resolutions)
            cards.add(document, resolutions)

        streamed = audit(
            [corpus], RULES, today=TODAY, resolver=_resolver(), keep_documents=False, on_document=all_three
        )
        assert streamed.documents == () and seen == list(kept.documents)
        assert _timeless(streamed.findings) == _timeless(kept.findings) and streamed.records == kept.records
        assert streamed.resolutions.keys() == kept.resolutions.keys()
        whole = replace(streamed, documents=tuple(seen))  # the same resolutions, documents kept
        for indent in (None, 2):
            spooled = "".join(json_report_chunks(streamed, __version__, indent, documents=entries))
            assert spooled == "".join(json_report_chunks(whole, __version__, indent))
        html = "".join(html_report_chunks(streamed, RULES, generated_at=PINNED, cards=cards))
        assert html == render_html_report(whole, RULES, generated_at=PINNED)
    assert '"state": "dead"' in spooled
