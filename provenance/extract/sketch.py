"""Bottom-k sketches of word shingles: near-duplicate search that scales to large corpora.

Each document keeps only the k smallest hashes of its 4-word shingles (CRC-32, stable across
runs, unlike `hash()`). The Jaccard similarity of two bodies is estimated from the sketches
alone, and candidate pairs come from an inverted index over sketch values, so the corpus
check never compares all pairs.
"""

from __future__ import annotations

import re
import zlib
from array import array
from collections.abc import Iterable

SKETCH_SIZE = 64
SHINGLE_WORDS = 4
_WORD = re.compile(r"\w+")

_ASCII_WORDS = (
    bytes(
        byte | 0x20 if chr(byte).isalpha() else byte if chr(byte).isdigit() or chr(byte) == "_" else 0x20
        for byte in range(128)
    )
    + b" " * 128
)
"""A byte table that lower-cases ASCII letters and turns every other non-word byte into a space:
on ASCII text, `translate` then `split` gives the words `\\w+` finds in the lower-cased text."""

_LATIN1_WORDS = bytes(
    ord(chr(byte).lower()) if chr(byte).lower().isalnum() or byte == 0x5F else 0x20 for byte in range(256)
)
"""The same for Latin-1 bytes: a letter lower-cased (every Latin-1 letter lower-cases to one
Latin-1 letter), a digit or `_` kept, every other byte a space; `\\w` is `str.isalnum` or `_`."""

_BEYOND_LATIN1 = re.compile(r"[^\x00-\xff]")

_SEPARATORS = "\u201c\u201d\u2018\u2019\u2014\u2013\u2026\u00a0"
"""Curly quotes, dashes, the ellipsis and the no-break space: the non-ASCII characters of most
English news, none of them a word character, so replacing them by spaces splits the same words."""

_LOWEST = -(2**63)
_HASH_SPAN = 2**64


def body_sketch(texts: Iterable[str], size: int = SKETCH_SIZE) -> bytes:
    """The sorted bottom-`size` shingle hashes of the text, packed as 64-bit integers (a
    tenth of the memory of a tuple of ints); empty for very short bodies."""
    words = _words(" ".join(texts))
    if len(words) < SHINGLE_WORDS * 3:
        return b""
    # Word ids by CRC-32, shingles by the hash of a tuple of ints: both are the same in every
    # process (only str and bytes hashes are randomised), so sketches are reproducible. CRC-32
    # in C costs about what a dictionary of known words would save, with no memory that grows
    # with the corpus's vocabulary.
    ids = list(map(zlib.crc32, words))
    return array("q", _smallest_shingle_hashes(ids, size)).tobytes()


def _words(text: str) -> list[bytes]:
    """The lower-cased `\\w+` words of the text, UTF-8 encoded. Text that is ASCII but for common
    punctuation takes one table lookup per byte (the regex is four times slower; a lone surrogate
    is no word), and so does Latin-1 text (ä, é, ñ, ß) with symbols beyond it (arrows, emoji)."""
    if not text.isascii():
        for mark in _SEPARATORS:
            text = text.replace(mark, " ")
        if not text.isascii():
            return _latin1_words(text)
    return text.encode().translate(_ASCII_WORDS).split()


def _latin1_words(text: str) -> list[bytes]:
    """`_words` of a text beyond ASCII: when no character beyond Latin-1 is a word character,
    they become spaces and the Latin-1 bytes go through a table (three times faster than the
    regex)."""
    try:
        latin = text.encode("latin-1")
    except UnicodeEncodeError:
        beyond = set(_BEYOND_LATIN1.findall(text))
        if any(char.isalnum() for char in beyond):
            # No word holds an ASCII space byte, so joining and splitting keeps the regex's words.
            return " ".join(_WORD.findall(text.lower())).encode().split()
        for char in beyond:
            text = text.replace(char, " ")
        latin = text.encode("latin-1")
    # Back to text and out as UTF-8 in C: a UTF-8 letter holds no ASCII space byte.
    return latin.translate(_LATIN1_WORDS).decode("latin-1").encode().split()


def _smallest_shingle_hashes(ids: list[int], size: int) -> list[int]:
    """The `size` smallest distinct hashes of the shingles of `ids`, sorted.

    Hashes spread evenly over 64 bits, so about twice `size` of them fall under a limit set for
    the shingle count: only those are kept and sorted. When fewer than `size` distinct hashes
    fall under it (repetitive text), every hash is taken; either way the result is exact."""
    shingles = len(ids) - SHINGLE_WORDS + 1
    limit = _LOWEST + _HASH_SPAN * 2 * size // shingles
    windows = [ids[start:] for start in range(SHINGLE_WORDS)]
    small = {value for value in map(hash, zip(*windows, strict=False)) if value < limit}
    if len(small) < size and limit < -_LOWEST:
        small = set(map(hash, zip(*windows, strict=False)))
    return sorted(small)[:size]


def sketch_values(sketch: bytes) -> array[int]:
    values = array("q")
    values.frombytes(sketch)
    return values


def estimate_similarity(a: bytes, b: bytes, size: int = SKETCH_SIZE) -> float:
    """Bottom-k estimate of Jaccard similarity: shared share of the union's k smallest."""
    if not a or not b:
        return 0.0
    first, second = set(sketch_values(a)), set(sketch_values(b))
    union_smallest = sorted(first | second)[:size]
    shared = first & second
    return sum(1 for value in union_smallest if value in shared) / len(union_smallest)
