"""Bottom-k sketches of word shingles: near-duplicate search that scales to large corpora.

Each document keeps only the k smallest hashes of its 4-word shingles (CRC-32, stable across
runs, unlike `hash()`). The Jaccard similarity of two bodies is estimated from the sketches
alone, and candidate pairs come from an inverted index over sketch values, so the corpus
check never compares all pairs.
"""

from __future__ import annotations

import heapq
import re
import zlib
from collections.abc import Iterable

SKETCH_SIZE = 64
SHINGLE_WORDS = 4
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


def body_sketch(texts: Iterable[str], size: int = SKETCH_SIZE) -> tuple[int, ...]:
    """The sorted bottom-`size` shingle hashes of the text; empty for very short bodies."""
    words = _WORD.findall(" ".join(texts).translate(_APOSTROPHES).lower())
    if len(words) < SHINGLE_WORDS * 3:
        return ()
    shingles = {
        zlib.crc32(" ".join(words[i : i + SHINGLE_WORDS]).encode()) for i in range(len(words) - SHINGLE_WORDS + 1)
    }
    return tuple(sorted(heapq.nsmallest(size, shingles)))


def estimate_similarity(a: tuple[int, ...], b: tuple[int, ...], size: int = SKETCH_SIZE) -> float:
    """Bottom-k estimate of Jaccard similarity: shared share of the union's k smallest."""
    if not a or not b:
        return 0.0
    union_smallest = heapq.nsmallest(size, set(a) | set(b))
    if not union_smallest:
        return 0.0
    shared = set(a) & set(b)
    return sum(1 for value in union_smallest if value in shared) / len(union_smallest)
