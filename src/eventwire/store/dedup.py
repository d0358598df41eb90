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

import sqlite3

from eventwire import settings
from eventwire.analyze.minhash import MinHashParams, band_keys, similarity
from eventwire.store.schema import get_meta, set_meta


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
