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


def body_sketch(texts: Iterable[str], size: int = SKETCH_SIZE) -> bytes:
    """The sorted bottom-`size` shingle hashes of the text, packed as 64-bit integers (a
    tenth of the memory of a tuple of ints); empty for very short bodies."""
    words = _WORD.findall(" ".join(texts).lower())
    if len(words) < SHINGLE_WORDS * 3:
        return b""
    # Word ids by CRC-32, shingles by the hash of a tuple of ints: both are the same in every
    # process (only str and bytes hashes are randomised), so sketches are reproducible.
    ids = list(map(_WORD_IDS.get, words))
    if None in ids:
        for position, value in enumerate(ids):
            if value is None:
                ids[position] = _remember(words[position])
    shingles = set(map(hash, zip(*(ids[i:] for i in range(SHINGLE_WORDS)), strict=False)))
    return array("q", sorted(shingles)[:size]).tobytes()


_WORD_IDS: dict[str, int | None] = {}


def _remember(word: str) -> int:
    """CRC-32 of a word, remembered (news vocabulary repeats; the table is capped)."""
    value = zlib.crc32(word.encode())
    if len(_WORD_IDS) < 500_000:
        _WORD_IDS[word] = value
    return value


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
