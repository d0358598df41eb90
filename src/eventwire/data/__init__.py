"""Lexicons and dictionaries: data files shipped with the package, loaded once."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml

# The C loader parses the lexicons about ten times faster; pure Python is the fallback where
# PyYAML was built without libyaml.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@functools.cache
def load_yaml(name: str) -> Any:
    """The parsed YAML file `name` from this folder (cached: callers must not mutate it)."""
    return yaml.load(_read(name), Loader=_Loader)


@functools.cache
def load_lines(name: str) -> tuple[str, ...]:
    """The non-blank, non-comment lines of a text lexicon, lower-cased and stripped."""
    lines = (line.split("#", 1)[0].strip() for line in _read(name).splitlines())
    return tuple(line.lower() for line in lines if line)
