"""Files of the machine's cache folder (eventwire/cache_files.py)."""

from __future__ import annotations

from eventwire import cache_files


def test_a_pickled_value_is_built_once_then_read(tmp_path):
    path = tmp_path / "cache" / f"thing-{'0' * cache_files.KEY_LENGTH}.pickle"
    built = []

    def build():
        built.append(1)
        return {"a": (1, 2.5, None)}

    assert cache_files.pickled(path, build) == {"a": (1, 2.5, None)}
    assert cache_files.pickled(path, build) == {"a": (1, 2.5, None)}
    assert built == [1] and path.exists()


def test_a_value_pickle_cannot_keep_is_still_given_and_leaves_no_file(tmp_path):
    path = tmp_path / f"thing-{'0' * cache_files.KEY_LENGTH}.pickle"

    unpicklable = {"f": lambda x: x}
    assert cache_files.pickled(path, lambda: unpicklable) is unpicklable
    assert list(tmp_path.iterdir()) == []
