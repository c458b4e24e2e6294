"""Scraper residue: newsletter boxes, donation appeals, "Read more", cookie and paywall text.

Phrases are data (rules/data/residue.toml). Lines between two hits of one kind join the
block, so a donation appeal is one finding from its heading to its buttons.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from provenance.extract.lines import TextLine
from provenance.model import Residue
from provenance.vocabulary import ResidueKind, Vocabulary

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
    classify = _line_classifier(vocabulary)
    hits: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        kind = classify(line, vocabulary)
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


def _line_classifier(vocabulary: Vocabulary) -> Callable[[TextLine, Vocabulary], str | None]:
    """`classify_line`, or the same answer from one regex call per line where the kinds combine."""
    kinds = vocabulary.residue_kinds
    every = _combined(kinds, True)
    long_ok = _combined(kinds, False)
    if every is None or long_ok is None:
        return classify_line
    short_max = vocabulary.residue_short_max
    names = [kind.name for kind in kinds]

    def classify(line: TextLine, vocabulary: Vocabulary) -> str | None:
        text = line.plain.strip(" *_#>")
        if not text or len(text) > 400:
            return None
        if text[0].isspace():  # never after `normalise_spaces`; the shared `^\s*` assumes it
            return classify_line(line, vocabulary)
        match = (long_ok if len(text) > short_max else every).match(text)
        return names[int(match.lastgroup[2:])] if match and match.lastgroup else None

    return classify


@lru_cache(maxsize=16)
def _combined(kinds: tuple[ResidueKind, ...], short: bool) -> re.Pattern[str] | None:
    """The kinds' regexes as one alternation, in order, each branch closed by an empty group
    `_k<index>`: the first branch that matches is the first kind that would. One regex call per
    line instead of one per kind: a third of the time. Every kind opens with `^\\s*`, which
    the alternation opens with once: on a line that does not start with a space (see
    `classify`) it matches nothing, so no branch is tried before an earlier one has failed.
    `short`: for a short line, with the short-only kinds. None when the kinds do not combine
    (capture groups, different flags, or a kind without the opening)."""
    opening = "^\\s*"
    if (
        any(kind.regex.groups or not kind.regex.pattern.startswith(opening) for kind in kinds)
        or len({kind.regex.flags for kind in kinds}) > 1
    ):
        return None
    branches = "|".join(
        f"(?:{kind.regex.pattern.removeprefix(opening)})(?P<_k{index}>)"
        for index, kind in enumerate(kinds)
        if short or not kind.short_only
    )
    try:
        return re.compile(f"{opening}(?:{branches or '(?!)'})", kinds[0].regex.flags if kinds else 0)
    except re.error:
        return None


def _gap(lines: Sequence[TextLine], after: int, before: int) -> int:
    return sum(1 for line in lines[after + 1 : before] if line.plain)


def _block(lines: Sequence[TextLine], first: int, last: int, kind: str) -> Residue:
    return Residue(kind, lines[first].number, lines[last].number, lines[first].plain[:200])
