"""MinHash signatures and the SQLite-backed LSH index."""

from __future__ import annotations

import random

import pytest
from datasketch import MinHashLSH

from eventwire import settings
from eventwire.analyze.minhash import MinHashParams, band_keys, shingles, signature, similarity
from eventwire.store.dedup import NearDuplicateIndex
from tests.engines.corpus import article

PARAMS = MinHashParams.for_threshold(0.8)

STORY = (
    "The port authority said on Thursday that container traffic through the northern "
    "terminal rose for a third straight month, helped by new shipping routes to Asia and a "
    "faster customs check for refrigerated cargo, while the southern terminal stayed shut "
    "for repairs after last winter's storms damaged two of its cranes."
)


def test_shingles_are_case_and_space_insensitive_word_triples():
    assert shingles("Trade  talks RESUME today", 3) == shingles("trade talks resume today", 3)
    assert shingles("trade talks resume today", 3) == {b"trade talks resume", b"talks resume today"}


def test_a_text_shorter_than_a_shingle_is_one_shingle():
    assert shingles("Talks resume", 3) == {b"talks resume"}


def test_band_layout_is_datasketchs_for_the_threshold():
    lsh = MinHashLSH(threshold=0.8, num_perm=128, weights=settings.MINHASH_LSH_WEIGHTS)
    assert (PARAMS.bands, PARAMS.rows) == (lsh.b, lsh.r)
    assert PARAMS.bands * PARAMS.rows <= PARAMS.num_perm


@pytest.mark.parametrize(
    "text",
    [STORY, "one", "", "Two words.", STORY.upper() + " " + STORY[::-1], "é " * 300],
)
def test_signatures_are_datasketchs_affine32_minhash_bit_for_bit(text):
    # Signatures are stored: they must stay what datasketch computes, whose import is avoided.
    from datasketch import MinHash

    m = MinHash(num_perm=PARAMS.num_perm, scheme="affine32")
    m.update_batch(list(shingles(text, PARAMS.shingle_words)))
    assert signature(text, PARAMS) == m.hashvalues.astype("<u4").tobytes()


def test_signatures_are_deterministic_and_compare_by_content():
    a = signature(STORY, PARAMS)
    assert a == signature(STORY, PARAMS)
    assert len(a) == 4 * PARAMS.num_perm
    assert similarity(a, a) == 1.0
    edited = STORY.replace("third straight month", "third month in a row")
    assert 0.6 < similarity(a, signature(edited, PARAMS)) < 1.0
    other = "Rain is expected across the western hills this weekend, forecasters said."
    assert similarity(a, signature(other, PARAMS)) < 0.2


def test_band_keys_are_signed_64_bit_integers_one_per_band():
    keys = band_keys(signature(STORY, PARAMS), PARAMS)
    assert len(keys) == PARAMS.bands
    assert all(-(2**63) <= k < 2**63 for k in keys)


def _bare_index(conn, threshold: float) -> NearDuplicateIndex:
    # The index alone, without documents for its rows to point at.
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("BEGIN")
    return NearDuplicateIndex(conn, PARAMS, threshold)


def test_index_finds_a_near_copy_and_not_an_unrelated_text(conn):
    index = _bare_index(conn, 0.8)
    index.add(7, signature(STORY, PARAMS))
    copy = STORY.replace("Thursday", "Friday")
    found = index.find(signature(copy, PARAMS))
    assert found is not None and found[0] == 7 and 0.8 <= found[1] < 1.0
    assert index.find(signature("Markets closed higher on Monday in thin trading.", PARAMS)) is None
    conn.execute("ROLLBACK")


def test_a_stricter_threshold_turns_a_near_copy_into_a_new_text(conn):
    index = _bare_index(conn, 0.999)
    index.add(1, signature(STORY, PARAMS))
    assert index.find(signature(STORY.replace("Thursday", "Friday"), PARAMS)) is None
    assert index.find(signature(STORY, PARAMS)) == (1, 1.0)
    conn.execute("ROLLBACK")


def test_one_word_edits_are_found_and_distinct_articles_are_not(conn):
    # 100 generated articles of 60-120 words; a one-word edit keeps a Jaccard similarity
    # near 0.9, where the band layout should miss (almost) nothing.
    rng = random.Random(11)
    texts = [article(rng, i) for i in range(100)]
    index = _bare_index(conn, 0.8)
    for seq, text in enumerate(texts):
        index.add(seq, signature(text, PARAMS))
    found = 0
    for seq, text in enumerate(texts):
        words = text.split()
        words[rng.randrange(len(words))] = "amended"
        hit = index.find(signature(" ".join(words), PARAMS))
        found += hit is not None and hit[0] == seq
    assert found == 100
    other = random.Random(99)
    fresh = [article(other, 1000 + i) for i in range(100)]
    assert sum(index.find(signature(t, PARAMS)) is not None for t in fresh) == 0
    conn.execute("ROLLBACK")


def test_bands_shared_by_too_many_documents_are_ignored_as_boilerplate(conn, monkeypatch):
    index = _bare_index(conn, 0.8)
    for seq in range(5):  # five stored texts agreeing on every band
        index.add(seq, signature(STORY, PARAMS))
    monkeypatch.setattr(settings, "MINHASH_BAND_MAX_DOCS", 10)
    assert index.find(signature(STORY, PARAMS)) == (0, 1.0)  # the first stored
    monkeypatch.setattr(settings, "MINHASH_BAND_MAX_DOCS", 4)
    assert index.find(signature(STORY, PARAMS)) is None
    conn.execute("ROLLBACK")
