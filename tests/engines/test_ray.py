"""The Ray engine end to end: a real local Ray instance with two analysis actors, real spaCy,
real Parquet shards, loaded into a real SQLite database and compared with a local ingest."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

ray = pytest.importorskip(
    "ray", reason="Ray is not installed (pip install -e '.[ray]'): the Ray engine is not tested"
)

from eventwire.engines import ray as ray_engine  # noqa: E402
from eventwire.engines.local import ingest as local_ingest  # noqa: E402
from eventwire.model import Published  # noqa: E402
from eventwire.store.schema import TABLES, connect  # noqa: E402
from eventwire.store.shards import load  # noqa: E402
from tests.engines.crawl import write_crawl  # noqa: E402
from tests.store.builders import content  # noqa: E402

pytestmark = pytest.mark.ray

PUBLISHED = Published("2025-05-14", "user")
ACTORS = 2
# Small batches: many shards from a small corpus, so that a worker dies with work left to do.
BATCH = 3


@pytest.fixture(scope="module")
def local_ray():
    """One local Ray instance for the module (starting one costs tens of seconds)."""
    started = ray_engine.start_ray(None, ACTORS)
    yield
    if started:
        ray.shutdown()


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("crawl")
    write_crawl(folder, warcs=2, jsonls=2, per_shard=5)
    return folder


@pytest.fixture(scope="module")
def local_db(crawl, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("local") / "local.db"
    local_ingest([str(crawl)], db, published=PUBLISHED)
    return db


def _conservation(db: Path) -> tuple[int, int, int, int]:
    conn = connect(db)
    items = conn.execute("SELECT sum(items) FROM inputs").fetchone()[0]
    counts = tuple(
        conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("documents", "duplicates", "rejects")
    )
    conn.close()
    return (items, *counts)


def test_a_ray_job_loads_into_the_same_database_as_a_local_ingest(
    local_ray, crawl, local_db, tmp_path
):
    out = tmp_path / "shards"
    report = ray_engine.ingest(
        [str(crawl)], out, actors=ACTORS, batch_inputs=BATCH, published=PUBLISHED
    )
    # 2 WARCs of 5 pages (+ 1 exact copy in the second), 2 JSON-lines shards of 5 records
    # + 1 near copy + 1 line that is not JSON
    assert (report.units, report.inputs, report.rejected) == (4, 25, 2)
    assert report.documents == 23 and report.shards >= 25 // BATCH
    assert len(report.workers) == ACTORS  # both actors did work

    db = tmp_path / "ray.db"
    loaded = load(out, db)
    s = loaded.stats
    assert (s.inputs, s.documents, s.exact_duplicates, s.near_duplicates) == (25, 20, 1, 2)
    assert content(connect(db)) == content(connect(local_db))
    items, documents, duplicates, rejects = _conservation(db)
    assert items == documents + duplicates + rejects == 25

    # loading again stores nothing twice
    again = load(out, db)
    assert (again.stats.inputs, again.stats.skipped) == (0, 25)
    assert content(connect(db)) == content(connect(local_db))
    _shard_tables_answer_queries(out, local_db)


def _shard_tables_answer_queries(out: Path, local_db: Path) -> None:
    """The shard tables have the database's columns (and `shard`), and DuckDB reads them."""
    duckdb = pytest.importorskip("duckdb")
    conn = connect(local_db)
    db = duckdb.connect()
    for table in TABLES:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        described = db.execute(f"DESCRIBE SELECT * FROM '{out}/{table}/*.parquet'").fetchall()
        assert [r[0] for r in described] == [*columns, "shard"], table
    # the README's query: reports by event type, over the shards and in the database
    query = "SELECT type, count(*) FROM {} GROUP BY type ORDER BY type"
    analysed = dict(db.execute(query.format(f"'{out}/event_mentions/*.parquet'")).fetchall())
    stored = dict(conn.execute(query.format("event_mentions")).fetchall())
    # the shards hold the events of every document analysed; the database drops those of
    # duplicates, which only a load over the whole corpus can find
    assert set(stored) == set(analysed)
    assert all(analysed[t] >= n for t, n in stored.items())
    assert sum(analysed.values()) > sum(stored.values())


def _kill_first_worker(killed: list[int]):
    def on_batch(report: ray_engine.RayReport) -> None:
        if not killed:
            pid = min(report.workers)
            os.kill(pid, signal.SIGKILL)  # the actor that finished a batch: it holds the next
            killed.append(pid)

    return on_batch


def test_a_worker_killed_mid_job_loses_and_duplicates_nothing(local_ray, crawl, local_db, tmp_path):
    out = tmp_path / "shards"
    killed: list[int] = []
    report = ray_engine.ingest(
        [str(crawl)],
        out,
        actors=ACTORS,
        batch_inputs=BATCH,
        published=PUBLISHED,
        on_batch=_kill_first_worker(killed),
    )
    assert len(killed) == 1
    with pytest.raises(ProcessLookupError):
        os.kill(killed[0], 0)  # it is dead, and the job went on without it
    assert report.inputs == 25 and report.rejected == 2  # each input counted once
    assert not list(out.glob("*/.*.tmp"))  # no half-written file left behind

    db = tmp_path / "ray.db"
    loaded = load(out, db)
    assert loaded.read == 25
    items, documents, duplicates, rejects = _conservation(db)
    assert items == documents + duplicates + rejects == 25
    assert content(connect(db)) == content(connect(local_db))

    # the same job again finds every shard written and analyses nothing
    rerun = ray_engine.ingest(
        [str(crawl)], out, actors=ACTORS, batch_inputs=BATCH, published=PUBLISHED
    )
    assert rerun.reused == rerun.shards and rerun.inputs == 25
