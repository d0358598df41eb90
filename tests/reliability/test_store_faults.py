"""The database under stress: created by two runs at once, a full disk, a corrupt file,
readers while a writer writes. Real SQLite files throughout."""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from eventwire.store.schema import SCHEMA_VERSION, connect
from tests.engines.corpus import write_corpus


def _create_together(db: Path, n: int) -> list[BaseException | None]:
    barrier = threading.Barrier(n)
    errors: list[BaseException | None] = [None] * n

    def one(i: int) -> None:
        barrier.wait()
        try:
            connect(db, create=True).close()
        except BaseException as exc:
            errors[i] = exc

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors


def test_runs_creating_the_same_new_database_at_once_all_succeed(tmp_path):
    for attempt in range(3):
        db = tmp_path / f"new-{attempt}.db"
        errors = _create_together(db, 4)
        assert errors == [None] * 4, errors
        conn = connect(db)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("SELECT count(*) FROM inputs").fetchone()[0] == 0
        conn.close()


# -- a full disk -------------------------------------------------------------------------------


def _write_texts(folder: Path, n: int, offset: int = 0) -> None:
    """`n` distinct articles (no two near duplicates)."""
    write_corpus(folder, n, seed=11 + offset)


def _limited(limit: int):
    def setup() -> None:
        # A write past the limit fails with EFBIG instead of killing the process (SIGXFSZ):
        # what a full disk looks like to SQLite.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return setup


def _cli(*args: str, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eventwire", *args],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=_limited(limit) if limit else None,
    )


def test_a_full_disk_stops_the_writer_cleanly_and_the_database_stays_usable(tmp_path):
    from eventwire.engines.local import ingest

    db = tmp_path / "full.db"
    _write_texts(tmp_path / "first", 3)
    ingest([str(tmp_path / "first")], db)
    conn = connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    conn.close()
    assert before == 3
    _write_texts(tmp_path / "second", 16, offset=100)
    # no file may grow past 32 kB: the write-ahead log of the second run's first batch outgrows
    # it (a limit relative to the database's size would leave the log room for a whole batch)
    run = _cli("ingest", str(tmp_path / "second"), "--db", str(db), limit=32 * 1024)
    assert run.returncode == 2, run.stderr
    err = " ".join(run.stderr.split())
    assert "Traceback" not in err
    assert "cannot write to the database" in err and "every batch written before is kept" in err
    # intact and usable: nothing of the failed batch, and the next run stores it all
    conn = connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == before
    conn.close()
    report = ingest([str(tmp_path / "second")], db)
    assert report.stats.documents == 16
    conn = connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == before + 16
    conn.close()


# -- a corrupt file ------------------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["not-a-database", "damaged-pages"])
def test_a_corrupt_database_is_a_clear_error_and_never_overwritten(tmp_path, damage):
    db = tmp_path / "news.db"
    if damage == "not-a-database":
        db.write_bytes(b"this is not a database, but someone's notes\n" * 200)
    else:
        conn = connect(db, create=True)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        data = bytearray(db.read_bytes())
        data[4096:] = b"\xa5" * (len(data) - 4096)  # every page after the first is garbage
        db.write_bytes(bytes(data))
    before = db.read_bytes()
    _write_texts(tmp_path / "in", 1)
    run = _cli("ingest", str(tmp_path / "in"), "--db", str(db))
    err = " ".join(run.stderr.split())
    assert run.returncode == 2 and "Traceback" not in err, err
    assert "not an eventwire database" in err or "the database file is damaged" in err
    assert db.read_bytes() == before


# -- readers while a writer writes -------------------------------------------------------------


def test_readers_never_see_a_lock_error_while_an_ingest_writes(tmp_path):
    from eventwire.engines.local import ingest
    from eventwire.store import queries

    db = tmp_path / "busy.db"
    _write_texts(tmp_path / "in", 16)
    connect(db, create=True).close()
    stop = threading.Event()
    seen: list[int] = []
    errors: list[BaseException] = []

    def read() -> None:
        conn = connect(db)
        try:
            while not stop.is_set():
                queries.events(conn, limit=5)
                queries.search(conn, "tariffs", limit=5)
                seen.append(queries.stats(conn)["rows"]["documents"])
        except BaseException as exc:
            errors.append(exc)
        finally:
            conn.close()

    readers = [threading.Thread(target=read) for _ in range(2)]
    for t in readers:
        t.start()
    try:
        ingest([str(tmp_path / "in")], db, batch_inputs=4)
    finally:
        stop.set()
        for t in readers:
            t.join(30)
    assert errors == []
    # each reader saw whole batches only, growing: never a lock error, never a half batch
    assert len(seen) > 10 and max(seen) == 16
    assert all(n % 4 == 0 for n in seen)
