"""Credits: wire datelines, contributed-reporting trailers, bylines and photo credits.

An agency name counts only inside a credit pattern (rules/data/credits.toml): "told
Reuters", "a Reuters poll", "AP Physics" or an "afp" inside a URL are mentions, not credits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from provenance.extract.lines import TextLine, for_credit_matching, lines_holding
from provenance.model import Credit, Mention
from provenance.vocabulary import Vocabulary

_CREDIT_WORDS = ("photo", "foto", "image", "picture", "credit", "reporting", "contributed", "©", "copyright")
"""Words (matched on the lower-cased line) that may open a credit without naming a known agency."""


def extract_credits(
    lines: Sequence[TextLine], head: range, vocabulary: Vocabulary
) -> tuple[list[Credit], list[Mention]]:
    """Credits in reading order, and agency names seen outside any credit (mentions).

    `head` holds the line indexes of the lead, where a caption credit may stand alone.
    """
    credits: list[Credit] = []
    mentions: list[Mention] = []
    worded = lines_holding(lines, _CREDIT_WORDS)
    previous = ""
    for index, line in enumerate(lines):
        tail, previous = previous, line.plain[-80:]
        if not line.plain or len(line.plain) > 2000:
            continue
        in_head = index in head
        names_agency = vocabulary.may_name_agency(line.plain)
        full = names_agency or index in worded
        if not full and not (in_head and len(line.plain) <= 120):
            continue
        text = for_credit_matching(line.plain)
        claimed: list[tuple[int, int]] = []
        for pattern in vocabulary.credit_patterns:
            if (pattern.head_only and not in_head) or (not full and not pattern.head_only):
                continue
            if pattern.needs and not any(needle in text for needle in pattern.needs):
                continue
            for match in pattern.regex.finditer(text):
                span = match.span()
                if any(span[0] < end and span[1] > start for start, end in claimed):
                    continue
                if pattern.each:
                    named = [vocabulary.agency_for(name) for name in vocabulary.agency_names.findall(match.group(0))]
                else:
                    named = [_agency_of(match, pattern.fixed_agency, vocabulary)]
                if not any(named):
                    continue
                claimed.append(span)
                for agency in named:
                    credit = Credit(agency, pattern.kind, line.plain, line.number) if agency else None
                    if credit is not None and credit not in credits:
                        credits.append(credit)
        for match in vocabulary.agency_names.finditer(text) if names_agency else ():
            span = match.span()
            if any(span[0] < end and span[1] > start for start, end in claimed):
                continue
            agency = vocabulary.agency_for(match.group(0))
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
