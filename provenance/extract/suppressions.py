"""Inline suppressions: `<!-- provenance: ignore PRV104 -- reason -->` (Markdown, HTML) or a
line `provenance: ignore PRV104 -- reason` (plain text); `ignore-file` for the whole file.

A suppression names rules by code or name and must give a reason after ` -- `; the engine
reports one that silences nothing, or gives no reason, as PRV902.
"""

from __future__ import annotations

import re

from provenance.model import Suppression

_COMMENT = re.compile(
    r"<!--\s*provenance:\s*(?P<scope>ignore-file|ignore)\s+(?P<rules>[A-Za-z0-9_,\s-]+?)"
    r"\s*(?:--\s*(?P<reason>.*?))?\s*-->",
    re.I,
)
_LINE = re.compile(
    r"^\s*(?:#\s*)?provenance:\s*(?P<scope>ignore-file|ignore)\s+(?P<rules>[A-Za-z0-9_,\s-]+?)"
    r"\s*(?:--\s*(?P<reason>.*?))?\s*$",
    re.I,
)


def find_suppressions(text: str) -> tuple[Suppression, ...]:
    """Every suppression in the raw text; the next non-blank line is a suppression's target."""
    if not _names_provenance(text):
        return ()
    raw_lines = text.splitlines()
    found: list[Suppression] = []
    for index, raw in enumerate(raw_lines):
        if "provenance:" not in raw.lower():
            continue
        matches = list(_COMMENT.finditer(raw)) or [m for m in [_LINE.match(raw)] if m]
        for match in matches:
            rules = tuple(r for r in re.split(r"[\s,]+", match["rules"].strip()) if r)
            reason = (match["reason"] or "").strip()
            number = index + 1
            if match["scope"].lower() == "ignore-file":
                target: int | None = None
            else:
                rest = (raw[: match.start()] + raw[match.end() :]).strip()
                target = number if rest else _next_content_line(raw_lines, index)
            found.append(Suppression(rules, number, target, reason))
    return tuple(found)


def _names_provenance(text: str) -> bool:
    """`"provenance:" in text.lower()`, on the UTF-8 bytes lower-cased as ASCII: no character
    outside ASCII lower-cases to a letter of the word, and a byte scan is three to five times
    faster than lower-casing the text or looking behind each of its colons (JSON and CSS hold
    thousands)."""
    return b"provenance:" in text.encode("utf-8", "surrogatepass").lower()


def _next_content_line(lines: list[str], index: int) -> int:
    for later in range(index + 1, len(lines)):
        if lines[later].strip():
            return later + 1
    return index + 1
