"""The two seed documents the product was conceived from (skipped without ../shared)."""

from __future__ import annotations

import json

import pytest

from provenance.cli import main

from .conftest import SHARED

SEEDS = SHARED / "corpus" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus/seeds is absent")


def _seed(prefix: str) -> str:
    return str(next(SEEDS.glob(f"{prefix}_*.txt")))


def test_extract_markdown_seed(capsys):
    assert main(["extract", "--format", "json", _seed("001")]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["format"] == "markdown"
    assert doc["title"] == "Putin Urges Ukrainian Troops in Kursk Region to Surrender"
    assert doc["date"] == "2025-03-14"
    assert doc["original_url"] == (
        "https://www.themoscowtimes.com/2025/03/14/putin-urges-ukrainian-troops-in-kursk-region-to-surrender-a88373"
    )
    assert doc["publisher"]["domain"] == "themoscowtimes.com"
    credits = {(c["agency"], c["kind"]) for c in doc["credits"]}
    assert ("AFP", "contributed") in credits and ("kremlin.ru", "photo") in credits
    assert [link["url"] for link in doc["links"] if link["placeholder"]] == ["#", "#"]


def test_audit_of_the_seeds(capsys):
    assert main(["audit", "--offline", "--format", "json", str(SEEDS)]) == 1
    report = json.loads(capsys.readouterr().out)
    by_file: dict[str, list[dict]] = {}
    for finding in report["findings"]:
        by_file.setdefault(finding["path"].rsplit("/", 1)[-1][:3], []).append(finding)
    raw = {f["rule"] for f in by_file["000"]}
    assert {"PRV101", "PRV102", "PRV105", "PRV401"} <= raw
    duplicate = next(f for f in by_file["000"] if f["rule"] == "PRV401")
    assert "themoscowtimes.com/2025/03/14/putin-urges" in duplicate["fix"]
    assert "2025-03-14" in duplicate["fix"]
    markdown = [f["rule"] for f in by_file["001"]]
    assert markdown.count("PRV104") == 2
    assert "PRV201" not in markdown and "PRV101" not in markdown and "PRV102" not in markdown
    assert "PRV401" not in markdown, "001 has everything 000 has"
    documents = {d["path"].rsplit("/", 1)[-1][:3]: d for d in report["documents"]}
    for key in ("000", "001"):
        assert "AFP" in {c["agency"] for c in documents[key]["credits"]}, "both credit AFP"
    assert documents["001"]["date"] == documents["001"]["url_date"] == "2025-03-14"
