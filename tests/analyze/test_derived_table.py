"""Tables of derived indexes opened from the machine's cache: the values the build gave, by
key, from the file; built in the process when the file cannot be used; one connection per
process."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import random
import sys

import pytest

from eventwire import settings
from eventwire.analyze import actor_lexicon
from eventwire.analyze.actor_lexicon import ActorEntry, Hit, Role
from eventwire.analyze.derived_table import Table, cached_table

CALLS: list[str] = []


def _build_small() -> dict[str, object]:
    CALLS.append("built")
    return {
        "float": 4.57,
        "zero": 0.0,
        "nan": float("nan"),
        "text": "Paris",
        "flag": True,
        "number": 3,
        "none": None,
        "tuple": ("FRA", "USA"),
        "bytes": b"\x00raw",
        "café": ["accented key"],
    }


@pytest.fixture(scope="module")
def built() -> actor_lexicon.Lexicon:
    return actor_lexicon._build_lexicon()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "CACHE_DIR", tmp_path)
    CALLS.clear()
    return tmp_path / "derived"


def _same(a: object, b: object) -> bool:
    """Equal, and of the same types all the way down (a bool is not an int here)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and a != a:
        return b != b
    if isinstance(a, Hit | ActorEntry | Role):
        return all(_same(getattr(a, f), getattr(b, f)) for f in a.__slots__)
    return a == b


def test_the_lexicons_tables_come_back_from_the_file_as_built(cache, built):
    for name, index in (("names", built.names), ("surnames", built.surnames)):
        cached_table(f"test_{name}", lambda index=index: index)  # builds and writes
        table = cached_table(f"test_{name}", lambda: pytest.fail("read, not built"))
        assert not table._complete  # served from the file
        keys = random.Random(7).sample(sorted(index), 500)
        assert all(_same(table.get(k), index[k]) for k in keys)
        assert len(table) == len(index) and set(table) == set(index)
    # the sample holds what the types must survive: actors in hits, roles with dates
    entries = [e for k in keys for e in table[k]]  # the surnames'
    assert any(r.start is not None and type(r.start) is dt.date for e in entries for r in e.roles)
    names = cached_table("test_names", lambda: {})
    assert any(h.actor is not None for k in random.sample(sorted(names), 500) for h in names[k])


def test_the_lexicon_as_analyzers_see_it_is_the_in_memory_build(cache, built):
    actor_lexicon.lexicon.cache_clear()
    actor_lexicon.lexicon()  # the first process: builds and writes
    actor_lexicon.lexicon.cache_clear()
    try:
        lex = actor_lexicon.lexicon()
        assert isinstance(lex.names, Table) and not lex.names._complete
        for key in random.Random(3).sample(sorted(built.names), 300):
            assert lex.names[key] == built.names[key]
        for key in random.Random(3).sample(sorted(built.surnames), 300):
            assert lex.surnames.get(key) == built.surnames[key]
        assert lex.titled == built.titled and lex.first_words == built.first_words
        assert lex.names.get("no such name", ()) == () and "no such name" not in lex.surnames
    finally:
        actor_lexicon.lexicon.cache_clear()  # the next test reads the machine's own cache


def test_values_keep_their_types_and_absent_keys_give_the_default(cache):
    cached_table("test_small", _build_small)
    table = cached_table("test_small", _build_small)
    assert CALLS == ["built"] and not table._complete
    for key, value in _build_small().items():
        assert _same(table[key], value), key
        assert key in table
    assert table.get("absent") is None and table.get("absent", ()) == ()
    assert "absent" not in table and 3 not in table
    with pytest.raises(KeyError):
        table["absent"]
    assert table.get("\ud800", 0) == 0  # a lone surrogate is no key, not an error


def test_found_values_are_remembered_and_absent_keys_up_to_the_limit(cache, monkeypatch):
    cached_table("test_small", _build_small)
    table = cached_table("test_small", _build_small)
    assert table.get("text") is table.get("text")
    monkeypatch.setattr(settings, "DERIVED_TABLE_MISSES_KEPT", 3)
    for n in range(10):
        table.get(f"absent {n}")
        assert len(table._missing) <= 3
    assert set(table._found) == {"text"}


def test_a_damaged_file_or_an_unwritable_folder_still_gives_the_index(cache, tmp_path, monkeypatch):
    cached_table("test_small", _build_small)
    (stored,) = cache.glob("test_small-*.sqlite3")
    stored.write_bytes(b"not a database" * 100)
    table = cached_table("test_small", _build_small)
    assert table["text"] == "Paris" and table.get("absent", 1) == 1
    # rewritten: the next process reads it again
    assert not cached_table("test_small", _build_small)._complete
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    monkeypatch.setattr(settings, "CACHE_DIR", blocked)
    table = cached_table("test_small", _build_small)
    assert table["tuple"] == ("FRA", "USA") and len(table) == len(_build_small())


def _in_child(work) -> object:
    """`work()` run in a forked process; its result pickled back."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.write(write, pickle.dumps(work()))
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as handle:
        result = pickle.loads(handle.read())
    os.waitpid(pid, 0)
    return result


@pytest.mark.skipif(sys.platform == "win32", reason="fork")
def test_a_forked_process_opens_its_own_connection(cache):
    cached_table("test_small", _build_small)
    table = cached_table("test_small", _build_small)
    parent = table._connection
    assert table["text"] == "Paris"

    def child() -> tuple[object, bool, bool]:
        value = table["tuple"]
        return value, table._connection is not parent, table._pid == os.getpid()

    assert _in_child(child) == (("FRA", "USA"), True, True)
    assert table._connection is parent and table["float"] == 4.57


@pytest.mark.skipif(sys.platform == "win32", reason="fork")
def test_a_forked_process_whose_file_is_gone_builds_the_index(cache):
    cached_table("test_small", _build_small)
    table = cached_table("test_small", _build_small)
    for stored in cache.glob("test_small-*.sqlite3"):
        stored.unlink()  # pruned by another version's process, say
    assert table["text"] == "Paris"  # this process's connection still reads it
    CALLS.clear()

    def child() -> tuple[object, object, list[str]]:
        return table["tuple"], table.get("absent", "default"), CALLS

    assert _in_child(child) == (("FRA", "USA"), "default", ["built"])


def test_a_table_pickled_to_another_process_opens_the_file_there(cache):
    cached_table("test_small", _build_small)
    table = cached_table("test_small", _build_small)
    copy = pickle.loads(pickle.dumps(table))
    assert copy is not table and not copy._complete and copy["tuple"] == ("FRA", "USA")
    for stored in cache.glob("test_small-*.sqlite3"):
        stored.unlink()
    assert pickle.loads(pickle.dumps(table))["text"] == "Paris"  # built where there is no file
