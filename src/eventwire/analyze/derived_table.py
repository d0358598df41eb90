"""Derived indexes looked up by key, opened from the machine's cache instead of read whole.

The actor names (27,000 keys, each a list of gazetteer hits), the surnames and the Zipf value
of 290,000 words are looked up a few hundred keys per document, yet reading them back whole
from a pickle was most of the time a process took to analyze its first document. `cached_table`
keeps such an index as an SQLite file in `settings.CACHE_DIR/derived` (stdlib `sqlite3`: one
B-tree keyed by the text key, each value stored as is when SQLite holds it exactly, a float or
a text, else pickled) and hands out a read-only mapping that reads a key's value on its first
look-up and remembers it for the process. Opening the file costs a fraction of a millisecond,
a look-up a few microseconds.

The file is keyed and written the way analyze/derived.py keeps a pickle (the same key, written
aside and renamed, old versions pruned), and the same way it falls back: a file that cannot be
opened or read, now or at any later look-up, has the index built in the process and served from
memory. Files are never changed once renamed into place, so they are opened read-only and
immutable (no locks, no journal): any number of processes (the ingest workers) read one file
at once. A connection is never used across a fork: each process opens its own.

Values come back equal to what the build gave, not identical: two keys whose values share an
object (a dictionary actor under its name and its surname) give two equal copies. The analyzers
compare actors by value (a frozen dataclass's fields, its `id` among them), never by identity.
"""

from __future__ import annotations

import math
import os
import pickle
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TypeVar

from eventwire import settings
from eventwire.analyze.derived import collector_paused, index_path
from eventwire.cache_files import mark_used, store

V = TypeVar("V")

#: How the file is laid out (the version in its `meta` table); part of the file's key, so a
#: new layout never reads an old file.
_FORMAT = "1"
_LAYOUT = f"sqlite-table-{_FORMAT}"
_ABSENT = object()
_FAILED = object()


def _encode(value: object) -> object:
    # SQLite keeps a float (but NaN) and a text exactly, and gives them back as the same types;
    # anything else (an int would come back for a bool) is pickled into a blob.
    if type(value) is str or (type(value) is float and not math.isnan(value)):
        return value
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _decode(stored: object) -> object:
    return pickle.loads(stored) if type(stored) is bytes else stored


def _write(file: Path, rows: Mapping[str, object]) -> None:
    connection = sqlite3.connect(file)
    try:
        # no journal and no syncs: the file is renamed into place only once complete
        connection.executescript(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;"
            "CREATE TABLE entries (key TEXT PRIMARY KEY, value) WITHOUT ROWID;"
        )
        # in key order: each row is appended to the B-tree instead of inserted into it
        connection.executemany(
            "INSERT INTO entries VALUES (?, ?)", ((k, _encode(rows[k])) for k in sorted(rows))
        )
        connection.executemany(
            "INSERT INTO meta VALUES (?, ?)", [("format", _FORMAT), ("rows", len(rows))]
        )
        connection.commit()
    except sqlite3.Error as error:
        raise OSError(f"cannot write {file}: {error}") from error
    finally:
        connection.close()


