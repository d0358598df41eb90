"""Lexicons and dictionaries: data files shipped with the package, loaded once.

Parsing YAML builds every value in Python code, even with the C loader: the lexicons took a
seventh of a second of each process's start-up. `load_yaml` therefore keeps each file's
parsed value as a pickle in `settings.CACHE_DIR/data`, named for a hash of the file's text,
and reads that back (ten times faster) while the text is unchanged. An edited file has
another hash, so a stale value is never read; any failure to read or write the cache falls
back to parsing.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from eventwire import settings


def _read(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@functools.cache
def load_yaml(name: str) -> Any:
    """The parsed YAML file `name` from this folder (cached: callers must not mutate it)."""
    return parse_yaml(name.rsplit(".", 1)[0], _read(name))


def parse_yaml(stem: str, text: str) -> Any:
    """`text` parsed as YAML, read from the machine's cache (as `stem`-<hash>.pickle) when
    the same text was parsed before."""
    # the text alone decides the value: PyYAML's YAML 1.1 reading of scalars has not changed
    # in its versions eventwire supports
    digest = hashlib.sha256(text.encode()).hexdigest()[:20]
    path = Path(settings.CACHE_DIR) / "data" / f"{stem}-{digest}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
        pass  # absent or unreadable: parse the text
    value = _parse(text)
    _store(path, value, stale=f"{stem}-{'?' * len(digest)}.pickle")
    return value


def _parse(text: str) -> Any:
    import yaml  # only when a file is new to this machine: importing it is start-up time

    # The C loader parses the lexicons about ten times faster; pure Python is the fallback
    # where PyYAML was built without libyaml.
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _store(path: Path, value: Any, stale: str) -> None:
    """Write `value` to `path` aside and rename it into place (a reader never sees half a
    file), then remove the older versions of the file (`stale`, a glob in its folder)."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PickleError):
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return  # a read-only or full cache folder costs only the time of parsing
    for old in path.parent.glob(stale):
        if old != path:
            # another version of the package may still read it: it rebuilds its own
            with contextlib.suppress(OSError):
                old.unlink()


@functools.cache
def load_lines(name: str) -> tuple[str, ...]:
    """The non-blank, non-comment lines of a text lexicon, lower-cased and stripped."""
    lines = (line.split("#", 1)[0].strip() for line in _read(name).splitlines())
    return tuple(line.lower() for line in lines if line)
