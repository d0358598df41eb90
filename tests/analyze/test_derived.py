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
