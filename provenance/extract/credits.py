"""Credits: wire datelines, contributed-reporting trailers, bylines and photo credits.

An agency name counts only inside a credit pattern (rules/data/credits.toml): "told
Reuters", "a Reuters poll", "AP Physics" or an "afp" inside a URL are mentions, not credits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from provenance.extract.lines import TextLine, for_credit_matching, lines_holding
from provenance.model import Credit, CreditKind, Mention
from provenance.vocabulary import Vocabulary

if TYPE_CHECKING:
    from provenance.extract.htmlpage import MarkupCredit

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
        for agency, kind in _matched_credits(text, in_head, full, vocabulary, claimed):
            credit = Credit(agency, kind, line.plain, line.number)
            if credit not in credits:
                credits.append(credit)
        for match in vocabulary.agency_names.finditer(text) if names_agency else ():
            span = match.span()
            if any(span[0] < end and span[1] > start for start, end in claimed):
                continue
            named = vocabulary.agency_for(match.group(0))
            if named:
                # The previous line's end joins in: a wrapped paragraph splits "told\nReuters".
                context = f"{tail} {line.plain[:300]}".strip()
                mentions.append(Mention(named, line.number, context))
    return credits, mentions


def _matched_credits(
    text: str, in_head: bool, full: bool, vocabulary: Vocabulary, claimed: list[tuple[int, int]]
) -> Iterator[tuple[str, CreditKind]]:
    """(agency, kind) of each credit pattern's match in `text`; the spans go into `claimed`."""
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
                if agency:
                    yield agency, pattern.kind


_LABEL = re.compile(
    r"^(?:(?:©|\([Cc]\)|[Cc]opyright)\s*(?:\d{4}\s+)?|(?:[Pp]hotos?|[Ff]otos?|[Bb]ild|[Ii]mage|[Cc]redit|"
    r"[Qq]uelle|[Ff]uente|[Ss]ource)\s*:\s*|[Bb]y\s+|[Vv]on\s+|[Tt]he\s+)+"
)
"""What may stand before a bare agency name in a credit element: "© ", "Foto: ", "By the "."""
_BYLINE_PARTS = re.compile(r"\s*(?:[,/|;]|\s-\s|\s(?:and|und|et|y)\s)\s*")


def _bare_agency(text: str, vocabulary: Vocabulary) -> str | None:
    """The agency when `text` is nothing but its name (after a label): "Reuters", "© AFP", "Foto: dpa"."""
    name = _LABEL.sub("", text.strip(" .:()[]")).strip(" .:()[]")
    if name and vocabulary.agency_names.fullmatch(name):
        return vocabulary.agency_for(name)
    return None


def markup_credits(
    found: Sequence[Credit],
    marked: Sequence[MarkupCredit],
    bylines: Sequence[tuple[int, str]],
    vocabulary: Vocabulary,
) -> list[Credit]:
    """`found` (the credits of the lines) with the credits that only the markup shows, in line order.

    A caption or credit element (`marked`) is read on its own: its credit patterns, or an agency
    name standing alone, a photo credit inside a figure or image container and a byline
    elsewhere (Japan Times `p.credit` under the headline); a copyright or dateline tag on a
    picture credits the picture. A byline element (`bylines`: line, text) naming an agency as
    one of its parts ("Associated Press", "AFP/The Local", "Colleen Barry, The Associated
    Press") is an agency byline, unless the same text is a picture's credit (an `author` inside
    a figure caption is the photographer). Where the markup says which kind a whole line is,
    the kind its words alone gave it yields (`_superseded`).
    """
    seen = {(c.agency, c.kind, c.line) for c in found}
    credits: list[Credit] = list(found)

    def add(agency: str, kind: CreditKind, text: str, line: int) -> None:
        if (agency, kind, line) not in seen:
            seen.add((agency, kind, line))
            credits.append(Credit(agency, kind, text, line))

    pictured: set[str] = set()
    for item in marked:
        if not vocabulary.may_name_agency(item.text):
            continue
        text = for_credit_matching(item.text)
        matched = list(_matched_credits(text, False, True, vocabulary, []))
        if not matched and (agency := _bare_agency(text, vocabulary)):
            matched = [(agency, CreditKind.PHOTO if item.picture else CreditKind.BYLINE)]
        for agency, kind in matched:
            if item.picture and kind in (CreditKind.BYLINE, CreditKind.WIRE):
                kind = CreditKind.PHOTO
            add(agency, kind, item.text, item.line)
            if kind is CreditKind.PHOTO:
                pictured.add(item.text)
    bylined: set[str] = set()
    for line, text in bylines:
        if text in pictured or len(text) > 200 or not vocabulary.may_name_agency(text):
            continue
        for part in _BYLINE_PARTS.split(text):
            agency = _bare_agency(part, vocabulary)
            if agency:
                add(agency, CreditKind.BYLINE, text, line)
                bylined.add(text)
                break
    if pictured or bylined:
        credits = [c for c in credits if not _superseded(c, pictured, bylined)]
    return sorted(credits, key=lambda credit: credit.line)


def _superseded(credit: Credit, pictured: set[str], bylined: set[str]) -> bool:
    """A line that is nothing but a picture's credit ("© ANSA" under the lead image) is no
    byline or dateline; nothing but a byline ("AFP/The Local") is no picture credit."""
    if credit.kind in (CreditKind.BYLINE, CreditKind.WIRE):
        return credit.text in pictured
    return credit.kind is CreditKind.PHOTO and credit.text in bylined


def _agency_of(match: re.Match[str], fixed: str | None, vocabulary: Vocabulary) -> str | None:
    if fixed is not None:
        return fixed
    if "who" in match.re.groupindex and match["who"]:
        who = match["who"].strip(" .,;:-")
        return vocabulary.agency_for(who) or who or None
    return vocabulary.agency_for(match.group(0))
