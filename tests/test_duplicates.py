"""Near-duplicate search across the corpus (PRV401) and shared-URL conflicts (PRV402)."""

from __future__ import annotations

import datetime as dt
import re
import zlib
from array import array

import pytest

from provenance.audit import audit
from provenance.engine import find_rule, load_rules
from provenance.extract.sketch import body_sketch

from .conftest import write_corpus

BODY = (
    "The city council approved the budget on Friday after a long debate about schools, roads and the new "
    "library, with nine votes in favour and two against, officials said. The mayor called the vote a turning "
    "point for the eastern districts, where three schools need new roofs before winter."
)
URL = "https://www.example-gazette.com/2025/03/14/council-approves-budget"
RULES = load_rules()


def _run(tmp_path, documents, code):
    corpus = write_corpus(tmp_path / "c", documents)
    rule = find_rule(RULES, code)
    return audit([corpus], [rule], today=dt.date(2026, 1, 1)).findings


def test_one_finding_per_copy_naming_the_richest_twin(tmp_path):
    found = _run(
        tmp_path,
        {
            "a.md": f"# Council approves budget\n\nMarch 14, 2025\n\n{BODY}\n\nOriginal url: {URL}\n",
            "b.md": f"# Council approves budget\n\nMarch 14, 2025\n\n{BODY}\n",
            "c.txt": f"Council approves budget\n\n{BODY}\n",
            "d.txt": f"Council approves the budget\n\n{BODY}\n",
        },
        "PRV401",
    )
    by_file = {f.path.rsplit("/", 1)[-1]: f for f in found}
    assert sorted(by_file) == ["b.md", "c.txt", "d.txt"]
    assert "has no original URL" in by_file["b.md"].message and "has no date" not in by_file["b.md"].message
    assert "near-duplicate of" in by_file["c.txt"].message and "a.md (and 1 more copy)" in by_file["c.txt"].message
    assert by_file["c.txt"].fix is not None and URL in by_file["c.txt"].fix and "2025-03-14" in by_file["c.txt"].fix


def test_different_articles_are_not_duplicates(tmp_path):
    other = (
        "A winter storm tore away part of the harbor bridge deck overnight and forced commuters onto ferries, "
        "the transport agency said, adding that repairs would take at least six weeks and cost millions."
    )
    found = _run(tmp_path, {"a.md": f"# A\n\n{BODY}\n\nOriginal url: {URL}\n", "b.txt": f"B\n\n{other}\n"}, "PRV401")
    assert found == ()


def test_many_identical_copies_are_still_found(tmp_path):
    documents = {f"copy{n:03d}.txt": f"Council approves budget\n\n{BODY}\n" for n in range(120)}
    documents["source.md"] = f"# Council approves budget\n\nMarch 14, 2025\n\n{BODY}\n\nOriginal url: {URL}\n"
    found = _run(tmp_path, documents, "PRV401")
    assert len(found) == 120 and all("source.md" in f.message for f in found)


def test_copies_of_one_url_that_disagree(tmp_path):
    found = _run(
        tmp_path,
        {
            "a.md": f"# Council approves budget\n\nMarch 14, 2025\n\nOriginal url: {URL}\n",
            "b.md": f"# Storm closes harbor bridge\n\nMarch 14, 2025\n\nOriginal url: {URL}?utm_source=x\n",
            "c.md": f"# Council approves the budget\n\nMarch 14, 2025\n\nOriginal url: {URL}\n",
        },
        "PRV402",
    )
    assert {f.path.rsplit("/", 1)[-1] for f in found} == {"a.md", "b.md", "c.md"}
    assert all("title" in f.message for f in found)


def _reference_sketch(text: str) -> bytes:
    """The sketch by its definition: CRC-32 word ids of the lower-cased `\\w+` words, the hash of
    every 4-word shingle, the 64 smallest distinct ones."""
    ids = [zlib.crc32(word.encode()) for word in re.findall(r"\w+", text.lower())]
    if len(ids) < 12:
        return b""
    shingles = {hash(tuple(ids[start : start + 4])) for start in range(len(ids) - 3)}
    return array("q", sorted(shingles)[:64]).tobytes()


@pytest.mark.parametrize(
    "text",
    [
        BODY,
        BODY.replace('"', "\u201c") + " \u2018It\u2019s done\u2019 \u2014 she said\u2026 \u2013 20\u00a0km",
        "Die Stra\u00dfe in K\u00f6ln, sagte \u00c9lodie \u0130nce: \u201eSchlie\u00dfen!\u201c " * 5,
        "Kelvin \u212a and the ideographic\u3000space, a lone \ud800 surrogate, snake_case and 3rd-party " * 3,
        "the same four words " * 200,
        "one two three four five six seven eight nine ten eleven twelve",
        "too short to sketch",
    ],
)
def test_sketch_follows_its_definition(text):
    assert body_sketch([text]) == _reference_sketch(text)
