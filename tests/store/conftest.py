"""A fresh database file per test."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from eventwire.store.schema import connect


@pytest.fixture
def conn(tmp_path) -> Iterator[sqlite3.Connection]:
    connection = connect(tmp_path / "test.db", create=True)
    yield connection
    connection.close()


@pytest.fixture
def filled(conn) -> sqlite3.Connection:
    """A database holding the documents of tests/store/builders.py's `sample_corpus`."""
    from eventwire.store.writer import Writer
    from tests.store.builders import result, sample_corpus

    writer = Writer(conn)
    writer.write_batch([result(f"input-{n}", *docs) for n, docs in enumerate(sample_corpus())])
    return conn
