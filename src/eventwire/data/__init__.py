"""Lexicons and dictionaries: data files shipped with the package, loaded once.

Parsing YAML builds every value in Python code, even with the C loader: the lexicons took a
seventh of a second of each process's start-up. `load_yaml` therefore keeps each file's
parsed value as a pickle in `settings.CACHE_DIR/data`, named for a hash of the file's text,
and reads that back (ten times faster) while the text is unchanged. An edited file has
another hash, so a stale value is never read; any failure to read or write the cache falls
back to parsing. Files are written and cleared out as every file of the cache folder is
(eventwire/cache_files.py).
"""

from __future__ import annotations

import functools
import hashlib
from importlib import resources
from pathlib import Path
from typing import Any

from eventwire import settings
from eventwire.cache_files import KEY_LENGTH, pickled


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
    digest = hashlib.sha256(text.encode()).hexdigest()[:KEY_LENGTH]
    path = Path(settings.CACHE_DIR) / "data" / f"{stem}-{digest}.pickle"
    return pickled(path, lambda: _parse(text))


def _parse(text: str) -> Any:
    import yaml  # only when a file is new to this machine: importing it is start-up time

    # The C loader parses the lexicons about ten times faster; pure Python is the fallback
    # where PyYAML was built without libyaml.
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@functools.cache
def load_lines(name: str) -> tuple[str, ...]:
    """The non-blank, non-comment lines of a text lexicon, lower-cased and stripped."""
    lines = (line.split("#", 1)[0].strip() for line in _read(name).splitlines())
    return tuple(line.lower() for line in lines if line)
