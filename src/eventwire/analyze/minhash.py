"""MinHash signatures of document texts, for near-duplicate detection (store/dedup.py).

A signature is computed where the document is analysed (in the worker, beside the parse), so
the writer only compares: `num_perm` minimum hashes of the text's word shingles, cut into
bands for locality-sensitive hashing. The parameters are fixed per database.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass

import numpy as np

from eventwire import settings
from eventwire.model import normalise_for_id

_WORD = re.compile(r"\w+")
# datasketch hash values are below 2**32: four bytes each.
_DTYPE = np.dtype("<u4")
# datasketch 2's default scheme, named so that a later default cannot change stored signatures.
_SCHEME = "affine32"


@dataclass(frozen=True, slots=True)
class MinHashParams:
    """How signatures are made and banded; fixed per database so signatures stay comparable."""

    num_perm: int = settings.MINHASH_PERMUTATIONS
    shingle_words: int = settings.MINHASH_SHINGLE_WORDS
    bands: int = 0
    rows: int = 0

    @classmethod
    def for_threshold(
        cls,
        threshold: float,
        num_perm: int = settings.MINHASH_PERMUTATIONS,
        shingle_words: int = settings.MINHASH_SHINGLE_WORDS,
    ) -> MinHashParams:
        """The band layout datasketch's MinHashLSH picks for `threshold`, weighted towards
        recall (settings.MINHASH_LSH_WEIGHTS)."""
        from datasketch import MinHashLSH  # imports scipy: only where an index is laid out

        lsh = MinHashLSH(
            threshold=threshold, num_perm=num_perm, weights=settings.MINHASH_LSH_WEIGHTS
        )
        return cls(num_perm, shingle_words, lsh.b, lsh.r)


def shingles(text: str, k: int) -> set[bytes]:
    """The text's k-word shingles, case-folded; a text shorter than k words is one shingle."""
    words = _WORD.findall(normalise_for_id(text).casefold())
    if len(words) <= k:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def _minhash() -> type:
    # datasketch imports scipy (a second on a cold start): only processes that sign texts pay
    from datasketch import MinHash

    return MinHash


@functools.cache
def _permutations(num_perm: int) -> np.ndarray:
    # datasketch draws the permutations from a seeded generator on every MinHash(); drawing
    # them once per process and passing them in saves most of the cost of a signature.
    return _minhash()(num_perm=num_perm, scheme=_SCHEME).permutations


def signature(text: str, params: MinHashParams) -> bytes:
    """The MinHash signature of `text`'s shingles as bytes (num_perm little-endian uint32)."""
    m = _minhash()(
        num_perm=params.num_perm, permutations=_permutations(params.num_perm), scheme=_SCHEME
    )
    m.update_batch(list(shingles(text, params.shingle_words)))
    return m.hashvalues.astype(_DTYPE).tobytes()


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures: the share of equal minimum hashes."""
    return float(np.mean(np.frombuffer(a, _DTYPE) == np.frombuffer(b, _DTYPE)))


def band_keys(sig: bytes, params: MinHashParams) -> list[int]:
    """One signed 64-bit key per band (SQLite integers are signed 64-bit)."""
    width = params.rows * _DTYPE.itemsize
    keys = []
    for band in range(params.bands):
        chunk = sig[band * width : (band + 1) * width]
        digest = hashlib.blake2b(chunk, digest_size=8, person=band.to_bytes(2, "little"))
        keys.append(int.from_bytes(digest.digest(), "little", signed=True))
    return keys
