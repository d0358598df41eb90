"""Indexes built once per machine: read back when nothing they derive from changed, rebuilt when
something did, and built in the process when the cache cannot be used."""

from __future__ import annotations

from eventwire import settings
from eventwire.analyze import derived

CALLS: list[int] = []


def _build() -> dict[str, tuple[str, ...]]:
    CALLS.append(1)
    return {"paris": ("FRA", "USA"), "setting": (str(settings.GAZETTEER_CITY_MIN_POPULATION),)}


def test_a_second_process_reads_the_index_instead_of_building_it(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "CACHE_DIR", tmp_path)
    CALLS.clear()
    first = derived.cached("test_index", _build, packages=("pycountry",))
    second = derived.cached("test_index", _build, packages=("pycountry",))
    assert first == second == _build()
    assert len(CALLS) == 2  # built once by `cached`, once by the comparison above
    assert len(list((tmp_path / "derived").glob("test_index-*.pickle"))) == 1


def test_a_changed_setting_gives_a_new_index(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "CACHE_DIR", tmp_path)
    before = derived.cached("test_index", _build)
    monkeypatch.setattr(settings, "GAZETTEER_CITY_MIN_POPULATION", 5)
    after = derived.cached("test_index", _build)
    assert before["setting"] != after["setting"] == ("5",)
    assert len(list((tmp_path / "derived").glob("test_index-*.pickle"))) == 2


def test_an_unwritable_or_damaged_cache_still_gives_the_index(tmp_path, monkeypatch):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    monkeypatch.setattr(settings, "CACHE_DIR", blocked)
    assert derived.cached("test_index", _build)["paris"] == ("FRA", "USA")
    monkeypatch.setattr(settings, "CACHE_DIR", tmp_path)
    derived.cached("test_index", _build)
    (stored,) = (tmp_path / "derived").glob("test_index-*.pickle")
    stored.write_bytes(b"not a pickle")
    assert derived.cached("test_index", _build)["paris"] == ("FRA", "USA")


def test_the_key_is_the_same_in_every_process(tmp_path):
    # set-valued settings print in a different order under each process's string hashing
    import subprocess
    import sys

    code = (
        "from eventwire.analyze import derived, truecasing;"
        "print(derived._key('gazetteer', truecasing._build_gazetteer, ('pycountry',)))"
    )
    keys = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**__import__("os").environ, "PYTHONHASHSEED": str(seed)},
        ).stdout.strip()
        for seed in (1, 2, 3)
    }
    assert len(keys) == 1


def test_writing_an_index_removes_its_versions_no_process_used_lately(tmp_path, monkeypatch):
    import os
    import time

    monkeypatch.setattr(settings, "CACHE_DIR", tmp_path)
    folder = tmp_path / "derived"
    folder.mkdir()
    long_ago = time.time() - settings.CACHE_UNUSED_SECONDS - 60
    files = {
        "stale": folder / "test_index-0123456789abcdef0123.pickle",
        "stale table": folder / "test_index-00000000000000000000.sqlite3",
        "dead writer's": folder / ".test_index-k2j3h4g5",
        "in use": folder / "test_index-fedcba9876543210fedc.pickle",
        "other index": folder / "test_index_names-0123456789abcdef0123.sqlite3",
        "other name": folder / "test-0123456789abcdef0123.pickle",
    }
    for label, path in files.items():
        path.write_bytes(b"old")
        if label != "in use":
            os.utime(path, (long_ago, long_ago))
    derived.cached("test_index", _build)
    left = {label for label, path in files.items() if path.exists()}
    assert left == {"in use", "other index", "other name"}
    assert len(list(folder.glob("test_index-*.pickle"))) == 2  # the new one and the one in use


def test_reading_an_index_marks_it_used(tmp_path, monkeypatch):
    import os

    monkeypatch.setattr(settings, "CACHE_DIR", tmp_path)
    derived.cached("test_index", _build)
    (stored,) = (tmp_path / "derived").glob("test_index-*.pickle")
    os.utime(stored, (0, 0))
    derived.cached("test_index", _build)
    assert stored.stat().st_mtime > 0
