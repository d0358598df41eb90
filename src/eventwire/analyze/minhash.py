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


# The MurmurHash3 32-bit finalizer's constants: datasketch's "affine32" scheme pre-mixes every
# input hash with it before the affine permutations.
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35))
# datasketch MinHash's default seed, from which its permutations are drawn.
_SEED = 1


@functools.cache
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) of datasketch's affine32 permutations h -> a*h + b mod 2**32, drawn as it
    draws them (a seeded RandomState; `a` odd so that each is a bijection)."""
    gen = np.random.RandomState(_SEED)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _sha1_32(data: bytes) -> int:
    return int.from_bytes(hashlib.sha1(data).digest()[:4], "little")


def signature(text: str, params: MinHashParams) -> bytes:
    """The MinHash signature of `text`'s shingles as bytes (num_perm little-endian uint32).

    Bit for bit what datasketch 2's `MinHash(scheme="affine32").update_batch` gives
    (tests/store/test_dedup.py compares them), computed here because importing datasketch
    imports scipy: a second of every process's start-up for a few lines of arithmetic."""
    a, b = _permutations(params.num_perm)
    hv = np.fromiter(
        (_sha1_32(s) for s in shingles(text, params.shingle_words)), dtype=np.uint32
    ).reshape(-1, 1)
    s1, m1, s2, m2 = _FMIX32
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    hv = hv ^ (hv >> s1)
    return (hv * a + b).min(axis=0).astype(_DTYPE).tobytes()


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
