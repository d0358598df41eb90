"""The local engine end to end: real files, real spaCy, real SQLite."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from eventwire.engines.local import ingest
from eventwire.model import Published
from eventwire.store.export import export
from eventwire.store.schema import connect
from tests.engines.corpus import write_corpus
from tests.store.builders import content

PUBLISHED = Published("2025-05-14", "user")

PAGE = """Ministers from Chile and Peru met in Lima on Monday to discuss a copper export deal, \
officials said. The talks covered tariffs on refined copper and a new rail link to the ports.

More from the region
Storm closes schools across the northern highlands
Central bank holds rates as inflation cools
Fishing fleet returns early as prices slump
"""

STORY = (
    "The port authority said on Thursday that container traffic through the northern terminal "
    "rose for a third straight month, helped by new shipping routes to Asia and a faster "
    "customs check for refrigerated cargo, while the southern terminal stayed shut for "
    "repairs after last winter's storms damaged two of its cranes.\n"
)


@pytest.fixture
def folder(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "1-page.txt").write_text(PAGE, encoding="utf-8")
    (pages / "2-story.txt").write_text(STORY, encoding="utf-8")
    (pages / "3-copy.txt").write_text(STORY, encoding="utf-8")  # exact duplicate
    near = STORY.replace("on Thursday", "on Friday")
    (pages / "4-near.txt").write_text(near, encoding="utf-8")
    (pages / "5-binary.dat").write_bytes(b"\x00\x01\x02\x03 not text \x00" * 20)
    (pages / "6-empty.txt").write_bytes(b"")
    return pages


def _counts(db) -> dict[str, int]:
    conn = connect(db)
    tables = ("inputs", "documents", "duplicates", "rejects", "mentions", "entities")
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    counts["items"] = conn.execute("SELECT sum(items) FROM inputs").fetchone()[0]
    conn.close()
    return counts


def _export_digest(db, tmp_path, name: str) -> str:
    conn = connect(db)
    digest = hashlib.sha256()
    for fmt in ("jsonl", "gdelt"):
        out = tmp_path / f"{name}.{fmt}"
        export(conn, fmt, out)
        digest.update(out.read_bytes())
    conn.close()
    return digest.hexdigest()


def test_every_item_ends_as_a_document_a_duplicate_or_a_reject(folder, tmp_path):
    db = tmp_path / "news.db"
    report = ingest([str(folder), str(tmp_path / "missing.txt")], db, published=PUBLISHED)
    s = report.stats
    assert report.read == 7 and s.inputs == 7
    # the page is one article and three headlines; the copy is exact, the edit near
    assert (s.documents, s.exact_duplicates, s.near_duplicates) == (5, 1, 1)
    assert s.rejected == 3
    assert s.items == s.documents + s.duplicates + s.rejected == 10
    counts = _counts(db)
    assert counts["items"] == counts["documents"] + counts["duplicates"] + counts["rejects"]
    assert (counts["documents"], counts["duplicates"], counts["rejects"]) == (5, 2, 3)
    assert counts["mentions"] > 0 and counts["entities"] > 0
    conn = connect(db)
    rejected = {r[0].rsplit("/", 1)[-1] for r in conn.execute("SELECT input FROM rejects")}
    assert rejected == {"5-binary.dat", "6-empty.txt", "missing.txt"}


def test_ingesting_twice_changes_nothing(folder, tmp_path):
    db = tmp_path / "news.db"
    ingest([str(folder)], db, published=PUBLISHED)
    before, digest = _counts(db), _export_digest(db, tmp_path, "first")
    report = ingest([str(folder)], db, published=PUBLISHED)
    assert report.stats.skipped == 6 and report.stats.inputs == 0
    assert _counts(db) == before
    assert _export_digest(db, tmp_path, "second") == digest


def test_the_same_input_twice_in_one_run_is_stored_once(folder, tmp_path):
    db = tmp_path / "news.db"
    story = str(folder / "2-story.txt")
    report = ingest([story, story], db)
    assert (report.stats.inputs, report.stats.skipped) == (1, 1)
    assert _counts(db)["duplicates"] == 0


def test_an_input_that_changed_since_the_last_run_is_read_again(folder, tmp_path):
    db = tmp_path / "news.db"
    path = folder / "2-story.txt"
    ingest([str(path)], db)
    path.write_text(STORY.replace("container", "grain"), encoding="utf-8")
    report = ingest([str(path)], db)
    assert report.stats.inputs == 1 and report.stats.near_duplicates == 1
    assert _counts(db)["inputs"] == 2


def test_two_workers_build_the_same_database_as_one(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 24)
    shutil.copy(corpus / "article-00003.txt", corpus / "article-00003-copy.txt")
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    ingest([str(corpus)], one, published=PUBLISHED, batch_inputs=4)
    report = ingest([str(corpus)], two, published=PUBLISHED, batch_inputs=4, workers=2)
    assert (report.stats.documents, report.stats.exact_duplicates) == (24, 1)
    a, b = connect(one), connect(two)
    assert content(a) == content(b)
    assert _export_digest(one, tmp_path, "one") == _export_digest(two, tmp_path, "two")


def test_progress_is_reported_after_every_batch(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 10)
    seen: list[int] = []
    ingest([str(corpus)], tmp_path / "p.db", batch_inputs=3, on_batch=lambda r: seen.append(r.read))
    assert len(seen) == 4 and seen[-1] == 10
    assert seen == sorted(seen)


def test_an_interrupted_ingest_keeps_whole_batches_and_resumes(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 9)

    def stop_after_first_batch(report) -> None:
        raise KeyboardInterrupt  # Ctrl-C while the next batch is read

    db = tmp_path / "i.db"
    report = ingest([str(corpus)], db, batch_inputs=4, on_batch=stop_after_first_batch)
    assert report.interrupted and report.stats.inputs == 4
    assert _counts(db)["inputs"] == 4
    report = ingest([str(corpus)], db, batch_inputs=4)
    assert not report.interrupted
    assert (report.stats.skipped, report.stats.inputs) == (4, 5)
    assert _counts(db)["documents"] == 9
