"""Links in Markdown and plain text: inline, image, reference, autolink and bare URLs.

Placeholders (`#`, empty, `javascript:`) are kept as links and flagged, because a scraper
that replaced a citation with `#` has destroyed provenance (PRV104).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from provenance.extract.lines import TextLine
from provenance.extract.urls import clean_url
from provenance.model import Link, LinkKind

# Each pattern opens with a literal character (a lookbehind stands after it and looks two
# characters back), so the regex engine skips ahead to where a match can start; texts are
# runs of plain characters between nested pairs (one fast repeat, not an alternation per character).
_INLINE = re.compile(
    r"(?P<opening>!\[|\[)(?P<text>[^\[\]\n]*(?:\[[^\[\]\n]*\][^\[\]\n]*)*)\]\(\s*(?P<url><[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?\s*\)"
)
_REFERENCE_USE = re.compile(r"\[(?<![\]!]\[)(?P<text>[^\[\]\n]+)\](?:\[(?P<ref>[^\[\]\n]*)\])?(?![(:\[])")
_REFERENCE_DEF = re.compile(r"^\s{0,3}\[(?P<ref>[^\]\n]+)\]:\s*<?(?P<url>\S*?)>?(?:\s+[\"'(].*)?\s*$")
_AUTOLINK = re.compile(r"<(?P<url>(?:https?|ftp|mailto):[^>\s]*)>", re.I)
_BARE = re.compile(r"(?<![\w(<\[=\"'/])(?P<url>(?:https?|ftp)://[^\s<>\"'`]+|www\.[a-z0-9-]+\.[^\s<>\"'`]+)", re.I)
_INLINE_CODE = re.compile(r"`[^`\n]*`")


def is_placeholder(url: str) -> bool:
    """`#`, empty, `javascript:` and `about:blank` lead nowhere."""
    stripped = url.strip().lower()
    return (
        stripped in {"", "#", "#!", "about:blank"}
        or stripped.startswith(("javascript:", "vbscript:"))
        or (stripped.startswith("#") and len(stripped) <= 2)
    )


def markdown_links(lines: Sequence[TextLine]) -> list[Link]:
    """Every link a reader or a crawler would follow, in reading order."""
    definitions: dict[str, tuple[str, int]] = {}
    defining: set[int] = set()
    for index, line in enumerate(lines):
        match = _REFERENCE_DEF.match(line.raw) if "]:" in line.raw else None
        if match:
            definitions[match["ref"].strip().lower()] = (match["url"], line.number)
            defining.add(index)

    links: list[Link] = []
    for index, line in enumerate(lines):
        raw = line.raw
        if index in defining or ("[" not in raw and "://" not in raw and not _has_www(raw)):
            continue
        masked = _INLINE_CODE.sub(lambda m: " " * len(m.group(0)), raw) if "`" in raw else raw
        taken: list[tuple[int, int]] = []
        # Each pattern runs only when its marker is on the line (cheap substring tests first).
        for match in _INLINE.finditer(masked) if "](" in masked else ():
            url = match["url"].strip().strip("<>").strip()
            kind = LinkKind.IMAGE if match["opening"] == "![" else LinkKind.INLINE
            links.append(Link(url, match["text"].strip(), line.number, kind, is_placeholder(url)))
            taken.append(match.span())
        for match in _AUTOLINK.finditer(masked) if "<" in masked else ():
            if _inside(match.span(), taken):
                continue
            links.append(Link(match["url"], match["url"], line.number, LinkKind.AUTOLINK))
            taken.append(match.span())
        if definitions:
            for match in _REFERENCE_USE.finditer(masked):
                if _inside(match.span(), taken):
                    continue
                ref = (match["ref"] or match["text"]).strip().lower()
                if ref in definitions:
                    url = definitions[ref][0]
                    links.append(
                        Link(
                            url,
                            match["text"].strip(),
                            line.number,
                            LinkKind.REFERENCE,
                            is_placeholder(url),
                        )
                    )
                    taken.append(match.span())
        # A bare URL that overlaps a link found above is skipped, so only the text outside them
        # can hold one: most lines of prose with links have no URL outside their links.
        outside = " ".join(_outside(masked, taken)) if taken else masked
        for match in _BARE.finditer(masked) if "://" in outside or _has_www(outside) else ():
            if _inside(match.span(), taken):
                continue
            url = clean_url(match["url"])
            if url.lower().startswith("www."):
                url = "http://" + url
            links.append(Link(url, match["url"], line.number, LinkKind.BARE))
    return links


def _has_www(text: str) -> bool:
    """Whether "www." is in the text in any case (upper-casing it only when a "w." is there)."""
    return "www." in text or (("w." in text or "W." in text) and "WWW." in text.upper())


def _outside(text: str, taken: list[tuple[int, int]]) -> list[str]:
    """The parts of `text` outside the (disjoint) spans taken."""
    parts: list[str] = []
    last = 0
    for start, end in sorted(taken):
        parts.append(text[last:start])
        last = max(last, end)
    parts.append(text[last:])
    return parts


def _inside(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    start, end = span
    return any(start < t_end and end > t_start for t_start, t_end in taken)
