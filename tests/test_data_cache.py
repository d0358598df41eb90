"""The parsed lexicons kept in the machine's cache (eventwire/data/__init__.py)."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
import yaml

from eventwire import data, settings

TEXT = """\
# a lexicon as the project writes them
words: [alpha, "no", 'on']
numbers: {one: 1, two: 2.5}
as_of: 2026-01-31
nested:
  - {name: first, tags: [a, b]}
  - null
"""


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "CACHE_DIR", tmp_path)
    return tmp_path / "data"


def test_a_parsed_file_is_what_yaml_gives_and_is_stored(cache):
    expected = yaml.safe_load(TEXT)
    assert data.parse_yaml("demo", TEXT) == expected
    (stored,) = cache.glob("demo-*.pickle")
    # read back, not parsed: the stored value is the one returned
    assert data.parse_yaml("demo", TEXT) == expected
    assert isinstance(data.parse_yaml("demo", TEXT)["as_of"], dt.date)
    assert stored.exists()


def test_the_stored_value_is_read_instead_of_parsing(cache, monkeypatch):
    data.parse_yaml("demo", TEXT)

    def no_parse(text):
        raise AssertionError("parsed although the value was stored")

    monkeypatch.setattr(data, "_parse", no_parse)
    assert data.parse_yaml("demo", TEXT)["numbers"] == {"one": 1, "two": 2.5}


def test_an_edited_file_is_parsed_again_and_an_old_unused_value_removed(cache):
    data.parse_yaml("demo", TEXT)
    data.parse_yaml("demo_more", TEXT)  # another file whose name begins alike stays
    (old,) = cache.glob("demo-*.pickle")
    edited = TEXT.replace("alpha", "beta")
    assert data.parse_yaml("demo", edited)["words"][0] == "beta"
    # read lately (another checkout may use it): kept
    assert old.exists() and len(list(cache.glob("demo-*.pickle"))) == 2
    long_ago = time.time() - settings.CACHE_UNUSED_SECONDS - 60
    os.utime(old, (long_ago, long_ago))
    assert data.parse_yaml("demo", edited + "\n# again\n")["words"][0] == "beta"
    assert not old.exists()
    assert len(list(cache.glob("demo-*.pickle"))) == 2
    assert len(list(cache.glob("demo_more-*.pickle"))) == 1


def test_reading_a_stored_value_marks_it_used(cache):
    data.parse_yaml("demo", TEXT)
    (stored,) = cache.glob("demo-*.pickle")
    long_ago = time.time() - settings.CACHE_UNUSED_SECONDS - 60
    os.utime(stored, (long_ago, long_ago))
    data.parse_yaml("demo", TEXT)
    assert stored.stat().st_mtime > long_ago + 60


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05\x95garbage"])
def test_a_damaged_stored_value_is_parsed_again(cache, damage):
    data.parse_yaml("demo", TEXT)
    (stored,) = cache.glob("demo-*.pickle")
    stored.write_bytes(damage)
    assert data.parse_yaml("demo", TEXT) == yaml.safe_load(TEXT)
    assert stored.read_bytes() != damage  # rewritten


def test_a_cache_folder_that_cannot_be_made_costs_only_the_parsing(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(settings, "CACHE_DIR", blocked)
    assert data.parse_yaml("demo", TEXT) == yaml.safe_load(TEXT)


def test_every_shipped_lexicon_reads_back_as_yaml_parses_it(cache):
    for name in sorted(
        n for n in os.listdir(os.path.dirname(data.__file__)) if n.endswith(".yaml")
    ):
        text = (data.resources.files("eventwire.data") / name).read_text(encoding="utf-8")
        first = data.parse_yaml(name[:-5], text)
        assert first == yaml.safe_load(text), name
        assert data.parse_yaml(name[:-5], text) == first, name
