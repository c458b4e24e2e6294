"""Scraper residue: newsletter boxes, donation appeals, "Read more", cookie and paywall text.

Phrases are data (rules/data/residue.toml). Lines between two hits of one kind join the
block, so a donation appeal is one finding from its heading to its buttons.
"""

from __future__ import annotations

from collections.abc import Sequence

from provenance.extract.lines import TextLine
from provenance.model import Residue
from provenance.vocabulary import Vocabulary

_FAMILY = {"donation-buttons": "donation"}
"""Kinds that belong to one block when adjacent (a donation appeal ends in its buttons)."""


def classify_line(line: TextLine, vocabulary: Vocabulary) -> str | None:
    text = line.plain.strip(" *_#>")
    if not text or len(text) > 400:
        return None
    for kind in vocabulary.residue_kinds:
        if kind.short_only and len(text) > vocabulary.residue_short_max:
            continue
        if kind.regex.match(text):
            return kind.name
    return None


def find_residue(lines: Sequence[TextLine], vocabulary: Vocabulary) -> list[Residue]:
    """Residue blocks in order; each block has a kind, a first and a last line."""
    hits: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        kind = classify_line(line, vocabulary)
        if kind is not None:
            hits.append((index, _FAMILY.get(kind, kind)))
    blocks: list[Residue] = []
    start_index: int | None = None
    last_index = -1
    current = ""
    for index, kind in hits:
        if start_index is not None and kind == current and _gap(lines, last_index, index) <= vocabulary.residue_gap:
            last_index = index
            continue
        if start_index is not None:
            blocks.append(_block(lines, start_index, last_index, current))
        start_index, last_index, current = index, index, kind
    if start_index is not None:
        blocks.append(_block(lines, start_index, last_index, current))
    return blocks


def _gap(lines: Sequence[TextLine], after: int, before: int) -> int:
    return sum(1 for line in lines[after + 1 : before] if line.plain)


def _block(lines: Sequence[TextLine], first: int, last: int, kind: str) -> Residue:
    return Residue(kind, lines[first].number, lines[last].number, lines[first].plain[:200])