class Table(Mapping[str, V]):
    """A read-only mapping over one table file (or, when the file cannot be used, over the
    index built in memory). Found values are remembered for the process without a bound: at
    most the table itself, what reading it whole kept. Absent keys are remembered up to
    `settings.DERIVED_TABLE_MISSES_KEPT`, then forgotten together."""

    def __init__(self, path: Path, build: Callable[[], Mapping[str, V]]) -> None:
        self._path = path
        self._build = build
        self._found: dict[str, V] = {}
        self._missing: set[str] = set()
        self._complete = False  # every key is in `_found`: the index was built in memory
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._rows = 0
        self._lock = threading.Lock()  # one process's threads share the connection

    # -- reading -----------------------------------------------------------------------------

    def get(self, key: str, default: object = None) -> V | object:  # type: ignore[override]
        value = self._found.get(key, _ABSENT)
        if value is not _ABSENT:
            return value
        if self._complete or key in self._missing:
            return default
        return self._look_up(key, default)

    def __getitem__(self, key: str) -> V:
        value = self.get(key, _ABSENT)
        if value is _ABSENT:
            raise KeyError(key)
        return value  # type: ignore[return-value]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key, _ABSENT) is not _ABSENT

    def __len__(self) -> int:
        return len(self._found) if self._complete else self._rows

    def __iter__(self) -> Iterator[str]:
        if self._complete:
            return iter(list(self._found))
        with self._lock:
            try:
                keys = [k for (k,) in self._open().execute("SELECT key FROM entries")]
            except sqlite3.Error:
                keys = None
        if keys is None:
            self._build_in_memory()
            return iter(list(self._found))
        return iter(keys)

    def _look_up(self, key: str, default: object) -> V | object:
        with self._lock:
            try:
                row = (
                    self._open()
                    .execute("SELECT value FROM entries WHERE key = ?", (key,))
                    .fetchone()
                )
                value = _ABSENT if row is None else _decode(row[0])
            except UnicodeEncodeError:  # a lone surrogate from a badly decoded text: no key
                value = _ABSENT
            except Exception:  # damaged, or gone before a forked process opened it
                value = _FAILED
        if value is _FAILED:
            self._build_in_memory()
            return self.get(key, default)
        if value is _ABSENT:
            if len(self._missing) >= settings.DERIVED_TABLE_MISSES_KEPT:
                self._missing.clear()
            self._missing.add(key)
            return default
        self._found[key] = value  # type: ignore[assignment]
        return value

    def __reduce__(self) -> tuple[Callable[..., Table[V]], tuple[Path, Callable]]:
        # a connection cannot be pickled: another process (a Ray worker, say) opens the file
        # itself, or builds the index where the file is not there
        return _reopened, (self._path, self._build)

    # -- the file ----------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        """This process's connection (a forked process opens its own: SQLite connections must
        not cross a fork), checked to be a complete table of this layout."""
        if self._connection is not None and self._pid == os.getpid():
            return self._connection
        # immutable: no locks taken, no journal looked for; the file never changes
        uri = self._path.absolute().as_uri() + "?mode=ro&immutable=1"
        connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        try:
            meta = dict(connection.execute("SELECT key, value FROM meta"))
            if meta.get("format") != _FORMAT or not isinstance(meta.get("rows"), int):
                raise sqlite3.DatabaseError(f"{self._path} is not a table of this layout")
        except BaseException:
            connection.close()
            raise
        # The connection a fork inherited is dropped, not used; closing it is harmless here,
        # as an immutable connection holds no locks a parent could lose.
        self._connection, self._pid, self._rows = connection, os.getpid(), meta["rows"]
        return connection

    def _build_in_memory(self) -> None:
        with collector_paused():
            built = dict(self._build())
        with self._lock:
            self._found, self._complete, self._missing = built, True, set()
            self._connection = None

    def _serve(self, built: Mapping[str, V]) -> None:
        self._found, self._complete = dict(built), True


def _reopened(path: Path, build: Callable[[], Mapping[str, V]]) -> Table[V]:
    table: Table[V] = Table(path, build)
    try:
        with table._lock:
            table._open()
    except (sqlite3.Error, OSError):
        table._build_in_memory()
    return table


def cached_table(
    name: str, build: Callable[[], Mapping[str, V]], *, packages: Iterable[str] = ()
) -> Table[V]:
    """The mapping `build()` gives, opened from the machine's cache when an identical build is
    stored there; else built, stored for the next process, and served from memory."""
    packages = tuple(packages)
    path = index_path(name, build, packages, ".sqlite3", layout=_LAYOUT)
    table: Table[V] = Table(path, build)
    try:
        with table._lock:
            table._open()
    except (sqlite3.Error, OSError):
        pass  # absent, damaged or from another layout: build it
    else:
        mark_used(path)
        return table
    with collector_paused():
        built = build()
    store(path, lambda file: _write(file, built))
    table._serve(built)
    return table
