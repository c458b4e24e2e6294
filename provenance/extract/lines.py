"""Documents as numbered lines of plain text, the common ground of every extractor.

Markdown and plain text give one line per physical line; HTML gives one per block element,
numbered by the source line it starts on. Credits, residue, date lines and footers are then
found the same way in every format.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

# Link texts exclude "[" and destinations nest parentheses one level deep, so a line of
# bracket junk is read in linear time (no regex backtracking from every "["). The destination
# is written as runs of plain characters between nested pairs: a run is one fast repeat,
# where an alternation tried at every character costs five times as much.
_DESTINATION = r"\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)"
_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]" + _DESTINATION)
_INLINE_LINK = re.compile(r"\[([^\[\]\n]*)\]" + _DESTINATION)
_REFERENCE_LINK = re.compile(r"\[([^\[\]\n]+)\]\[[^\[\]\n]*\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]*)>", re.I)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+|\s+#+\s*$")
# The lookbehinds stand after a first literal character (so the regex engine skips ahead to
# it) and look two characters back: "the character before the marker is not a word".
_EMPHASIS = re.compile(r"(\*(?<![\w*]\*)\*{0,2}|_(?<![\w*]_)_{0,2})(?=\S)(.+?)(?<=\S)\1(?![\w*])")
# One anchor for both branches: a search anchored at the start is tried at the start only.
_QUOTE_OR_LIST = re.compile(r"^(?:\s{0,3}(?:>\s?)+|\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+)")
_URL = re.compile(r"(?:https?|ftp)://[^\s<>\"')\]]+|\bwww\.[^\s<>\"')\]]+", re.I)
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_DASHES = re.compile(r"\s*(?:--|[\u2010-\u2015\u2212])\s*")
_DASH = re.compile(r"[\u2010-\u2015\u2212]")


class TextLine(NamedTuple):
    """One numbered line (a named tuple: made for every line of every document, so cheap)."""

    number: int
    raw: str
    plain: str
    """The line without Markdown markup: what a reader sees."""


_LIST_START = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s")


def _has_markup(raw: str) -> bool:
    """A substring test per mark, each a C scan (testing every character against a set is eight
    times slower, a loop over the marks two)."""
    return (
        "[" in raw
        or "]" in raw
        or "<" in raw
        or ">" in raw
        or "*" in raw
        or "_" in raw
        or "#" in raw
        or "!" in raw
        or "`" in raw
    )


def strip_markdown(raw: str) -> str:
    """Reduce one Markdown line to its visible text (link texts kept, markup dropped)."""
    if not _has_markup(raw) and not _LIST_START.match(raw):
        return normalise_spaces(raw)
    # Each substitution runs only when its marker is on the line: most lines have none.
    text = raw
    if "](" in text:
        text = _IMAGE.sub(r"\1", text) if "![" in text else text
        text = _INLINE_LINK.sub(r"\1", text)
    if "][" in text:
        text = _REFERENCE_LINK.sub(r"\1", text)
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
    if "#" in text:
        text = _HEADING.sub("", text)
    text = _QUOTE_OR_LIST.sub("", text)
    if "*" in text or "_" in text:
        for _ in range(2):
            text = _EMPHASIS.sub(r"\2", text)
    return normalise_spaces(text)


def normalise_spaces(text: str) -> str:
    """One space between words; zero-width and soft-hyphen characters removed."""
    # Every white-space and invisible character but the space is unprintable, so a printable
    # text without doubled or outer spaces is already normal (and most lines are).
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    if not text.isascii():
        for invisible in _INVISIBLE:
            if invisible in text:
                text = text.replace(invisible, "")
    return " ".join(text.split())


def lines_holding(lines: Sequence[TextLine], words: Sequence[str]) -> set[int]:
    """Indexes of the lines whose lower-cased plain text holds one of `words` (lower-case ASCII,
    or characters without case such as "©").

    One C scan of the whole document per word, on its UTF-8 bytes lower-cased as ASCII: a regex
    alternation over every lower-cased line costs three times as much. Only the Kelvin sign
    and the dotted capital I lower-case to ASCII letters: a text with one (or with a line break
    inside a line) is read line by line."""
    joined = "\n".join([line.plain for line in lines])
    if "\u212a" in joined or "\u0130" in joined or joined.count("\n") != len(lines) - 1:
        return {index for index, line in enumerate(lines) if any(word in line.plain.lower() for word in words)}
    data = joined.encode("utf-8", "surrogatepass").lower()
    found: set[int] = set()
    for word in words:
        needle = word.encode()
        position = data.find(needle)
        line, counted = 0, 0  # line breaks are counted from the previous hit on, not from the start
        while position >= 0:
            line += data.count(b"\n", counted, position)
            counted = position
            found.add(line)
            line_end = data.find(b"\n", position)
            position = data.find(needle, line_end + 1) if line_end >= 0 else -1
    return found


def for_credit_matching(plain: str) -> str:
    """URLs blanked (an "afp" in a URL is no credit), dashes folded to a spaced hyphen."""
    # Each regex runs only on a line with what it needs ("://" or a "w.", "--" or a dash): it
    # would try every character of the line.
    blanked = plain
    if "://" in plain or "w." in plain or "W." in plain:
        blanked = _URL.sub(lambda m: " " * len(m.group(0)), plain)
    if "--" in blanked or (not blanked.isascii() and _DASH.search(blanked)):
        return _DASHES.sub(" - ", blanked)
    return blanked


def markdown_lines(text: str) -> list[TextLine]:
    return [TextLine(number, raw, strip_markdown(raw)) for number, raw in enumerate(text.splitlines(), start=1)]


def text_lines(text: str) -> list[TextLine]:
    return [TextLine(number, raw, normalise_spaces(raw)) for number, raw in enumerate(text.splitlines(), start=1)]
