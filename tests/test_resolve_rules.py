"""The network rules (PRV301-PRV307) are pure: given resolutions they fire without any network."""

from __future__ import annotations

import datetime as dt

import pytest

from provenance.engine import find_rule, load_rules, run_rules
from provenance.extract import extract_text
from provenance.extract.urls import url_key
from provenance.model import LinkState, Resolution, Snapshot
from provenance.report.documents import document_dict

RULES = load_rules()
NETWORK = [r for r in RULES if r.network]
ORIGINAL = "https://www.example-gazette.com/2025/03/14/council-approves-budget"
LINK = "https://www.example-gazette.com/2025/03/10/budget-draft"
TEXT = f"""# Council approves budget

March 14, 2025

The council approved the [draft]({LINK}) on Friday.

Original url: {ORIGINAL}
"""
SNAPSHOT = Snapshot(f"https://web.archive.org/web/20250314101500/{ORIGINAL}", "20250314101500", "wayback", "cdx")


def _findings(original: Resolution | None = None, link: Resolution | None = None) -> list:
    document = extract_text(TEXT, "doc.md")
    resolutions = {r.key: r for r in (original, link) if r}
    return run_rules([document], [], NETWORK, dt.date(2026, 1, 1), resolutions=resolutions)


def _resolution(url: str, state: LinkState, **extra: object) -> Resolution:
    return Resolution(url, url_key(url), state, evidence=f"evidence for {state.value}", **extra)  # type: ignore[arg-type]


def test_every_network_rule_is_marked_network():
    assert {r.code for r in NETWORK} == {f"PRV30{i}" for i in range(1, 8)}


def test_nothing_fires_without_resolutions():
    assert _findings() == []


def test_dead_original_is_an_error_with_the_snapshot_in_the_fix():
    found = _findings(_resolution(ORIGINAL, LinkState.DEAD, status=404, snapshot=SNAPSHOT, archive_state="found"))
    (finding,) = [f for f in found if f.rule == "PRV301"]
    assert finding.severity.value == "error"
    assert SNAPSHOT.url in (finding.fix or "")


def test_dead_link_is_a_warning():
    found = _findings(link=_resolution(LINK, LinkState.DEAD, status=410))
    (finding,) = [f for f in found if f.rule == "PRV301"]
    assert finding.severity.value == "warning" and finding.line == 5


@pytest.mark.parametrize(
    ("state", "code"),
    [
        (LinkState.MOVED, "PRV302"),
        (LinkState.SOFT_404, "PRV303"),
        (LinkState.UNKNOWN, "PRV307"),
        (LinkState.BLOCKED, "PRV307"),
    ],
)
def test_states_map_to_rules(state, code):
    found = _findings(link=_resolution(LINK, state, final_url=f"{LINK}-new"))
    assert [f.rule for f in found] == [code]
    if state is LinkState.UNKNOWN:
        assert "unknown, not dead" in found[0].message


def test_no_archive_only_when_an_archive_confirmed_none():
    assert [f.rule for f in _findings(_resolution(ORIGINAL, LinkState.ALIVE, archive_state="none"))] == ["PRV304"]
    assert _findings(_resolution(ORIGINAL, LinkState.ALIVE, archive_state="unknown")) == []


def test_live_title_and_date_mismatch():
    live = _resolution(
        ORIGINAL,
        LinkState.ALIVE,
        title="Storm closes harbor bridge",
        title_source="html-meta:og:title",
        page_date=dt.date(2024, 11, 2),
        page_date_source="html-meta:article:published_time",
    )
    assert sorted(f.rule for f in _findings(live)) == ["PRV305", "PRV306"]
    fits = _resolution(
        ORIGINAL,
        LinkState.ALIVE,
        title="Council Approves the Budget",
        title_source="html-title",
        page_date=dt.date(2025, 3, 15),
        page_date_source="html-meta:article:published_time",
    )
    assert _findings(fits) == []


def test_a_dead_page_is_compared_through_its_snapshot_only():
    dead = _resolution(ORIGINAL, LinkState.SOFT_404, title="Page not found", title_source="html-title")
    assert [f.rule for f in _findings(dead)] == ["PRV303"]
    archived = _resolution(
        ORIGINAL, LinkState.DEAD, title="Storm closes harbor bridge", title_source="snapshot:html-meta:og:title"
    )
    found = [f for f in _findings(archived) if f.rule == "PRV305"]
    assert found and "archived page" in found[0].message


def test_json_carries_state_final_url_and_snapshot():
    document = extract_text(TEXT, "doc.md")
    original = _resolution(ORIGINAL, LinkState.DEAD, snapshot=SNAPSHOT, archive_state="found")
    data = document_dict(document, {original.key: original})
    assert data["original_url_state"] == "dead" and data["original_url_snapshot"] == SNAPSHOT.url
    link = next(item for item in data["links"] if item["url"] == LINK)
    assert (link["state"], link["final_url"], link["snapshot"]) == ("unchecked", None, None)
    footer = next(item for item in data["links"] if item["url"] == ORIGINAL)
    assert footer["state"] == "dead" and footer["snapshot"] == SNAPSHOT.url
    assert "state" not in document_dict(document)["links"][0]


def test_rules_explain_themselves():
    rule = find_rule(RULES, "dead-link")
    assert rule is not None and rule.network
