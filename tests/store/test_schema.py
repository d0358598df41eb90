"""The schema: created at the current version, WAL, upgraded in order, refused when newer."""

from __future__ import annotations

import sqlite3

import pytest

from eventwire.store import schema
from eventwire.store.schema import SCHEMA_VERSION, StoreError, connect, migrate, version


def _names(conn: sqlite3.Connection, kind: str) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = ?", (kind,))}


def test_new_database_is_at_the_current_version_in_wal_mode(conn):
    assert version(conn) == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_every_user_table_view_and_the_fts_index_exist(conn):
    tables = _names(conn, "table")
    assert set(schema.TABLES) <= tables
    assert {"meta", "minhashes", "minhash_bands", "documents_fts"} <= tables
    views = {"events_view", "event_mentions_view", "mentions_view", "measures_view"}
    assert views | {"duplicates_view"} <= _names(conn, "view")
    # the indexes the queries rely on
    assert {
        "events_start_date",
        "events_actor1_country",
        "event_mentions_event",
        "entities_name",
    } <= (_names(conn, "index"))


def test_opening_a_missing_database_for_reading_is_an_error_and_creates_nothing(tmp_path):
    path = tmp_path / "absent.db"
    with pytest.raises(StoreError, match="no database at"):
        connect(path)
    assert not path.exists()


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 200)
    with pytest.raises(StoreError, match="not an eventwire database"):
        connect(path)


def test_a_database_from_a_newer_eventwire_is_refused(tmp_path):
    path = tmp_path / "future.db"
    connect(path, create=True).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.commit()
    raw.close()
    with pytest.raises(StoreError, match="newer"):
        connect(path)


def test_migrations_apply_in_order_once(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    connect(path, create=True).close()
    # A second migration, as a later release would append it.
    extra = "ALTER TABLE documents ADD COLUMN note TEXT;"
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, extra))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn) == SCHEMA_VERSION + 1
    columns = {r[1] for r in conn.execute("PRAGMA table_info(documents)")}
    assert "note" in columns
    assert migrate(conn) == SCHEMA_VERSION + 1  # nothing left to apply: no error
    conn.close()


def test_reconnecting_keeps_the_data(tmp_path):
    path = tmp_path / "keep.db"
    conn = connect(path, create=True)
    schema.set_meta(conn, "note", "kept")
    conn.close()
    conn = connect(path)
    assert schema.get_meta(conn, "note") == "kept"
