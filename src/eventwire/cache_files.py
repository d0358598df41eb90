"""Files in the machine's cache folder (`settings.CACHE_DIR`): written whole, read by many.

Three kinds of file live there, each named `<name>-<key>.<suffix>` where the key is a hash of
everything the file derives from: the derived indexes (analyze/derived.py), the parsed
lexicons (data/__init__.py) and the compiled patterns (regex_cache.py). A change to what a
file derives from gives a new key, so a stale file is never read. This module writes them and
clears out old versions, the same way for all three:

- a file is written aside and renamed into place, so a reader never sees half a file, and
  any failure to write costs only the time of computing the value again;
- keys change with the code, so old versions pile up: writing one removes the versions of the
  same name that no process has read for `settings.CACHE_UNUSED_SECONDS` (reading one marks it
  used). Not the older ones at once: checkouts of other versions on one machine share the
  folder and would otherwise delete each other's files and rebuild their own at every start.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from eventwire import settings

#: Hex digits of the key in a cache file's name.
KEY_LENGTH = 20

T = TypeVar("T")


def pickled(path: Path, build: Callable[[], T]) -> T:
    """The value pickled at `path`, or when it is absent or unreadable, `build()`, stored
    there for the next process."""
    try:
        with path.open("rb") as handle:
            value = pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
        pass  # absent, unreadable or from other code: build it
    else:
        mark_used(path)
        return value  # type: ignore[no-any-return]
    value = build()

    def write(file: Path) -> None:
        with file.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)

    # a value pickle cannot keep (a local function, a lock) is still given
    with contextlib.suppress(pickle.PickleError, AttributeError, TypeError):
        store(path, write)
    return value


def mark_used(path: Path) -> None:
    """Note that a process read `path` now, so pruning keeps it (its modification time, which
    nothing else changes: files are written once)."""
    with contextlib.suppress(OSError):
        os.utime(path)


def store(path: Path, write: Callable[[Path], None]) -> bool:
    """Write the file at `path` with `write(file)` into a file aside, then rename it into
    place; then remove the unused versions of the same file. False when the folder cannot be
    written (a read-only or full cache folder costs only the time of computing)."""
    name = path.name.rpartition("-")[0]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-")
        os.close(fd)
        try:
            write(Path(tmp))
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError:
        return False
    _prune(path)
    return True


def _prune(written: Path) -> None:
    """Remove the other versions of the file just written (other keys, other layouts, and
    files left aside by writers that died) that no process has used for
    `settings.CACHE_UNUSED_SECONDS`. Best effort: another process may remove the same files at
    the same time. A version some process uses now is never old: reading marks it."""
    name = written.name.rpartition("-")[0]
    versions = re.compile(
        rf"{re.escape(name)}-[0-9a-f]{{{KEY_LENGTH}}}\.\w+|\.{re.escape(name)}-\w+"
    )
    cutoff = time.time() - settings.CACHE_UNUSED_SECONDS
    try:
        entries = list(os.scandir(written.parent))
    except OSError:
        return
    for entry in entries:
        if entry.name == written.name or not versions.fullmatch(entry.name):
            continue
        with contextlib.suppress(OSError):
            if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                os.unlink(entry.path)
