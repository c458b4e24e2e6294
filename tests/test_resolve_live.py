"""Resolution against a real HTTP server on 127.0.0.1: every state, one request per unique URL,
the SSRF guard on a redirect, a huge body, the archive API, and no request on a cached re-run."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from provenance.cli import main
from provenance.extract.urls import url_key

from .conftest import write_corpus
from .loopback import TITLE, LoopbackServer

EXPECTED = {
    "/ok/story": "alive",
    "/old": "moved",
    "/chain": "alive",
    "/missing": "dead",
    "/gone": "dead",
    "/to-missing": "dead",
    "/news/2025/story-removed": "soft-404",
    "/soft": "soft-404",
    "/throttle": "alive",
    "/always-429": "unknown",
    "/flaky": "alive",
    "/error": "dead",
    "/cf": "unknown",
    "/paywall": "unknown",
    "/slow": "unknown",
    "/reset": "unknown",
    "/loop-a": "dead",
    "/private": "blocked",
    "/huge": "alive",
    "/report.pdf": "alive",
    "/gone-archived": "dead",
}


@pytest.fixture(scope="module")
def server():
    with LoopbackServer() as running:
        yield running


def _corpus(folder: Path, base: str) -> Path:
    links = " ".join(f"[{path}]({base}{path})" for path in EXPECTED if path != "/gone-archived")
    first = (
        f"# {TITLE}\n\nMarch 14, 2025\n\n{links}\n\n"
        f"Again: [ok]({base}/ok/story?utm_source=news#comments) and [ok]({base.upper()}/ok/story).\n\n"
        f"Original url: {base}/gone-archived\n"
    )
    second = f"# {TITLE}\n\nMarch 14, 2025\n\nSee [missing]({base}/missing).\n\nOriginal url: {base}/ok/story\n"
    third = f"# Council approves budget\n\nMarch 14, 2025\n\nOriginal url: {base}/retitled\n"
    fourth = f"# Council approves budget\n\nMarch 14, 2025\n\nOriginal url: {base}/redated\n"
    return write_corpus(folder, {"a.md": first, "b.md": second, "c.md": third, "d.md": fourth})


def _audit(folder: Path, server: LoopbackServer, cache: Path, *extra: str) -> tuple[int, dict]:
    out = folder.parent / "out.json"
    flags = [
        "--allow-host",
        f"127.0.0.1:{server.port}",
        "--wayback-url",
        server.base,
        "--archive-rate",
        "0",
        "--timeout",
        "1",
        "--host-interval",
        "0",
        "--per-host",
        "32",
        "--cache",
        str(cache),
    ]
    code = main(["audit", str(folder), "--format", "json", "--output", str(out), "--fail-on", "never", *flags, *extra])
    return code, json.loads(out.read_text())


def _states(payload: dict, base: str) -> dict[str, str]:
    states: dict[str, str] = {}
    for document in payload["documents"]:
        for link in document["links"]:
            states[link["url"].removeprefix(base)] = link["state"]
        if document["original_url"]:
            states[document["original_url"].removeprefix(base)] = document["original_url_state"]
    return states


@pytest.fixture(scope="module")
def first_run(server, tmp_path_factory):
    folder = _corpus(tmp_path_factory.mktemp("live") / "corpus", server.base)
    cache = folder.parent / "cache.sqlite"
    connects: list[object] = []
    real = socket.socket.connect

    def spy(self: socket.socket, address: object) -> object:
        connects.append(address)
        return real(self, address)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", spy)
        _, payload = _audit(folder, server, cache)
    return {"folder": folder, "cache": cache, "payload": payload, "hits": server.hits.copy(), "connects": connects}


def test_every_state_is_named(first_run, server):
    states = _states(first_run["payload"], server.base)
    for path, state in EXPECTED.items():
        assert states[path] == state, path
    assert states["/retitled"] == "alive" and states["/redated"] == "alive"


def test_one_request_per_unique_url(first_run):
    hits = first_run["hits"]
    assert hits[("GET", "/ok/story")] == 1  # cited four times, in three spellings
    assert hits[("GET", "/missing")] == 1  # cited by two documents
    for path in ("/old", "/chain", "/gone", "/soft", "/cf", "/paywall", "/slow", "/private", "/huge", "/loop-a"):
        assert hits[("GET", path)] == 1, path
    assert hits[("GET", "/throttle")] == 2  # 429 + Retry-After, then 200
    assert hits[("GET", "/flaky")] == 2  # 503, then 200
    assert hits[("GET", "/error")] == 3  # 500, retried twice: then dead
    assert hits[("GET", "/always-429")] == 3  # still 429 after the retries: unknown
    assert hits[("HEAD", "/report.pdf")] == 1 and hits[("GET", "/report.pdf")] == 1  # HEAD refused: GET
    assert not any(method == "HEAD" for method, path in hits if path != "/report.pdf")


def test_redirect_to_a_private_address_is_refused_before_connecting(first_run, server):
    assert not [a for a in first_run["connects"] if isinstance(a, tuple) and a[0] != "127.0.0.1"]
    document = next(d for d in first_run["payload"]["documents"] if d["path"].endswith("a.md"))
    private = next(link for link in document["links"] if link["url"].endswith("/private"))
    assert private["state"] == "blocked"
    assert "169.254.169.254" in private["evidence"]
    assert private["redirects"] == [{"status": 302, "url": f"{server.base}/private"}]


def test_huge_body_is_read_only_up_to_the_cap(first_run, server):
    assert server.huge_sent < 16 * 1024 * 1024


def test_findings_and_fixes(first_run, server):
    findings = first_run["payload"]["findings"]
    by_rule: dict[str, list[dict]] = {}
    for finding in findings:
        by_rule.setdefault(finding["rule"], []).append(finding)
    dead_original = next(f for f in by_rule["PRV301"] if "/gone-archived" in f["message"])
    assert dead_original["severity"] == "error"
    assert f"{server.base}/web/20250314101500/{server.base}/gone-archived" in dead_original["fix"]
    dead_link = next(f for f in by_rule["PRV301"] if f["message"].startswith(f"link {server.base}/missing"))
    assert dead_link["severity"] == "warning"
    assert any("/old" in f["message"] for f in by_rule["PRV302"])
    assert {m for f in by_rule["PRV303"] for m in ("/soft", "/news/2025/story-removed") if m in f["message"]} == {
        "/soft",
        "/news/2025/story-removed",
    }
    unknown = " ".join(f["message"] for f in by_rule["PRV307"])
    for path in ("/slow", "/reset", "/cf", "/paywall", "/always-429", "/private"):
        assert path in unknown, path
    assert any(f["path"].endswith("c.md") for f in by_rule["PRV305"])
    assert any(f["path"].endswith("d.md") and "2024-11-02" in f["message"] for f in by_rule["PRV306"])
    # the original URL of b.md is alive and archived; that of c.md has no capture: PRV304
    assert any(f["path"].endswith("c.md") for f in by_rule["PRV304"])
    assert not any(f["path"].endswith("b.md") for f in by_rule["PRV304"])


def test_dead_original_reads_the_snapshot(first_run, server):
    document = next(d for d in first_run["payload"]["documents"] if d["path"].endswith("a.md"))
    checked = document["original_url_resolution"]
    assert document["original_url_snapshot"] == f"{server.base}/web/20250314101500/{server.base}/gone-archived"
    assert checked["archive"]["source"] == "cdx"
    assert checked["page"]["title"] == TITLE
    assert checked["page"]["title_source"].startswith("snapshot:")
    assert checked["page"]["date"] == "2025-03-14"


def test_cached_rerun_makes_no_request(first_run, server):
    before = server.hits.copy()
    _, payload = _audit(first_run["folder"], server, first_run["cache"])
    assert server.hits == before
    assert _states(payload, server.base) == _states(first_run["payload"], server.base)
    assert payload["findings"] == first_run["payload"]["findings"]


def test_offline_answers_from_the_cache(first_run, server):
    before = server.hits.copy()
    _, payload = _audit(first_run["folder"], server, first_run["cache"], "--offline")
    assert server.hits == before
    assert _states(payload, server.base)["/missing"] == "dead"
    _, empty = _audit(first_run["folder"], server, first_run["cache"].with_name("none.sqlite"), "--offline")
    assert set(_states(empty, server.base).values()) == {"unchecked"}
    assert not first_run["cache"].with_name("none.sqlite").exists()
    assert server.hits == before


def test_keys_merge_spellings():
    assert url_key("http://127.0.0.1:1/ok/story?utm_source=x#c") == url_key("HTTP://127.0.0.1:1/ok/story")


def test_resolve_command(server, tmp_path, capsys):
    flags = ["--allow-host", f"127.0.0.1:{server.port}", "--wayback-url", server.base, "--archive-rate", "0"]
    code = main(["resolve", f"{server.base}/gone-archived", "--date", "2025-03-14", "--no-cache", *flags])
    text = capsys.readouterr().out
    assert code == 1
    assert "state: dead (404)" in text and "snapshot: " in text and "20250314101500" in text
    code = main(["resolve", f"{server.base}/old", "--format", "json", "--no-cache", "--archive", "none", *flags])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["state"] == "moved" and data["final_url"] == f"{server.base}/ok/moved"
    assert data["redirects"] == [{"status": 301, "url": f"{server.base}/old"}]
    assert data["page"]["title"] == TITLE and data["page"]["date"] == "2025-03-14"
    assert main(["resolve", "ftp://example.com/x", "--no-cache"]) == 2
