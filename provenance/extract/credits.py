"""Credits: wire datelines, contributed-reporting trailers, bylines and photo credits.

An agency name counts only inside a credit pattern (rules/data/credits.toml): "told
Reuters", "a Reuters poll", "AP Physics" or an "afp" inside a URL are mentions, not credits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from provenance.extract.lines import TextLine, for_credit_matching
from provenance.model import Credit, Mention
from provenance.vocabulary import Vocabulary

_CREDIT_WORDS = re.compile(r"photo|foto|image|picture|credit|reporting|contributed|©|copyright|/", re.I)


def extract_credits(
    lines: Sequence[TextLine], head: range, vocabulary: Vocabulary
) -> tuple[list[Credit], list[Mention]]:
    """Credits in reading order, and agency names seen outside any credit (mentions).

    `head` holds the line indexes of the lead, where a caption credit may stand alone.
    """
    agency_hint = _agency_hint(vocabulary)
    credits: list[Credit] = []
    mentions: list[Mention] = []
    previous = ""
    for index, line in enumerate(lines):
        tail, previous = previous, line.plain[-80:]
        if not line.plain or len(line.plain) > 2000:
            continue
        in_head = index in head
        text = for_credit_matching(line.plain)
        if not in_head and not agency_hint.search(text) and not _CREDIT_WORDS.search(text):
            continue
        claimed: list[tuple[int, int]] = []
        for pattern in vocabulary.credit_patterns:
            if pattern.head_only and not in_head:
                continue
            for match in pattern.regex.finditer(text):
                span = match.span()
                if any(span[0] < end and span[1] > start for start, end in claimed):
                    continue
                agency = _agency_of(match, pattern.fixed_agency, vocabulary)
                if agency is None:
                    continue
                claimed.append(span)
                credit = Credit(agency, pattern.kind, line.plain, line.number)
                if credit not in credits:
                    credits.append(credit)
        for match in agency_hint.finditer(text):
            span = match.span()
            if any(span[0] < end and span[1] > start for start, end in claimed):
                continue
            agency = vocabulary.agencies.get(match.group(0)) or vocabulary.agency_for(match.group(0))
            if agency:
                # The previous line's end joins in: a wrapped paragraph splits "told\nReuters".
                context = f"{tail} {line.plain[:300]}".strip()
                mentions.append(Mention(agency, line.number, context))
    return credits, mentions


def _agency_of(match: re.Match[str], fixed: str | None, vocabulary: Vocabulary) -> str | None:
    if fixed is not None:
        return fixed
    if "who" in match.re.groupindex and match["who"]:
        who = match["who"].strip(" .,;:-")
        return vocabulary.agency_for(who) or who or None
    return vocabulary.agency_for(match.group(0))


_HINTS: dict[int, re.Pattern[str]] = {}


def _agency_hint(vocabulary: Vocabulary) -> re.Pattern[str]:
    """One cheap search that tells whether a line could hold an agency credit at all."""
    key = id(vocabulary)
    if key not in _HINTS:
        aliases = sorted(
            set(vocabulary.agencies) | {a.upper() for a in vocabulary.agencies},
            key=len,
            reverse=True,
        )
        _HINTS[key] = re.compile("|".join(rf"(?<![\w.-]){re.escape(a)}(?![\w-])" for a in aliases))
    return _HINTS[key]
