"""Near-duplicate detection: datasketch MinHash signatures, an LSH band index kept in SQLite.

Exact duplicates need nothing here: `Document.id` is the sha256 of the normalised text, so a
repeated text has the id of the stored one. Near duplicates (a syndicated copy with another
byline, a corrected typo) are found with MinHash over word shingles and locality-sensitive
hashing: a signature of `num_perm` minimum hashes is cut into `b` bands of `r` rows, and two
documents whose signatures agree on a whole band become candidates; a candidate is a
duplicate when the signatures' estimated Jaccard similarity reaches the threshold.

The band keys live in the `minhash_bands` table, written in the same transaction as their
documents: a second run (or a run resumed after a kill) sees every stored document, the index
never drifts from the database, and the writer's memory does not grow with the corpus.
"""

from __future__ import annotations

import functools
import hashlib
import re
import sqlite3
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from eventwire import settings
from eventwire.model import normalise_for_id
from eventwire.store.schema import get_meta, set_meta

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


@functools.cache
def _permutations(num_perm: int) -> np.ndarray:
    # datasketch draws the permutations from a seeded generator on every MinHash(); drawing
    # them once per process and passing them in saves most of the cost of a signature.
    return MinHash(num_perm=num_perm, scheme=_SCHEME).permutations


def signature(text: str, params: MinHashParams) -> bytes:
    """The MinHash signature of `text`'s shingles as bytes (num_perm little-endian uint32)."""
    m = MinHash(
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


def load_params(conn: sqlite3.Connection) -> MinHashParams:
    """The database's MinHash parameters, recorded on first use from settings."""
    stored = {
        k: get_meta(conn, f"minhash_{k}") for k in ("num_perm", "shingle_words", "bands", "rows")
    }
    if all(v is not None for v in stored.values()):
        return MinHashParams(**{k: int(v) for k, v in stored.items() if v is not None})
    params = MinHashParams.for_threshold(settings.MINHASH_THRESHOLD)
    for key in ("num_perm", "shingle_words", "bands", "rows"):
        set_meta(conn, f"minhash_{key}", str(getattr(params, key)))
    return params


class NearDuplicateIndex:
    """The LSH index over stored documents, read and written through the connection.

    Queries see rows the same connection wrote in its open transaction, so near duplicates
    inside one batch are found too.
    """

    def __init__(self, conn: sqlite3.Connection, params: MinHashParams, threshold: float) -> None:
        self.conn = conn
        self.params = params
        self.threshold = threshold

    def find(self, sig: bytes) -> tuple[int, float] | None:
        """(seq, similarity) of the first-stored document at or above the threshold, if any.

        Candidates come from the bands `sig` shares with stored documents, except bands
        shared by more than settings.MINHASH_BAND_MAX_DOCS documents (boilerplate).
        """
        limit = settings.MINHASH_BAND_MAX_DOCS
        candidates: set[int] = set()
        for band, key in enumerate(band_keys(sig, self.params)):
            rows = self.conn.execute(
                "SELECT seq FROM minhash_bands WHERE band = ? AND hash = ? LIMIT ?",
                (band, key, limit + 1),
            ).fetchall()
            if len(rows) <= limit:
                candidates.update(r[0] for r in rows)
        if not candidates:
            return None
        placeholders = ",".join("?" * len(candidates))
        rows = self.conn.execute(
            f"SELECT seq, signature FROM minhashes WHERE seq IN ({placeholders}) ORDER BY seq",
            sorted(candidates),
        ).fetchall()
        for seq, other in rows:
            score = similarity(sig, other)
            if score >= self.threshold:
                return int(seq), score
        return None

    def add(self, seq: int, sig: bytes) -> None:
        self.conn.execute("INSERT INTO minhashes (seq, signature) VALUES (?, ?)", (seq, sig))
        self.conn.executemany(
            "INSERT OR IGNORE INTO minhash_bands (band, hash, seq) VALUES (?, ?, ?)",
            [(band, key, seq) for band, key in enumerate(band_keys(sig, self.params))],
        )
