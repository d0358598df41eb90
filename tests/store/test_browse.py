"""The browsing queries and schema v2 (event_days, read-only connections) the web server
uses, on real SQLite files."""

from __future__ import annotations

import sqlite3

import pytest

from eventwire.store import queries
from eventwire.store.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    StoreError,
    connect,
    connect_readonly,
    version,
)
from eventwire.store.writer import Writer
from tests.store.builders import result, sample_corpus


def _written(path) -> sqlite3.Connection:
    conn = connect(path, create=True)
    Writer(conn).write_batch([result(f"input-{n}", *d) for n, d in enumerate(sample_corpus())])
    return conn


def _day_counts(conn: sqlite3.Connection) -> list[tuple]:
    return [
        tuple(r)
        for r in conn.execute("SELECT day, type, quad_class, n FROM event_days WHERE n > 0")
    ]


def _recounted(conn: sqlite3.Connection) -> list[tuple]:
    return [
        tuple(r)
        for r in conn.execute(
            "SELECT start_date, type, coalesce(quad_class, 0), count(*) FROM events"
            " WHERE start_date IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
        )
    ]


def test_event_days_follow_inserts_updates_and_deletes(tmp_path):
    conn = _written(tmp_path / "a.db")
    assert _day_counts(conn) == _recounted(conn) and _day_counts(conn)
    conn.execute("UPDATE events SET start_date = '2024-01-01', quad_class = 4 WHERE id = 1")
    conn.execute("UPDATE events SET num_mentions = num_mentions + 5")  # not a counted column
    assert _day_counts(conn) == _recounted(conn)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM event_sources WHERE event_id = 2")
    conn.execute("DELETE FROM events WHERE id = 2")
    assert _day_counts(conn) == _recounted(conn)


def test_a_version_1_database_is_upgraded_with_its_counts(tmp_path):
    path = tmp_path / "v1.db"
    raw = sqlite3.connect(path, isolation_level=None)
    raw.executescript(f"BEGIN; {MIGRATIONS[0]} PRAGMA user_version = 1; COMMIT;")
    raw.close()
    with pytest.raises(StoreError, match="run `eventwire stats"):
        connect_readonly(path)
    conn = connect(path)
    assert version(conn) == SCHEMA_VERSION
    # Events written at v1 would be counted by the migration's backfill; written now, by
    # the triggers: either way the table matches the events.
    Writer(conn).write_batch([result(f"input-{n}", *d) for n, d in enumerate(sample_corpus())])
    assert _day_counts(conn) == _recounted(conn)


def test_read_only_connections_cannot_write(tmp_path):
    _written(tmp_path / "ro.db").close()
    conn = connect_readonly(tmp_path / "ro.db")
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 4
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("DELETE FROM documents")
    with pytest.raises(StoreError, match="no database"):
        connect_readonly(tmp_path / "missing.db")
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="not an eventwire database"):
        connect_readonly(tmp_path / "junk.db")


def test_events_page_matches_events_on_the_same_filters(tmp_path):
    conn = _written(tmp_path / "p.db")
    for filters in ({}, {"country": "JPN"}, {"type": "04"}, {"until": "2025-05-03"}):
        old = [r["id"] for r in queries.events(conn, **filters)]
        assert [r["id"] for r in queries.events_page(conn, **filters)] == old


def test_event_counts_agree_between_day_table_and_events(tmp_path):
    conn = _written(tmp_path / "c.db")
    fast = queries.event_counts(conn, interval="month", by="type")
    # Every sample event is QuadClass 1, a filter event_days cannot answer: the same
    # question answered by scanning the events table.
    slow = queries.event_counts(conn, interval="month", by="type", quad_class=1)
    assert list(fast) == list(slow) and fast
    scan = queries.event_counts(conn, interval="day", modality="asserted")
    assert sum(r["count"] for r in scan) == 1  # the accusation; the visit is planned


def test_paged_variants_answer_what_the_cli_queries_answer(tmp_path):
    conn = _written(tmp_path / "v.db")
    for filters in ({}, {"name": "a"}, {"type": "gpe"}, {"country": "jpn"}):
        assert list(queries.entity_list(conn, **filters)) == list(queries.entities(conn, **filters))
    for filters in ({}, {"target": "Japan"}, {"imposer": "USA"}, {"kind": "ban"}):
        paged = sorted(queries.measures_page(conn, **filters), key=lambda r: r["document_seq"])
        assert paged == sorted(queries.measures(conn, **filters), key=lambda r: r["document_seq"])
    for q in ("tariff", "Japan", "US-Japan", '"trade envoy"'):
        fast = {r["id"] for r in queries.search_page(conn, q)}
        assert fast == {r["id"] for r in queries.search(conn, q)}
    assert {r["id"] for r in queries.search_page(conn, "Japan", limit=1)} <= {
        r["id"] for r in queries.search(conn, "Japan")
    }


def test_an_actors_counts_from_its_indexes_count_each_event_once(tmp_path):
    conn = _written(tmp_path / "i.db")
    # An event between two Japanese actors must count once for Japan.
    conn.execute(
        "UPDATE events SET actor2_country = 'JPN', actor2_name = 'Ryosei Akazawa' WHERE id = 2"
    )
    for field, value in (("country", "JPN"), ("actor_name", "Ryosei Akazawa")):
        column = "country" if field == "country" else "name"
        expected = conn.execute(
            f"SELECT substr(start_date, 1, 7), quad_class, count(*) FROM events"
            f" WHERE ? IN (actor1_{column}, actor2_{column}) AND start_date IS NOT NULL"
            " GROUP BY 1, 2 ORDER BY 1, 2",
            (value,),
        ).fetchall()
        got = queries.event_counts(conn, interval="month", **{field: value})
        assert [(r["period"], r["key"], r["count"]) for r in got] == [tuple(e) for e in expected]
        assert sum(r["count"] for r in got) >= 2
        # Newest first from the two index ranges: the same events as the generic filter.
        page = [r["id"] for r in queries.events_page(conn, **{field: value}, limit=2)]
        every = [r["id"] for r in queries.events_page(conn, **{field: value}, sort="id")]
        assert len(page) == 2 and set(page) <= set(every)
