"""Files and folders (and standard input) to RawItems, with a Reject for each unreadable one."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from eventwire import settings
from eventwire.model import RawItem, Reject


class InputError(Exception):
    """An input (or part of one) that cannot be read; str() is the one-line reason.

    `owner` names the input the error is about when it is not the one being read (an
    archive's size cap tripped while reading one of its members): readers of a member let it
    pass up to the archive, which becomes the Reject.
    """

    def __init__(self, reason: str, owner: str | None = None) -> None:
        super().__init__(reason)
        self.owner = owner


def megabytes(n: int) -> str:
    """A byte count for people: "20.0 MB"."""
    return f"{n / 1_000_000:.1f} MB"


_megabytes = megabytes


def read_paths(
    paths: Iterable[str], *, max_bytes: int = settings.MAX_INPUT_BYTES
) -> Iterator[RawItem | Reject]:
    """Each file named, or found under a named folder (recursively, hidden ones skipped).

    "-" reads standard input. Missing paths, empty folders, special files, files over
    `max_bytes` and unreadable files each give one Reject saying which and why.
    """
    for name in paths:
        if name == "-":
            yield _read_stdin(max_bytes)
            continue
        path = Path(name)
        if path.is_dir():
            found = False
            for file in walk(path):
                found = True
                yield _read_file(file, max_bytes)
            if not found:
                yield Reject(name, "ingest", "folder holds no files")
        elif not path.exists():
            yield Reject(name, "ingest", "no such file or folder")
        else:
            yield _read_file(path, max_bytes)


def walk(folder: Path) -> Iterator[Path]:
    """The files under a folder, recursively and in name order, hidden ones skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file in sorted(files):
            if not file.startswith("."):
                yield Path(root) / file


def _read_file(path: Path, max_bytes: int) -> RawItem | Reject:
    name = str(path)
    try:
        if not path.is_file():
            return Reject(name, "ingest", "not a regular file")
        size = path.stat().st_size
        if size > max_bytes:
            return Reject(
                name,
                "ingest",
                f"file is {_megabytes(size)}, over the {_megabytes(max_bytes)} limit for one input"
                " (raise it with --max-bytes)",
            )
        return RawItem(source=name, data=path.read_bytes())
    except OSError as exc:
        return Reject(name, "ingest", f"cannot read: {exc.strerror or exc}")


def _read_stdin(max_bytes: int) -> RawItem | Reject:
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        return Reject("-", "ingest", f"standard input is over the {_megabytes(max_bytes)} limit")
    return RawItem(source="-", data=data)
