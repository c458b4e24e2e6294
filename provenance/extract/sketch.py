"""Bottom-k sketches of word shingles: near-duplicate search that scales to large corpora.

Each document keeps only the k smallest hashes of its 4-word shingles (CRC-32, stable across
runs, unlike `hash()`). The Jaccard similarity of two bodies is estimated from the sketches
alone, and candidate pairs come from an inverted index over sketch values, so the corpus
check never compares all pairs.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable

SKETCH_SIZE = 64
SHINGLE_WORDS = 4
_WORD = re.compile(r"\w+")


def body_sketch(texts: Iterable[str], size: int = SKETCH_SIZE) -> tuple[int, ...]:
    """The sorted bottom-`size` shingle hashes of the text; empty for very short bodies."""
    words = _WORD.findall(" ".join(texts).lower())
    if len(words) < SHINGLE_WORDS * 3:
        return ()
    # Word ids by CRC-32, shingles by the hash of a tuple of ints: both are the same in every
    # process (only str and bytes hashes are randomised), so sketches are reproducible.
    ids = [_word_id(word) for word in words]
    shingles = set(map(hash, zip(*(ids[i:] for i in range(SHINGLE_WORDS)), strict=False)))
    return tuple(sorted(shingles)[:size])


_WORD_IDS: dict[str, int] = {}


def _word_id(word: str) -> int:
    """CRC-32 of a word, remembered (news vocabulary repeats; the table is capped)."""
    known = _WORD_IDS.get(word)
    if known is None:
        known = zlib.crc32(word.encode())
        if len(_WORD_IDS) < 500_000:
            _WORD_IDS[word] = known
    return known


def estimate_similarity(a: tuple[int, ...], b: tuple[int, ...], size: int = SKETCH_SIZE) -> float:
    """Bottom-k estimate of Jaccard similarity: shared share of the union's k smallest."""
    if not a or not b:
        return 0.0
    first, second = set(a), set(b)
    union_smallest = sorted(first | second)[:size]
    shared = first & second
    return sum(1 for value in union_smallest if value in shared) / len(union_smallest)
